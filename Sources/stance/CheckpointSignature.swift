import Crypto
import EventStore
import Foundation
import StanceDomain

/// Ed25519 signatures of checkpoints (swift-crypto's Curve25519).
///
/// The signed message is the UTF-8 text
///
/// ```text
/// stance checkpoint v1
/// seq <coversSeq>
/// head <hex>
/// <name> <hex>          one line per digest, names sorted
/// ```
///
/// so that another tool can verify a checkpoint from its event alone.
enum CheckpointSignature {
    static func message(coversSeq: Int64, head: String, digests: [String: String]) -> Data {
        var text = "stance checkpoint v1\nseq \(coversSeq)\nhead \(head)\n"
        for (name, digest) in digests.sorted(by: { $0.key < $1.key }) { text += "\(name) \(digest)\n" }
        return Data(text.utf8)
    }

    /// Signs with the private key in `keyFile` (hex, as `stance keygen` writes it).
    static func sign(_ message: Data, keyFile: String) throws -> (signature: String, publicKey: String) {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: try readKey(keyFile, kind: .privateKey))
        let signature = try key.signature(for: message)
        return (hex(signature), hex(key.publicKey.rawRepresentation))
    }

    static func verify(_ message: Data, signature: String, publicKey: String) -> Bool {
        guard let signatureBytes = bytes(hex: signature), let keyBytes = bytes(hex: publicKey),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes) else { return false }
        return key.isValidSignature(signatureBytes, for: message)
    }

    /// Writes a new key pair: `file` holds the private key, `file.pub` the public key, each as hex.
    static func generate(into file: String) throws -> String {
        let publicFile = file + ".pub"
        for path in [file, publicFile] where FileManager.default.fileExists(atPath: path) {
            throw CLIError(.failure, "\(path) already exists; keygen never overwrites a key. Choose another file.")
        }
        let key = Curve25519.Signing.PrivateKey()
        let publicKey = hex(key.publicKey.rawRepresentation)
        let privateText = "\(KeyKind.privateKey.rawValue) \(hex(key.rawRepresentation))\n"
        let publicText = "\(KeyKind.publicKey.rawValue) \(publicKey)\n"
        guard FileManager.default.createFile(atPath: file, contents: Data(privateText.utf8), attributes: [.posixPermissions: 0o600]),
              FileManager.default.createFile(atPath: publicFile, contents: Data(publicText.utf8)) else {
            throw CLIError(.failure, "Cannot write the key pair to \(file) and \(publicFile); check the folder's permissions.")
        }
        return publicKey
    }

    /// What a key file holds, named on its only line so that a public key is never taken for
    /// a private one.
    enum KeyKind: String {
        case privateKey = "stance-ed25519-private-key"
        case publicKey = "stance-ed25519-public-key"

        var name: String { self == .privateKey ? "private key" : "public key" }
    }

    /// Reads a key file as `stance keygen` writes it: the kind, a space, 32 bytes as hex. A
    /// pipe is read to its end, so that a key need not sit on disk (`--key <(pass show stance)`).
    static func readKey(_ path: String, kind: KeyKind) throws -> Data {
        // A key is ~80 bytes; anything longer than this is not one, whatever it is.
        let limit = 4096
        let handle = FileHandle(forReadingAtPath: path)
        defer { try? handle?.close() }
        guard let handle, let data = try? handle.read(upToCount: limit + 1) ?? Data() else {
            throw CLIError(.noInput, "Cannot read the \(kind.name) at \(path).")
        }
        guard data.count <= limit else {
            throw CLIError(.dataError, "\(path) does not hold a \(kind.name) as `stance keygen` writes it.")
        }
        let parts = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        let other: KeyKind = kind == .privateKey ? .publicKey : .privateKey
        if parts.first.map(String.init) == other.rawValue {
            throw CLIError(.dataError, "\(path) holds a \(other.name), not a \(kind.name)\(kind == .privateKey ? "; sign with the file without .pub" : "; trust the .pub file").")
        }
        guard parts.count == 2, parts[0] == kind.rawValue, let bytes = bytes(hex: String(parts[1])), bytes.count == 32 else {
            throw CLIError(.dataError, "\(path) does not hold a \(kind.name) as `stance keygen` writes it.")
        }
        return bytes
    }

    static func hex(_ data: some DataProtocol) -> String {
        data.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(hex: String) -> Data? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var data = Data(capacity: utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let byte = UInt8(String(decoding: utf8[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            data.append(byte)
            index += 2
        }
        return data
    }
}
