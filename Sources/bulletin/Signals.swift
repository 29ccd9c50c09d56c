import BulletinCore
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's signal dispositions, set once at start.
enum Signals {
    /// Sets the dispositions; the sources returned must be kept for the process's lifetime.
    static func install() -> [any DispatchSourceSignal] {
        // A write past the file-size limit (`ulimit -f`) is an error the writer sees
        // (EFBIG: exit 73, nothing published), not a kill that leaves a half-written week.
        signal(SIGXFSZ, SIG_IGN)
        let queue = DispatchQueue(label: "bulletin.signals")
        return [SIGTERM, SIGINT, SIGHUP].map { signo in
            // The default action is off so the source sees the signal; the handler ends
            // the process itself, after the cleanup.
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: queue)
            source.setEventHandler {
                Cleanup.runAtSignal {
                    // Ends as the signal would have (a shell sees 128 + signo).
                    signal(signo, SIG_DFL)
                    raise(signo)
                    _exit(128 + signo)
                }
            }
            source.resume()
            return source
        }
    }
}
