import Foundation

/// Interns repeated strings (enterprise codes and names, visitors, problem texts) so a
/// visit holds 4-byte indices instead of strings. Index 0 is always "".
public struct StringPool: Sendable {
    /// Keyed by the exact UTF-8 bytes: String's own hashing normalises non-ASCII text on
    /// every call, which dominated reading a city's ledger of Chinese names. Text that is
    /// canonically equal but spelled differently is interned twice — and printed as written.
    ///
    /// The bytes are read in place (`withContiguousStorageIfAvailable`), not through a copy
    /// of the string: a copy retains the key's storage, and keys shared by every thread (the
    /// roster's unit names, looked up for each of a province's rows on both cores) had their
    /// reference counts bounce between the cores: 14% of reading, before.
    struct Key: Hashable, Sendable {
        var text: String
        func hash(into hasher: inout Hasher) {
            let done: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            if done == nil {
                var copy = text
                copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            }
        }
        static func == (a: Key, b: Key) -> Bool {
            let equal = a.text.utf8.withContiguousStorageIfAvailable { p in
                b.text.utf8.withContiguousStorageIfAvailable { q in p.elementsEqual(q) }
            }
            if let equal, let equal { return equal }
            var x = a.text, y = b.text
            return x.withUTF8 { p in y.withUTF8 { q in p.elementsEqual(q) } }
        }
    }

    public private(set) var strings: [String] = [""]
    var index: [Key: Int32] = [Key(text: ""): 0]

    public init() {}

    public mutating func intern(_ s: String) -> Int32 {
        if let i = index[Key(text: s)] { return i }
        let i = Int32(strings.count)
        strings.append(s)
        index[Key(text: s)] = i
        return i
    }

    public subscript(_ i: Int32) -> String { strings[Int(i)] }

    public mutating func reserve(_ n: Int) {
        strings.reserveCapacity(n)
        index.reserveCapacity(n)
    }
    public func lookup(_ s: String) -> Int32? { index[Key(text: s)] }
}
