import BCPlanCore
import Foundation

/// A random but reproducible Business Center in a mock store, with a config that reaches it: admins,
/// standard members with assignments (pending invitations too, younger than resend_after_days),
/// partners with shares of owned assets, and assets of other Business Centers with access.
enum RandomBusinessCenter {
    static let ownID = "7000000000000000001"

    static func write(members memberCount: Int, partners partnerCount: Int, assets assetCount: Int, seed: UInt64) throws -> URL {
        var random = SplitMix64(seed: seed)
        func pick(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }
        let names = ["Acme", "Summit", "Retail", "Brand", "Spring", "Outlet", "EU", "US", "Test"]
        var assets: [AssetRecord] = []
        for index in 0..<assetCount {
            let type = AssetType.allCases[pick(0..<4)]
            let id = type == .pixel ? "PX\(index)ABC" : String(7_100_000_000_000_000_000 + index)
            let foreign = index % 15 == 14
            // Some names repeat, some are missing: keys must still come out unique.
            let name = index % 11 == 0 ? nil : "\(names[pick(0..<names.count)]) \(names[pick(0..<names.count)])"
            let access: Permission? = foreign && type.acceptsAccessRequest
                ? (type == .tiktokAccount ? .makeSet(["live", "post"]) : .level("operator")) : nil
            assets.append(AssetRecord(type: type, id: id, name: name, ownerBCID: foreign ? "7000000000000000555" : ownID, access: access))
        }
        func grant(_ asset: AssetRecord) -> AssetPermissionRecord? {
            if asset.ownerBCID != ownID {
                guard let access = asset.access else { return nil }
                return AssetPermissionRecord(type: asset.type, id: asset.id, permission: access)
            }
            let permission: Permission = asset.type.takesPermissionSet
                ? .makeSet(["post", "live", "direct_message"].prefix(pick(1..<4)))
                : .level(asset.type.permissionValues[pick(0..<asset.type.permissionValues.count)])
            return AssetPermissionRecord(type: asset.type, id: asset.id, permission: permission)
        }
        var members: [MemberRecord] = []
        for index in 0..<memberCount {
            let admin = index < 6
            let pending = !admin && index % 25 == 3
            var grants: [AssetPermissionRecord] = []
            if !admin {
                for _ in 0..<pick(0..<4) {
                    let asset = assets[pick(0..<assets.count)]
                    if pending, asset.type != .adAccount || asset.ownerBCID != ownID { continue }
                    if let grant = grant(asset), !grants.contains(where: { $0.assetRef == grant.assetRef }) { grants.append(grant) }
                }
            }
            members.append(MemberRecord(
                email: "person\(index)@acme.example", userID: pending ? nil : String(6_800_000_000_000_000_000 + index),
                status: pending ? .pending : .active, role: admin ? .admin : .standard,
                finance: index % 40 == 1 ? .analyst : nil, invitedAt: pending ? "2026-11-10T09:00:00Z" : "2025-01-01T00:00:00Z",
                assets: grants.sorted()))
        }
        var partners: [PartnerRecord] = []
        let owned = assets.filter { $0.ownerBCID == ownID }
        for index in 0..<partnerCount {
            var shares: [AssetPermissionRecord] = []
            for _ in 0..<pick(0..<5) {
                if let share = grant(owned[pick(0..<owned.count)]), !shares.contains(where: { $0.assetRef == share.assetRef }) {
                    shares.append(share)
                }
            }
            partners.append(PartnerRecord(
                bcID: String(7_000_000_000_000_010_000 + index), name: index % 7 == 0 ? nil : "Partner \(index)",
                status: index % 9 == 4 ? .pending : .active, mediaAgency: index % 3 == 0, shares: shares.sorted()))
        }
        let snapshot = Snapshot(
            businessCenter: BusinessCenterInfo(id: ownID, name: "Generated"), members: members, partners: partners, assets: assets)
        let folder = try BinaryRunner.temporaryFolder()
        try BinaryRunner.write(JSONValue.object(snapshot.jsonMembers).rendered(), "store.json", in: folder)
        try BinaryRunner.write("""
            version: 1
            business_center: {id: "\(ownID)"}
            provider: {kind: mock, store: store.json, caller: person0@acme.example}
            policy: {min_admins: 2, unmanaged: revoke}

            """, "bcplan.yaml", in: folder)
        return folder
    }
}
