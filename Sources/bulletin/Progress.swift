import BulletinCore
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One stderr line rewritten in place as a run goes (files read, workbooks written).
/// Shown only when stderr is a terminal and `--quiet` is not given; updates from worker
/// threads are serialised and thinned to a few a second.
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let state = Mutex<(last: UInt64, shown: Bool)>((0, false))

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func show(_ text: String) {
        guard enabled else { return }
        state.withLock { s in
            let now = DispatchTime.now().uptimeNanoseconds
            guard !s.shown || now - s.last > 100_000_000 else { return }
            s.last = now
            s.shown = true
            try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K\(text)".utf8))
        }
    }

    /// The reading stage's line.
    var reading: @Sendable (ReadProgress) -> Void {
        { [self] p in show("读取与校验：文件 \(p.filesDone)/\(p.files)，数据行 \(p.rows)") }
    }

    func clear() {
        guard enabled else { return }
        state.withLock { s in
            if s.shown { try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8)) }
            s.shown = false
        }
    }
}

/// Seconds, rows and peak memory per stage, for `--timings` (scripts/bench.sh reads it).
/// Measurement only: nothing here reaches the outputs.
struct StageClock {
    struct Stage: Encodable {
        var stage: String
        var seconds: Double
        var rows: Int
        var files: Int
        var peak_mib: Double
    }
    struct Output: Encodable {
        var name: String
        var seconds: Double
        var cells: Int
        var text_bytes: Int
        var columns: Int
    }
    struct Report: Encodable {
        var jobs: Int
        var stages: [Stage]
        var outputs: [Output]
    }

    private var start = DispatchTime.now().uptimeNanoseconds
    private(set) var stages: [Stage] = []

    mutating func finish(_ name: String, rows: Int = 0, files: Int = 0) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages.append(
            Stage(stage: name, seconds: Double(now - start) / 1e9, rows: rows, files: files, peak_mib: Self.peakMiB()))
        start = now
    }

    func write(to path: String, jobs: Int, outputs: [OutputTiming]) throws {
        let report = Report(
            jobs: jobs, stages: stages,
            outputs: outputs.map {
                Output(name: $0.name, seconds: $0.seconds, cells: $0.stats.cells, text_bytes: $0.stats.textBytes, columns: $0.stats.columns)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(report).write(to: URL(fileURLWithPath: path))
    }

    /// The process's peak resident memory so far (VmHWM), in MiB; 0 where /proc is absent.
    static func peakMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kb / 1024
        }
        return 0
    }
}
