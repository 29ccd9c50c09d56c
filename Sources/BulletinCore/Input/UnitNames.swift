import Foundation

/// Finds the units a piece of text (a file name as a unit sent it) names: each unit's full
/// name, its 简称, and either of them without a leading 区/市/县 (`商务局` for 区商务局).
/// One matcher for `bulletin intake` and for the tree scanner's misnamed files, so a name
/// that intake places is the name a run counts.
public struct UnitNameMatcher: Sendable {
    struct Key: Sendable {
        var text: [Unicode.Scalar]
        var unit: Int
    }

    /// Every key, longest first (a longer key wins over a shorter one inside it).
    let keys: [Key]

    public init(roster: Roster) {
        var keys: [Key] = []
        var seen = Set<String>()
        // A stripped name that is another unit's own name or 简称 is that unit's only.
        let own = Set(roster.units.flatMap { [$0.name] + ($0.alias.map { [$0] } ?? []) }.map(Text.comparisonKey))
        for unit in roster.units {
            for name in [unit.name] + (unit.alias.map { [$0] } ?? []) {
                let key = Text.comparisonKey(name)
                var forms = [key]
                if let first = key.unicodeScalars.first, "区市县".unicodeScalars.contains(first) {
                    let stripped = String(key.unicodeScalars.dropFirst())
                    // `区院` → `院` would match too much: a stripped name keeps two characters.
                    if stripped.count >= 2 && !own.contains(stripped) { forms.append(stripped) }
                }
                for form in forms where !form.isEmpty && seen.insert("\(unit.index)\u{1}\(form)").inserted {
                    keys.append(Key(text: Array(form.unicodeScalars), unit: unit.index))
                }
            }
        }
        self.keys = keys.sorted { $0.text.count != $1.text.count ? $0.text.count > $1.text.count : $0.unit < $1.unit }
    }

    /// The units `text` names, ascending by roster index. Where one unit's name lies inside
    /// another's match (`区市场监管局` holds `市场监管局`), only the longer match counts.
    public func candidates(in text: String) -> [Int] {
        matches(in: text).map(\.unit).reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }.sorted()
    }

    /// Where each unit is named in `text`: its unit and the scalar range of the match, in
    /// text order. A match inside a longer match of another key is dropped.
    public func matches(in text: String) -> [(unit: Int, range: Range<Int>)] {
        let hay = Array(Text.comparisonKey(text).unicodeScalars)
        guard !hay.isEmpty else { return [] }
        var taken: [(unit: Int, range: Range<Int>)] = []
        for key in keys where key.text.count <= hay.count {
            var i = 0
            while i + key.text.count <= hay.count {
                if hay[i] == key.text[0] && Array(hay[i..<(i + key.text.count)]) == key.text {
                    let range = i..<(i + key.text.count)
                    // Longer keys came first: a match inside one already taken is part of it.
                    if !taken.contains(where: { $0.range.lowerBound <= range.lowerBound && range.upperBound <= $0.range.upperBound }) {
                        taken.append((key.unit, range))
                    }
                    i += key.text.count
                } else {
                    i += 1
                }
            }
        }
        return taken.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// `text` with the matched unit names taken out (what is left may hold a date).
    public func remainder(of text: String) -> String {
        let hay = Array(Text.comparisonKey(text).unicodeScalars)
        var keep = Array(repeating: true, count: hay.count)
        for m in matches(in: text) { for i in m.range { keep[i] = false } }
        var out = String.UnicodeScalarView()
        for (i, s) in hay.enumerated() where keep[i] { out.append(s) }
        return String(out)
    }
}

/// The unit a file is named for, as the tree scanner and intake both decide it.
public enum FileNameUnit: Sendable, Equatable {
    /// The name starts with the unit's full name or 简称, optionally followed by `_…`: the
    /// contract's own naming.
    case exact(unit: Int, suffix: String)
    /// The name does not start so but names exactly this unit (`水利局第三周宣传稿件`).
    case contained(unit: Int)
    /// The name names several units: nobody's file.
    case ambiguous([Int])
    /// The name names no unit.
    case none

    /// Decides the unit of a file stem (no extension), the contract's naming first.
    public static func of(stem: String, roster: Roster, matcher: UnitNameMatcher) -> FileNameUnit {
        let parts = stem.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        let head = parts.first.map(String.init) ?? stem
        if let unit = roster.unitIndex(named: head) {
            return .exact(unit: unit, suffix: parts.count > 1 ? String(parts[1]) : "")
        }
        let found = matcher.candidates(in: stem)
        switch found.count {
        case 0: return .none
        case 1: return .contained(unit: found[0])
        default: return .ambiguous(found)
        }
    }
}
