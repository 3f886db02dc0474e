@testable import BCPlanCore
import Foundation

/// A random but reproducible Business Center and a config for it, weighted towards the cases where
/// order matters: admins at or near the platform's limit and the floor, promotions, demotions,
/// admin invitations and resends, and ad accounts that the plan transfers in while invitations and
/// assignments grant them (this Business Center holding only analyst access until then).
struct RandomScenario {
    static let ownID = "7000000000000000001"
    static let agencyID = "7000000000000000099"
    static let now = "2026-11-21T12:00:00Z"

    var live: Snapshot
    var minAdmins: Int
    /// The config file's text.
    var yaml: String

    init(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

        // Half the cases sit at the platform's admin limit, pending admin invitations included.
        let activeAdmins = chance(0.5) ? pick(16...20) : pick(2...19)
        let pendingAdmins = chance(0.5) ? PlatformLimits.maxAdmins - activeAdmins : pick(0...min(2, PlatformLimits.maxAdmins - activeAdmins))
        var members: [MemberRecord] = []
        func old() -> String { chance(0.5) ? "2026-09-01T09:00:00Z" : "2026-11-15T09:00:00Z" }
        for index in 0..<activeAdmins {
            members.append(MemberRecord(email: "admin\(index)@acme.example", userID: "68\(100 + index)", status: .active, role: .admin))
        }
        for index in 0..<pendingAdmins {
            members.append(MemberRecord(email: "invited\(index)@acme.example", status: .pending, role: .admin, invitedAt: old()))
        }
        for index in 0..<pick(0...6) {
            let pending = chance(0.3)
            members.append(MemberRecord(
                email: "staff\(index)@acme.example", userID: pending ? nil : "68\(200 + index)", status: pending ? .pending : .active,
                role: .standard, invitedAt: pending ? old() : nil))
        }
        // Two ad accounts of our own; two in the agency's Business Center, where we hold analyst.
        let owned = (1...2).map { AssetRecord(type: .adAccount, id: "710000000000000000\($0)", name: nil, ownerBCID: Self.ownID) }
        let foreign = (3...4).map {
            AssetRecord(type: .adAccount, id: "710000000000000000\($0)", name: nil, ownerBCID: Self.agencyID, access: .level("analyst"))
        }
        live = Snapshot(businessCenter: BusinessCenterInfo(id: Self.ownID, name: "Random"), members: members, assets: owned + foreign)
        minAdmins = pick(1...min(3, activeAdmins))

        // The config: the first admin applies and stays; everyone else is kept, changed or left out.
        var declared: [(email: String, role: MemberRole, grants: [String])] = []
        let keys = ["own1", "own2", "agency3", "agency4"]
        func grants() -> [String] { (0..<pick(0...2)).map { _ in keys[pick(0...3)] } }
        for member in members {
            let roll = Double.random(in: 0..<1, using: &random)
            if member.email == "admin0@acme.example" {
                declared.append((member.email, .admin, []))
            } else if roll < 0.2 {
                continue
            } else if roll < 0.35 {
                declared.append((member.email, member.role == .admin ? .standard : .admin, grants()))
            } else {
                declared.append((member.email, member.role, grants()))
            }
        }
        for index in 0..<pick(0...3) {
            declared.append(("new\(index)@acme.example", chance(0.4) ? .admin : .standard, grants()))
        }
        // Keep the declaration within the policy: at least min_admins admins, at most the limit.
        var admins = declared.indices.filter { declared[$0].role == .admin }
        while admins.count > PlatformLimits.maxAdmins, let last = admins.popLast() { declared[last].role = .standard }
        for index in declared.indices where admins.count < minAdmins && declared[index].role == .standard {
            declared[index].role = .admin
            admins.append(index)
        }
        let transferIn = keys.suffix(2).map { _ in chance(0.7) }
        var text = """
            version: 1
            business_center: {id: "\(Self.ownID)"}
            provider: {kind: mock, caller: admin0@acme.example}
            policy: {min_admins: \(minAdmins), max_revoke_fraction: 1}
            assets:
              - {key: own1, type: ad_account, id: "7100000000000000001"}
              - {key: own2, type: ad_account, id: "7100000000000000002"}

            """
        for (offset, key) in keys.suffix(2).enumerated() {
            let id = "710000000000000000\(offset + 3)"
            text += transferIn[offset]
                ? "  - {key: \(key), type: ad_account, id: \"\(id)\"}\n"
                : "  - {key: \(key), type: ad_account, id: \"\(id)\", owner: \"\(Self.agencyID)\", access: analyst}\n"
        }
        text += "members:\n"
        for member in declared {
            text += "  - email: \(member.email)\n    role: \(member.role.rawValue)\n"
            let unique = Array(Set(member.grants)).sorted()
            guard !unique.isEmpty else { continue }
            text += "    assets:\n"
            for key in unique { text += "      \(key): \(chance(0.5) ? "operator" : "analyst")\n" }
        }
        yaml = text
    }
}
