import BCPlanCore

extension FakeTikTokBackend {
    /// The rows a list endpoint answers, shaped as TikTok's definitions give them (the row fields
    /// of `TikTokEndpoints`; where the SDK is silent, as its second source shows them).
    static func rows(
        _ endpoint: TikTokEndpoint, _ fields: [String: JSONValue], snapshot: Snapshot, options: FakeTikTokAPI.Options
    ) throws(FakeAPIRefusal) -> [JSONValue] {
        let ownID = snapshot.businessCenter.id
        let typeName = fields["asset_type"]?.stringValue
        let type = typeName.flatMap(TikTokVocabulary.assetType(api:))
        let members = snapshot.members.sorted { $0.normalizedEmail < $1.normalizedEmail }
        switch endpoint {
        case TikTokEndpoints.businessCenter:
            return [.object([
                "bc_info": .object(["bc_id": .string(ownID), "name": .string(snapshot.businessCenter.name ?? "")]),
                "user_role": .string(options.tokenUserRole), "ext_user_role": .object([:]),
            ])]
        case TikTokEndpoints.members:
            return members.map(memberRow)
        case TikTokEndpoints.partners:
            return snapshot.partners.sorted { $0.bcID < $1.bcID }.map { partner in
                .object(["bc_id": .string(partner.bcID), "bc_name": .string(partner.name ?? ""),
                         "relation_status": .string(partner.status == .active ? "BOUND" : "PENDING")])
            }
        case TikTokEndpoints.partnerAssets:
            guard let type, let partnerID = fields["partner_id"]?.stringValue else { return [] }
            if fields["share_type"]?.stringValue == "SHARED" {
                // What the partner owns and shares with us.
                return snapshot.assets.filter { $0.type == type && $0.ownerBCID == partnerID && $0.access != nil }.sorted { $0.id < $1.id }
                    .map { assetRow($0.ref, name: $0.name, permission: $0.access) }
            }
            guard let partner = snapshot.partners.first(where: { $0.bcID == partnerID }) else { return [] }
            return partner.shares.filter { $0.type == type }.sorted().map { share in
                assetRow(share.assetRef, name: name(of: share.assetRef, in: snapshot), permission: share.permission)
            }
        case TikTokEndpoints.adminAssets:
            guard let type else { return [] }
            return snapshot.assets.filter { $0.type == type }.sorted { $0.id < $1.id }.map { asset in
                let owned = asset.ownerBCID == ownID
                guard case .object(var row) = assetRow(asset.ref, name: asset.name, permission: owned ? nil : asset.access ?? asset.requested) else {
                    return .null
                }
                row["relation_type"] = .string(owned ? "OWNER_BC" : "OWNER_PARTNER")
                row["relation_status"] = .string(owned || asset.access != nil ? "BOUND" : asset.requested != nil ? "PENDING" : "REJECTED")
                // bububa's Asset: owner_bc_name is null for TT_ACCOUNT.
                if type != .tiktokAccount {
                    row["owner_bc_name"] = .string(businessCenterName(asset.ownerBCID, in: snapshot, options: options))
                }
                return .object(row)
            }
        case TikTokEndpoints.memberAssets:
            guard let type else { return [] }
            let filter = fields["filtering"]
            switch (filter?["user_id"]?.stringValue, filter?["user_email"]?.stringValue) {
            case (let id?, nil):
                guard let member = members.first(where: { $0.status == .active && userID(of: $0) == id }) else { return [] }
                return grantRows(member, type, snapshot)
            case (nil, let email?):
                // bububa's AssetGetFilter: user_email only for ADVERTISER and a pending invitation.
                guard type == .adAccount else {
                    throw FakeAPIRefusal(code: 40002, message: "filtering.user_email: only with asset_type ADVERTISER.")
                }
                guard let member = members.first(where: { $0.status == .pending && $0.normalizedEmail == email.lowercased() }) else {
                    return []
                }
                return grantRows(member, type, snapshot)
            case (nil, nil):
                return snapshot.assets.filter { $0.type == type }.sorted { $0.id < $1.id }.map { assetRow($0.ref, name: $0.name, permission: nil) }
            case (.some, .some):
                throw FakeAPIRefusal(code: 40002, message: "filtering: user_id and user_email cannot be given together.")
            }
        case TikTokEndpoints.assetMembers:
            guard let type, let id = fields["asset_id"]?.stringValue else { return [] }
            let ref = AssetRef(type: type, id: id)
            return members.compactMap { member in
                guard let grant = member.assets.first(where: { $0.assetRef == ref }), case .object(var row) = memberRow(member) else { return nil }
                row["user_role"] = nil
                row["ext_user_role"] = nil
                row.merge(TikTokVocabulary.permissionFields(grant.permission, for: type)) { $1 }
                return .object(row)
            }
        case TikTokEndpoints.assetPartners:
            guard let type, let id = fields["asset_id"]?.stringValue else { return [] }
            let ref = AssetRef(type: type, id: id)
            return snapshot.partners.filter { $0.shares.contains { $0.assetRef == ref } }.sorted { $0.bcID < $1.bcID }.map { partner in
                .object(["bc_id": .string(partner.bcID), "bc_name": .string(partner.name ?? "")])
            }
        default:
            return []
        }
    }

    private static func memberRow(_ member: MemberRecord) -> JSONValue {
        var extended: [String: JSONValue] = [:]
        if let finance = member.finance { extended["finance_role"] = .string(TikTokVocabulary.finance(finance)) }
        return .object([
            "user_id": .string(member.status == .active ? userID(of: member) : ""),
            "user_name": .string(String(member.email.split(separator: "@").first ?? "")),
            "user_email": .string(member.email), "user_role": .string(TikTokVocabulary.role(member.role)),
            "relation_status": .string(member.status == .active ? "BOUND" : "PENDING"),
            "ext_user_role": .object(extended),
        ])
    }

    private static func grantRows(_ member: MemberRecord, _ type: AssetType, _ snapshot: Snapshot) -> [JSONValue] {
        member.assets.filter { $0.type == type }.sorted().map { grant in
            assetRow(grant.assetRef, name: name(of: grant.assetRef, in: snapshot), permission: grant.permission)
        }
    }

    private static func assetRow(_ ref: AssetRef, name: String?, permission: Permission?) -> JSONValue {
        var row: [String: JSONValue] = [
            "asset_id": .string(ref.id), "asset_name": .string(name ?? ""), "asset_type": .string(TikTokVocabulary.assetType(ref.type)),
        ]
        if let permission { row.merge(TikTokVocabulary.permissionFields(permission, for: ref.type)) { $1 } }
        return .object(row)
    }

    private static func businessCenterName(_ id: String, in snapshot: Snapshot, options: FakeTikTokAPI.Options) -> String {
        if id == snapshot.businessCenter.id { return snapshot.businessCenter.name ?? "" }
        return snapshot.partners.first { $0.bcID == id }?.name ?? options.businessCenterNames[id] ?? ""
    }

    private static func name(of ref: AssetRef, in snapshot: Snapshot) -> String? {
        snapshot.assets.first { $0.ref == ref }?.name
    }

    static func userID(of member: MemberRecord) -> String {
        member.userID ?? userID(for: member.normalizedEmail)
    }
}
