import BCPlanCore

extension FakeTikTokBackend {
    /// The changes a write call asks for, as plan actions the platform rules can judge.
    func actions(_ path: String, _ fields: [String: JSONValue], snapshot: Snapshot) throws(FakeAPIRefusal) -> [PlanAction] {
        let type = fields["asset_type"]?.stringValue.flatMap(TikTokVocabulary.assetType(api:))
        switch path {
        case "/bc/member/invite/":
            let ids = fields["asset_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
            // bc_member_invite.yml: advertiser_role defaults to ANALYST, user_role to STANDARD.
            let role = fields["advertiser_role"]?.stringValue?.lowercased() ?? "analyst"
            let assets = ids.map { AssetPermissionRecord(type: .adAccount, id: $0, permission: .level(role)) }
            let emails = fields["emails"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let roles = roles(fields, keeping: nil)
            return emails.map { action(.invite(Invitation(email: $0, roles: roles, assets: assets))) }
        case "/bc/member/update/":
            let member = try member(userID: fields["user_id"], in: snapshot)
            let current = MemberRoles(role: member.role, finance: member.finance)
            return [action(.updateRole(member: member.normalizedEmail, from: current, to: roles(fields, keeping: current)))]
        case "/bc/member/delete/":
            let member: MemberRecord
            switch (fields["user_id"], fields["user_email"]?.stringValue) {
            case (let id?, nil):
                member = try self.member(userID: id, in: snapshot)
            case (nil, let email?):
                guard let pending = snapshot.members.first(where: { $0.normalizedEmail == email.lowercased() && $0.status == .pending }) else {
                    throw FakeAPIRefusal(code: 40001, message: "No pending invitation for \(email); delete a member by user_id.")
                }
                member = pending
            default:
                throw invalid("Exactly one of user_id and user_email is required.")
            }
            return [action(.revoke(member: member.normalizedEmail, roles: MemberRoles(role: member.role, finance: member.finance),
                                   status: member.status))]
        case "/bc/partner/add/":
            // Not required by bc_partner_add.yml, but a partner must be named to be added.
            guard let partner = fields["partner_id"]?.stringValue else { throw FakeAPIRefusal(code: 40001, message: "No partner_id: no partner to add.") }
            var result: [PlanAction] = []
            if !snapshot.partners.contains(where: { $0.bcID == partner }) {
                result.append(action(.addPartner(partner: partner, name: nil, mediaAgency: false)))
            }
            let ids = fields["asset_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard let type else { return result }
            if !ids.isEmpty {
                // bc_partner_add.yml: advertiser_role defaults to ANALYST.
                var withDefault = fields
                if type == .adAccount, withDefault["advertiser_role"] == nil { withDefault["advertiser_role"] = .string("ANALYST") }
                let permission = try permission(withDefault, for: type)
                for id in ids {
                    result.append(action(.share(partner: partner, asset: asset(type, id), from: nil, to: permission)))
                }
            }
            return result
        case "/bc/partner/delete/":
            let partner = fields["partner_id"]!.stringValue!
            let record = snapshot.partners.first { $0.bcID == partner }
            return [action(.removePartner(partner: partner, name: record?.name, status: record?.status ?? .active,
                                          shares: record?.shares.count ?? 0))]
        case "/bc/partner/asset/delete/":
            guard let type else { return [] }
            let partner = fields["partner_id"]!.stringValue!
            guard let record = snapshot.partners.first(where: { $0.bcID == partner }) else {
                throw FakeAPIRefusal(code: 40001, message: "\(partner) is not a partner of the Business Center.")
            }
            return try (fields["asset_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []).map { id throws(FakeAPIRefusal) in
                guard let share = record.shares.first(where: { $0.assetRef == AssetRef(type: type, id: id) }) else {
                    throw FakeAPIRefusal(code: 40001, message: "Asset \(id) is not shared with partner \(partner).")
                }
                return action(.unshare(partner: partner, asset: asset(type, id), from: share.permission))
            }
        case "/bc/asset/assign/", "/bc/asset/unassign/":
            guard let type, let id = fields["asset_id"]?.stringValue else { return [] }
            let member = try member(userID: fields["user_id"], in: snapshot)
            let held = member.assets.first { $0.assetRef == AssetRef(type: type, id: id) }?.permission
            if path == "/bc/asset/unassign/" {
                guard let held else { return [] }
                return [action(.unassign(member: member.normalizedEmail, asset: asset(type, id), from: held))]
            }
            return [action(.assign(member: member.normalizedEmail, asset: asset(type, id), from: held,
                                   to: try permission(fields, for: type)))]
        default:
            return []
        }
    }

    private func invalid(_ message: String) -> FakeAPIRefusal { FakeAPIRefusal(code: 40002, message: message) }

    /// `user_role` and `ext_user_role.finance_role`, in bcplan's words. What a request leaves out
    /// stays as `current` has it (bc_member_update.yml requires neither); an invitation's user_role
    /// defaults to STANDARD (bc_member_invite.yml).
    private func roles(_ fields: [String: JSONValue], keeping current: MemberRoles?) -> MemberRoles {
        let role = fields["user_role"]?.stringValue.flatMap { TikTokVocabulary.role(api: $0) } ?? current?.role ?? .standard
        // Without ext_user_role the finance role stays: no documented call removes it.
        let finance = fields["ext_user_role"] == nil
            ? current?.finance : fields["ext_user_role"]?["finance_role"]?.stringValue.flatMap(TikTokVocabulary.finance(api:))
        return MemberRoles(role: role, finance: finance)
    }

    /// The permission the role fields give on an asset of `type`: exactly the field the type takes
    /// (a platform rule of the fake: TikTok's definitions list the role fields without tying them
    /// to a type).
    private func permission(_ fields: [String: JSONValue], for type: AssetType) throws(FakeAPIRefusal) -> Permission {
        let wanted = TikTokVocabulary.permissionField(for: type)
        for name in ["advertiser_role", "catalog_role", "tt_account_roles"] where fields[name] != nil && name != wanted {
            throw invalid("\(name): Not allowed for asset_type \(TikTokVocabulary.assetType(type)).")
        }
        guard wanted != nil else { return .level("use") }
        guard let permission = TikTokVocabulary.permission(in: .object(fields), for: type) else {
            throw invalid("\(wanted!): Required for asset_type \(TikTokVocabulary.assetType(type)).")
        }
        return permission
    }

    private func member(userID: JSONValue?, in snapshot: Snapshot) throws(FakeAPIRefusal) -> MemberRecord {
        guard let id = userID?.stringValue,
              let member = snapshot.members.first(where: { $0.status == .active && ($0.userID ?? Self.userID(for: $0.normalizedEmail)) == id })
        else {
            throw FakeAPIRefusal(code: 40001, message: "User \(userID?.stringValue ?? "") is not a member of the Business Center.")
        }
        return member
    }

    private func asset(_ type: AssetType, _ id: String) -> PlanAssetRef {
        PlanAssetRef(type: type, id: id, key: nil)
    }

    private func action(_ change: PlanChange) -> PlanAction {
        PlanAction(change, reason: "fake API call")
    }
}
