import Foundation

/// The inputs of planning besides config and state.
public struct PlanOptions: Sendable {
    public var now: Date
    public var allowMassRevoke: Bool
    public var capabilities: ProviderCapabilities

    public init(now: Date, allowMassRevoke: Bool = false, capabilities: ProviderCapabilities = .all) {
        self.now = now
        self.allowMassRevoke = allowMassRevoke
        self.capabilities = capabilities
    }
}
