/// What each action does to a Business Center, applied to a snapshot: the platform's rule book.
///
/// The mock provider edits its store with the platform's rules enforced (`enforcingRules`); an
/// apply edits the recorded state with them off, to record what a provider reported done. One
/// function per kind, by subject: `SnapshotEditor+Members`, `+Partners`, `+Assets`.
public struct SnapshotEditor: Sendable {
    public internal(set) var snapshot: Snapshot
    public let enforcingRules: Bool

    public init(_ snapshot: Snapshot, enforcingRules: Bool) {
        self.snapshot = snapshot
        self.enforcingRules = enforcingRules
    }

    /// Applies `action`, or throws the rule it breaks and leaves the snapshot as it was.
    /// - Parameters:
    ///   - now: RFC 3339, for invitation times.
    public mutating func apply(_ action: PlanAction, now: String) throws(PlatformRuleViolation) {
        var editor = self
        switch action.change {
        case .invite(let invitation): try editor.invite(invitation, now: now)
        case .resend(let invitation, let previous): try editor.resend(invitation, previous: previous, now: now)
        case .revoke(let member, _, _): try editor.revoke(member)
        case .updateRole(let member, _, let to): try editor.updateRole(member, to: to)
        case .assign(let member, let asset, _, let to): try editor.assign(member, asset.ref, to)
        case .unassign(let member, let asset, _): try editor.unassign(member, asset.ref)
        case .addPartner(let partner, let name, let mediaAgency): editor.addPartner(partner, name: name, mediaAgency: mediaAgency)
        case .removePartner(let partner, _, _, _): try editor.removePartner(partner)
        case .share(let partner, let asset, _, let to): try editor.share(asset.ref, with: partner, to)
        case .unshare(let partner, let asset, _): try editor.unshare(asset.ref, from: partner)
        case .transfer(let asset, _, let to, _): try editor.transfer(asset.ref, to: to)
        case .requestAccess(let asset, let owner, _, let wanted): try editor.requestAccess(asset.ref, from: owner, wanted)
        }
        self = editor
    }

    /// The asset on which `change` may end holds besides the objects it names
    /// (`PlanChange.objects`): a transfer that hands the asset over takes it from every member and
    /// partner holding it. An edit of part of a snapshot (the state recorder's, the mock journal's)
    /// takes those holders in too.
    public static func holdsEnded(by change: PlanChange) -> AssetRef? {
        switch change {
        // Either direction: the edit, not the plan's word for it, decides (`transfer(_:to:)`).
        case .transfer(let asset, _, _, _): asset.ref
        case .invite, .resend, .revoke, .updateRole, .assign, .unassign, .addPartner, .removePartner, .share, .unshare,
             .requestAccess:
            nil
        }
    }

    var ownID: String { snapshot.businessCenter.id }

    // MARK: Rules shared by the kinds

    /// A permission `type` takes: one of its levels, or a non-empty set of its values.
    static func checkValid(_ permission: Permission, for type: AssetType) throws(PlatformRuleViolation) {
        let valid: Bool
        switch permission {
        case .level(let value): valid = !type.takesPermissionSet && type.permissionValues.contains(value)
        case .set(let values): valid = type.takesPermissionSet && !values.isEmpty && values.allSatisfy(type.permissionValues.contains)
        }
        guard valid else { throw PlatformRuleViolation("\(permission) is not a valid permission for a \(type.rawValue)") }
    }

    func checkAdminRoom() throws(PlatformRuleViolation) {
        guard snapshot.members.filter({ $0.role == .admin }).count < PlatformLimits.maxAdmins else {
            throw PlatformRuleViolation("the Business Center already has \(PlatformLimits.maxAdmins) admins, the platform's limit")
        }
    }

    /// A member can be granted an asset this BC owns, or another BC's asset up to the access held.
    func checkGrantable(_ ref: AssetRef, permission: Permission) throws(PlatformRuleViolation) {
        guard let asset = assetIndex(ref).map({ snapshot.assets[$0] }) else {
            throw PlatformRuleViolation("\(ref) is not in the Business Center")
        }
        guard asset.ownerBCID != ownID else { return }
        guard let access = asset.access, access.covers(permission, for: ref.type) else {
            throw PlatformRuleViolation("this Business Center holds \(asset.access?.description ?? "no access") on \(ref), owned by \(asset.ownerBCID); it cannot grant \(permission)")
        }
    }

    /// `list` with `ref`'s permission replaced by `permission`, or removed when it is nil; sorted.
    static func setting(_ ref: AssetRef, to permission: Permission?, in list: [AssetPermissionRecord]) -> [AssetPermissionRecord] {
        var result = list.filter { $0.assetRef != ref }
        if let permission { result.append(AssetPermissionRecord(type: ref.type, id: ref.id, permission: permission)) }
        return result.sorted()
    }

    // MARK: Lookup

    func memberIndex(_ email: String) -> Int? {
        snapshot.members.firstIndex { $0.normalizedEmail == email }
    }

    func partnerIndex(_ id: String) -> Int? {
        snapshot.partners.firstIndex { $0.bcID == id }
    }

    func assetIndex(_ ref: AssetRef) -> Int? {
        snapshot.assets.firstIndex { $0.id == ref.id && $0.type == ref.type }
    }
}
