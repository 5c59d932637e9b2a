import Synchronization
import Testing

@testable import VigieDaemon

@Suite struct ReadinessTests {
    @Test func readyOnlyOnceEveryConditionIsMarked() async {
        let readiness = Readiness()
        #expect(!readiness.isReady)
        readiness.mark(.socketListening)
        #expect(!readiness.isReady)
        #expect(readiness.missing == [.startupRescanDone])
        let waiter = Task { await readiness.wait() }
        readiness.mark(.startupRescanDone)
        await waiter.value
        #expect(readiness.isReady)
        // Marking again or waiting again changes nothing.
        readiness.mark(.socketListening)
        await readiness.wait()
        #expect(readiness.missing.isEmpty)
    }

    @Test func waitingEndsWhenCancelled() async {
        let readiness = Readiness(requiring: [.startupRescanDone])
        let waiter = Task { await readiness.wait() }
        waiter.cancel()
        await waiter.value
        #expect(!readiness.isReady)
    }

    @Test func healthProbeAnswersTrueWhenHealthy() async {
        let probe = HealthProbe { true }
        #expect(await probe.answers(within: .seconds(5)))
    }

    @Test func healthProbeThatNeverAnswersCountsAsUnhealthyWithoutBlocking() async {
        let release = Readiness(requiring: [.startupRescanDone])
        let calls = Mutex(0)
        let probe = HealthProbe {
            calls.withLock { $0 += 1 }
            await release.wait()
            return true
        }
        #expect(await probe.answers(within: .milliseconds(50)) == false)
        // Still stuck: not probed a second time, still unhealthy.
        #expect(await probe.answers(within: .milliseconds(50)) == false)
        #expect(calls.withLock { $0 } == 1)
        // Unstuck: answers again.
        release.mark(.startupRescanDone)
        var healthy = false
        // The stuck call finishes on another thread: retry for a while (each retry pauses).
        for _ in 0..<250 where !healthy {
            healthy = await probe.answers(within: .seconds(1))
            if !healthy { try? await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(healthy)
    }

    @Test func healthProbeAnsweringFalseIsUnhealthy() async {
        let probe = HealthProbe { false }
        #expect(await probe.answers(within: .seconds(5)) == false)
    }
}
