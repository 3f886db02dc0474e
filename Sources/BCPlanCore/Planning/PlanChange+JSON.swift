/// How a change is written down in the plan's JSON (DESIGN §4) and read back from a saved plan:
/// the only code that knows the shapes of `before` and `after`.
extension PlanChange {
    /// The contract's `before`: what the Business Center holds now, as far as the change concerns it.
    var beforeJSON: JSONValue {
        switch self {
        case .invite, .addPartner:
            return .null
        case .resend(let invitation, let previous):
            var fields: [String: JSONValue] = ["invited_at": .string(previous.invitedAt), "resends": .int(previous.resends)]
            if previous.roles != invitation.roles { fields.merge(previous.roles.jsonFields) { $1 } }
            return .object(fields)
        case .revoke(_, let roles, let status):
            return .object(roles.jsonFields.merging(["status": .string(status.rawValue)]) { $1 })
        case .updateRole(_, let from, _):
            return .object(from.jsonFields)
        case .assign(_, _, let from, _), .share(_, _, let from, _):
            return from.map(Self.permissionObject) ?? .null
        case .unassign(_, _, let from), .unshare(_, _, let from):
            return Self.permissionObject(from)
        case .removePartner(_, let name, let status, let shares):
            return .object(["name": name.map(JSONValue.string) ?? .null, "status": .string(status.rawValue), "shares": .int(shares)])
        case .transfer(_, let from, _, _):
            return .object(["owner_bc_id": .string(from)])
        case .requestAccess(_, _, let held, _):
            return .object(["access": held?.json ?? .null])
        }
    }

    /// The contract's `after`: what the change makes of it; null for a removal. `keys` names the
    /// assets an invitation grants (`key`, where the config declares them).
    func afterJSON(keys: [AssetRef: String] = [:]) -> JSONValue {
        switch self {
        case .invite(let invitation):
            return .object(Self.invitationFields(invitation, keys: keys))
        case .resend(let invitation, let previous):
            return .object(Self.invitationFields(invitation, keys: keys).merging(["resends": .int(previous.resends + 1)]) { $1 })
        case .revoke, .unassign, .unshare, .removePartner:
            return .null
        case .updateRole(_, _, let to):
            return .object(to.jsonFields)
        case .assign(_, _, _, let to), .share(_, _, _, let to):
            return Self.permissionObject(to)
        case .addPartner(_, let name, let mediaAgency):
            return .object(["name": name.map(JSONValue.string) ?? .null, "media_agency": .bool(mediaAgency)])
        case .transfer(_, _, let to, _):
            return .object(["owner_bc_id": .string(to)])
        case .requestAccess(_, _, _, let wanted):
            return .object(["access": wanted.json])
        }
    }

    private static func permissionObject(_ permission: Permission) -> JSONValue {
        .object(["permission": permission.json])
    }

    private static func invitationFields(_ invitation: Invitation, keys: [AssetRef: String]) -> [String: JSONValue] {
        let assets = invitation.assets.map { grant -> JSONValue in
            guard let key = keys[grant.assetRef], case .object(var fields) = grant.json else { return grant.json }
            fields["key"] = .string(key)
            return .object(fields)
        }
        return invitation.roles.jsonFields.merging(["email": .string(invitation.email), "assets": .array(assets)]) { $1 }
    }

    // MARK: Reading back

    /// The change a saved plan's action describes, or what is wrong with it.
    init(
        kind: ActionKind, member: String?, partner: String?, asset: PlanAssetRef?, before: JSONValue, after: JSONValue
    ) throws(SavedPlan.Malformed) {
        let read = JSONFields()
        switch kind {
        case .invite:
            self = .invite(try read.invitation(after, member: read.required(member, "member")))
        case .resend:
            let invitation = try read.invitation(after, member: read.required(member, "member"))
            let roles = before["role"] == nil ? invitation.roles : try read.roles(before, "before")
            self = .resend(invitation, previous: SentInvitation(
                invitedAt: try read.required(before["invited_at"]?.stringValue, "before.invited_at"),
                resends: try read.required(before["resends"]?.intValue, "before.resends"), roles: roles))
        case .revoke:
            self = .revoke(member: try read.required(member, "member"), roles: try read.roles(before, "before"),
                           status: try read.status(before))
        case .updateRole:
            self = .updateRole(member: try read.required(member, "member"), from: try read.roles(before, "before"),
                               to: try read.roles(after, "after"))
        case .assign:
            let (from, to) = try read.permissions(before, after)
            self = .assign(member: try read.required(member, "member"), asset: try read.required(asset, "asset"), from: from,
                           to: try read.required(to, "after.permission"))
        case .unassign:
            self = .unassign(member: try read.required(member, "member"), asset: try read.required(asset, "asset"),
                             from: try read.required(read.permissions(before, after).from, "before.permission"))
        case .addPartner:
            self = .addPartner(partner: try read.required(partner, "partner"), name: after["name"]?.stringValue,
                               mediaAgency: try read.required(after["media_agency"]?.boolValue, "after.media_agency"))
        case .removePartner:
            self = .removePartner(partner: try read.required(partner, "partner"), name: before["name"]?.stringValue,
                                  status: try read.status(before), shares: before["shares"]?.intValue ?? 0)
        case .share:
            let (from, to) = try read.permissions(before, after)
            self = .share(partner: try read.required(partner, "partner"), asset: try read.required(asset, "asset"), from: from,
                          to: try read.required(to, "after.permission"))
        case .unshare:
            self = .unshare(partner: try read.required(partner, "partner"), asset: try read.required(asset, "asset"),
                            from: try read.required(read.permissions(before, after).from, "before.permission"))
        case .transfer:
            let from = try read.required(before["owner_bc_id"]?.stringValue, "before.owner_bc_id")
            let to = try read.required(after["owner_bc_id"]?.stringValue, "after.owner_bc_id")
            let other = try read.required(partner, "partner")
            guard other == from || other == to else { throw read.malformed("partner must be the Business Center it moves from or to") }
            self = .transfer(asset: try read.required(asset, "asset"), from: from, to: to,
                             direction: other == from ? .incoming : .handOver)
        case .requestAccess:
            self = .requestAccess(asset: try read.required(asset, "asset"), owner: try read.required(partner, "partner"),
                                  held: try read.permission(before["access"], "before.access"),
                                  wanted: try read.required(read.permission(after["access"], "after.access"), "after.access"))
        }
    }
}

extension MemberRoles {
    /// `{"role": …, "finance": …}`, finance null when there is none.
    var jsonFields: [String: JSONValue] {
        ["role": .string(role.rawValue), "finance": finance.map { .string($0.rawValue) } ?? .null]
    }
}

/// Reads the fields of one saved action (whose id the caller puts before what it refuses).
private struct JSONFields {
    func malformed(_ what: String) -> SavedPlan.Malformed {
        SavedPlan.Malformed(message: what)
    }

    func required<Value>(_ value: Value?, _ name: String) throws(SavedPlan.Malformed) -> Value {
        guard let value else { throw malformed("\(name) is missing or not valid") }
        return value
    }

    func roles(_ object: JSONValue, _ side: String) throws(SavedPlan.Malformed) -> MemberRoles {
        let role = try required(object["role"]?.stringValue.flatMap(MemberRole.init(rawValue:)), "\(side).role")
        guard let finance = object["finance"], finance != .null else { return MemberRoles(role: role) }
        return MemberRoles(role: role, finance: try required(finance.stringValue.flatMap(FinanceRole.init(rawValue:)), "\(side).finance"))
    }

    func status(_ before: JSONValue) throws(SavedPlan.Malformed) -> MemberStatus {
        try required(before["status"]?.stringValue.flatMap(MemberStatus.init(rawValue:)), "before.status")
    }

    /// A level is a string, a set a list of strings; nil for null or no value.
    func permission(_ value: JSONValue?, _ name: String) throws(SavedPlan.Malformed) -> Permission? {
        switch value {
        case nil, .null?: return nil
        case .string(let level)?: return .level(level)
        case .array(let items)?:
            let values = items.compactMap(\.stringValue)
            guard values.count == items.count else { throw malformed("\(name) must hold strings only") }
            return .makeSet(values)
        default: throw malformed("\(name) must be a string or a list of strings")
        }
    }

    /// The `permission` of both sides of an assignment or a share.
    func permissions(_ before: JSONValue, _ after: JSONValue) throws(SavedPlan.Malformed) -> (from: Permission?, to: Permission?) {
        (try permission(before["permission"], "before.permission"), try permission(after["permission"], "after.permission"))
    }

    func invitation(_ after: JSONValue, member: String) throws(SavedPlan.Malformed) -> Invitation {
        let email = try required(after["email"]?.stringValue, "after.email")
        guard email.lowercased() == member else { throw malformed("after.email is not the member \(member)") }
        var assets: [AssetPermissionRecord] = []
        for item in try required(after["assets"]?.arrayValue, "after.assets") {
            let type = try required(item["type"]?.stringValue.flatMap(AssetType.init(rawValue:)), "after.assets type")
            let id = try required(item["id"]?.stringValue, "after.assets id")
            let permission = try required(permission(item["permission"], "after.assets permission"), "after.assets permission")
            assets.append(AssetPermissionRecord(type: type, id: id, permission: permission))
        }
        return Invitation(email: email, roles: try roles(after, "after"), assets: assets)
    }
}
