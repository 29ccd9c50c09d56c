import Foundation
import Synchronization
import Testing
@testable import BulletinCore

/// The small concurrency pieces the output writer and the week's counting lean on.
@Suite struct ParallelTests {
    struct Broken: Error, Equatable {}

    @Test func onceComputesOnceForEveryThreadAndKeepsItsError() throws {
        let calls = Mutex(0)
        let once = Once { () -> Int in
            calls.withLock { $0 += 1 }
            return 42
        }
        let values = Parallel.map(count: 16, jobs: 4) { _ in (try? once.value()) ?? -1 }
        #expect(values == Array(repeating: 42, count: 16))
        #expect(calls.withLock { $0 } == 1)

        let failing = Once<Int> { throw Broken() }
        #expect(throws: Broken.self) { try failing.value() }
        #expect(throws: Broken.self) { try failing.value() }
    }

    /// Tasks after the first wait for its gate; the first opens it from inside, so with one
    /// worker or several every task runs and the gated ones start after the opening.
    @Test(arguments: [1, 2, 4])
    func gatedTasksStartAfterTheGateOpens(_ jobs: Int) {
        let gate = Gate()
        let log = Mutex<[String]>([])
        let results = Parallel.map(count: 6, jobs: jobs) { i -> Int in
            if i == 0 {
                log.withLock { $0.append("rows") }
                gate.open()
                log.withLock { $0.append("close") }
                gate.open()  // again, as the task's defer does
                return 0
            }
            gate.wait()
            log.withLock { $0.append("task") }
            return i
        }
        #expect(results == [0, 1, 2, 3, 4, 5])
        let order = log.withLock { $0 }
        #expect(order.first == "rows")
        #expect(order.filter { $0 == "task" }.count == 5)
    }
}
