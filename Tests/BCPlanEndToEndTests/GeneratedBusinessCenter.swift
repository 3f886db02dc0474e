import BCPlanCore

/// A Business Center large enough that every list is paged (49 declared members, the API gives
/// 20 a page), with a config that asks for every kind of change the API can make: invitations
/// (some with ad accounts of two permissions), role changes, assignments of every asset type but
/// pixels, revokes, a new partner, shares and an unshare.
enum GeneratedBusinessCenter {
    static let id = "7000000000000000001"
    static let agency = "7300000000000000001"
    static let studio = "7300000000000000002"
    static let ad1 = AssetRef(type: .adAccount, id: "7100000000000000001")
    static let ad2 = AssetRef(type: .adAccount, id: "7100000000000000002")
    static let catalog = AssetRef(type: .catalog, id: "7200000000000000001")
    static let tiktok = AssetRef(type: .tiktokAccount, id: "6900000000000000001")
    static let pixel = AssetRef(type: .pixel, id: "CPIXEL0000000000001")

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
            members.append(MemberRecord(
                email: email("m", number), userID: "69000000000000002\(number < 10 ? "0" : "")\(number)", status: .active,
                role: .standard, assets: [AssetPermissionRecord(type: .adAccount, id: ad1.id, permission: .level("analyst"))]))
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
                AssetPermissionRecord(type: .pixel, id: pixel.id, permission: .level("use")),
            ])],
            assets: [
                AssetRecord(type: .adAccount, id: ad1.id, name: "Acme US", ownerBCID: id),
                AssetRecord(type: .adAccount, id: ad2.id, name: "Acme EU", ownerBCID: id),
                AssetRecord(type: .catalog, id: catalog.id, name: "Catalog", ownerBCID: id),
                AssetRecord(type: .tiktokAccount, id: tiktok.id, name: "@acme", ownerBCID: id),
                AssetRecord(type: .pixel, id: pixel.id, name: "Web pixel", ownerBCID: id),
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
            members:
              - {email: ana@acme.example, role: admin, finance: manager}
              - {email: bo@acme.example, role: admin}
              - {email: m01@acme.example, role: standard, assets: {us: operator, catalog: admin}}
              - {email: m02@acme.example, role: admin, finance: analyst, assets: {us: analyst}}
              - {email: m03@acme.example, role: standard, assets: {us: analyst, tiktok: [post, live]}}

            """
        for number in 4...28 { text += "  - {email: \(email("m", number)), role: standard, assets: {us: analyst}}\n" }
        for number in 1...5 { text += "  - {email: \(email("p", number)), role: standard, assets: {us: analyst}}\n" }
        for number in 1...14 { text += "  - {email: \(email("n", number)), role: standard, assets: {us: analyst, eu: operator}}\n" }
        text += """
            partners:
              - {bc_id: "\(agency)", name: Blue Agency, shares: {us: operator, eu: analyst}}
              - {bc_id: "\(studio)", name: Studio, shares: {tiktok: [post], catalog: ad_promote}}

            """
        return text
    }
}
