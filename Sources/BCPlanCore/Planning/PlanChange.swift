/// What one plan action changes, with the values it moves between: one case per `ActionKind`, each
/// with its own payload, so that a share can only carry a permission and an invitation only roles
/// and ad accounts. The plan's `kind`, `id`, `member`, `partner`, `asset`, `before` and `after` are
/// derived from it (the JSON in `PlanChange+JSON`).
public enum PlanChange: Sendable, Hashable {
    /// Invites a new member, with the ad accounts that ride on the invitation.
    case invite(Invitation)
    /// Sends a pending invitation again as `Invitation` says; a changed role goes out this way too.
    case resend(Invitation, previous: SentInvitation)
    /// Removes a member, or cancels a pending invitation.
    case revoke(member: String, roles: MemberRoles, status: MemberStatus)
    case updateRole(member: String, from: MemberRoles, to: MemberRoles)
    case assign(member: String, asset: PlanAssetRef, from: Permission?, to: Permission)
    case unassign(member: String, asset: PlanAssetRef, from: Permission)
    case addPartner(partner: String, name: String?, mediaAgency: Bool)
    /// Ends a partnership and with it every share.
    case removePartner(partner: String, name: String?, status: MemberStatus, shares: Int)
    case share(partner: String, asset: PlanAssetRef, from: Permission?, to: Permission)
    case unshare(partner: String, asset: PlanAssetRef, from: Permission)
    /// Moves the ownership of an asset between two Business Centers (`from`, `to`: BC ids).
    case transfer(asset: PlanAssetRef, from: String, to: String, direction: TransferDirection)
    /// Asks `owner`, another Business Center, for `wanted` access to its asset.
    case requestAccess(asset: PlanAssetRef, owner: String, held: Permission?, wanted: Permission)

    public var kind: ActionKind {
        switch self {
        case .invite: .invite
        case .resend: .resend
        case .revoke: .revoke
        case .updateRole: .updateRole
        case .assign: .assign
        case .unassign: .unassign
        case .addPartner: .addPartner
        case .removePartner: .removePartner
        case .share: .share
        case .unshare: .unshare
        case .transfer: .transfer
        case .requestAccess: .requestAccess
        }
    }

    /// What the action is about, in id order: the member or partner, then the asset.
    public var objects: [PlanObject] {
        switch self {
        case .invite(let invitation), .resend(let invitation, _): [.member(invitation.member)]
        case .revoke(let member, _, _), .updateRole(let member, _, _): [.member(member)]
        case .assign(let member, let asset, _, _), .unassign(let member, let asset, _): [.member(member), .asset(asset.ref)]
        case .addPartner(let partner, _, _), .removePartner(let partner, _, _, _): [.partner(partner)]
        case .share(let partner, let asset, _, _), .unshare(let partner, let asset, _): [.partner(partner), .asset(asset.ref)]
        case .transfer(let asset, _, _, _), .requestAccess(let asset, _, _, _): [.asset(asset.ref)]
        }
    }

    /// `kind:subject[:asset]`: unique in a plan and stable across runs.
    public var id: String {
        ([kind.rawValue] + objects.map(\.idPart)).joined(separator: ":")
    }

    /// The member's e-mail in lower case, for an action on a member.
    public var member: String? {
        for case .member(let email) in objects { return email }
        return nil
    }

    /// The partner whose partnership the action works in (not the other side of a transfer or an
    /// access request).
    public var partnership: String? {
        for case .partner(let id) in objects { return id }
        return nil
    }

    /// The plan's `partner`: the partnership, or the other Business Center of a transfer or an
    /// access request.
    public var partner: String? {
        switch self {
        case .transfer(_, let from, let to, let direction): direction == .incoming ? from : to
        case .requestAccess(_, let owner, _, _): owner
        case .invite, .resend, .revoke, .updateRole, .assign, .unassign, .addPartner, .removePartner, .share, .unshare:
            partnership
        }
    }

    public var asset: PlanAssetRef? {
        switch self {
        case .assign(_, let asset, _, _), .unassign(_, let asset, _), .share(_, let asset, _, _), .unshare(_, let asset, _),
             .transfer(let asset, _, _, _), .requestAccess(let asset, _, _, _):
            asset
        case .invite, .resend, .revoke, .updateRole, .addPartner, .removePartner:
            nil
        }
    }

    /// The invitation an `invite` or `resend` sends.
    public var invitation: Invitation? {
        switch self {
        case .invite(let invitation), .resend(let invitation, _): invitation
        case .revoke, .updateRole, .assign, .unassign, .addPartner, .removePartner, .share, .unshare, .transfer, .requestAccess:
            nil
        }
    }

    /// The assets on which the action grants a member or partner a permission: what must be this
    /// Business Center's before the action runs.
    public var grantedAssets: [AssetRef] {
        switch self {
        case .invite(let invitation), .resend(let invitation, _): invitation.assets.map(\.assetRef)
        case .assign(_, let asset, _, _), .share(_, let asset, _, _): [asset.ref]
        case .revoke, .updateRole, .unassign, .addPartner, .removePartner, .unshare, .transfer, .requestAccess: []
        }
    }

    /// Whether the change gives access, takes it away, or neither (DESIGN §4).
    public var privilege: Privilege {
        switch self {
        case .invite, .addPartner, .requestAccess: .grant
        case .revoke, .unassign, .unshare, .removePartner: .reduce
        case .resend(let invitation, let previous):
            previous.roles == invitation.roles ? .none : MemberRoles.privilege(from: previous.roles, to: invitation.roles)
        case .updateRole(_, let from, let to): MemberRoles.privilege(from: from, to: to)
        case .assign(_, let asset, let from, let to), .share(_, let asset, let from, let to):
            Privilege.of(from: from, to: to, type: asset.type)
        case .transfer(_, _, _, let direction): direction == .incoming ? .grant : .reduce
        }
    }

    /// Ownership and partnerships first, then grants, then reductions.
    public var phase: ExecutionPhase {
        switch self {
        case .addPartner, .requestAccess: .ownership
        case .transfer(_, _, _, let direction): direction == .incoming ? .ownership : .reductions
        case .invite, .resend, .updateRole, .assign, .share: privilege == .reduce ? .reductions : .grants
        case .revoke, .unassign, .unshare, .removePartner: .reductions
        }
    }

    /// The standing of the member the action concerns once it is done, from `before` (nil: not a
    /// member), as the platform treats it: an e-mail already invited is ignored, only a pending
    /// invitation is resent, only an active member's role is changed.
    public func standing(after before: MemberStanding?) -> MemberStanding? {
        switch self {
        case .invite(let invitation):
            before ?? MemberStanding(role: invitation.roles.role, isActive: false)
        case .resend(let invitation, _):
            before.map { $0.isActive ? $0 : MemberStanding(role: invitation.roles.role, isActive: false) }
        case .revoke:
            nil
        case .updateRole(_, _, let to):
            before.map { $0.isActive ? MemberStanding(role: to.role, isActive: true) : $0 }
        case .assign, .unassign, .addPartner, .removePartner, .share, .unshare, .transfer, .requestAccess:
            before
        }
    }
}
