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
            let assets: [JSONValue] = ids.map { id in
                .object(["type": .string(AssetType.adAccount.rawValue), "id": .string(id), "permission": .string(role)])
            }
            let emails = fields["emails"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return emails.map { email in
                action(.invite, member: email, after: [
                    "email": .string(email), "role": .string(fields["user_role"]?.stringValue?.lowercased() ?? "standard"),
                    "finance": finance(fields), "assets": .array(assets),
                ])
            }
        case "/bc/member/update/":
            let email = try member(userID: fields["user_id"], in: snapshot)
            let current = snapshot.members.first { $0.normalizedEmail == email }
            return [action(.updateRole, member: email, after: [
                "role": .string(fields["user_role"]?.stringValue?.lowercased() ?? current?.role.rawValue ?? "standard"),
                // Without ext_user_role the finance role stays: no documented call removes it.
                "finance": fields["ext_user_role"] == nil ? current?.finance.map { .string($0.rawValue) } ?? .null : finance(fields),
            ])]
        case "/bc/member/delete/":
            switch (fields["user_id"], fields["user_email"]?.stringValue) {
            case (let id?, nil):
                return [action(.revoke, member: try member(userID: id, in: snapshot))]
            case (nil, let email?):
                guard snapshot.members.contains(where: { $0.normalizedEmail == email.lowercased() && $0.status == .pending }) else {
                    throw FakeAPIRefusal(code: 40001, message: "No pending invitation for \(email); delete a member by user_id.")
                }
                return [action(.revoke, member: email)]
            default:
                throw invalid("Exactly one of user_id and user_email is required.")
            }
        case "/bc/partner/add/":
            // Not required by bc_partner_add.yml, but a partner must be named to be added.
            guard let partner = fields["partner_id"]?.stringValue else { throw FakeAPIRefusal(code: 40001, message: "No partner_id: no partner to add.") }
            var result: [PlanAction] = []
            if !snapshot.partners.contains(where: { $0.bcID == partner }) {
                result.append(action(.addPartner, partner: partner, after: ["name": .null, "media_agency": .bool(false)]))
            }
            let ids = fields["asset_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard let type else { return result }
            if !ids.isEmpty {
                // bc_partner_add.yml: advertiser_role defaults to ANALYST.
                var withDefault = fields
                if type == .adAccount, withDefault["advertiser_role"] == nil { withDefault["advertiser_role"] = .string("ANALYST") }
                let permission = try permission(withDefault, for: type)
                for id in ids {
                    result.append(action(.share, partner: partner, asset: AssetRef(type: type, id: id), after: ["permission": permission]))
                }
            }
            return result
        case "/bc/partner/delete/":
            return [action(.removePartner, partner: fields["partner_id"]!.stringValue!)]
        case "/bc/partner/asset/delete/":
            guard let type else { return [] }
            let partner = fields["partner_id"]!.stringValue!
            guard let record = snapshot.partners.first(where: { $0.bcID == partner }) else {
                throw FakeAPIRefusal(code: 40001, message: "\(partner) is not a partner of the Business Center.")
            }
            return try (fields["asset_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []).map { id throws(FakeAPIRefusal) in
                guard record.shares.contains(where: { $0.assetRef == AssetRef(type: type, id: id) }) else {
                    throw FakeAPIRefusal(code: 40001, message: "Asset \(id) is not shared with partner \(partner).")
                }
                return action(.unshare, partner: partner, asset: AssetRef(type: type, id: id))
            }
        case "/bc/asset/assign/", "/bc/asset/unassign/":
            guard let type, let id = fields["asset_id"]?.stringValue else { return [] }
            let email = try member(userID: fields["user_id"], in: snapshot)
            if path == "/bc/asset/unassign/" { return [action(.unassign, member: email, asset: AssetRef(type: type, id: id))] }
            return [action(.assign, member: email, asset: AssetRef(type: type, id: id), after: ["permission": try permission(fields, for: type)])]
        default:
            return []
        }
    }

    private func invalid(_ message: String) -> FakeAPIRefusal { FakeAPIRefusal(code: 40002, message: message) }

    private func finance(_ fields: [String: JSONValue]) -> JSONValue {
        fields["ext_user_role"]?["finance_role"]?.stringValue.map { .string($0.lowercased()) } ?? .null
    }

    /// The permission the role fields give on an asset of `type`: exactly the field the type takes
    /// (a platform rule of the fake: TikTok's definitions list the role fields without tying them
    /// to a type).
    private func permission(_ fields: [String: JSONValue], for type: AssetType) throws(FakeAPIRefusal) -> JSONValue {
        let wanted = TikTokVocabulary.permissionField(for: type)
        for name in ["advertiser_role", "catalog_role", "tt_account_roles"] where fields[name] != nil && name != wanted {
            throw invalid("\(name): Not allowed for asset_type \(TikTokVocabulary.assetType(type)).")
        }
        guard wanted != nil else { return .string("use") }
        guard let permission = TikTokVocabulary.permission(in: .object(fields), for: type) else {
            throw invalid("\(wanted!): Required for asset_type \(TikTokVocabulary.assetType(type)).")
        }
        return permission.json
    }

    private func member(userID: JSONValue?, in snapshot: Snapshot) throws(FakeAPIRefusal) -> String {
        guard let id = userID?.stringValue,
              let member = snapshot.members.first(where: { $0.status == .active && ($0.userID ?? Self.userID(for: $0.normalizedEmail)) == id })
        else {
            throw FakeAPIRefusal(code: 40001, message: "User \(userID?.stringValue ?? "") is not a member of the Business Center.")
        }
        return member.normalizedEmail
    }

    private func action(
        _ kind: ActionKind, member: String? = nil, partner: String? = nil, asset: AssetRef? = nil, after: [String: JSONValue] = [:]
    ) -> PlanAction {
        let subject = [member?.lowercased(), partner, asset.map { "\($0.type.rawValue):\($0.id)" }].compactMap { $0 }.joined(separator: ":")
        return PlanAction(
            id: "\(kind.rawValue):\(subject)", kind: kind, member: member?.lowercased(), partner: partner,
            asset: asset.map { PlanAssetRef(type: $0.type, id: $0.id, key: nil) }, after: after.isEmpty ? .null : .object(after),
            reason: "fake API call", privilege: .none, phase: 1)
    }
}
