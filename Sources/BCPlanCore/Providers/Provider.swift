/// Where live state is read (and, with `apply`, where changes are made).
public protocol Provider: Sendable {
    var capabilities: ProviderCapabilities { get }

    /// The whole Business Center as it is now.
    func read() throws(ProviderError) -> Snapshot
}
