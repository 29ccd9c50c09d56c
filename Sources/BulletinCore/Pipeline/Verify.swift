import Foundation

/// What `bulletin verify` found for one week: the circulated outputs against a fresh run,
/// and the inputs recorded in its manifest against the input tree now.
public struct Verification: Sendable {
    public enum Change: String, Sendable {
        case added = "新增"
        case changed = "已改动"
        case removed = "已删除"
        case differs = "内容不同"
        case missing = "缺少"
        case extra = "多出"
    }

    public struct Item: Sendable, Hashable {
        public var change: Change
        /// An input path (relative to the input folder) or an output file name.
        public var path: String
    }

    public var week: ISOWeek
    /// Inputs added, changed or removed since the week was written (earlier weeks included).
    public var inputs: [Item]
    /// Output files that differ from a fresh run, are missing or are not the tool's.
    public var outputs: [Item]

    public var isIdentical: Bool { inputs.isEmpty && outputs.isEmpty }
}

public enum Verifier {
    /// The files of two output folders (a week's or 总结/) byte for byte: missing from the
    /// circulated folder, extra in it, or different. Files in subfolders (退回修改/) by their
    /// path inside the folder.
    public static func compareOutputs(circulated: URL, fresh: URL) throws -> [Verification.Item] {
        var outputs: [Verification.Item] = []
        let old = Set((try? OutputWriter.outputFiles(in: circulated)) ?? [])
        let new = Set((try? OutputWriter.outputFiles(in: fresh)) ?? [])
        for name in new.union(old).sorted(by: Text.codePointLess) {
            if !old.contains(name) {
                outputs.append(.init(change: .missing, path: name))
            } else if !new.contains(name) {
                outputs.append(.init(change: .extra, path: name))
            } else if try Data(contentsOf: circulated.appendingPathComponent(name)) != Data(contentsOf: fresh.appendingPathComponent(name)) {
                outputs.append(.init(change: .differs, path: name))
            }
        }
        return outputs
    }

    /// Compares `circulated` (an `output/<week>` folder) with `fresh` (the same week written
    /// again into a temporary folder): every output byte for byte, and the manifests' input
    /// digests path by path.
    public static func compare(week: ISOWeek, circulated: URL, fresh: URL) throws -> Verification {
        let outputs = try compareOutputs(circulated: circulated, fresh: fresh)
        return Verification(week: week, inputs: inputChanges(circulated: circulated, fresh: fresh), outputs: outputs)
    }

    /// The inputs recorded in two folders' manifest.json (a week's or 总结/), path by path:
    /// added, changed or removed since the circulated folder was written.
    public static func inputChanges(circulated: URL, fresh: URL) -> [Verification.Item] {
        // Only the `inputs` of the manifest: a week's and 总结/'s manifests differ otherwise.
        struct RecordedInputs: Decodable { var inputs: [String: String] }
        func inputs(_ folder: URL) -> [String: String] {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent("manifest.json")),
                let manifest = try? JSONDecoder().decode(RecordedInputs.self, from: data)
            else { return [:] }
            return manifest.inputs
        }
        let was = inputs(circulated), now = inputs(fresh)
        var changes: [Verification.Item] = []
        for path in Set(was.keys).union(now.keys).sorted(by: Text.codePointLess) {
            switch (was[path], now[path]) {
            case (nil, .some): changes.append(.init(change: .added, path: path))
            case (.some, nil): changes.append(.init(change: .removed, path: path))
            case (.some(let a), .some(let b)) where a != b: changes.append(.init(change: .changed, path: path))
            default: break
            }
        }
        return changes
    }
}
