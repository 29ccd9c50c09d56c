import CXlsxWriter
import CCheckedTempFiles
import CThreadSafeTime
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much a workbook holds: what the benchmark's floor writes the same amount of.
public struct WorkbookStats: Sendable, Hashable {
    public var cells = 0
    /// UTF-8 bytes of the text cells.
    public var textBytes = 0
    /// The widest row written.
    public var columns = 0
    public init() {}
}

/// One .xlsx file being written. Owns the `lxw_workbook*`; worksheets keep their
/// workbook alive, and every call after `close()` throws instead of touching freed memory.
///
/// The library writes to "<path>.partial" and `close()` renames it into place, so `path`
/// only ever holds a complete file. Call `close()`: a workbook dropped without it (for
/// example because an error was thrown half-way) is discarded and `path` is left untouched.
public final class Workbook {
    public struct Properties: Sendable {
        public var title: String?
        public var subject: String?
        public var author: String?
        public var company: String?
        public var comments: String?

        public init(title: String? = nil, subject: String? = nil, author: String? = nil,
                    company: String? = nil, comments: String? = nil) {
            self.title = title
            self.subject = subject
            self.author = author
            self.company = company
            self.comments = comments
        }
    }

    public let path: String
    /// Rows are streamed to disk as they are finished; see `Worksheet` for the ordering rule.
    public let isConstantMemory: Bool
    public private(set) var worksheetNames: [String] = []

    /// nil once closed: `workbook_close` frees everything, whatever it returns.
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private let partialPath: String
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    private var sheetNameKeys: Set<String> = []
    /// Worksheets whose rows are lent to another thread (`Worksheet.lendRows`).
    var rowsLent = 0
    /// Whether tables write their rows straight into the row stream where libxlsxwriter
    /// would write the same bytes (`DirectRow`); false writes every cell through the
    /// library, which the tests compare against.
    var directRows = true
    /// The sheets' C handles, to check their row streams before the close.
    private var sheetHandles: [UnsafeMutablePointer<lxw_worksheet>] = []

    /// - Parameter creationTime: unix seconds stored as the document's creation time.
    ///   Must be fixed by the caller (not "now") so the same input gives the same bytes;
    ///   0 is refused because libxlsxwriter would substitute the current time.
    public init(path: String, creationTime: Int, constantMemory: Bool = true,
                properties: Properties = Properties()) throws {
        guard creationTime > 0 else {
            throw XlsxError(.invalidArgument, "Workbook.init", "creationTime must be a fixed, non-zero unix time")
        }
        guard !path.isEmpty, !path.contains("\0") else {
            throw XlsxError(.invalidArgument, "Workbook.init", "invalid output path '\(path)'")
        }
        self.path = path
        self.partialPath = path + ".partial"
        self.isConstantMemory = constantMemory

        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        guard let created = partialPath.withCString({ workbook_new_opt($0, &options) }) else {
            throw XlsxError(.nullResult, "workbook_new_opt", "libxlsxwriter could not create a workbook for \(path)")
        }
        let code = Self.setProperties(properties, creationTime: creationTime, on: created)
        guard code == LXW_NO_ERROR else {
            // No worksheets yet, so freeing directly releases everything and writes nothing.
            lxw_workbook_free(created)
            throw XlsxError.library(code, "workbook_set_properties")
        }
        handle = created
    }

    deinit {
        guard let handle else { return }
        // Abandoned without close(). workbook_close is the only 1.1.4 call that releases
        // everything (lxw_workbook_free leaks constant_memory temp files), so let it write
        // the partial file and then delete that: the destination path is never touched.
        _ = workbook_close(handle)
        unlink(partialPath)
    }

    public func addWorksheet(name: String) throws -> Worksheet {
        let workbook = try liveHandle("workbook_add_worksheet")
        try SheetName.validate(name, existingKeys: sheetNameKeys)
        guard let sheet = name.withCString({ workbook_add_worksheet(workbook, $0) }) else {
            throw XlsxError(.nullResult, "workbook_add_worksheet", sheet: name, "libxlsxwriter refused the worksheet")
        }
        // Only this Workbook's thread writes the sheet: its row stream need not be locked
        // per fprintf (see shim.h).
        if isConstantMemory { _ = bulletin_worksheet_stream_by_caller(sheet) }
        sheetNameKeys.insert(SheetName.key(name))
        sheetHandles.append(sheet)
        worksheetNames.append(name)
        return Worksheet(workbook: self, handle: sheet, name: name)
    }

    /// Writes the file and releases the C workbook. Throws if the library fails (for
    /// example the directory does not exist) or the finished file cannot be moved into place.
    @discardableResult
    public func close() throws -> WorkbookStats {
        let workbook = try liveHandle("workbook_close")
        // workbook_close frees the worksheets, so not while one's rows are being written elsewhere.
        guard rowsLent == 0 else {
            throw XlsxError(.invalidArgument, "workbook_close", "\(rowsLent) worksheet(s) still being written on another thread")
        }
        // Rows lost on the way into a sheet's temporary file (a full disk, EFBIG) are a
        // failure the library would not report: checked while the streams are open.
        var streamFailure: (sheet: String, code: Int32)?
        for (i, sheet) in sheetHandles.enumerated() where streamFailure == nil {
            var code = bulletin_worksheet_stream_error(sheet)
            if Self.injectedSheetFailure(path: path), i == 0 { code = EIO }
            if code != 0 {
                let size = bulletin_worksheet_stream_size(sheet)
                if let limit = Self.fileSizeLimit, size >= limit { code = EFBIG }
                streamFailure = (worksheetNames[i], code)
            }
        }
        handle = nil
        formats.removeAll()
        sheetHandles.removeAll()
        // Every part is written into a temporary file and zipped from it in workbook_close,
        // whose writes libxlsxwriter does not check: CCheckedTempFiles notes any that failed
        // on this thread (the whole close runs on it).
        bulletin_temp_watch_begin(Self.injectedPartFailure(path: path) ? EIO : 0)
        errno = 0
        let code = workbook_close(workbook)
        let closeErrno = errno
        let tempFailure = bulletin_temp_watch_end()
        if let streamFailure {
            unlink(partialPath)
            var error = XlsxError(
                .fileSystem, "fprintf", sheet: streamFailure.sheet,
                "rows could not be written to the sheet's temporary file: \(String(cString: strerror(streamFailure.code)))")
            error.systemErrno = streamFailure.code
            throw error
        }
        guard code == LXW_NO_ERROR else {
            unlink(partialPath)
            var error = XlsxError.library(code, "workbook_close", context: "writing \(path)")
            error.systemErrno = tempFailure != 0 ? tempFailure : closeErrno
            throw error
        }
        if tempFailure != 0 {
            // The library zipped what reached the file and reported nothing.
            unlink(partialPath)
            var error = XlsxError(
                .fileSystem, "fwrite", "a part could not be written to its temporary file: \(String(cString: strerror(tempFailure)))")
            error.systemErrno = tempFailure
            throw error
        }
        if rename(partialPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(partialPath)
            throw XlsxError(.fileSystem, "rename", "could not move the finished workbook to \(path): \(reason)")
        }
        return stats
    }

    /// The process's file-size limit in bytes (`ulimit -f`), nil when unlimited.
    static var fileSizeLimit: Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return Int(clamping: limit.rlim_cur)
    }

    /// The test seam of the output writers (`BULLETIN_TEST_WRITE_FAILURE=<file>=part`): every
    /// write into a temporary file during the close of the workbook at `path` fails with EIO,
    /// as a full temporary folder would make it.
    static func injectedPartFailure(path: String) -> Bool {
        guard let spec = ProcessInfo.processInfo.environment["BULLETIN_TEST_WRITE_FAILURE"] else { return false }
        let name = (path as NSString).lastPathComponent
        return spec.split(separator: ",").contains { $0 == "\(name)=part" }
    }

    /// The test seam of the output writers (`BULLETIN_TEST_WRITE_FAILURE=<file>=sheet`): the
    /// first sheet's row stream of the workbook at `path` is taken as failed, as a write
    /// lost to a full temporary folder would leave it.
    static func injectedSheetFailure(path: String) -> Bool {
        guard let spec = ProcessInfo.processInfo.environment["BULLETIN_TEST_WRITE_FAILURE"] else { return false }
        let name = (path as NSString).lastPathComponent
        return spec.split(separator: ",").contains { $0 == "\(name)=sheet" }
    }

    /// What has been written so far (cells, their text), for the benchmark.
    public internal(set) var stats = WorkbookStats()

    // MARK: - Internal plumbing for Worksheet

    func liveHandle(_ operation: String, sheet: String? = nil) throws -> UnsafeMutablePointer<lxw_workbook> {
        guard let handle else {
            throw XlsxError(.workbookClosed, operation, sheet: sheet, "the workbook has already been closed")
        }
        return handle
    }

    /// One libxlsxwriter format per distinct style; `.plain` maps to no format at all.
    func format(_ style: CellStyle?, sheet: String? = nil) throws -> UnsafeMutablePointer<lxw_format>? {
        guard let style, style != .plain else { return nil }
        if let cached = formats[style] { return cached }
        let workbook = try liveHandle("workbook_add_format", sheet: sheet)
        try style.validate()
        guard let format = workbook_add_format(workbook) else {
            throw XlsxError(.nullResult, "workbook_add_format", sheet: sheet, "libxlsxwriter could not allocate a format")
        }
        style.apply(to: format)
        formats[style] = format
        return format
    }

    private static func setProperties(_ properties: Properties, creationTime: Int,
                                      on workbook: UnsafeMutablePointer<lxw_workbook>) -> lxw_error {
        // The library copies every string, so these only need to live for the call.
        let texts = [properties.title, properties.subject, properties.author, properties.company, properties.comments]
        let copies = texts.map { text in text.flatMap { strdup(CellText.xmlSafe($0)) } }
        defer { copies.forEach { free($0) } }

        var doc = lxw_doc_properties()
        doc.title = copies[0]
        doc.subject = copies[1]
        doc.author = copies[2]
        doc.company = copies[3]
        doc.comments = copies[4]
        doc.created = time_t(creationTime)
        return workbook_set_properties(workbook, &doc)
    }
}

extension Workbook {
    /// Whether `gmtime`, which libxlsxwriter 1.1.4 formats a workbook's creation time with in
    /// `workbook_close`, is CThreadSafeTime's per-thread one in this process rather than
    /// glibc's, whose one buffer is shared by every thread: then workbooks with different
    /// creation times (two weeks written side by side by `run --all`) can close at the same
    /// moment and each keeps its own date. The tests check it; nothing else needs to.
    static var gmtimeIsPerThread: Bool { bulletin_gmtime_is_per_thread() != 0 }

    /// Whether libxlsxwriter's temporary files are CCheckedTempFiles' in this process, whose
    /// every write is checked: then `close()` throws for a part any of them cut short, and a
    /// closed workbook's parts need not be inflated to be trusted whole (the tests check it;
    /// where it is false, `OutputFile.checkWorkbook` inflates every part).
    public static let tempFilesChecked = bulletin_temp_files_checked() != 0
}
