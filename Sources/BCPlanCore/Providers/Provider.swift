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

    /// Called once an apply made its last call. A provider that keeps its writes in a journal
    /// (the mock) puts them in their final form here. Every call was committed already, so a
    /// failure is only a notice to print (returned), never lost work.
    func finish() -> String?
}

extension Provider {
    public var writeRefusal: String? { nil }
    public func finish() -> String? { nil }
}
