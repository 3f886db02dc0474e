import BCPlanCore

/// A Business Center large enough that every list is paged (49 declared members, the API gives
/// 20 a page) and holding every kind of thing TikTok's API reads differently: ad accounts,
/// catalogs, TikTok accounts and pixels, granted to members and shared with a partner; pending
/// invitations with ad accounts; assets a partner owns (an ad account we reach, a TikTok account
/// whose owner only the config names), a pending access request and a rejected one. The config
/// asks for every kind of change: invitations (some with ad accounts of two permissions), role
/// changes, assignments and unassignments of every asset type, revokes, a new partner, shares of
/// every type and unshares, and access to the rejected asset.
enum GeneratedBusinessCenter {
    static let id = "7000000000000000001"
    static let agency = "7300000000000000001"
    static let studio = "7300000000000000002"
    static let ad1 = AssetRef(type: .adAccount, id: "7100000000000000001")
    static let ad2 = AssetRef(type: .adAccount, id: "7100000000000000002")
    static let catalog = AssetRef(type: .catalog, id: "7200000000000000001")
    static let tiktok = AssetRef(type: .tiktokAccount, id: "6900000000000000001")
    /// TikTok names a pixel by a numeric asset id (its pixel code is another field).
    static let pixel = AssetRef(type: .pixel, id: "7400000000000000001")
    /// The agency's: we reach it as operator; pending request; rejected request; its TikTok account.
    static let agencyAd = AssetRef(type: .adAccount, id: "7100000000000000901")
    static let agencyPending = AssetRef(type: .adAccount, id: "7100000000000000902")
    static let agencyRejected = AssetRef(type: .adAccount, id: "7100000000000000903")
    static let agencyTikTok = AssetRef(type: .tiktokAccount, id: "6900000000000000901")

    static func email(_ prefix: String, _ number: Int) -> String {
        "\(prefix)\(number < 10 ? "0" : "")\(number)@acme.example"
    }

    /// What the Business Center holds before the first plan.
    static var seed: Snapshot {
        var members = [
            MemberRecord(email: "ana@acme.example", userID: "6900000000000000101", status: .active, role: .admin, finance: .manager),
            MemberRecord(email: "bo@acme.example", userID: "6900000000000000102", status: .active, role: .admin),
        ]
        for number in 1...30 {
            var assets = [AssetPermissionRecord(type: .adAccount, id: ad1.id, permission: .level("analyst"))]
            switch number {
            case 5: assets.append(AssetPermissionRecord(type: .tiktokAccount, id: tiktok.id, permission: .set(["post"])))
            case 6: assets.append(AssetPermissionRecord(type: .pixel, id: pixel.id, permission: .level("use")))
            case 7: assets.append(AssetPermissionRecord(type: .catalog, id: catalog.id, permission: .level("ad_promote")))
            default: break
            }
            members.append(MemberRecord(
                email: email("m", number), userID: "69000000000000002\(number < 10 ? "0" : "")\(number)", status: .active,
                role: .standard, assets: assets))
        }
        for number in 1...5 {
            members.append(MemberRecord(
                email: email("p", number), status: .pending, role: .standard, invitedAt: "2026-11-15T10:00:00Z",
                assets: [AssetPermissionRecord(type: .adAccount, id: ad1.id, permission: .level("analyst"))]))
        }
        return Snapshot(
            businessCenter: BusinessCenterInfo(id: id, name: "Acme"), members: members,
            partners: [PartnerRecord(bcID: agency, name: "Blue Agency", status: .active, shares: [
                AssetPermissionRecord(type: .adAccount, id: ad1.id, permission: .level("operator")),
                AssetPermissionRecord(type: .catalog, id: catalog.id, permission: .level("ad_promote")),
                AssetPermissionRecord(type: .tiktokAccount, id: tiktok.id, permission: .set(["post"])),
                AssetPermissionRecord(type: .pixel, id: pixel.id, permission: .level("use")),
            ])],
            assets: [
                AssetRecord(type: .adAccount, id: ad1.id, name: "Acme US", ownerBCID: id),
                AssetRecord(type: .adAccount, id: ad2.id, name: "Acme EU", ownerBCID: id),
                AssetRecord(type: .catalog, id: catalog.id, name: "Catalog", ownerBCID: id),
                AssetRecord(type: .tiktokAccount, id: tiktok.id, name: "@acme", ownerBCID: id),
                AssetRecord(type: .pixel, id: pixel.id, name: "Web pixel", ownerBCID: id),
                AssetRecord(type: .adAccount, id: agencyAd.id, name: "Agency client", ownerBCID: agency, access: .level("operator")),
                AssetRecord(type: .adAccount, id: agencyPending.id, name: "Agency pending", ownerBCID: agency, requested: .level("analyst")),
                AssetRecord(type: .adAccount, id: agencyRejected.id, name: "Agency rejected", ownerBCID: agency),
                AssetRecord(type: .tiktokAccount, id: agencyTikTok.id, name: "@agency", ownerBCID: agency, access: .set(["post"])),
            ]).normalized()
    }

    /// The config; `providerLine` is the backend's one-line `provider:`.
    static func config(providerLine: String) -> String {
        var text = """
            version: 1
            business_center: {id: "\(id)", name: Acme}
            \(providerLine)
            state: bcplan.state.json
            policy: {min_admins: 2, unmanaged: revoke, max_revoke_fraction: 0.5}
            assets:
              - {key: us, type: ad_account, id: "\(ad1.id)"}
              - {key: eu, type: ad_account, id: "\(ad2.id)"}
              - {key: catalog, type: catalog, id: "\(catalog.id)"}
              - {key: tiktok, type: tiktok_account, id: "\(tiktok.id)"}
              - {key: pixel, type: pixel, id: "\(pixel.id)"}
              - {key: agency-client, type: ad_account, id: "\(agencyAd.id)", owner: "\(agency)", access: operator}
              - {key: agency-pending, type: ad_account, id: "\(agencyPending.id)", owner: "\(agency)", access: analyst}
              - {key: agency-rejected, type: ad_account, id: "\(agencyRejected.id)", owner: "\(agency)", access: analyst}
              - {key: agency-tiktok, type: tiktok_account, id: "\(agencyTikTok.id)", owner: "\(agency)", access: [post]}
            members:
              - {email: ana@acme.example, role: admin, finance: manager}
              - {email: bo@acme.example, role: admin}
              - {email: m01@acme.example, role: standard, assets: {us: operator, catalog: admin}}
              - {email: m02@acme.example, role: admin, finance: analyst, assets: {us: analyst}}
              - {email: m03@acme.example, role: standard, assets: {us: analyst, tiktok: [post, live]}}
              - {email: m04@acme.example, role: standard, assets: {us: analyst, pixel: use}}
              - {email: m08@acme.example, role: standard, assets: {us: analyst, agency-client: analyst}}

            """
        for number in 5...28 where number != 8 { text += "  - {email: \(email("m", number)), role: standard, assets: {us: analyst}}\n" }
        for number in 1...5 { text += "  - {email: \(email("p", number)), role: standard, assets: {us: analyst}}\n" }
        for number in 1...14 { text += "  - {email: \(email("n", number)), role: standard, assets: {us: analyst, eu: operator}}\n" }
        text += """
            partners:
              - {bc_id: "\(agency)", name: Blue Agency, shares: {us: operator, eu: analyst, tiktok: [post]}}
              - {bc_id: "\(studio)", name: Studio, shares: {tiktok: [post], catalog: ad_promote, pixel: use}}

            """
        return text
    }
}
