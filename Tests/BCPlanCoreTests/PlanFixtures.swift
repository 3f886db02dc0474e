@testable import BCPlanCore
import BCPlanYAML

/// Plans built by hand for the renderer tests.
enum PlanFixtures {
    static let acme = BusinessCenterInfo(id: "7000000000000000001", name: "Acme Retail")

    static func at(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: "bcplan.yaml", line: line, column: column)
    }

    static func asset(_ type: AssetType, _ id: String, _ key: String?) -> PlanAssetRef {
        PlanAssetRef(type: type, id: id, key: key)
    }

    /// A realistic plan with every kind of action, drift, warnings, a note, an error and a manual
    /// action; names with markdown-special characters.
    static var sample: Plan {
        let addPartner = PlanAction(
            .addPartner(partner: "7000000000000000099", name: "Blue Agency", mediaAgency: true),
            reason: "declared at bcplan.yaml:40:5, not a partner yet", source: "bcplan.yaml:40:5")
        var transfer = PlanAction(
            .transfer(asset: asset(.adAccount, "7100000000000000003", "us-promo"), from: "7000000000000000555",
                      to: "7000000000000000001", direction: .incoming),
            reason: "declared with owner: self at bcplan.yaml:24:5, owned by 7000000000000000555",
            source: "bcplan.yaml:24:5",
            manual: ManualSteps(steps: [
                "Ask Business Center 7000000000000000555 to transfer ad account 7100000000000000003 to 7000000000000000001.",
                "Accept the transfer under Business Center > Assets > Ad accounts > Pending.",
                "Run bcplan refresh.",
            ]))
        // A saved plan keeps the privilege it was written with; this one shows an action without one.
        transfer.privilege = .none
        let requestAccess = PlanAction(
            .requestAccess(asset: asset(.adAccount, "7100000000000000009", "client-us"), owner: "7000000000000000555",
                           held: nil, wanted: .level("operator")),
            reason: "declared with access: operator at bcplan.yaml:28:5, no access yet", source: "bcplan.yaml:28:5")
        let invite = PlanAction(
            .invite(Invitation(email: "carla@acme.example", roles: MemberRoles(role: .standard), assets: [
                AssetPermissionRecord(type: .adAccount, id: "7100000000000000001", permission: .level("analyst")),
            ])),
            reason: "declared at bcplan.yaml:31:5, not in the Business Center", source: "bcplan.yaml:31:5")
        let resend = PlanAction(
            .resend(Invitation(email: "dana@acme.example", roles: MemberRoles(role: .standard)),
                    previous: SentInvitation(invitedAt: "2026-09-01T09:00:00Z", resends: 1, roles: MemberRoles(role: .standard))),
            reason: "invited 35 days ago, resend_after_days is 30", source: "bcplan.yaml:34:5")
        let promote = PlanAction(
            .updateRole(member: "erin@acme.example", from: MemberRoles(role: .standard),
                        to: MemberRoles(role: .admin, finance: .manager)),
            reason: "declared as admin with finance manager at bcplan.yaml:36:5", source: "bcplan.yaml:36:5")
        let assignNew = PlanAction(
            .assign(member: "frank_ops@acme.example", asset: asset(.adAccount, "7100000000000000001", "us-main"), from: nil,
                    to: .level("operator")),
            reason: "declared at bcplan.yaml:39:9, not assigned", source: "bcplan.yaml:39:9")
        let assignChange = PlanAction(
            .assign(member: "gina@acme.example", asset: asset(.adAccount, "7100000000000000002", "eu-main"),
                    from: .level("analyst"), to: .level("operator")),
            reason: "declared as operator at bcplan.yaml:43:9, has analyst", source: "bcplan.yaml:43:9")
        let shareChange = PlanAction(
            .share(partner: "7000000000000000099", asset: asset(.adAccount, "7100000000000000001", "us-main"),
                   from: .level("analyst"), to: .level("operator")),
            dependsOn: ["add_partner:7000000000000000099"],
            reason: "declared as operator at bcplan.yaml:44:9, shared as analyst", source: "bcplan.yaml:44:9")
        let shareNew = PlanAction(
            .share(partner: "7000000000000000099", asset: asset(.tiktokAccount, "6900000000000000001", "brand_tt"), from: nil,
                   to: .makeSet(["post", "live"])),
            dependsOn: ["add_partner:7000000000000000099", "transfer:ad_account:7100000000000000003"],
            reason: "declared at bcplan.yaml:46:9, not shared", source: "bcplan.yaml:46:9")
        let demote = PlanAction(
            .updateRole(member: "ben@acme.example", from: MemberRoles(role: .admin, finance: .manager), to: MemberRoles(role: .standard)),
            reason: "declared as standard at bcplan.yaml:14:5, is admin", source: "bcplan.yaml:14:5")
        let unassign = PlanAction(
            .unassign(member: "hank@acme.example", asset: asset(.adAccount, "7100000000000000002", "eu-main"), from: .level("admin")),
            reason: "not declared for hank@acme.example at bcplan.yaml:17:5", source: "bcplan.yaml:17:5")
        let unshare = PlanAction(
            .unshare(partner: "7000000000000000088", asset: asset(.pixel, "C9ABCDEF0123456789", nil), from: .level("use")),
            reason: "not declared for partner 7000000000000000088 at bcplan.yaml:50:5", source: "bcplan.yaml:50:5")
        let revoke = PlanAction(
            .revoke(member: "ivan_petrov@acme.example", roles: MemberRoles(role: .standard, finance: .analyst), status: .active),
            reason: "not declared, and policy.unmanaged is revoke")
        let cancel = PlanAction(
            .revoke(member: "jack@acme.example", roles: MemberRoles(role: .standard), status: .pending),
            reason: "not declared, and policy.unmanaged is revoke")
        let removePartner = PlanAction(
            .removePartner(partner: "7000000000000000077", name: "Old Media <Ltd> | *legacy*", status: .active, shares: 0),
            reason: "not declared, and policy.unmanaged is revoke")

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
                .assign(member: member, asset: asset(.adAccount, "7100000000000000001", "us-main"), from: nil, to: .level("operator")),
                reason: longReason, source: "bcplan.yaml:\(index + 10):9"))
        }
        for index in 0..<unassigns {
            let member = "u\(index)@\(emailDomain)"
            actions.append(PlanAction(
                .unassign(member: member, asset: asset(.adAccount, "7100000000000000001", "us-main"), from: .level("analyst")),
                reason: longReason))
        }
        for index in 0..<revokes {
            let member = "r\(index)@\(emailDomain)"
            actions.append(PlanAction(
                .revoke(member: member, roles: MemberRoles(role: .standard), status: .active),
                reason: "not declared, and policy.unmanaged is revoke"))
        }
        return Plan(businessCenter: acme, configPath: "bcplan.yaml", configDigest: String(repeating: "0", count: 64),
                    stateLineage: nil, stateSerial: 1, actions: actions, drift: [], diagnostics: [])
    }
}
