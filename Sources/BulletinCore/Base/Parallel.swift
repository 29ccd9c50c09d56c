import Dispatch
import Foundation
import Synchronization

/// A value behind a lock, shared by the threads of one parallel step.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout sending Value) -> sending R) -> R { mutex.withLock(body) }
}

/// Bounded parallel work whose results come back in input order, so the output never
/// depends on which thread finished first.
public enum Parallel {
    /// The default `--jobs`: the machine's active cores.
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `body(i)` for every `i` in `order` (a permutation of 0..<count: the order work is
    /// started in, largest first for balance), on up to `jobs` threads; result `i` at index `i`.
    static func map<T: Sendable>(
        count: Int, jobs: Int, order: [Int]? = nil, _ body: @Sendable (Int) -> T
    ) -> [T] {
        let order = order ?? Array(0..<count)
        let workers = min(max(1, jobs), count)
        guard workers > 1 else { return (0..<count).map(body) }
        let next = Locked(0)
        let slots = Locked([T?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let k = next.withLock { n -> Int in
                    defer { n += 1 }
                    return n
                }
                guard k < order.count else { return }
                let i = order[k]
                let value = body(i)
                slots.withLock { $0[i] = value }
            }
        }
        return slots.withLock { s in s.map { $0! } }
    }
}

/// A one-way gate: `wait()` returns once `open()` has been called (any number of times,
/// from any thread), for every waiter.
final class Gate: Sendable {
    private let closed = DispatchGroup()
    private let isOpen = Mutex(false)

    init() { closed.enter() }

    @Sendable func open() {
        let first = isOpen.withLock { o -> Bool in
            defer { o = true }
            return !o
        }
        if first { closed.leave() }
    }

    func wait() { closed.wait() }
}

/// A value computed once, by the first thread that asks; the others wait for it. A thrown
/// error is kept and thrown to every asker.
final class Once<Value: Sendable>: Sendable {
    private let state: Mutex<Result<Value, any Error>?>
    private let make: @Sendable () throws -> Value

    init(_ make: @escaping @Sendable () throws -> Value) {
        self.make = make
        state = Mutex(nil)
    }

    func value() throws -> Value {
        // The lock is held while computing: a second asker waits rather than computing twice.
        try state.withLock { s -> Result<Value, any Error> in
            if let s { return s }
            let r = Result { try make() }
            s = r
            return r
        }.get()
    }
}
