import Foundation

/// Writes to standard output and standard error without buffering surprises.
enum Output {
    static func standard(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension Output {
    /// Ends the process with `status` without unwinding (see `ValidateCommand.run`).
    static func exitNow(_ status: Int32) -> Never {
        exit(status)
    }
}
