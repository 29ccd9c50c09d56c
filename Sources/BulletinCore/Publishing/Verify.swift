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

extension Verifier {
    /// The weeks `verify --all` writes again, and 总结/'s summary when `summary` is set, from
    /// one reading of every input, as `run --all` reads them: the campaign loaded once for
    /// the latest week needed, every file read once (`SubmissionReader.read`), each week
    /// assembled from the campaign restricted to it (the same report its own run gives).
    /// `body` gets each of `weeks`, in order, as it is assembled; a week the input has no
    /// folder for and the plan no place for throws at its turn, as `Campaign.load` does.
    /// - Returns: the summary `run --all` writes to 总结/; nil without `summary` or when no
    ///   campaign week has a folder yet.
    public static func rebuild(
        input: URL, weeks: [ISOWeek], summary: Bool, jobs: Int, open: RowSource.Opener? = nil,
        _ body: (WeekReport) throws -> Void
    ) throws -> CampaignSummary? {
        let reported = try Campaign.weeksToReport(input: input)
        let summed = summary ? reported : []
        // Weeks the input can be loaded for: campaign weeks and week folders (a stray far-off
        // folder too, as `run --week` allows it).
        let loadable = Set(reported).union(try InputTree.weekFolders(in: input))
        let needed = Set(weeks + summed).sorted()
        guard let latest = needed.last(where: loadable.contains) else {
            for week in weeks { try body(ReportBuilder.build(try Campaign.load(input: input, week: week), jobs: jobs)) }
            return nil
        }
        let top = try Campaign.load(input: input, week: latest)
        let results = SubmissionReader.read(top, jobs: jobs, open: open)
        let known = Set(top.weeksUpToRun)
        func campaign(_ week: ISOWeek) -> Campaign { week == top.week ? top : top.restricted(to: week) }
        var builder = summed.last.flatMap { CampaignSummary.lastWeek(of: campaign($0)) }.map(CampaignSummaryBuilder.init(lastWeek:))
        let verified = Set(weeks), summedUp = Set(summed)
        for week in needed {
            let report = known.contains(week)
                ? ReportBuilder.assemble(campaign(week), results: results)
                : ReportBuilder.build(try Campaign.load(input: input, week: week), jobs: jobs)
            if verified.contains(week) { try body(report) }
            if summedUp.contains(week) { builder?.add(report) }
        }
        return builder?.build()
    }
}
