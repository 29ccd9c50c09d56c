import Dispatch
import Testing
@testable import XlsxWriter

@Suite struct BackgroundTests {
    /// Every pool worker waits on work started from it, and a second asker gets the same
    /// value: each piece of work runs on a thread of its own.
    @Test func waitedForFromInsidePoolWorkers() {
        let slots = (0..<8).map { i in Background { i * i } }
        var values = [Int](repeating: -1, count: 8)
        values.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: 8) { i in out[i] = Background { slots[i].value() + 1 }.value() }
        }
        #expect(values == (0..<8).map { $0 * $0 + 1 })
        #expect(slots.map { $0.value() } == (0..<8).map { $0 * $0 })
    }
}
