import Foundation
import Synchronization

/// What a run must remove if it is stopped by a signal (SIGTERM, SIGINT, SIGHUP): the
/// staging folders being written and the week a swap moved aside. The executable's
/// signal handler calls `runAtSignal`; the library registers and unregisters paths and
/// makes the two renames of a swap one step with respect to it (`swapping`).
public enum Cleanup {
    struct State {
        var next = 0
        var paths: [Int: URL] = [:]

        mutating func add(_ url: URL) -> Int {
            next += 1
            paths[next] = url
            return next
        }

        mutating func remove(_ token: Int) { paths.removeValue(forKey: token) }
    }

    /// Held for the two renames of a swap and by the signal handler from its start to the
    /// process's end, so a signal never lands between them.
    private static let state = Mutex(State())

    /// Registers `url` to be removed at a signal; the token unregisters it.
    public static func register(_ url: URL) -> Int {
        state.withLock { $0.add(url) }
    }

    public static func unregister(_ token: Int) {
        state.withLock { $0.remove(token) }
    }

    /// Runs `body` (the renames of a swap, which must update the registry through `inout`)
    /// with no signal cleanup in between.
    static func swapping(_ body: (inout State) throws -> Int?) throws -> Int? {
        try state.withLock { s throws -> Int? in try body(&s) }
    }

    /// For the signal handler: waits for a swap in progress to finish, removes every
    /// registered path and returns holding the registry, so nothing starts another swap
    /// before the process ends.
    public static func runAtSignal(then end: () -> Never) -> Never {
        state.withLock { s -> Never in
            let fm = FileManager.default
            for url in s.paths.values.sorted(by: { $0.path < $1.path }) {
                // Writers may still be creating files inside: a second pass takes those.
                for _ in 0..<3 where fm.fileExists(atPath: url.path) { try? fm.removeItem(at: url) }
            }
            s.paths.removeAll()
            end()
        }
    }
}
