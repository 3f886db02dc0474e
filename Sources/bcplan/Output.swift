import Foundation

/// Writes to standard output and standard error without buffering surprises.
///
/// A write that fails (a closed pipe, a full disk, a file-size limit) is dropped: `FileHandle.write(_:)`
/// would trap there, and a crash mid-apply must never be what a full disk causes.
enum Output {
    static func standard(_ text: String) {
        guard !text.isEmpty else { return }
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }

    static func error(_ text: String) {
        guard !text.isEmpty else { return }
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }
}

extension Output {
    /// Ends the process with `status` without unwinding (see `ValidateCommand.run`).
    static func exitNow(_ status: Int32) -> Never {
        exit(status)
    }
}
