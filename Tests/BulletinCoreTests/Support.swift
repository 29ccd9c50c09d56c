import Foundation
@testable import BulletinCore

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static var linjiang: URL { root.appendingPathComponent("linjiang-2024") }
    static var broken: URL { root.appendingPathComponent("broken") }
    static var golden: URL { root.appendingPathComponent("golden") }

    static func campaign(_ week: String, input: URL = linjiang) throws -> Campaign {
        try Campaign.load(input: input, week: ISOWeek(week))
    }
}

/// Tests that plant one change in a copy of the 临江 fixture.
protocol EditsFixture {}

extension EditsFixture {
    /// A copy of the fixture, changed by `edit`; the caller removes it.
    func tree(_ edit: (URL) throws -> Void) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("edit-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.linjiang, to: url)
        try edit(url)
        return url
    }

    func write(_ text: String, _ path: String, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}

/// The location of a finding, what tests assert on (never the prose).
struct Spot: Hashable, CustomStringConvertible {
    var file: String
    var line: Int
    var column: String
    var code: FindingCode

    init(_ file: String, _ line: Int, _ column: String, _ code: FindingCode) {
        self.file = file
        self.line = line
        self.column = column
        self.code = code
    }

    init(_ f: Finding) { self.init(f.file, f.line, f.column, f.code) }

    var description: String { "\(file):\(line) \(column) \(code.rawValue)" }
}

extension Array where Element == Finding {
    var spots: Set<Spot> { Set(map(Spot.init)) }
}
