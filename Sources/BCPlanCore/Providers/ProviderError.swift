/// A provider that could not do what was asked, said in one sentence.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// True when trying again later may succeed.
    public var isTransient: Bool
    /// The platform's id for the failed request, when it gave one.
    public var requestID: String?
    /// A write whose answer never came (timed out, connection cut after sending): it may or may
    /// not have happened. The TikTok provider reads the Business Center back before deciding.
    var outcomeUnknown = false

    public init(_ message: String, isTransient: Bool = false, requestID: String? = nil) {
        self.message = message
        self.isTransient = isTransient
        self.requestID = requestID
    }

    public var description: String { message }
}
