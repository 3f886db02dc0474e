/// What each action does to a Business Center, applied to a snapshot.
///
/// The mock provider edits its store with the platform's rules enforced (`enforcingRules`); the
/// executor edits the recorded state with them off, to record what a provider reported done.
public struct SnapshotEditor: Sendable {
    /// The platform's limits (DESIGN §1).
    public static let maxMembers = 4_000
    public static let maxAdmins = 20

    public private(set) var snapshot: Snapshot
    public let enforcingRules: Bool

    public init(_ snapshot: Snapshot, enforcingRules: Bool) {
        self.snapshot = snapshot
        self.enforcingRules = enforcingRules
    }

    /// Applies `action`, or throws the rule it breaks and leaves the snapshot as it was.
    /// - Parameters:
    ///   - now: RFC 3339, for invitation times.
    public mutating func apply(_ action: PlanAction, now: String) throws(PlatformRuleViolation) {
        var copy = snapshot
        try Self.apply(action, to: &copy, now: now, rules: enforcingRules)
        snapshot = copy
    }

    // MARK: The rules, per kind

    private static func apply(_ action: PlanAction, to snapshot: inout Snapshot, now: String, rules: Bool) throws(PlatformRuleViolation) {
        let ownID = snapshot.businessCenter.id
        switch action.kind {
        case .invite:
            let email = try memberEmail(action)
            // Like the platform, an e-mail already invited or already a member is ignored.
            guard memberIndex(email, in: snapshot) == nil else { return }
            let (role, finance, assets) = try invitation(action)
            if rules {
                guard snapshot.members.count < maxMembers else {
                    throw PlatformRuleViolation("the Business Center already has \(maxMembers) members, the platform's limit")
                }
                if role == .admin { try checkAdminRoom(snapshot) }
                try checkInvitationAssets(assets, in: snapshot)
            }
            snapshot.members.append(MemberRecord(
                email: action.after["email"]?.stringValue ?? email, status: .pending, role: role, finance: finance,
                invitedAt: now, resends: 0, assets: assets))
        case .resend:
            let email = try memberEmail(action)
            guard let index = memberIndex(email, in: snapshot) else {
                throw PlatformRuleViolation("\(email) has no invitation to re-send")
            }
            guard snapshot.members[index].status == .pending else {
                if rules { throw PlatformRuleViolation("\(email) has already accepted the invitation") }
                return
            }
            let (role, finance, assets) = try invitation(action)
            if rules {
                if role == .admin, snapshot.members[index].role != .admin { try checkAdminRoom(snapshot) }
                try checkInvitationAssets(assets, in: snapshot)
            }
            snapshot.members[index].role = role
            snapshot.members[index].finance = finance
            snapshot.members[index].assets = assets
            snapshot.members[index].invitedAt = now
            snapshot.members[index].resends = action.after["resends"]?.intValue ?? snapshot.members[index].resends + 1
        case .revoke:
            let email = try memberEmail(action)
            guard let index = memberIndex(email, in: snapshot) else {
                if rules { throw PlatformRuleViolation("\(email) is not a member of the Business Center") }
                return
            }
            if rules, isActiveAdmin(snapshot.members[index]), activeAdmins(snapshot) <= 1 {
                throw PlatformRuleViolation("\(email) is the last active admin; a Business Center must keep one")
            }
            snapshot.members.remove(at: index)
        case .updateRole:
            let email = try memberEmail(action)
            guard let index = memberIndex(email, in: snapshot) else {
                throw PlatformRuleViolation("\(email) is not a member of the Business Center")
            }
            guard let roleText = action.after["role"]?.stringValue, let role = MemberRole(rawValue: roleText) else {
                throw PlatformRuleViolation("update_role \(email) names no valid role")
            }
            let finance = action.after["finance"]?.stringValue.flatMap(FinanceRole.init(rawValue:))
            if rules {
                guard snapshot.members[index].status == .active else {
                    throw PlatformRuleViolation("\(email) has not accepted the invitation yet; only an active member's role can be changed")
                }
                if role == .admin, snapshot.members[index].role != .admin { try checkAdminRoom(snapshot) }
                if role != .admin, isActiveAdmin(snapshot.members[index]), activeAdmins(snapshot) <= 1 {
                    throw PlatformRuleViolation("\(email) is the last active admin; a Business Center must keep one")
                }
            }
            snapshot.members[index].role = role
            snapshot.members[index].finance = finance
        case .assign, .unassign:
            let email = try memberEmail(action)
            let ref = try assetRef(action)
            guard let index = memberIndex(email, in: snapshot) else {
                throw PlatformRuleViolation("\(email) is not a member of the Business Center")
            }
            var granted: Permission?
            if action.kind == .assign {
                let permission = try permission(action.after["permission"], for: ref.type)
                if rules {
                    if ref.type != .adAccount, snapshot.members[index].status != .active {
                        throw PlatformRuleViolation("\(email) has not accepted the invitation yet; only an active member can be assigned a \(ref.type.rawValue)")
                    }
                    try checkGrantable(ref, permission: permission, in: snapshot)
                }
                granted = permission
            }
            snapshot.members[index].assets = setting(ref, to: granted, in: snapshot.members[index].assets)
        case .addPartner:
            let partner = try partnerID(action)
            guard partnerIndex(partner, in: snapshot) == nil else { return }
            snapshot.partners.append(PartnerRecord(
                bcID: partner, name: action.after["name"]?.stringValue, status: .pending,
                mediaAgency: action.after["media_agency"] == .bool(true)))
        case .removePartner:
            let partner = try partnerID(action)
            guard let index = partnerIndex(partner, in: snapshot) else {
                if rules { throw PlatformRuleViolation("\(partner) is not a partner of the Business Center") }
                return
            }
            // Removing a partner ends all its shares with it.
            snapshot.partners.remove(at: index)
        case .share, .unshare:
            let partner = try partnerID(action)
            let ref = try assetRef(action)
            guard let index = partnerIndex(partner, in: snapshot) else {
                throw PlatformRuleViolation("\(partner) is not a partner of the Business Center")
            }
            var granted: Permission?
            if action.kind == .share {
                granted = try permission(action.after["permission"], for: ref.type)
                if rules {
                    guard let asset = assetIndex(ref, in: snapshot).map({ snapshot.assets[$0] }), asset.ownerBCID == ownID else {
                        throw PlatformRuleViolation("\(ref) is not owned by this Business Center; only owned assets can be shared")
                    }
                }
            }
            snapshot.partners[index].shares = setting(ref, to: granted, in: snapshot.partners[index].shares)
        case .transfer:
            let ref = try assetRef(action)
            guard let newOwner = action.after["owner_bc_id"]?.stringValue else {
                throw PlatformRuleViolation("transfer of \(ref) names no new owner")
            }
            guard let index = assetIndex(ref, in: snapshot) else {
                throw PlatformRuleViolation("\(ref) is not in the Business Center")
            }
            let owner = snapshot.assets[index].ownerBCID
            if rules, owner != ownID, newOwner != ownID {
                throw PlatformRuleViolation("\(ref) is owned by \(owner); this Business Center can only transfer its own assets or receive one")
            }
            snapshot.assets[index].ownerBCID = newOwner
            snapshot.assets[index].access = nil
            snapshot.assets[index].requested = nil
            if newOwner != ownID {
                // Handed over: this Business Center's members and partners lose it with the ownership.
                for member in snapshot.members.indices { snapshot.members[member].assets.removeAll { $0.assetRef == ref } }
                for partner in snapshot.partners.indices { snapshot.partners[partner].shares.removeAll { $0.assetRef == ref } }
            }
        case .requestAccess:
            let ref = try assetRef(action)
            let wanted = try permission(action.after["access"], for: ref.type)
            guard let index = assetIndex(ref, in: snapshot) else {
                // A first request: the asset becomes known, with the request pending.
                guard let owner = action.partner, owner != ownID else {
                    throw PlatformRuleViolation("request_access for \(ref) names no other Business Center as its owner")
                }
                snapshot.assets.append(AssetRecord(type: ref.type, id: ref.id, ownerBCID: owner, requested: wanted))
                return
            }
            if rules, snapshot.assets[index].ownerBCID == ownID {
                throw PlatformRuleViolation("\(ref) is owned by this Business Center; access is requested only from another one")
            }
            snapshot.assets[index].requested = wanted
        }
    }

    /// `list` with `ref`'s permission replaced by `permission`, or removed when it is nil; sorted.
    private static func setting(_ ref: AssetRef, to permission: Permission?, in list: [AssetPermissionRecord]) -> [AssetPermissionRecord] {
        var result = list.filter { $0.assetRef != ref }
        if let permission { result.append(AssetPermissionRecord(type: ref.type, id: ref.id, permission: permission)) }
        return result.sorted()
    }

    // MARK: Reading the action

    private static func memberEmail(_ action: PlanAction) throws(PlatformRuleViolation) -> String {
        guard let member = action.member else { throw PlatformRuleViolation("\(action.id) names no member") }
        return member.lowercased()
    }

    private static func partnerID(_ action: PlanAction) throws(PlatformRuleViolation) -> String {
        guard let partner = action.partner else { throw PlatformRuleViolation("\(action.id) names no partner") }
        return partner
    }

    private static func assetRef(_ action: PlanAction) throws(PlatformRuleViolation) -> AssetRef {
        guard let asset = action.asset else { throw PlatformRuleViolation("\(action.id) names no asset") }
        return asset.ref
    }

    private static func invitation(_ action: PlanAction) throws(PlatformRuleViolation) -> (MemberRole, FinanceRole?, [AssetPermissionRecord]) {
        guard let roleText = action.after["role"]?.stringValue, let role = MemberRole(rawValue: roleText) else {
            throw PlatformRuleViolation("\(action.id) names no valid role")
        }
        let finance = action.after["finance"]?.stringValue.flatMap(FinanceRole.init(rawValue:))
        var assets: [AssetPermissionRecord] = []
        for item in action.after["assets"]?.arrayValue ?? [] {
            guard let typeText = item["type"]?.stringValue, let type = AssetType(rawValue: typeText),
                  let id = item["id"]?.stringValue else {
                throw PlatformRuleViolation("\(action.id) carries an asset without a valid type and id")
            }
            assets.append(AssetPermissionRecord(type: type, id: id, permission: try permission(item["permission"], for: type)))
        }
        return (role, finance, assets.sorted())
    }

    private static func permission(_ value: JSONValue?, for type: AssetType) throws(PlatformRuleViolation) -> Permission {
        let permission: Permission
        switch value {
        case .string(let text)?: permission = .level(text)
        case .array(let items)?: permission = .makeSet(items.compactMap(\.stringValue))
        default: throw PlatformRuleViolation("a \(type.rawValue) permission is missing")
        }
        let valid = type.takesPermissionSet
            ? (!permission.values.isEmpty && permission.values.allSatisfy(type.permissionValues.contains) && { if case .set = permission { true } else { false } }())
            : ({ if case .level(let value) = permission { type.permissionValues.contains(value) } else { false } }())
        guard valid else { throw PlatformRuleViolation("\(permission) is not a valid permission for a \(type.rawValue)") }
        return permission
    }

    // MARK: Rules

    private static func checkAdminRoom(_ snapshot: Snapshot) throws(PlatformRuleViolation) {
        guard snapshot.members.filter({ $0.role == .admin }).count < maxAdmins else {
            throw PlatformRuleViolation("the Business Center already has \(maxAdmins) admins, the platform's limit")
        }
    }

    private static func checkInvitationAssets(_ assets: [AssetPermissionRecord], in snapshot: Snapshot) throws(PlatformRuleViolation) {
        for asset in assets {
            guard asset.type.ridesOnInvitation else {
                throw PlatformRuleViolation("only ad accounts can be granted with an invitation, not \(asset.assetRef)")
            }
            try checkGrantable(asset.assetRef, permission: asset.permission, in: snapshot)
        }
    }

    /// A member can be granted an asset this BC owns, or another BC's asset up to the access held.
    private static func checkGrantable(_ ref: AssetRef, permission: Permission, in snapshot: Snapshot) throws(PlatformRuleViolation) {
        guard let asset = assetIndex(ref, in: snapshot).map({ snapshot.assets[$0] }) else {
            throw PlatformRuleViolation("\(ref) is not in the Business Center")
        }
        guard asset.ownerBCID != snapshot.businessCenter.id else { return }
        guard let access = asset.access, access.covers(permission, for: ref.type) else {
            throw PlatformRuleViolation("this Business Center holds \(asset.access?.description ?? "no access") on \(ref), owned by \(asset.ownerBCID); it cannot grant \(permission)")
        }
    }

    private static func isActiveAdmin(_ member: MemberRecord) -> Bool { member.status == .active && member.role == .admin }

    private static func activeAdmins(_ snapshot: Snapshot) -> Int { snapshot.members.filter(isActiveAdmin).count }

    // MARK: Lookup

    private static func memberIndex(_ email: String, in snapshot: Snapshot) -> Int? {
        snapshot.members.firstIndex { $0.normalizedEmail == email }
    }

    private static func partnerIndex(_ id: String, in snapshot: Snapshot) -> Int? {
        snapshot.partners.firstIndex { $0.bcID == id }
    }

    private static func assetIndex(_ ref: AssetRef, in snapshot: Snapshot) -> Int? {
        snapshot.assets.firstIndex { $0.id == ref.id && $0.type == ref.type }
    }
}
