/// A mistake in how bcplan was invoked (exit 64).
public struct UsageProblem: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
