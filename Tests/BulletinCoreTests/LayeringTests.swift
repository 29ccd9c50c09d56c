import Foundation
import Testing

/// The folders of Sources/BulletinCore depend one way, as docs/architecture.md draws them:
/// each folder refers only to the folders below it. This reads the sources as a grep would
/// (comments and string text left out, the code inside `\(…)` kept): the top-level names each
/// folder declares, the members its extensions add to other folders' types, and every name
/// each file uses.
@Suite struct LayeringTests {
    /// Bottom to top.
    static let layers = ["Base", "Input", "Forms", "Counting", "Pipeline", "Rendering", "Publishing"]

    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/BulletinCore")
    }

    struct SourceFile {
        var folder: String
        var name: String
        var code: String
    }

    static func files() throws -> [SourceFile] {
        var out: [SourceFile] = []
        let fm = FileManager.default
        for folder in try fm.contentsOfDirectory(atPath: sources.path).sorted() {
            let dir = sources.appendingPathComponent(folder)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            for name in try fm.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                out.append(SourceFile(folder: folder, name: name, code: code(of: text)))
            }
        }
        return out
    }

    /// The source with comments removed and string literals emptied, except the code of
    /// their interpolations. Line breaks are kept.
    static func code(of text: String) -> String {
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        // The open literals and interpolations, innermost last: a string's delimiter length
        // (1 or 3), or 0 for an interpolation's code with its open parentheses.
        var open: [(quotes: Int, parens: Int)] = []
        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
        while i < s.count {
            let c = s[i]
            if let top = open.last, top.quotes > 0 {
                // Inside a string: only an interpolation's code and the line breaks are kept.
                if c == "\\" && at(i + 1) == "(" {
                    open.append((0, 0))
                    out.append(" ")
                    i += 2
                } else if c == "\\" {
                    i += 2
                } else if c == "\"" && (top.quotes == 1 || (at(i + 1) == "\"" && at(i + 2) == "\"")) {
                    open.removeLast()
                    out.append(" ")
                    i += top.quotes
                } else {
                    if c == "\n" { out.append(c) }
                    i += 1
                }
                continue
            }
            // Code: at the top level or inside an interpolation.
            if c == "/" && at(i + 1) == "/" {
                while i < s.count && s[i] != "\n" { i += 1 }
            } else if c == "/" && at(i + 1) == "*" {
                i += 2
                while i < s.count && !(s[i] == "*" && at(i + 1) == "/") {
                    if s[i] == "\n" { out.append("\n") }
                    i += 1
                }
                i += 2
            } else if c == "\"" {
                let triple = at(i + 1) == "\"" && at(i + 2) == "\""
                open.append((triple ? 3 : 1, 0))
                out.append(" ")
                i += triple ? 3 : 1
            } else if !open.isEmpty && c == ")" && open[open.count - 1].parens == 0 {
                open.removeLast()  // the interpolation's end
                out.append(" ")
                i += 1
            } else {
                if !open.isEmpty && c == "(" { open[open.count - 1].parens += 1 }
                if !open.isEmpty && c == ")" { open[open.count - 1].parens -= 1 }
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }

    static var declaration: Regex<(Substring, Substring)> {
        #/^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|internal|package|final|indirect|nonisolated)\s+)*(?:struct|enum|class|protocol|typealias|actor|func|let|var)\s+([A-Za-z_]\w*)/#
    }
    static var memberDeclaration: Regex<(Substring, Substring)> {
        #/^\s+(?:@\w+\s+)*(?:(?:public|internal|package|private|fileprivate|static|mutating|final|override|nonisolated)\s+)*(?:func|var|let|case|struct|enum|class|typealias|subscript)\s+([A-Za-z_]\w*)/#
    }
    static var extensionHead: Regex<(Substring, Substring)> { #/^(?:(?:public|internal|package)\s+)?extension\s+([A-Za-z_][\w.]*)/# }

    /// The identifiers of `code` (those right after a `.` only, with `afterDot`). A plain
    /// scan: Regex matching every identifier of the sources took most of a minute.
    static func identifiers(in code: String, afterDot: Bool = false) -> [String] {
        let bytes = Array(code.utf8)
        func isStart(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        func isPart(_ b: UInt8) -> Bool { isStart(b) || (b >= 48 && b <= 57) }
        var out: [String] = []
        var i = 0
        while i < bytes.count {
            guard isStart(bytes[i]), i == 0 || !isPart(bytes[i - 1]) else {
                i += 1
                continue
            }
            var j = i
            while j < bytes.count && isPart(bytes[j]) { j += 1 }
            if !afterDot || (i > 0 && bytes[i - 1] == UInt8(ascii: ".")) {
                out.append(String(decoding: bytes[i..<j], as: UTF8.self))
            }
            i = j
        }
        return out
    }

    struct Edge: Hashable, CustomStringConvertible {
        var from: String, to: String, file: String, name: String
        var description: String { "\(from)/\(file) → \(to): \(name)" }
    }

    static let declaring: Set<String> = [
        "struct", "enum", "class", "protocol", "typealias", "actor", "func", "let", "var", "case", "subscript", "extension",
    ]

    /// Computed once for the suite's tests.
    static let scanned: Result<[Edge], any Error> = Result { try scan() }

    static func edges() throws -> [Edge] { try scanned.get() }

    static func scan() throws -> [Edge] {
        let files = try files()
        var owners: [String: Set<String>] = [:]  // top-level name → folders declaring it
        var members: [String: Set<String>] = [:]  // any member name → folders declaring it
        var extensionMembers: [String: Set<String>] = [:]  // member added by an extension → folders
        var extended: [(folder: String, type: String, names: [String])] = []
        for file in files {
            var currentExtension: (type: String, names: [String])?
            for line in file.code.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = String(line)
                // Regex matching is slow: only lines that can declare something are matched.
                let words = Set(identifiers(in: line))
                guard !words.isDisjoint(with: Self.declaring) || line.first.map({ !$0.isWhitespace }) == true else { continue }
                if let m = line.firstMatch(of: declaration) {
                    let name = m.output.1
                    owners[String(name), default: []].insert(file.folder)
                }
                if let m = line.firstMatch(of: extensionHead) {
                    let type = m.output.1
                    if let e = currentExtension { extended.append((file.folder, e.type, e.names)) }
                    currentExtension = (String(type.split(separator: ".").first ?? type), [])
                } else if line.first.map({ !$0.isWhitespace }) == true, line.first != "}" {
                    if let e = currentExtension { extended.append((file.folder, e.type, e.names)) }
                    currentExtension = nil
                }
                if let m = line.firstMatch(of: memberDeclaration) {
                    let name = m.output.1
                    members[String(name), default: []].insert(file.folder)
                    if line.hasPrefix("    ") && !line.hasPrefix("     ") { currentExtension?.names.append(String(name)) }
                }
            }
            if let e = currentExtension { extended.append((file.folder, e.type, e.names)) }
        }
        for e in extended {
            // Members a folder adds to a type of another folder.
            guard let home = owners[e.type], !home.contains(e.folder) else { continue }
            for name in e.names { extensionMembers[name, default: []].insert(e.folder) }
        }
        var edges = Set<Edge>()
        for file in files {
            var seen = Set<String>()
            let scalars = file.code
            for name in identifiers(in: scalars) {
                guard seen.insert(name).inserted else { continue }
                if let folders = owners[name], !folders.contains(file.folder) {
                    for to in folders { edges.insert(Edge(from: file.folder, to: to, file: file.name, name: name)) }
                }
            }
            // A member an extension adds elsewhere, used as `.name`: counted when no other
            // declaration anywhere has that name, so the use can only be that member.
            for name in identifiers(in: scalars, afterDot: true) {
                guard let folders = extensionMembers[name], folders.count == 1, let to = folders.first, to != file.folder,
                    members[name] == folders, owners[name] == nil
                else { continue }
                edges.insert(Edge(from: file.folder, to: to, file: file.name, name: "." + name))
            }
        }
        return edges.sorted { "\($0)" < "\($1)" }
    }

    @Test func everyFolderIsALayer() throws {
        let folders = Set(try Self.files().map(\.folder))
        #expect(folders == Set(Self.layers), "Sources/BulletinCore 的文件夹应与 docs/architecture.md 的分层一致")
    }

    @Test func foldersReferOnlyToTheFoldersBelowThem() throws {
        let rank = Dictionary(uniqueKeysWithValues: Self.layers.enumerated().map { ($1, $0) })
        let upward = try Self.edges().filter { (rank[$0.to] ?? 0) >= (rank[$0.from] ?? 0) }
        #expect(upward.isEmpty, "upward references:\n\(upward.map(\.description).joined(separator: "\n"))")
    }

    /// The scan itself finds references: the pipeline uses the forms' registry, a form the
    /// roster, rendering the week's report.
    @Test func theScanSeesKnownReferences() throws {
        let edges = try Self.edges()
        #expect(edges.contains { $0.from == "Pipeline" && $0.to == "Forms" && $0.name == "FormRegistry" })
        #expect(edges.contains { $0.from == "Forms" && $0.to == "Input" && $0.name == "Roster" })
        #expect(edges.contains { $0.from == "Rendering" && $0.to == "Pipeline" && $0.name == "WeekReport" })
        // Inside an interpolation: `"\(Text.x)"` is code.
        #expect(Self.code(of: #"let a = "x\(Text.trim(b))y" // Roster"#).contains("Text.trim(b)"))
        #expect(!Self.code(of: #"let a = "Roster" // Plan"#).contains("Roster"))
    }

    /// The forms name no pipeline stage: they are read by it, not the other way round.
    @Test func thePipelineNamesNoForm() throws {
        let forms = ["ArticleForm", "LedgerForm", "SampleForm", "ProblemForm", "ArticleRules", "LedgerRules", "SampleRules", "ProblemRules"]
        let named = try Self.edges().filter { $0.from == "Pipeline" && forms.contains($0.name) }
        #expect(named.isEmpty, "\(named)")
    }
}
