import Foundation
import TestTools

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

/// The child's output, both pipes read at once (`ChildProcess`).
@discardableResult
func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
    let r = try ChildProcess.run(URL(fileURLWithPath: executable), arguments)
    return ProcessResult(status: r.status, stdout: r.stdoutText, stderr: r.stderrText)
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

/// The read-back checks need openpyxl: `@Test(.requires(.openpyxl))` (TestTools).
enum Python {
    static func run(_ script: String, _ arguments: [String]) throws -> ProcessResult {
        try runProcess("/usr/bin/env", ["python3", "-c", script] + arguments)
    }
}
