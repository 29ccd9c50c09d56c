import Foundation
import ZIPFoundation

/// Why a unit's workbook cannot be read. Each becomes one error finding; none stops a run.
public enum WorkbookProblem: Error, Sendable, Equatable {
    /// The old binary format (.xls, WPS .et, or such a file renamed .xlsx).
    case oldFormat
    /// Protected with a password to open (an encrypted OLE container, or encrypted zip entries).
    case encrypted
    /// Not a readable workbook; the reason in Chinese.
    case damaged(String)
    /// A part expands past the bounds below (a zip bomb, or a sheet no office keeps).
    case tooLarge(String)
}

/// The parts of an .xlsx (a zip archive) read straight from the bytes already in memory.
///
/// The central directory is parsed here and each part is inflated with ZIPFoundation's
/// `Data.decompress` through a provider that hands over exactly the part's compressed
/// bytes. `Archive` itself is not used, for two reasons found by reading 0.9.20's source:
/// `Archive(data:)` seeks to the offsets a (hostile) central directory names and its
/// in-memory file traps on a read past the end (`MemoryFile.readData` builds a negative
/// range), and `Archive(url:)` would open the path again, outside `RowSource.opener`'s
/// checks; and on Linux its inflate loop never returns when a deflate stream does not end
/// before the data runs out (weichsel/ZIPFoundation#389, fixed after 0.9.20) — here the
/// provider throws instead (and pads a short last chunk, see below). The consumer counts what comes out, so a part expanding past
/// its bound (or past what its header declared) is refused while streaming, never inflated whole.
struct ZipParts {
    struct Entry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeader: Int
    }

    /// How far a part may expand: `bytes` in all, and `ratio` times its compressed size once
    /// past `ratioFrom` bytes (real sheets deflate 5–30 times; a bomb 1,000).
    struct Limit {
        var bytes: Int
        var ratio: Int = 200
        var ratioFrom: Int = 16 << 20
    }

    static let cfbMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    static let chunk = 64 << 10

    let data: Data
    /// Lower-cased part name (OPC names are case-insensitive) → entry.
    private(set) var entries: [String: Entry] = [:]

    init(_ data: Data) throws(WorkbookProblem) {
        self.data = data
        if data.starts(with: Self.cfbMagic) {
            // An OLE compound file: Excel's encrypted .xlsx (it holds an `EncryptionInfo`
            // stream, named in UTF-16) or an .xls/.et under another name.
            let name = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            throw data.range(of: Data(name)) != nil ? .encrypted : .oldFormat
        }
        guard data.starts(with: [0x50, 0x4B]) else { throw .damaged("不是 .xlsx 文件（文件内容不是 Excel 工作簿）") }
        let found: Directory? = data.withUnsafeBytes { raw -> Directory? in
            let b = raw.bindMemory(to: UInt8.self)
            return Self.directory(b)
        }
        guard let found else { throw .damaged("文件不完整或已损坏（压缩包目录无法读取）") }
        // Two parts of one name: this reader would take one and Excel-family readers show the
        // other (the last), so what was counted might not be what a reviewer sees. Refused.
        if let twice = found.duplicate { throw .damaged("压缩包中有两个同名部件「\(twice)」") }
        entries = found.entries
    }

    private static func u16(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    private static func u32(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }

    struct Directory {
        var entries: [String: Entry] = [:]
        /// The first part name met twice (compared as OPC compares them, ignoring case).
        var duplicate: String?
    }

    /// The central directory, every offset checked against the bytes; nil when it is not there.
    private static func directory(_ b: UnsafeBufferPointer<UInt8>) -> Directory? {
        let n = b.count
        guard n >= 22 else { return nil }
        // End of central directory: the last `PK\5\6` within the comment's reach.
        var eocd = -1
        var i = n - 22
        let lowest = max(0, n - 22 - 0xFFFF)
        while i >= lowest {
            if b[i] == 0x50, b[i + 1] == 0x4B, b[i + 2] == 0x05, b[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { return nil }
        let count = u16(b, eocd + 10), size = u32(b, eocd + 12), offset = u32(b, eocd + 16)
        // ZIP64 (a part over 4 GB) is no workbook a unit sends.
        guard count != 0xFFFF, offset != 0xFFFF_FFFF, offset + size <= eocd else { return nil }
        var entries: [String: Entry] = [:]
        var duplicate: String?
        var p = offset
        for _ in 0..<count {
            guard p + 46 <= eocd, u32(b, p) == 0x0201_4B50 else { return nil }
            let nameLength = u16(b, p + 28), extra = u16(b, p + 30), comment = u16(b, p + 32)
            guard p + 46 + nameLength <= eocd else { return nil }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[(p + 46)..<(p + 46 + nameLength)]), as: UTF8.self)
            let entry = Entry(
                name: name, flags: UInt16(u16(b, p + 8)), method: UInt16(u16(b, p + 10)), crc: UInt32(u32(b, p + 16)),
                compressedSize: u32(b, p + 20), uncompressedSize: u32(b, p + 24), localHeader: u32(b, p + 42))
            let key = name.lowercased()
            if entries[key] == nil { entries[key] = entry } else if duplicate == nil { duplicate = name }
            p += 46 + nameLength + extra + comment
        }
        return Directory(entries: entries, duplicate: duplicate)
    }

    func entry(_ name: String) -> Entry? { entries[name.lowercased()] }

    /// Streams a part's bytes to `consumer` in chunks of at most 64 KiB.
    func stream(_ entry: Entry, limit: Limit, _ consumer: (Data) throws(WorkbookProblem) -> Void) throws(WorkbookProblem) {
        try stream(entry, limit: limit) { (chunk: Data) throws(WorkbookProblem) -> Bool in
            try consumer(chunk)
            return true
        }
    }

    private struct Stopped: Error {}

    /// Streams a part's bytes to `consumer` until it returns false (the rest is not inflated
    /// and not checked).
    func stream(_ entry: Entry, limit: Limit, _ consumer: (Data) throws(WorkbookProblem) -> Bool) throws(WorkbookProblem) {
        if entry.flags & 1 != 0 { throw .encrypted }
        let start = try dataStart(entry)
        guard entry.uncompressedSize <= limit.bytes else { throw .tooLarge(entry.name) }
        let compressed = entry.compressedSize
        var produced = 0
        var stopped = false
        func take(_ chunk: Data) throws(WorkbookProblem) {
            produced += chunk.count
            if produced > limit.bytes || (produced > limit.ratioFrom && produced > limit.ratio * max(compressed, 1)) {
                throw .tooLarge(entry.name)
            }
            // More than the header declared: a lie or a bomb; either way not this part.
            if produced > entry.uncompressedSize { throw .damaged("「\(entry.name)」解压后的大小与记录不符") }
            if try !consumer(chunk) { stopped = true }
        }
        switch entry.method {
        case 0:
            guard compressed == entry.uncompressedSize else { throw .damaged("「\(entry.name)」大小记录不一致") }
            var crc: CRC32 = 0
            var p = 0
            while p < compressed {
                let piece = data.subdata(in: (data.startIndex + start + p)..<(data.startIndex + start + min(compressed, p + Self.chunk)))
                crc = piece.crc32(checksum: crc)
                try take(piece)
                if stopped { return }
                p += piece.count
            }
            guard crc == entry.crc else { throw .damaged("「\(entry.name)」校验失败（文件已损坏）") }
        case 8:
            var failure: WorkbookProblem?
            let crc: CRC32
            do {
                crc = try Data.decompress(
                    size: Int64(compressed), bufferSize: Self.chunk, skipCRC32: false,
                    provider: { position, size in
                        let from = Int(position)
                        guard from < compressed else { throw WorkbookProblem.damaged("「\(entry.name)」数据不完整（文件被截断）") }
                        let to = min(compressed, from + size)
                        var chunk = data.subdata(in: (data.startIndex + start + from)..<(data.startIndex + start + to))
                        // 0.9.20's Linux inflate hands zlib `avail_in = bufferSize` whatever the
                        // chunk's length, so a short last chunk of a broken stream was read past
                        // its end (found by fuzzing: a SEGV in inflate). Padded with zeros to the
                        // full size, it never is; a stream that ends inside the entry stops before
                        // the padding, and one that does not ends in an error or fails the checks below.
                        if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                        return chunk
                    },
                    consumer: { piece in
                        do { try take(piece) } catch {
                            failure = error as? WorkbookProblem
                            throw error
                        }
                        if stopped { throw Stopped() }
                    })
            } catch is Stopped {
                return
            } catch {
                if let failure { throw failure }
                if let problem = error as? WorkbookProblem { throw problem }
                throw .damaged("「\(entry.name)」无法解压（文件已损坏）")
            }
            guard produced == entry.uncompressedSize, crc == entry.crc else {
                throw .damaged("「\(entry.name)」校验失败（文件已损坏）")
            }
        default:
            throw .damaged("「\(entry.name)」使用了不支持的压缩方式")
        }
    }

    /// A small part, whole (workbook.xml, its relationships, styles.xml).
    func read(_ entry: Entry, limit: Int = 32 << 20) throws(WorkbookProblem) -> Data {
        var out = Data()
        try stream(entry, limit: Limit(bytes: limit)) { (piece: Data) throws(WorkbookProblem) in out.append(piece) }
        return out
    }

    /// Where a part's compressed bytes begin, after its local header; checked to lie in the file.
    private func dataStart(_ entry: Entry) throws(WorkbookProblem) -> Int {
        let bad = WorkbookProblem.damaged("「\(entry.name)」的位置记录有误（文件已损坏）")
        let h = entry.localHeader
        guard h >= 0, h + 30 <= data.count else { throw bad }
        let start: Int? = data.withUnsafeBytes { raw -> Int? in
            let b = raw.bindMemory(to: UInt8.self)
            guard Self.u32(b, h) == 0x0403_4B50 else { return nil }
            let s = h + 30 + Self.u16(b, h + 26) + Self.u16(b, h + 28)
            return s + entry.compressedSize <= b.count ? s : nil
        }
        guard let start else { throw bad }
        return start
    }
}
