import Dispatch
import Synchronization
import Testing
@testable import XlsxWriter

@Suite struct BackgroundTests {
    /// Every pool worker waits on work started from it, and a second asker gets the same
    /// value: each piece of work runs on a thread of its own.
    @Test func waitedForFromInsidePoolWorkers() {
        let slots = (0..<8).map { i in Background { i * i } }
        let values = Mutex([Int](repeating: -1, count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let value = Background { slots[i].value() + 1 }.value()
            values.withLock { $0[i] = value }
        }
        #expect(values.withLock { $0 } == (0..<8).map { $0 * $0 + 1 })
        #expect(slots.map { $0.value() } == (0..<8).map { $0 * $0 })
    }

    struct Owned: ~Copyable, Sendable {
        var count: Int
    }

    /// A non-copyable value goes to its thread in a parcel and comes back once: whoever takes
    /// it owns it, and a second taker gets nothing.
    @Test func aNonCopyableValueIsMovedThereAndBack() {
        let parcel = Parcel(Owned(count: 1))
        let work = Background { () -> Owned? in
            guard var owned = parcel.take() else { return nil }
            owned.count += 1
            return owned
        }
        var count = 0
        if let back = work.take() ?? nil { count = back.count }
        #expect(count == 2)
        let again = parcel.take() == nil, twice = work.take() == nil
        #expect(again && twice)
    }
}
