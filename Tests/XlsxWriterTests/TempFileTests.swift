import CCheckedTempFiles
import CXlsxWriter
import Foundation
import Synchronization
import Testing
@testable import XlsxWriter

/// libxlsxwriter's temporary files (every part of a workbook passes through one in
/// `workbook_close`) are CCheckedTempFiles': the same bytes, and every failed write noted on
/// the thread that made it, so `Workbook.close()` can refuse a part cut short.
@Suite struct TempFileTests {
    /// The checked `lxw_tmpfile` is the one libxlsxwriter calls in this process.
    @Test func libxlsxwriterGetsTheCheckedTemporaryFiles() {
        #expect(Workbook.tempFilesChecked)
    }

    @Test func aTemporaryFileReadsBackWhatWasWritten() throws {
        bulletin_temp_watch_begin(0)
        let file = try #require(lxw_tmpfile(nil))
        let bytes = (0..<200_000).map { UInt8($0 % 251) }
        #expect(fwrite(bytes, 1, bytes.count, file) == bytes.count)
        #expect(fflush(file) == 0)
        #expect(ftell(file) == bytes.count)
        rewind(file)
        var back = [UInt8](repeating: 0, count: bytes.count + 10)
        #expect(fread(&back, 1, back.count, file) == bytes.count)
        #expect(feof(file) != 0)
        #expect(Array(back.prefix(bytes.count)) == bytes)
        #expect(fseek(file, 1_000, SEEK_SET) == 0)
        var ten = [UInt8](repeating: 0, count: 10)
        #expect(fread(&ten, 1, 10, file) == 10)
        #expect(ten == Array(bytes[1_000..<1_010]))
        #expect(fclose(file) == 0)
        #expect(bulletin_temp_watch_end() == 0)
    }

    /// A write that fails (here by the test seam, as a full disk would make it) is noted on
    /// this thread until the watch ends, and only there.
    @Test func aFailedWriteIsNotedOnItsThread() throws {
        bulletin_temp_watch_begin(ENOSPC)
        let file = try #require(lxw_tmpfile(nil))
        #expect(fputs("<worksheet>", file) >= 0)
        #expect(fflush(file) != 0)
        #expect(ferror(file) != 0)
        fclose(file)
        let seen = Seen()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            seen.value.withLock { $0 = bulletin_temp_watch_end() }
            done.signal()
        }
        done.wait()
        #expect(seen.value.withLock { $0 } == 0)
        #expect(bulletin_temp_watch_end() == ENOSPC)
        #expect(bulletin_temp_watch_end() == 0)
    }

    /// A workbook written while the temporary files are watched closes with no failure noted
    /// and stays readable (the bytes are libxlsxwriter's, only the file handle differs).
    @Test func aWorkbookClosesThroughTheCheckedFiles() throws {
        let dir = try TemporaryDirectory()
        let workbook = try Workbook(path: dir.path("t.xlsx"), creationTime: 1_704_164_645)
        let sheet = try workbook.addWorksheet(name: "S")
        for row in 0..<2_000 { try sheet.writeString(row: row, col: 0, String(repeating: "字", count: 40)) }
        _ = try workbook.close()
        let size = try FileManager.default.attributesOfItem(atPath: dir.path("t.xlsx"))[.size] as? Int
        #expect((size ?? 0) > 1_000)
        #expect(!FileManager.default.fileExists(atPath: dir.path("t.xlsx") + ".partial"))
    }
}

/// What another thread saw.
private final class Seen: Sendable {
    let value = Mutex<Int32>(-1)
}
