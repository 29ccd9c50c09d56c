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
