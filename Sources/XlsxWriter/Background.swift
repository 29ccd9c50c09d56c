import Dispatch
import Foundation
import Synchronization

/// Work started on a thread of its own now, its value waited for later (by any number of
/// callers). Its own thread, not the dispatch pool: callers wait inside pool workers (the
/// output tasks, two weeks side by side under `run --all`), and a pool whose threads all
/// wait could not start the work they wait for.
///
/// A non-copyable value (a sheet's rows lent to the thread that writes them) is moved back
/// by `take()`, once; a copyable one is read by `value()` as often as asked.
public final class Background<Value: ~Copyable & Sendable>: Sendable {
    private let done = DispatchGroup()
    private let slot = Mutex<Value?>(nil)

    public init(_ work: @escaping @Sendable () -> Value) {
        done.enter()
        let thread = Thread { [self] in
            var value = Optional(work())
            slot.withLock { $0 = value.take() }
            done.leave()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value, once the work is done, moved out to the caller; nil if it was taken already.
    public func take() -> Value? {
        done.wait()
        return slot.withLock { $0.take() }
    }
}

extension Background where Value: Copyable {
    /// The value, once the work is done.
    public func value() -> Value {
        done.wait()
        return slot.withLock { $0! }
    }
}

/// A value with one owner at a time, handed from one thread to another through a lock:
/// whoever takes it owns it, and it is nobody else's. An escaping closure cannot capture a
/// non-copyable value; it can capture the parcel it travels in.
final class Parcel<Value: ~Copyable & Sendable>: Sendable {
    private let slot: Mutex<Value?>

    init(_ value: consuming Value) { slot = Mutex(Optional(value)) }

    /// The value, moved out; nil if it was taken already.
    func take() -> Value? { slot.withLock { $0.take() } }
}
