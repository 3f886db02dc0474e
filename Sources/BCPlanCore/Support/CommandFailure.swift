/// A command that cannot go on: what to print on stderr and the exit code (DESIGN §6).
public struct CommandFailure: Error, Sendable {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = ExitStatus.failure) {
        self.message = message.hasSuffix("\n") ? message : message + "\n"
        self.exitCode = exitCode
    }

    /// "error: <sentence>".
    public static func error(_ sentence: CustomStringConvertible) -> CommandFailure {
        CommandFailure("error: \(sentence.description)")
    }

    /// "error: <sentence>", for a mistake in how bcplan was invoked (exit 64).
    public static func usage(_ sentence: CustomStringConvertible) -> CommandFailure {
        CommandFailure("error: \(sentence.description)", exitCode: ExitStatus.usage)
    }
}
