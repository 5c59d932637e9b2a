#ifndef VIGIE_CNATS_SHIM_H
#define VIGIE_CNATS_SHIM_H
// The NATS C client (Debian libnats-dev), with JetStream.
#include <nats/nats.h>
#endif
