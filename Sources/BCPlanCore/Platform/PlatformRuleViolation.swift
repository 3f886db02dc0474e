/// A change the platform refuses, said as the platform's reason.
public struct PlatformRuleViolation: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
