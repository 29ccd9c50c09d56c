import Foundation

/// The office's editable text templates: the weekly bulletin and the campaign summary.
/// Each is a file under templates/ with a copy built into the binary (BuiltInTemplate).
public enum TemplateKind: Sendable {
    /// 周通报.txt, rendered for every week.
    case bulletin
    /// 活动总结.txt, rendered once by `run --all` into 总结/.
    case summary
    /// 催报名单.txt, rendered for every week (and by `check --missing`).
    case chase

    public var fileName: String {
        switch self {
        case .bulletin: "周通报.txt"
        case .summary: "活动总结.txt"
        case .chase: "催报名单.txt"
        }
    }

    /// How manifest.json names the copy built into the binary.
    public var builtInName: String { "内置模板（templates/\(fileName)）" }

    var builtInText: String {
        switch self {
        case .bulletin: BuiltInTemplate.text
        case .summary: BuiltInTemplate.summary
        case .chase: BuiltInTemplate.chase
        }
    }
}

/// Where a template comes from: a file, or the one built into the binary.
public struct TemplateSource: Sendable {
    public var url: URL?
    /// As recorded in manifest.json (`内置模板` for the built-in one).
    public var displayPath: String
    public var kind: TemplateKind = .bulletin

    public init(url: URL, displayPath: String, kind: TemplateKind = .bulletin) {
        self.url = url
        self.displayPath = displayPath
        self.kind = kind
    }

    init(builtIn kind: TemplateKind) {
        url = nil
        displayPath = kind.builtInName
        self.kind = kind
    }

    /// The bytes `TemplateLocator.ready` read, kept: the text rendered and the digest in
    /// manifest.json are those of the file as it was checked, read once.
    var bytes: Data?

    /// The template's bytes.
    public func data() throws -> Data {
        if let bytes { return bytes }
        guard let url else { return Data(kind.builtInText.utf8) }
        // The size first: a file too large to be a template exists (65), it is not missing.
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size > TemplateLocator.maxBytes {
            throw TemplateError(path: displayPath, problem: "超过 \(TemplateLocator.maxBytes / 1024) KB，不像通报模板", missing: false)
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TemplateError(path: displayPath, problem: "无法读取", missing: true)
        }
    }
}

public enum TemplateLocator {
    public static let fileName = TemplateKind.bulletin.fileName
    /// How manifest.json names the bulletin template built into the binary.
    public static let builtInName = TemplateKind.bulletin.builtInName
    /// Bounds that keep a template from stopping the run (a 3,000-deep nesting overflows
    /// the renderer's stack): checked before it is parsed.
    public static let maxBytes = 1 << 20
    public static let maxDepth = 64

    /// Located, checked and parsed: what `run` and `verify` start from.
    public static func ready(explicit: String?, input: URL, kind: TemplateKind = .bulletin) throws -> TemplateSource {
        var source = try locate(explicit: explicit, input: input, kind: kind)
        source.bytes = try source.data()
        try validate(source)
        if kind == .bulletin {
            // A 周通报样式.docx beside the template that cannot be used stops the run here too,
            // and so does a bad 催报名单 template.
            _ = try DocxSkeleton.locate(near: source)
            try validate(try ChaseList.template(input: input))
        }
        return source
    }

    /// Reads, checks and parses the template, so a bad one stops the run (exit 65/66)
    /// before any input is read.
    public static func validate(_ source: TemplateSource) throws {
        let data = try source.data()
        _ = try BulletinRenderer.parse(try text(of: data, path: source.displayPath), path: source.displayPath)
    }

    /// The template's text: UTF-8, not empty, at most `maxBytes`, sections nested at most
    /// `maxDepth` deep; otherwise a `TemplateError` (exit 65) naming the file.
    public static func text(of data: Data, path: String) throws -> String {
        guard data.count <= maxBytes else {
            throw TemplateError(path: path, problem: "超过 \(maxBytes / 1024) KB，不像通报模板", missing: false)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TemplateError(path: path, problem: "不是 UTF-8 文本（请用记事本或 WPS 另存为 UTF-8）", missing: false)
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw TemplateError(path: path, problem: "是空文件", missing: false)
        }
        var depth = 0, deepest = 0
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            let after = rest[open.upperBound...]
            if let c = after.first {
                if c == "#" || c == "^" { depth += 1 } else if c == "/" { depth -= 1 }
            }
            deepest = max(deepest, depth)
            if deepest > maxDepth {
                throw TemplateError(path: path, problem: "区块嵌套超过 \(maxDepth) 层", missing: false)
            }
            rest = after
        }
        return text
    }

    /// `--template` when given (missing: a run-stopping error); else `templates/<file>`
    /// beside the input folder, then in the current folder; else the built-in template.
    public static func locate(explicit: String?, input: URL, kind: TemplateKind = .bulletin) throws -> TemplateSource {
        let fm = FileManager.default
        if let explicit {
            guard fm.fileExists(atPath: explicit) else {
                throw TemplateError(path: explicit, problem: "文件不存在", missing: true)
            }
            return TemplateSource(url: URL(fileURLWithPath: explicit), displayPath: explicit, kind: kind)
        }
        let name = kind.fileName
        let candidates = [
            (input.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("templates/\(name)"), "templates/\(name)"),
            (URL(fileURLWithPath: "templates/\(name)"), "templates/\(name)"),
        ]
        for (url, display) in candidates where fm.fileExists(atPath: url.path) {
            return TemplateSource(url: url, displayPath: display, kind: kind)
        }
        // A new district's input folder has no templates/ beside it: the shipped wording.
        return TemplateSource(builtIn: kind)
    }
}
