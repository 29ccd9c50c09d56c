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
                    // This thread may have the signal blocked (libdispatch's): unblocked first.
                    signal(signo, SIG_DFL)
                    var set = sigset_t()
                    sigemptyset(&set)
                    sigaddset(&set, signo)
                    pthread_sigmask(SIG_UNBLOCK, &set, nil)
                    raise(signo)
                    _exit(128 + signo)
                }
            }
            source.resume()
            return source
        }
    }
}
