import ArgumentParser
import BCPlanCore
import Foundation

/// Standard output and standard error without buffering surprises, and how the process ends.
///
/// A write that fails (a closed pipe, a full disk, a file-size limit) is dropped: `FileHandle.write(_:)`
/// would trap there, and a crash mid-apply must never be what a full disk causes.
struct Output: CommandOutput {
    static let streams = Output()

    func standard(_ text: String) {
        guard !text.isEmpty else { return }
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }

    func error(_ text: String) {
        guard !text.isEmpty else { return }
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    /// Ends a command with `status`: returns for 0, throws the exit code otherwise.
    static func end(_ status: Int32) throws {
        if status != ExitStatus.success { throw ExitCode(status) }
    }

    /// Ends the process with `status` without unwinding (see `ValidateCommand.run`).
    static func exitNow(_ status: Int32) -> Never {
        Foundation.exit(status)
    }

    /// Ends the process at once, from any thread, without running exit handlers (the second
    /// SIGINT or SIGTERM of an apply; `SignalWatch` says why that leaves nothing half-written).
    static func exitImmediately(_ status: Int32) -> Never {
        _exit(status)
    }

    /// The one place an error ends bcplan: a core failure prints its message and exits with its
    /// code; anything else (usage, help, version, an exit code) ends as swift-argument-parser says,
    /// with bcplan's additions (`CommandLineHelp`).
    static func exit(with error: Error, arguments: [String]) -> Never {
        if let failure = error as? CommandFailure {
            streams.error(failure.message)
            exitNow(failure.exitCode)
        }
        CommandLineHelp.exit(withError: error, arguments: arguments)
    }
}
