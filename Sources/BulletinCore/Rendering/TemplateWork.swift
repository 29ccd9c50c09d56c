import Foundation

/// A bound on the work a template asks of the renderer, checked on the context before
/// rendering: Mustache repeats a list section once per item, so sections over lists nested
/// in each other multiply (seven nested `{{#points.units}}` over 44 units are 44⁷ ≈ 3·10¹¹
/// repetitions, a run that never ends). The estimate is an upper bound of the rendered
/// size: each piece of literal text and each tag counted once per repetition of the
/// sections around it, a section over a key repeated as often as the longest list under
/// that key anywhere in the context, a variable as long as the longest value under its key.
enum TemplateWork {
    /// The most an estimate may reach (bytes of rendered text, sections' repetitions
    /// included). The shipped 周通报 estimates at tens of KB for a district and a few MB
    /// for a city of thousands of units; a bulletin is read by people, 64 MB is never one.
    static let maxWork = 64 << 20

    /// Per key of the context: the longest list and the longest text under it.
    struct Sizes {
        var lists: [String: Int] = [:]
        var texts: [String: Int] = [:]
        var longestList = 1

        init(_ context: Any) { walk(context, key: nil) }

        private mutating func walk(_ value: Any, key: String?) {
            switch value {
            case let dictionary as [String: Any]:
                for (k, v) in dictionary { walk(v, key: k) }
            case let array as [Any]:
                if let key { lists[key] = max(lists[key] ?? 0, array.count) }
                longestList = max(longestList, array.count)
                for v in array { walk(v, key: key) }
            case let text as String:
                if let key { texts[key] = max(texts[key] ?? 0, text.utf8.count) }
            default:
                if let key { texts[key] = max(texts[key] ?? 0, "\(value)".utf8.count) }
            }
        }

        /// The key a tag names: inside a transform's parentheses, the last dotted part.
        static func key(_ name: String) -> String {
            var inner = Substring(name)
            while let open = inner.lastIndex(of: "("), let close = inner[open...].firstIndex(of: ")") {
                inner = inner[inner.index(after: open)..<close]
            }
            let trimmed = inner.trimmingCharacters(in: .whitespaces)
            return trimmed.split(separator: ".").last.map(String.init) ?? trimmed
        }

        func repetitions(_ name: String) -> Int {
            let key = Self.key(name)
            if key.isEmpty || key == "." { return longestList }
            return max(1, lists[key] ?? 1)
        }

        func length(_ name: String) -> Int { texts[Self.key(name)] ?? 0 }
    }

    /// Throws a `TemplateError` (exit 65) naming the template when its estimate over
    /// `context` passes `maxWork`.
    static func check(_ text: String, context: Any, path: String) throws {
        let work = estimate(text, sizes: Sizes(context))
        guard work <= maxWork else {
            throw TemplateError(
                path: path,
                problem: "展开后的内容过多（估计超过 \(maxWork >> 20) MB；常见原因是列表区块互相嵌套，如多层 {{#points.units}}），未生成通报",
                missing: false)
        }
    }

    /// The estimate, saturating at `Int.max`.
    static func estimate(_ text: String, sizes: Sizes) -> Int {
        let bytes = Array(text.utf8)
        var open = Array("{{".utf8), close = Array("}}".utf8)
        var factors: [Int] = [1]
        var work = 0
        func add(_ n: Int) {
            let (product, overflow) = n.multipliedReportingOverflow(by: factors.last ?? 1)
            let (sum, overflow2) = work.addingReportingOverflow(overflow ? .max : product)
            work = overflow || overflow2 ? .max : sum
        }
        func find(_ needle: [UInt8], from: Int) -> Int? {
            guard !needle.isEmpty, from + needle.count <= bytes.count else { return nil }
            var i = from
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
                i += 1
            }
            return nil
        }
        var i = 0
        while i < bytes.count, work < .max {
            guard let start = find(open, from: i) else {
                add(bytes.count - i)
                break
            }
            add(start - i + 1)
            var contentStart = start + open.count
            var end = close
            if contentStart < bytes.count, bytes[contentStart] == UInt8(ascii: "{"), open == Array("{{".utf8) {
                end = Array("}".utf8) + close
                contentStart += 1
            }
            guard let stop = find(end, from: contentStart) else { break }
            let content = String(decoding: bytes[contentStart..<stop], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            i = stop + end.count
            let sigil = content.first
            let name = String(content.dropFirst()).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "#":
                let n = sizes.repetitions(name)
                add(n)
                let (f, overflow) = (factors.last ?? 1).multipliedReportingOverflow(by: n)
                factors.append(overflow ? .max : f)
            case "^", "$", "<":
                factors.append(factors.last ?? 1)
            case "/":
                if factors.count > 1 { factors.removeLast() }
            case "=":
                // `{{=<% %>=}}`: the delimiters change.
                let inner = content.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true)
                if inner.count == 2 {
                    open = Array(inner[0].utf8)
                    close = Array(inner[1].utf8)
                }
            case "!", ">", "%":
                break
            case "&":
                add(sizes.length(name))
            default:
                add(sizes.length(content))
            }
        }
        return work
    }
}
