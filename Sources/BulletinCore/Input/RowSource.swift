import Foundation

/// Opening a submission file's bytes. The default maps the file; tests inject failures.
public enum RowSource {
    public typealias Opener = @Sendable (SubmissionFile) -> Result<Data, OpenFailure>

    public struct OpenFailure: Error, Sendable {
        /// Why, in Chinese, for the finding.
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    /// Reads a file wherever its links lead (for tests and tools; runs use `opener(within:)`).
    public static let mapFile: Opener = { file in read(file.url, within: nil) }

    /// Reads submission files only inside `root`: the path's links are resolved first, the
    /// resolved path must lie inside the input folder, and it is opened without following a
    /// link (a path swapped for a link after the check fails instead of leading elsewhere)
    /// and without waiting on a FIFO; only a regular file is read.
    public static func opener(within root: URL) -> Opener {
        let realRoot = InputTree.realPath(root.path) ?? root.standardizedFileURL.path
        return { file in read(file.url, within: realRoot) }
    }

    static func read(_ url: URL, within realRoot: String?) -> Result<Data, OpenFailure> {
        guard let real = InputTree.realPath(url.path) else {
            return .failure(OpenFailure(errno == ENOENT ? "文件不存在或链接失效" : "无法访问（\(String(cString: strerror(errno)))）"))
        }
        if let realRoot, !real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") {
            return .failure(OpenFailure("链接指向输入文件夹之外"))
        }
        let fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "读取时路径被换成了链接" : (errno == EACCES ? "没有读取权限" : String(cString: strerror(errno)))
            return .failure(OpenFailure("无法打开（\(reason)）"))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return .failure(OpenFailure("不是普通文件")) }
        do {
            return .success(try handle.readToEnd() ?? Data())
        } catch {
            return .failure(OpenFailure("无法读取（\(error.localizedDescription)）"))
        }
    }

    /// The record source for a file's bytes, by the format its name says: CSV, an .xlsx
    /// (preferring, among several visible sheets, one named for the form), or an old
    /// binary workbook that is reported, not read.
    static func records(of data: Data, file: SubmissionFile) -> SubmissionSource {
        switch file.format {
        case .xlsx: return .xlsx(XLSXSource(data: data, preferring: [file.kind.folder, file.kind.label], table: file.kind.table))
        case .legacyWorkbook: return .legacyWorkbook
        case .unsupported(let name): return .unsupported(name)
        case .csv, nil: return .csv(CSVSource(data: data))
        }
    }
}
