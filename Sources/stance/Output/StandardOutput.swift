import Foundation

/// Writes to standard output and standard error without Foundation's `print` buffering
/// surprises: text goes out as UTF-8 bytes exactly.
enum StandardOutput {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func line(_ text: String) {
        write(text + "\n")
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
