import Dispatch
import Foundation
import Synchronization

/// Work started on a thread of its own now, its value waited for later (by any number of
/// callers). Its own thread, not the dispatch pool: callers wait inside pool workers (the
/// output tasks, two weeks side by side under `run --all`), and a pool whose threads all
/// wait could not start the work they wait for.
public final class Background<Value: Sendable>: Sendable {
    private let done = DispatchGroup()
    private let slot = Mutex<Value?>(nil)

    public init(_ work: @escaping @Sendable () -> Value) {
        done.enter()
        let thread = Thread { [self] in
            let value = work()
            slot.withLock { $0 = value }
            done.leave()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value, once the work is done.
    public func value() -> Value {
        done.wait()
        return slot.withLock { $0! }
    }
}
