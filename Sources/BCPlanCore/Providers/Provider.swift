/// Where live state is read and where changes are made (DESIGN §3).
public protocol Provider: Sendable {
    var capabilities: ProviderCapabilities { get }

    /// The whole Business Center as it is now.
    func read() async throws(ProviderError) -> Snapshot

    /// Performs one call: a single action, or a batch of compatible ones (see `ProviderCall`) that
    /// succeeds or fails as a whole.
    func perform(_ call: ProviderCall) async throws(ProviderError) -> ProviderReceipt

    /// Why this provider cannot make changes (the credentials' user may only read), known once
    /// `read()` ran; nil when it can.
    var writeRefusal: String? { get }
}

extension Provider {
    public var writeRefusal: String? { nil }
}
