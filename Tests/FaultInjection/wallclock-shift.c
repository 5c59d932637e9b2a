// A wall-clock jump for one process, for FaultTests.wallClockJumps...: preloaded into vigied,
// it adds the number of seconds written in $VIGIE_WALLCLOCK_OFFSET_FILE to every reading of
// CLOCK_REALTIME (clock_gettime, gettimeofday, time), read again at every call so that the
// test can move the clock while vigied runs. Nothing else changes: like a real jump (date -s,
// an NTP step), the monotonic and boot-time clocks and every timer on them go on unaffected.
//
// libfaketime was the first choice; it also rewrites absolute timerfd deadlines (which
// Dispatch arms on the monotonic clock for Task.sleep) by the offset, so under it a backward
// jump stalls every sleep in the process, which a real jump never does. And from the
// constructor of the first process it loads into, it calls setenv(3), which moves `environ`
// before the Swift runtime reads the arguments through it: vigied then starts without them.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long offset_seconds(void) {
    const char *path = getenv("VIGIE_WALLCLOCK_OFFSET_FILE");
    if (path == NULL) return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buf[32] = {0};
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    return n > 0 ? strtoll(buf, NULL, 10) : 0;
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
    static int (*real)(clockid_t, struct timespec *);
    if (real == NULL) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
    int result = real(clock, ts);
    if (result == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) ts->tv_sec += offset_seconds();
    return result;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    static int (*real)(struct timeval *, void *);
    if (real == NULL) real = (int (*)(struct timeval *, void *))dlsym(RTLD_NEXT, "gettimeofday");
    int result = real(tv, tz);
    if (result == 0 && tv != NULL) tv->tv_sec += offset_seconds();
    return result;
}

time_t time(time_t *out) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (out != NULL) *out = ts.tv_sec;
    return ts.tv_sec;
}
