import Foundation

extension UUID {
    /// The UUID in the store's spelling (lowercase, 8-4-4-4-12), written without Foundation's
    /// formatter, which goes through `printf` and shows up in profiles of a large import.
    var canonicalText: String {
        let bytes = withUnsafeBytes(of: uuid) { Array($0) }
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(0x2D) }
            text.append(Self.hexDigits[Int(byte >> 4)])
            text.append(Self.hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses the store's spelling only: 36 bytes, lowercase hex, hyphens at 8, 13, 18 and 23.
    /// Anything else (uppercase included) is nil, so a row that reads back is spelled as hashed.
    init?(canonicalText text: String) {
        var text = text
        guard text.utf8.count == 36 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        var ok = true
        text.withUTF8 { chars in
            var out = 0
            var index = 0
            while index < 36 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    if chars[index] != 0x2D { ok = false; return }
                    index += 1
                    continue
                }
                guard let high = Self.nibble(chars[index]), let low = Self.nibble(chars[index + 1]) else { ok = false; return }
                bytes[out] = high << 4 | low
                out += 1
                index += 2
            }
        }
        guard ok else { return nil }
        self = bytes.withUnsafeBytes { raw in UUID(uuid: raw.loadUnaligned(as: uuid_t.self)) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case 0x30...0x39: char - 0x30
        case 0x61...0x66: char - 0x61 + 10
        default: nil
        }
    }
}
