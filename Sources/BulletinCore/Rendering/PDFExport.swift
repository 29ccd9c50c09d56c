import Foundation

/// `--pdf`: PDFs of 周通报.docx and the workbooks, converted by LibreOffice (`soffice`)
/// when it is installed. LibreOffice stamps each PDF with the time of conversion (the
/// CreationDate, a document ID and a checksum over both); those fields are set from the
/// report date and the source file's digest, keeping their lengths (so the cross-reference
/// offsets hold), and two runs give the same bytes with the same LibreOffice and fonts.
public enum PDFExport {
    /// Where LibreOffice is, or nil.
    public static func soffice(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["soffice", "libreoffice"] {
                let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// Why a PDF would be unreadable, or nil when a Chinese font is installed: LibreOffice
    /// draws empty boxes for every Chinese character without one (issue 23.12). Asks
    /// fontconfig (`fc-list :lang=zh`, on PATH) for a font covering Chinese.
    public static func missingCJKFont(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let install = "安装中文字体后重新运行即可（Debian/Ubuntu：sudo apt-get install fonts-noto-cjk）"
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        let fcList = path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("fc-list") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let fcList else { return "无法检查中文字体（未找到 fc-list），未生成 PDF；\(install)" }
        let process = Process()
        process.executableURL = fcList
        process.arguments = [":lang=zh", "family"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "无法检查中文字体（\(fcList.path) 无法运行），未生成 PDF；\(install)"
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let listed = String(decoding: output, as: UTF8.self).contains { !$0.isWhitespace }
        return listed ? nil : "本机没有中文字体，生成的 PDF 中文会显示为空白方框，因此未生成 PDF；\(install)"
    }

    public struct Failure: LocalizedError, Sendable {
        public var message: String
        public var errorDescription: String? { message }
    }

    /// Converts `files` (in `folder`) to PDFs beside them in one LibreOffice run, with a
    /// private profile so it neither needs nor touches the user's. Returns the PDFs' names.
    public static func convert(_ files: [String], in folder: URL, soffice: URL, reportDate: Day) throws -> [String] {
        guard !files.isEmpty else { return [] }
        let fm = FileManager.default
        let profile = fm.temporaryDirectory.appendingPathComponent("bulletin-soffice-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: profile) }
        let process = Process()
        process.executableURL = soffice
        process.arguments = [
            "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--convert-to", "pdf",
            "--outdir", folder.path,
        ] + files.map { folder.appendingPathComponent($0).path }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(message: "无法启动 LibreOffice（\(soffice.path)）：\(error.localizedDescription)")
        }
        process.waitUntilExit()
        var made: [String] = []
        for file in files {
            let pdf = (file as NSString).deletingPathExtension + ".pdf"
            let url = folder.appendingPathComponent(pdf)
            guard fm.fileExists(atPath: url.path) else {
                throw Failure(message: "LibreOffice 未能把 \(file) 转换为 PDF（退出码 \(process.terminationStatus)）")
            }
            let source = try Data(contentsOf: folder.appendingPathComponent(file))
            let fixed = normalised(try Data(contentsOf: url), digest: Digest.sha256(source), day: reportDate)
            try OutputFile.write(fixed, to: url)
            made.append(pdf)
        }
        return made
    }

    /// The PDF with its conversion stamps replaced, byte for byte in place: the dates'
    /// digits by the report date's, every 32-digit hex string of `/ID [...]` and
    /// `/DocChecksum` by the source's digest.
    static func normalised(_ pdf: Data, digest: String, day: Day) -> Data {
        var bytes = [UInt8](pdf)
        let stamp = Array(day.description.replacingOccurrences(of: "-", with: "").utf8) + Array("000000".utf8)
        let hex = Array(digest.uppercased().utf8.prefix(32))
        func find(_ needle: String, from: Int) -> Int? {
            let n = Array(needle.utf8)
            guard n.count <= bytes.count else { return nil }
            var i = from
            while i + n.count <= bytes.count {
                if bytes[i] == n[0] && Array(bytes[i..<i + n.count]) == n { return i }
                i += 1
            }
            return nil
        }
        for key in ["/CreationDate(D:", "/ModDate(D:"] {
            var at = 0
            while let i = find(key, from: at) {
                let start = i + key.utf8.count
                for k in 0..<stamp.count where start + k < bytes.count && (0x30...0x39).contains(bytes[start + k]) {
                    bytes[start + k] = stamp[k]
                }
                at = start
            }
        }
        func isHex(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) }
        for key in ["/ID [", "/DocChecksum /"] {
            var at = 0
            while let i = find(key, from: at) {
                // The hex runs of the next 80 bytes (the ID's two strings, or the checksum).
                var k = i + key.utf8.count
                let end = min(bytes.count, k + 80)
                while k < end {
                    if isHex(bytes[k]) {
                        var run = k
                        while run < bytes.count && isHex(bytes[run]) { run += 1 }
                        if run - k == 32 { for j in 0..<32 { bytes[k + j] = hex[j] } }
                        k = run
                    } else {
                        k += 1
                    }
                }
                at = i + key.utf8.count
            }
        }
        return Data(bytes)
    }
}
