import Foundation
import TestTools
import Testing
@testable import BulletinCore

/// 附件2 as written: 走访明细 continues on 走访明细(2)… with every counted row present once.
/// The split is exercised with a small `maxRowsPerSheet`, not a million rows.
@Suite struct LedgerWorkbookTests {
    func python(_ script: String, _ args: [String]) throws -> String {
        let r = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + args)
        #expect(r.status == 0, "\(r.stderrText)")
        return r.stdoutText
    }

    @Test(.requires(.openpyxl)) func detailSplitsAcrossSheetsWithEveryRowOnce() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        #expect(report.visits.detail.count == 17)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-book-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("附件2.xlsx")
        // 10 rows per sheet: title, subtitle, header and 7 visits → 7 + 7 + 3.
        try AttachmentWorkbooks.writeLedger(report, to: url, created: report.reportDate.chinaMidnightUnixTime, maxRowsPerSheet: 10)
        let script = """
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            print('|'.join(wb.sheetnames))
            refs = []
            for name in wb.sheetnames:
                if not name.startswith('走访明细'):
                    continue
                ws = wb[name]
                header = [c.value for c in ws[3]]
                assert header[0] == '序号' and header[-1] == '报送文件及行号', header
                for row in ws.iter_rows(min_row=4, values_only=True):
                    refs.append(row[-1])
                print(name, ws.max_row - 3)
            print(len(refs), len(set(refs)))
            days = wb['每日报送']
            print('|'.join(str(c.value) for c in days[3]))
            print('|'.join(str(c.value) for c in days[7]))
            """
        let out = try python(script, [url.path]).split(separator: "\n").map(String.init)
        #expect(
            out == [
                "走访明细|走访明细(2)|走访明细(3)|镇街覆盖|样本覆盖|每日报送|问题办理",
                "走访明细 7", "走访明细(2) 7", "走访明细(3) 3",
                "17 17",
                "序号|单位|单位类型|3月8日|3月11日|3月12日|3月13日|按时|迟报|已报送|未报送",
                "4|江北镇|镇街|未报送|迟报（2024-03-12 09:05）|按时|按时|2|1|0|1",
            ])
        // LibreOffice opens the split workbook too, where installed (and always under CI; a
        // private profile, so parallel runs do not clash).
        if try RequiredTool.libreOffice.isUsable(), let soffice = RequiredTool.sofficePath {
            let r = try ChildProcess.run(URL(fileURLWithPath: soffice), [
                "-env:UserInstallation=file://\(dir.path)/lo-profile", "--headless", "--convert-to", "pdf",
                "--outdir", dir.path, url.path,
            ])
            #expect(r.status == 0 && !r.timedOut)
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("附件2.pdf").path))
        }
    }
}
