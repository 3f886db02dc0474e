/// Reads a Business Center through the list endpoints of `TikTokEndpoints`, each for what its
/// definition says it answers (README, "How bcplan speaks to TikTok"):
/// - `/bc/get/?bc_id=` the name and the token's user's role;
/// - `/bc/member/get/` members (BOUND) and pending invitations (PENDING); REJECTED and UNBOUND
///   rows are no membership;
/// - `/bc/asset/admin/get/` per asset type: owned assets, and other Business Centers' assets with
///   `relation_status` BOUND (access), PENDING (an access request) or REJECTED/UNBOUND (none);
/// - `/bc/partner/get/`, then per partner `/bc/partner/asset/get/` for ADVERTISER and CATALOG:
///   SHARING (what we share with it) and SHARED (what it owns and shares with us: the owner);
/// - `/bc/asset/partner/get/` per owned TikTok account and pixel: which partners hold it;
/// - `/bc/asset/member/get/` per ad account and catalog: which members hold it;
/// - `/bc/asset/get/` per member: TikTok accounts and pixels (`filtering.user_id`), and the ad
///   accounts of a pending invitation (`filtering.user_email`).
struct TikTokReader: Sendable {
    let api: TikTokAPIClient
    let businessCenterID: String
    let hints: TikTokReadHints

    /// A foreign asset whose owner no answer names and the config does not declare.
    static let unknownOwner = "unknown"

    private var center: [String: JSONValue] { ["bc_id": .string(businessCenterID)] }

    // MARK: The whole Business Center

    func read() async throws(ProviderError) -> (snapshot: Snapshot, access: TikTokAccess) {
        let access = try await businessCenter()
        var members = try await members()
        var partners = try await partners()
        let listed = try await adminAssets()
        let owners = try await readShares(into: &partners, listed: listed.map(\.asset))
        let assets = listed.map { asset, ownerName in
            guard asset.ownerBCID == Self.unknownOwner else { return asset }
            var asset = asset
            asset.ownerBCID = owners[asset.ref] ?? Self.partner(named: ownerName, in: partners) ?? hints.owners[asset.ref]
                ?? Self.unknownOwner
            return asset
        }
        try await readGrants(into: &members, assets: assets)
        let snapshot = Snapshot(
            businessCenter: BusinessCenterInfo(id: businessCenterID, name: access.businessCenterName), members: members,
            partners: partners, assets: assets).normalized()
        return (snapshot, access)
    }

    /// The partners' shares of our assets, and the owner of each foreign ad account and catalog
    /// a partner shares with us (`SHARED`).
    private func readShares(into partners: inout [PartnerRecord], listed: [AssetRecord]) async throws(ProviderError) -> [AssetRef: String] {
        let typesShared = Set(listed.filter { $0.ownerBCID == businessCenterID }.map(\.type))
        let typesForeign = Set(listed.filter { $0.ownerBCID != businessCenterID }.map(\.type))
        var owners: [AssetRef: String] = [:]
        for index in partners.indices {
            for type in TikTokVocabulary.partnerAssetTypes {
                if typesShared.contains(type) {
                    for (id, permission) in try await partnerAssets(partners[index].bcID, type, shareType: "SHARING") {
                        guard let permission else {
                            throw malformed(TikTokEndpoints.partnerAssets, "a row without a known \(TikTokVocabulary.permissionField(for: type)!)")
                        }
                        partners[index].shares.append(AssetPermissionRecord(type: type, id: id, permission: permission))
                    }
                }
                if typesForeign.contains(type) {
                    for (id, _) in try await partnerAssets(partners[index].bcID, type, shareType: "SHARED") {
                        owners[AssetRef(type: type, id: id)] = partners[index].bcID
                    }
                }
            }
        }
        // Who holds our TikTok accounts and pixels: no permission comes back.
        let partnerIndex = Dictionary(partners.indices.map { (partners[$0].bcID, $0) }, uniquingKeysWith: { first, _ in first })
        for asset in listed where asset.ownerBCID == businessCenterID {
            guard let permission = partnerPermission(asset.type) else { continue }
            for partnerID in try await assetPartners(asset.ref) {
                guard let index = partnerIndex[partnerID] else { continue }
                partners[index].shares.append(AssetPermissionRecord(type: asset.type, id: asset.id, permission: permission(asset.id, partnerID)))
            }
        }
        return owners
    }

    /// Each member's grants: ad accounts and catalogs by asset, TikTok accounts and pixels by member,
    /// a pending invitation's ad accounts by its e-mail.
    private func readGrants(into members: inout [MemberRecord], assets: [AssetRecord]) async throws(ProviderError) {
        var grants: [String: [AssetPermissionRecord]] = [:]
        let active = Set(members.filter { $0.status == .active }.map(\.normalizedEmail))
        for asset in assets where TikTokVocabulary.assetMemberTypes.contains(asset.type)
            && (asset.ownerBCID == businessCenterID || asset.access != nil) {
            for (email, permission) in try await assetMembers(asset.ref) where active.contains(email) {
                grants[email, default: []].append(AssetPermissionRecord(type: asset.type, id: asset.id, permission: permission))
            }
        }
        let present = Set(assets.map(\.type))
        for member in members {
            let types = member.status == .pending ? [.adAccount] : TikTokVocabulary.memberAssetTypes
            for type in types where present.contains(type) {
                grants[member.normalizedEmail, default: []] += try await memberAssets(type, member: member)
            }
        }
        for index in members.indices {
            members[index].assets = Array(Set(grants[members[index].normalizedEmail] ?? [])).sorted()
        }
    }

    /// How a partner's permission on one of our assets of `type` is known when
    /// `/bc/asset/partner/get/` says it holds the asset: `use` for a pixel; for a TikTok account the
    /// permissions the config declares, else none known (an empty list). Nil for the types
    /// `/bc/partner/asset/get/` reads with their permission.
    private func partnerPermission(_ type: AssetType) -> ((_ id: String, _ partner: String) -> Permission)? {
        switch type {
        case .pixel: { _, _ in .level("use") }
        case .tiktokAccount: { id, partner in hints.partnerTikTokAccounts[partner]?[id] ?? .set([]) }
        case .adAccount, .catalog: nil
        }
    }

    /// The one partner called `name` (`owner_bc_name`); nil when none or several are.
    private static func partner(named name: String?, in partners: [PartnerRecord]) -> String? {
        guard let name, !name.isEmpty else { return nil }
        let matches = partners.filter { $0.name == name }
        return matches.count == 1 ? matches[0].bcID : nil
    }

    // MARK: One list each

    /// The Business Center's name and the token's user's role; fails when the token cannot see it.
    func businessCenter() async throws(ProviderError) -> TikTokAccess {
        let rows = try await api.pages(TikTokEndpoints.businessCenter, center)
        guard let row = rows.first(where: { $0["bc_info"]?["bc_id"]?.stringValue == businessCenterID }) else {
            throw ProviderError("the access token gives no access to Business Center \(businessCenterID) (business_center.id); check the id, or authorize the app for it in TikTok's developer portal")
        }
        return TikTokAccess(
            businessCenterName: row["bc_info"]?["name"]?.stringValue, roleText: row["user_role"]?.stringValue ?? "",
            finance: row["ext_user_role"]?["finance_role"]?.stringValue.flatMap(TikTokVocabulary.finance(api:)))
    }

    /// Members and pending invitations, with the user ids of members.
    func members() async throws(ProviderError) -> [MemberRecord] {
        var members: [MemberRecord] = []
        for row in try await api.pages(TikTokEndpoints.members, center) {
            guard let email = row["user_email"]?.stringValue, let roleText = row["user_role"]?.stringValue,
                  let role = TikTokVocabulary.role(api: roleText) else {
                throw malformed(TikTokEndpoints.members, "a row without user_email or a known user_role")
            }
            let status: MemberStatus
            switch row["relation_status"]?.stringValue {
            case "BOUND"?: status = .active
            case "PENDING"?: status = .pending
            default: continue
            }
            let userID = row["user_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            // A member's grants and every change to them go by user id.
            if status == .active, userID == nil { throw malformed(TikTokEndpoints.members, "a BOUND row without user_id (\(email))") }
            let finance = row["ext_user_role"]?["finance_role"]?.stringValue.flatMap(TikTokVocabulary.finance(api:))
            members.append(MemberRecord(email: email, userID: status == .active ? userID : nil, status: status, role: role, finance: finance))
        }
        return members
    }

    /// Partners; a partner request is pending when the row says so (no source documents the field).
    func partners() async throws(ProviderError) -> [PartnerRecord] {
        var partners: [PartnerRecord] = []
        for row in try await api.pages(TikTokEndpoints.partners, center) {
            guard let id = row["bc_id"]?.stringValue else { throw malformed(TikTokEndpoints.partners, "a row without bc_id") }
            let status: MemberStatus = row["relation_status"]?.stringValue == "PENDING" ? .pending : .active
            let name = row["bc_name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            partners.append(PartnerRecord(bcID: id, name: name, status: status))
        }
        return partners
    }

    /// Every asset the Business Center owns or reaches, with `owner_bc_name`; a foreign asset's
    /// owner is `unknownOwner` until `read` resolves it.
    func adminAssets() async throws(ProviderError) -> [(asset: AssetRecord, ownerName: String?)] {
        var assets: [(asset: AssetRecord, ownerName: String?)] = []
        for type in AssetType.allCases {
            let query = center.merging(["asset_type": .string(TikTokVocabulary.assetType(type))]) { $1 }
            for row in try await api.pages(TikTokEndpoints.adminAssets, query) {
                guard let id = row["asset_id"]?.stringValue else { throw malformed(TikTokEndpoints.adminAssets, "a row without asset_id") }
                let name = row["asset_name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                if row["relation_type"]?.stringValue == "OWNER_BC" {
                    assets.append((AssetRecord(type: type, id: id, name: name, ownerBCID: businessCenterID), nil))
                    continue
                }
                let permission = TikTokVocabulary.permission(in: row, for: type)
                var asset = AssetRecord(type: type, id: id, name: name, ownerBCID: Self.unknownOwner)
                switch row["relation_status"]?.stringValue {
                case "BOUND"?, nil: asset.access = permission
                case "PENDING"?: asset.requested = permission
                default: break
                }
                assets.append((asset, row["owner_bc_name"]?.stringValue))
            }
        }
        return assets
    }

    /// Ad accounts or catalogs shared with a partner (`SHARING`) or by it with us (`SHARED`).
    /// The permission is nil when the row gives none (SHARED rows need none).
    func partnerAssets(_ partner: String, _ type: AssetType, shareType: String) async throws(ProviderError) -> [(id: String, permission: Permission?)] {
        let query = center.merging([
            "partner_id": .string(partner), "asset_type": .string(TikTokVocabulary.assetType(type)), "share_type": .string(shareType),
        ]) { $1 }
        var result: [(id: String, permission: Permission?)] = []
        for row in try await api.pages(TikTokEndpoints.partnerAssets, query) {
            guard let id = row["asset_id"]?.stringValue else { throw malformed(TikTokEndpoints.partnerAssets, "a row without asset_id") }
            result.append((id, TikTokVocabulary.permission(in: row, for: type)))
        }
        return result
    }

    /// The partners (BC ids) that hold `asset`.
    func assetPartners(_ asset: AssetRef) async throws(ProviderError) -> [String] {
        let query = center.merging(["asset_type": .string(TikTokVocabulary.assetType(asset.type)), "asset_id": .string(asset.id)]) { $1 }
        var ids: [String] = []
        for row in try await api.pages(TikTokEndpoints.assetPartners, query) {
            guard let id = row["bc_id"]?.stringValue else { throw malformed(TikTokEndpoints.assetPartners, "a row without bc_id") }
            ids.append(id)
        }
        return ids
    }

    /// The members (e-mail, lower case) who hold an ad account or catalog, with their permission.
    func assetMembers(_ asset: AssetRef) async throws(ProviderError) -> [(email: String, permission: Permission)] {
        let query = center.merging(["asset_type": .string(TikTokVocabulary.assetType(asset.type)), "asset_id": .string(asset.id)]) { $1 }
        var result: [(email: String, permission: Permission)] = []
        for row in try await api.pages(TikTokEndpoints.assetMembers, query) {
            guard let email = row["user_email"]?.stringValue, let permission = TikTokVocabulary.permission(in: row, for: asset.type) else {
                throw malformed(TikTokEndpoints.assetMembers, "a row without user_email or a known role")
            }
            result.append((email.lowercased(), permission))
        }
        return result
    }

    /// A member's assets of one type: by user id for a member, by e-mail for a pending invitation.
    func memberAssets(_ type: AssetType, member: MemberRecord) async throws(ProviderError) -> [AssetPermissionRecord] {
        let filter: [String: JSONValue] = member.userID.map { ["user_id": .string($0)] } ?? ["user_email": .string(member.email)]
        let query = center.merging(["asset_type": .string(TikTokVocabulary.assetType(type)), "filtering": .object(filter)]) { $1 }
        var result: [AssetPermissionRecord] = []
        for row in try await api.pages(TikTokEndpoints.memberAssets, query) {
            guard let id = row["asset_id"]?.stringValue, let permission = TikTokVocabulary.permission(in: row, for: type) else {
                throw malformed(TikTokEndpoints.memberAssets, "a row without asset_id or a known role")
            }
            result.append(AssetPermissionRecord(type: type, id: id, permission: permission))
        }
        return result
    }

    private func malformed(_ endpoint: TikTokEndpoint, _ what: String) -> ProviderError {
        ProviderError(api.redacted("the TikTok API's answer to \(endpoint) holds \(what)"))
    }
}
