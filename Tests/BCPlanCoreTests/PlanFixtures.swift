@testable import BCPlanCore
import BCPlanYAML

/// Plans built by hand for the renderer tests.
enum PlanFixtures {
    static let acme = BusinessCenterInfo(id: "7000000000000000001", name: "Acme Retail")

    static func at(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: "bcplan.yaml", line: line, column: column)
    }

    static func permission(_ value: String) -> JSONValue { .object(["permission": .string(value)]) }

    /// A realistic plan with every kind of action, drift, warnings, a note, an error and a manual
    /// action; names with markdown-special characters.
    static var sample: Plan {
        let addPartner = PlanAction(
            id: "add_partner:7000000000000000099", kind: .addPartner, partner: "7000000000000000099",
            after: .object(["name": .string("Blue Agency"), "media_agency": .bool(true)]),
            reason: "declared at bcplan.yaml:40:5, not a partner yet", source: "bcplan.yaml:40:5",
            privilege: .grant, phase: 0)
        let transfer = PlanAction(
            id: "transfer:ad_account:7100000000000000003", kind: .transfer,
            asset: PlanAssetRef(type: .adAccount, id: "7100000000000000003", key: "us-promo"),
            before: .object(["owner_bc_id": .string("7000000000000000555")]),
            after: .object(["owner_bc_id": .string("7000000000000000001")]),
            reason: "declared with owner: self at bcplan.yaml:24:5, owned by 7000000000000000555",
            source: "bcplan.yaml:24:5", privilege: .none,
            manual: ManualSteps(steps: [
                "Ask Business Center 7000000000000000555 to transfer ad account 7100000000000000003 to 7000000000000000001.",
                "Accept the transfer under Business Center > Assets > Ad accounts > Pending.",
                "Run bcplan refresh.",
            ]),
            phase: 0)
        let requestAccess = PlanAction(
            id: "request_access:ad_account:7100000000000000009", kind: .requestAccess, partner: "7000000000000000555",
            asset: PlanAssetRef(type: .adAccount, id: "7100000000000000009", key: "client-us"),
            before: .object(["access": .null]), after: .object(["access": .string("operator")]),
            reason: "declared with access: operator at bcplan.yaml:28:5, no access yet", source: "bcplan.yaml:28:5",
            privilege: .grant, phase: 0)
        let invite = PlanAction(
            id: "invite:carla@acme.example", kind: .invite, member: "carla@acme.example",
            after: .object(["role": .string("standard"), "finance": .null, "assets": .array([
                .object(["type": .string("ad_account"), "id": .string("7100000000000000001"),
                         "permission": .string("analyst")]),
            ])]),
            reason: "declared at bcplan.yaml:31:5, not in the Business Center", source: "bcplan.yaml:31:5",
            privilege: .grant, phase: 1)
        let resend = PlanAction(
            id: "resend:dana@acme.example", kind: .resend, member: "dana@acme.example",
            before: .object(["invited_at": .string("2026-09-01T09:00:00Z"), "resends": .int(1)]),
            after: .object(["resends": .int(2)]),
            reason: "invited 35 days ago, resend_after_days is 30", source: "bcplan.yaml:34:5",
            privilege: .none, phase: 1)
        let promote = PlanAction(
            id: "update_role:erin@acme.example", kind: .updateRole, member: "erin@acme.example",
            before: .object(["role": .string("standard"), "finance": .null]),
            after: .object(["role": .string("admin"), "finance": .string("manager")]),
            reason: "declared as admin with finance manager at bcplan.yaml:36:5", source: "bcplan.yaml:36:5",
            privilege: .grant, phase: 1)
        let assignNew = PlanAction(
            id: "assign:frank_ops@acme.example:ad_account:7100000000000000001", kind: .assign,
            member: "frank_ops@acme.example",
            asset: PlanAssetRef(type: .adAccount, id: "7100000000000000001", key: "us-main"),
            after: permission("operator"),
            reason: "declared at bcplan.yaml:39:9, not assigned", source: "bcplan.yaml:39:9",
            privilege: .grant, phase: 1)
        let assignChange = PlanAction(
            id: "assign:gina@acme.example:ad_account:7100000000000000002", kind: .assign, member: "gina@acme.example",
            asset: PlanAssetRef(type: .adAccount, id: "7100000000000000002", key: "eu-main"),
            before: permission("analyst"), after: permission("operator"),
            reason: "declared as operator at bcplan.yaml:43:9, has analyst", source: "bcplan.yaml:43:9",
            privilege: .grant, phase: 1)
        let shareChange = PlanAction(
            id: "share:7000000000000000099:ad_account:7100000000000000001", kind: .share, partner: "7000000000000000099",
            asset: PlanAssetRef(type: .adAccount, id: "7100000000000000001", key: "us-main"),
            before: permission("analyst"), after: permission("operator"),
            dependsOn: ["add_partner:7000000000000000099"],
            reason: "declared as operator at bcplan.yaml:44:9, shared as analyst", source: "bcplan.yaml:44:9",
            privilege: .grant, phase: 1)
        let shareNew = PlanAction(
            id: "share:7000000000000000099:tiktok_account:6900000000000000001", kind: .share,
            partner: "7000000000000000099",
            asset: PlanAssetRef(type: .tiktokAccount, id: "6900000000000000001", key: "brand_tt"),
            after: .object(["permission": .array([.string("post"), .string("live")])]),
            dependsOn: ["add_partner:7000000000000000099", "transfer:ad_account:7100000000000000003"],
            reason: "declared at bcplan.yaml:46:9, not shared", source: "bcplan.yaml:46:9",
            privilege: .grant, phase: 1)
        let demote = PlanAction(
            id: "update_role:ben@acme.example", kind: .updateRole, member: "ben@acme.example",
            before: .object(["role": .string("admin"), "finance": .string("manager")]),
            after: .object(["role": .string("standard"), "finance": .null]),
            reason: "declared as standard at bcplan.yaml:14:5, is admin", source: "bcplan.yaml:14:5",
            privilege: .reduce, phase: 2)
        let unassign = PlanAction(
            id: "unassign:hank@acme.example:ad_account:7100000000000000002", kind: .unassign,
            member: "hank@acme.example",
            asset: PlanAssetRef(type: .adAccount, id: "7100000000000000002", key: "eu-main"),
            before: permission("admin"),
            reason: "not declared for hank@acme.example at bcplan.yaml:17:5", source: "bcplan.yaml:17:5",
            privilege: .reduce, phase: 2)
        let unshare = PlanAction(
            id: "unshare:7000000000000000088:pixel:C9ABCDEF0123456789", kind: .unshare, partner: "7000000000000000088",
            asset: PlanAssetRef(type: .pixel, id: "C9ABCDEF0123456789", key: nil),
            before: permission("use"),
            reason: "not declared for partner 7000000000000000088 at bcplan.yaml:50:5", source: "bcplan.yaml:50:5",
            privilege: .reduce, phase: 2)
        let revoke = PlanAction(
            id: "revoke:ivan_petrov@acme.example", kind: .revoke, member: "ivan_petrov@acme.example",
            before: .object(["role": .string("standard"), "finance": .string("analyst"), "status": .string("active")]),
            reason: "not declared, and policy.unmanaged is revoke", privilege: .reduce, phase: 2)
        let cancel = PlanAction(
            id: "revoke:jack@acme.example", kind: .revoke, member: "jack@acme.example",
            before: .object(["role": .string("standard"), "finance": .null, "status": .string("pending")]),
            reason: "not declared, and policy.unmanaged is revoke", privilege: .reduce, phase: 2)
        let removePartner = PlanAction(
            id: "remove_partner:7000000000000000077", kind: .removePartner, partner: "7000000000000000077",
            before: .object(["name": .string("Old Media <Ltd> | *legacy*"), "status": .string("active")]),
            reason: "not declared, and policy.unmanaged is revoke", privilege: .reduce, phase: 2)

        return Plan(
            businessCenter: acme, configPath: "bcplan.yaml", configDigest: String(repeating: "ab", count: 32),
            stateLineage: "5f0c1e0a-0000-4000-8000-000000000001", stateSerial: 4,
            actions: [addPartner, transfer, requestAccess, invite, resend, promote, assignNew, assignChange,
                      shareChange, shareNew, demote, unassign, unshare, revoke, cancel, removePartner],
            drift: [
                DriftEntry(objectKind: "asset", objectID: "ad_account:7100000000000000004", change: .changed,
                           details: ["owner_bc_id: 7000000000000000001 → 7000000000000000555"]),
                DriftEntry(objectKind: "member", objectID: "ben@acme.example", change: .changed,
                           details: ["finance: none → manager", "role: standard → admin"]),
                DriftEntry(objectKind: "member", objectID: "zoe@acme.example", change: .added,
                           details: ["role: standard", "status: active"]),
                DriftEntry(objectKind: "partner", objectID: "7000000000000000066", change: .removed),
            ],
            diagnostics: [
                Diagnostic(.warning, "partner Blue Agency (7000000000000000099) would get admin on eu-main (ad_account 7100000000000000002)", at: at(45, 9)),
                Diagnostic(.info, "carla@acme.example has not accepted yet: brand_tt (tiktok_account 6900000000000000001) is planned after they accept", at: at(31, 5)),
                Diagnostic(.error, "policy.max_admins is 2, but after this plan there would be 3 admins (alice@acme.example, erin@acme.example, ops@acme.example)", at: at(8, 3)),
                Diagnostic(.warning, "ad account client-us (7100000000000000009) is owned by Business Center 7000000000000000555"),
            ])
    }

    /// A plan with nothing to do.
    static var empty: Plan {
        Plan(businessCenter: acme, configPath: "bcplan.yaml", configDigest: String(repeating: "0", count: 64),
             stateLineage: nil, stateSerial: 0, actions: [], drift: [], diagnostics: [])
    }

    /// A very large plan: `revokes` member revocations (with short e-mails) and `grants`
    /// assignments with long reasons.
    static func large(revokes: Int, unassigns: Int = 0, grants: Int, emailDomain: String = "x.io") -> Plan {
        var actions: [PlanAction] = []
        let longReason = "declared at bcplan.yaml with a deliberately long explanation of why this permission is "
            + "needed, repeated to make every action heavy: " + String(repeating: "lorem ipsum dolor sit amet ", count: 6)
        for index in 0..<grants {
            let member = "g\(index)@\(emailDomain)"
            actions.append(PlanAction(
                id: "assign:\(member):ad_account:7100000000000000001", kind: .assign, member: member,
                asset: PlanAssetRef(type: .adAccount, id: "7100000000000000001", key: "us-main"),
                after: permission("operator"), reason: longReason, source: "bcplan.yaml:\(index + 10):9",
                privilege: .grant, phase: 1))
        }
        for index in 0..<unassigns {
            let member = "u\(index)@\(emailDomain)"
            actions.append(PlanAction(
                id: "unassign:\(member):ad_account:7100000000000000001", kind: .unassign, member: member,
                asset: PlanAssetRef(type: .adAccount, id: "7100000000000000001", key: "us-main"),
                before: permission("analyst"), reason: longReason, privilege: .reduce, phase: 2))
        }
        for index in 0..<revokes {
            let member = "r\(index)@\(emailDomain)"
            actions.append(PlanAction(
                id: "revoke:\(member)", kind: .revoke, member: member,
                before: .object(["role": .string("standard"), "finance": .null, "status": .string("active")]),
                reason: "not declared, and policy.unmanaged is revoke", privilege: .reduce, phase: 2))
        }
        return Plan(businessCenter: acme, configPath: "bcplan.yaml", configDigest: String(repeating: "0", count: 64),
                    stateLineage: nil, stateSerial: 1, actions: actions, drift: [], diagnostics: [])
    }
}
