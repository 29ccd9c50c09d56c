import Dispatch
import Foundation
import Synchronization

/// What a child process did: its exit status and everything it wrote.
public struct ChildResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
    /// The child was still running at its time limit and was killed.
    public var timedOut: Bool

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs child processes for the tests: the built `bulletin`, python3, LibreOffice, unzip.
public enum ChildProcess {
    /// Runs `executable` and returns once it has exited, with all it wrote. stdout and stderr
    /// are read at the same time (stderr on a thread of its own): a child that fills one pipe
    /// (64 KiB) while the other is being read would otherwise wait for ever, and so would the
    /// test. A child still running after `timeLimit` seconds is killed and the result says
    /// so (`timedOut`), so a stall fails its test instead of hanging the suite.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, cwd: URL? = nil,
        timeLimit: Double = 900
    ) throws -> ChildResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let cwd { process.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let pid = process.processIdentifier
        let killed = Flag()
        let watchdog = DispatchWorkItem {
            killed.set()
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: watchdog)

        let errors = Collected()
        let reading = DispatchGroup()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async(group: reading) { errors.set(errHandle.readDataToEndOfFile()) }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        reading.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return ChildResult(status: process.terminationStatus, stdout: output, stderr: errors.value, timedOut: killed.isSet)
    }

    private final class Flag: Sendable {
        private let state = Mutex(false)
        func set() { state.withLock { $0 = true } }
        var isSet: Bool { state.withLock { $0 } }
    }

    private final class Collected: Sendable {
        private let data = Mutex(Data())
        func set(_ value: Data) { data.withLock { $0 = value } }
        var value: Data { data.withLock { $0 } }
    }
}
