import Foundation

/// A fresh directory per test, removed when the test is done with it.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("XlsxWriterTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

@discardableResult
func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting so a large output cannot fill the pipe and deadlock.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// Reads an .xlsx the way a user's tools would: as a zip of XML parts.
struct XlsxPackage {
    let path: String

    func members() throws -> [String] {
        try runProcess("/usr/bin/unzip", ["-Z1", path]).stdout.split(separator: "\n").map(String.init)
    }

    func member(_ name: String) throws -> String {
        let result = try runProcess("/usr/bin/unzip", ["-p", path, name])
        guard result.status == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        return result.stdout
    }
}

enum Python {
    /// openpyxl is optional on developer machines; tests that need it are skipped without it.
    static let hasOpenpyxl: Bool =
        (try? runProcess("/usr/bin/env", ["python3", "-c", "import openpyxl"]).status) == 0

    static func run(_ script: String, _ arguments: [String]) throws -> ProcessResult {
        try runProcess("/usr/bin/env", ["python3", "-c", script] + arguments)
    }
}
