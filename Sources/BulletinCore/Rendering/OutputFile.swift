import Foundation
import XlsxWriter

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output that could not be written completely: the run stops (exit 73) and publishes
/// nothing. `file` is the output's name inside the week's folder (`附件3_宣传稿件统计表.xlsx`,
/// `退回修改/区税务局.xlsx`, `summary.json`).
public struct OutputWriteError: LocalizedError, Sendable, Equatable {
    public enum Cause: Sendable, Equatable {
        /// ENOSPC, EDQUOT.
        case diskFull
        /// EFBIG: the process's file-size limit (`ulimit -f`) or the file system's.
        case tooLarge
        /// Any other failure, with what the system or the check said.
        case failed(String)

        public var chinese: String {
            switch self {
            case .diskFull: "磁盘空间不足"
            case .tooLarge: "文件超过大小限制"
            case .failed(let detail): "写入失败（\(detail)）"
            }
        }
    }

    public var file: String
    public var cause: Cause

    public init(file: String, cause: Cause) {
        self.file = file
        self.cause = cause
    }

    public init(file: String, errno code: Int32) {
        self.init(file: file, cause: Self.cause(errno: code))
    }

    public var errorDescription: String? { "\(file)：\(cause.chinese)" }

    public static func cause(errno code: Int32) -> Cause {
        switch code {
        case ENOSPC, EDQUOT: .diskFull
        case EFBIG: .tooLarge
        default: .failed(String(cString: strerror(code)))
        }
    }

    /// The same error for the file at another path (`file` as the week's folder names it).
    func named(_ name: String) -> OutputWriteError { OutputWriteError(file: name, cause: cause) }

    /// Any error met while writing output `name`, as an `OutputWriteError`: system errors
    /// (Foundation's, libxlsxwriter's with the errno it left) by their errno; others as
    /// 写入失败 with their text.
    public static func wrapping(_ error: any Error, file name: String) -> any Error {
        switch error {
        case let e as OutputWriteError: return e.named(name)
        case is TemplateError, is RunError, is PDFExport.Failure, is ChangedDuringRun: return error
        case let e as XlsxError:
            if let code = e.systemErrno, code != 0 { return OutputWriteError(file: name, errno: code) }
            return OutputWriteError(file: name, cause: .failed(e.description))
        case let e as CocoaError:
            if let posix = e.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
                return OutputWriteError(file: name, errno: Int32(posix.code))
            }
            return OutputWriteError(file: name, cause: .failed(e.localizedDescription))
        case let e as NSError where e.domain == NSPOSIXErrorDomain:
            return OutputWriteError(file: name, errno: Int32(e.code))
        default:
            return OutputWriteError(file: name, cause: .failed("\(error)"))
        }
    }
}

/// Writing one output file so that every failure is seen: `write` until all bytes are out,
/// `fsync`, `close`, each result checked. The test seam `BULLETIN_TEST_WRITE_FAILURE`
/// (`<file name>=<step>:<errno>`, e.g. `summary.json=fsync:EIO`, step `write`, `fsync` or
/// `close`; for a workbook `<name>.xlsx=sheet` truncates its first sheet's row stream as a
/// lost write would) makes that step fail for that file, for the paths a file-size limit
/// or a full disk cannot reach in a test.
public enum OutputFile {
    /// Writes `data` to `url` (created or replaced; a link at `url` is not followed).
    public static func write(_ data: Data, to url: URL) throws {
        let name = url.lastPathComponent
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw OutputWriteError(file: name, errno: errno) }
        var closed = false
        defer { if !closed { close(fd) } }
        let injected = injectedFailure(for: name)
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var done = 0
            while done < raw.count {
                if let injected, injected.step == "write" { throw OutputWriteError(file: name, errno: injected.code) }
                let n = Glibc.write(fd, base + done, min(raw.count - done, 1 << 20))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw OutputWriteError(file: name, errno: errno)
                }
                if n == 0 { throw OutputWriteError(file: name, cause: .failed("写入了 0 字节")) }
                done += n
            }
        }
        if let injected, injected.step == "fsync" { throw OutputWriteError(file: name, errno: injected.code) }
        guard fsync(fd) == 0 else { throw OutputWriteError(file: name, errno: errno) }
        closed = true
        let failedClose = close(fd) != 0 ? errno : 0
        if let injected, injected.step == "close" { throw OutputWriteError(file: name, errno: injected.code) }
        guard failedClose == 0 else { throw OutputWriteError(file: name, errno: failedClose) }
    }

    /// The failure `BULLETIN_TEST_WRITE_FAILURE` asks for at file `name`, if any.
    static func injectedFailure(for name: String) -> (step: String, code: Int32)? {
        guard let spec = ProcessInfo.processInfo.environment["BULLETIN_TEST_WRITE_FAILURE"] else { return nil }
        for item in spec.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0] == name else { continue }
            let parts = pair[1].split(separator: ":")
            let step = String(parts.first ?? "write")
            let codes: [String: Int32] = ["EIO": EIO, "ENOSPC": ENOSPC, "EFBIG": EFBIG, "EDQUOT": EDQUOT]
            return (step, parts.count > 1 ? codes[String(parts[1])] ?? EIO : EIO)
        }
        return nil
    }

    /// The process's file-size limit in bytes (`ulimit -f`), nil when unlimited.
    static var fileSizeLimit: Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return Int(clamping: limit.rlim_cur)
    }

    /// Parts larger than this are inflated only far enough to find their root element when
    /// `Workbook.tempFilesChecked` (see `checkWorkbook`).
    static let inflatedPartBytes = 4 << 20

    /// A workbook libxlsxwriter closed without an error, checked before it is published:
    /// libxlsxwriter 1.1.4 does not check every `fwrite` into the temporary files it zips,
    /// so a part cut short by a full disk or a size limit would be packed as it is, CRC and
    /// all. The file must be a zip whose central directory lists the parts every workbook
    /// has and one worksheet part per `<sheet>` of xl/workbook.xml; every XML part must
    /// start with its root element and end with its end tag; no part and not the file may
    /// have reached the file-size limit (a write there was refused).
    ///
    /// To see a part's end its whole stream is inflated — about a second for a city's
    /// 附件2 (288 MB of sheet XML), on the path to publishing the week. Where every write
    /// into libxlsxwriter's temporary files is checked (`Workbook.tempFilesChecked`:
    /// `Workbook.close()` has thrown for any part cut short, the cause itself rather than
    /// its trace), a part over `inflatedPartBytes` is checked by its size and its start
    /// only; the smaller ones, which are every part of every workbook but the large sheets,
    /// are inflated to their end as before.
    public static func checkWorkbook(at url: URL, name: String) throws {
        try checkWorkbook(at: url, name: name, inflatingWholeUpTo: Workbook.tempFilesChecked ? inflatedPartBytes : .max)
    }

    /// `checkWorkbook(at:name:)` with the parts over `bound` bytes inflated only to their root element.
    static func checkWorkbook(at url: URL, name: String, inflatingWholeUpTo bound: Int) throws {
        func fail(_ why: String) -> OutputWriteError { OutputWriteError(file: name, cause: .failed(why)) }
        let limit = fileSizeLimit
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw fail("写出后无法读回")
        }
        guard !data.isEmpty else { throw fail("文件为空") }
        if let limit, data.count >= limit { throw OutputWriteError(file: name, cause: .tooLarge) }
        let zip: ZipParts
        do {
            zip = try ZipParts(data)
        } catch {
            throw fail("文件不完整（压缩包目录无法读取）")
        }
        var required = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"]
        let workbookXML: Data
        do {
            guard let entry = zip.entry("xl/workbook.xml") else { throw fail("缺少部件 xl/workbook.xml") }
            workbookXML = try zip.read(entry)
        } catch let error as OutputWriteError {
            throw error
        } catch {
            throw fail("部件 xl/workbook.xml 无法读取")
        }
        let sheets = workbookXML.split(separator: UInt8(ascii: "<")).filter { $0.starts(with: Array("sheet ".utf8)) }.count
        guard sheets > 0 else { throw fail("xl/workbook.xml 中没有工作表") }
        required += (1...sheets).map { "xl/worksheets/sheet\($0).xml" }
        for part in required where zip.entry(part) == nil { throw fail("缺少部件 \(part)") }
        for entry in zip.entries.values.sorted(by: { $0.localHeader < $1.localHeader }) {
            if let limit, entry.uncompressedSize >= limit { throw OutputWriteError(file: name, cause: .tooLarge) }
            guard entry.name.hasSuffix(".xml") || entry.name.hasSuffix(".rels") else { continue }
            // Only the first 512 bytes and the last two chunks are kept (no copy per chunk).
            var head = Data(), previous = Data(), last = Data()
            let whole = entry.uncompressedSize <= bound
            do {
                try zip.stream(entry, limit: ZipParts.Limit(bytes: .max, ratio: 1, ratioFrom: .max)) { (piece: Data) throws(WorkbookProblem) -> Bool in
                    if head.count < 512 { head.append(piece.prefix(512 - head.count)) }
                    previous = last
                    last = piece
                    return whole || head.count < 512
                }
            } catch {
                throw fail("部件 \(entry.name) 已损坏")
            }
            let tail = previous.suffix(256) + last.suffix(256)
            guard let root = rootElement(head), !whole || endsWithEndTag(Data(tail), root) else { throw fail("部件 \(entry.name) 不完整") }
        }
    }

    /// The name of the first element after the XML declaration and comments.
    static func rootElement(_ head: Data) -> String? {
        let bytes = [UInt8](head)
        var i = 0
        while let lt = bytes[i...].firstIndex(of: UInt8(ascii: "<")) {
            let next = lt + 1 < bytes.count ? bytes[lt + 1] : 0
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
                i = lt + 1
                continue
            }
            var end = lt + 1
            while end < bytes.count, !" \t\r\n/>".utf8.contains(bytes[end]) { end += 1 }
            guard end < bytes.count, end > lt + 1 else { return nil }
            return String(decoding: bytes[(lt + 1)..<end], as: UTF8.self)
        }
        return nil
    }

    static func endsWithEndTag(_ tail: Data, _ root: String) -> Bool {
        var bytes = [UInt8](tail)
        while let last = bytes.last, " \t\r\n".utf8.contains(last) { bytes.removeLast() }
        return bytes.count >= root.utf8.count + 3 && bytes.suffix(root.utf8.count + 3).elementsEqual(Array("</\(root)>".utf8))
    }
}
