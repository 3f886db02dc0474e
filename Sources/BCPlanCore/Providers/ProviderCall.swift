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

    /// What actions must share to go in one call.
    public enum BatchKey: Sendable, Hashable {
        /// Invitations with the same roles and ad accounts.
        case invitation(MemberRoles, [AssetPermissionRecord])
        case share(partner: String, type: AssetType, permission: Permission)
        case unshare(partner: String, type: AssetType)
    }

    /// Actions with the same key can share a call; nil for actions that always go one by one.
    public static func batchKey(for action: PlanAction) -> BatchKey? {
        guard action.manual == nil else { return nil }
        switch action.change {
        case .invite(let invitation): return .invitation(invitation.roles, invitation.assets)
        case .share(let partner, let asset, _, let permission): return .share(partner: partner, type: asset.type, permission: permission)
        case .unshare(let partner, let asset, _): return .unshare(partner: partner, type: asset.type)
        case .resend, .revoke, .updateRole, .assign, .unassign, .addPartner, .removePartner, .transfer, .requestAccess: return nil
        }
    }

    /// The most actions one call of this kind may carry, per the provider's capabilities.
    public static func batchLimit(for kind: ActionKind, capabilities: ProviderCapabilities) -> Int {
        switch kind {
        case .invite: max(1, capabilities.maxInvitationBatch)
        case .share, .unshare: max(1, capabilities.maxShareBatch)
        case .resend, .revoke, .updateRole, .assign, .unassign, .addPartner, .removePartner, .transfer, .requestAccess: 1
        }
    }
}
