import Crypto
import Foundation

/// The SHA-256 of inputs and outputs, as lowercase hex (manifest.json, verify, the digests of a run).
public enum Digest {
    public static func sha256(_ data: Data) -> String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
