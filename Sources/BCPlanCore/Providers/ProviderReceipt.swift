/// What a provider returns for a call that succeeded.
public struct ProviderReceipt: Sendable, Hashable {
    /// The platform's id for the request, for the audit log; nil when it gives none.
    public var requestID: String?

    public init(requestID: String?) {
        self.requestID = requestID
    }
}
