import Foundation
import Testing

/// A program outside Swift that some tests read the outputs back with. On a developer's
/// machine without it those tests (or those parts of a test) are skipped, saying which tool
/// is missing; when the `CI` environment variable is set they fail instead, saying what to
/// install, so CI cannot pass by skipping. `.ci/run` installs all of them.
public enum RequiredTool: String, Sendable, CaseIterable {
    case openpyxl
    case pythonDocx
    case libreOffice

    /// Whether the tool can be used here, probed once per test process.
    public var isInstalled: Bool {
        switch self {
        case .openpyxl: Self.hasOpenpyxl
        case .pythonDocx: Self.hasPythonDocx
        case .libreOffice: Self.sofficePath != nil
        }
    }

    /// The one check every such test makes: true when the tool is installed; false when it is
    /// not and `CI` is unset (skip); a thrown `Missing` when it is not and `CI` is set (fail).
    public func isUsable() throws -> Bool {
        if isInstalled { return true }
        if Self.inCI { throw Missing(tool: self) }
        return false
    }

    var name: String {
        switch self {
        case .openpyxl: "python3 with openpyxl"
        case .pythonDocx: "python3 with python-docx"
        case .libreOffice: "LibreOffice (soffice)"
        }
    }

    var installHint: String {
        switch self {
        case .openpyxl: "python3 -m pip install openpyxl"
        case .pythonDocx: "python3 -m pip install python-docx"
        case .libreOffice: "apt-get install libreoffice-calc libreoffice-writer fonts-noto-cjk"
        }
    }

    /// CI is set and the tool is missing.
    public struct Missing: Error, CustomStringConvertible {
        public var tool: RequiredTool
        public init(tool: RequiredTool) { self.tool = tool }
        public var description: String {
            "CI is set, so this test may not be skipped, but \(tool.name) is missing: install it (\(tool.installHint)) or run .ci/run"
        }
    }

    static var inCI: Bool { !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }

    /// LibreOffice's `soffice`, on the PATH (as `bulletin run --pdf` finds it) or where Debian
    /// puts it.
    public static let sofficePath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").flatMap { dir in ["soffice", "libreoffice"].map { "\(dir)/\($0)" } }
            + ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let hasOpenpyxl = pythonCanImport("openpyxl")
    static let hasPythonDocx = pythonCanImport("docx")

    /// Whether python3 can import `module`.
    static func pythonCanImport(_ module: String) -> Bool {
        let result = try? ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import \(module)"], timeLimit: 120)
        return result?.status == 0
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where `tools` are installed, but fails it (rather than skipping)
    /// when `CI` is set and one is missing: `@Test(.requires(.openpyxl)) func …`.
    public static func requires(_ tools: RequiredTool...) -> Self {
        .enabled("needs \(tools.map(\.name).joined(separator: ", ")); skipped where missing unless CI is set") {
            for tool in tools where try !tool.isUsable() { return false }
            return true
        }
    }
}
