/// One request to a provider: one action, or several actions of one kind with identical
/// parameters that the platform takes in one call (invitations: up to 50 e-mails; partner shares:
/// up to 50 asset ids of one type for one partner; ending shares: up to 50 asset ids of one type
/// for one partner).
public struct ProviderCall: Sendable, Hashable {
    /// Never empty; all of one kind and one `batchKey`.
    public var actions: [PlanAction]

    public init(_ actions: [PlanAction]) {
        precondition(!actions.isEmpty, "a provider call needs an action")
        self.actions = actions
    }

    public var kind: ActionKind { actions[0].kind }

    /// Actions with the same key can share a call; nil for kinds that always go one by one.
    public static func batchKey(for action: PlanAction) -> String? {
        guard action.manual == nil else { return nil }
        switch action.kind {
        case .invite:
            guard case .object(var parameters) = action.after else { return nil }
            parameters["email"] = nil
            return "invite " + JSONValue.object(parameters).compact()
        case .share:
            guard let partner = action.partner, let asset = action.asset else { return nil }
            return "share \(partner) \(asset.type.rawValue) " + action.after.compact()
        case .unshare:
            guard let partner = action.partner, let asset = action.asset else { return nil }
            return "unshare \(partner) \(asset.type.rawValue)"
        default:
            return nil
        }
    }

    /// The most actions one call of this kind may carry, per the provider's capabilities.
    public static func batchLimit(for kind: ActionKind, capabilities: ProviderCapabilities) -> Int {
        switch kind {
        case .invite: max(1, capabilities.maxInvitationBatch)
        case .share, .unshare: max(1, capabilities.maxShareBatch)
        default: 1
        }
    }
}
