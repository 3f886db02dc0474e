/// A provider that could not do what was asked, said in one sentence.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// True when trying again later may succeed.
    public var isTransient: Bool

    public init(_ message: String, isTransient: Bool = false) {
        self.message = message
        self.isTransient = isTransient
    }

    public var description: String { message }
}
