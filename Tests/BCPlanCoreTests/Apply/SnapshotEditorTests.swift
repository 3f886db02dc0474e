@testable import BCPlanCore
import Testing

/// The platform's rules as the mock enforces them (DESIGN §1, §3).
@Suite struct SnapshotEditorTests {
    typealias F = ApplyFixtures

    private func editor(_ snapshot: Snapshot) -> SnapshotEditor { SnapshotEditor(snapshot, enforcingRules: true) }

    private func violation(_ action: PlanAction, on snapshot: Snapshot) -> String? {
        var editor = editor(snapshot)
        do {
            try editor.apply(action, now: F.now)
            return nil
        } catch {
            #expect(editor.snapshot == snapshot, "a refused action must change nothing")
            return error.message
        }
    }

    @Test func inviteAddsAPendingMemberWithAdAccountsAndIgnoresAnAlreadyInvitedEmail() throws {
        let base = F.snapshot(members: [F.member("ana@acme.example", .admin)], assets: [F.adAccount("7100000000000000001")])
        var editor = editor(base)
        try editor.apply(F.invite("Carla@Acme.example", assets: [("7100000000000000001", "analyst")]), now: F.now)
        let carla = try #require(editor.snapshot.members.last)
        #expect(carla.email == "Carla@Acme.example")
        #expect(carla.status == .pending)
        #expect(carla.invitedAt == F.now)
        #expect(carla.assets == [AssetPermissionRecord(type: .adAccount, id: "7100000000000000001", permission: .level("analyst"))])
        let before = editor.snapshot
        try editor.apply(F.invite("carla@acme.example", role: .admin), now: "2026-12-01T00:00:00Z")
        #expect(editor.snapshot == before, "the platform ignores an e-mail already invited")
    }

    @Test func memberAndAdminLimits() {
        let full = F.snapshot(members: (0..<PlatformLimits.maxMembers).map { F.member("m\($0)@acme.example", .standard) })
        #expect(violation(F.invite("new@acme.example"), on: full) == "the Business Center already has 4000 members, the platform's limit")
        let admins = F.snapshot(members: (0..<20).map { F.member("a\($0)@acme.example", .admin) } + [F.member("s@acme.example", .standard)])
        #expect(violation(F.invite("new@acme.example", role: .admin), on: admins) == "the Business Center already has 20 admins, the platform's limit")
        #expect(violation(F.updateRole("s@acme.example", to: .admin), on: admins) == "the Business Center already has 20 admins, the platform's limit")
    }

    @Test func onlyAnActiveMemberTakesAssetsOtherThanAdAccounts() {
        let base = F.snapshot(
            members: [F.member("ana@acme.example", .admin), F.member("carla@acme.example", .standard, .pending)],
            assets: [AssetRecord(type: .catalog, id: "7200000000000000001", ownerBCID: F.ownID)])
        #expect(violation(F.assign("carla@acme.example", .catalog, "7200000000000000001", .level("admin")), on: base)
            == "carla@acme.example has not accepted the invitation yet; only an active member can be assigned a catalog")
        #expect(violation(F.invite("dan@acme.example", assets: [("7200000000000000001", "admin")]), on: base) != nil)
    }

    @Test func onlyOwnedAssetsCanBeSharedAndGrantsStayWithinTheAccessHeld() {
        let base = F.snapshot(
            members: [F.member("ana@acme.example", .admin)],
            partners: [PartnerRecord(bcID: F.partnerID, status: .active)],
            assets: [F.adAccount("7100000000000000777", owner: "7000000000000000555", access: .level("analyst"))])
        #expect(violation(F.share(F.partnerID, "7100000000000000777", "analyst"), on: base)
            == "ad_account 7100000000000000777 is not owned by this Business Center; only owned assets can be shared")
        #expect(violation(F.assign("ana@acme.example", .adAccount, "7100000000000000777", .level("operator")), on: base)
            == "this Business Center holds analyst on ad_account 7100000000000000777, owned by 7000000000000000555; it cannot grant operator")
        #expect(violation(F.assign("ana@acme.example", .adAccount, "7100000000000000777", .level("analyst")), on: base) == nil)
    }

    @Test func removingAPartnerDropsItsShares() throws {
        let base = F.snapshot(
            members: [F.member("ana@acme.example", .admin)],
            partners: [PartnerRecord(bcID: F.partnerID, status: .active, shares: [
                AssetPermissionRecord(type: .adAccount, id: "7100000000000000001", permission: .level("analyst"))])],
            assets: [F.adAccount("7100000000000000001")])
        var editor = editor(base)
        try editor.apply(PlanAction(.removePartner(partner: F.partnerID, name: nil, status: .active, shares: 1), reason: "test"),
                         now: F.now)
        #expect(editor.snapshot.partners.isEmpty)
    }

    @Test func theLastActiveAdminStays() {
        let base = F.snapshot(members: [F.member("ana@acme.example", .admin), F.member("bo@acme.example", .admin, .pending)])
        #expect(violation(F.revoke("ana@acme.example"), on: base) == "ana@acme.example is the last active admin; a Business Center must keep one")
        #expect(violation(F.updateRole("ana@acme.example", to: .standard), on: base) == "ana@acme.example is the last active admin; a Business Center must keep one")
        #expect(violation(F.revoke("bo@acme.example"), on: base) == nil, "cancelling a pending invitation is fine")
    }

    @Test func handingAnAssetOverTakesItFromMembersAndPartners() throws {
        let account = AssetPermissionRecord(type: .adAccount, id: "7100000000000000002", permission: .level("operator"))
        let base = F.snapshot(
            members: [F.member("ana@acme.example", .admin, assets: [account])],
            partners: [PartnerRecord(bcID: F.partnerID, status: .active, shares: [account])],
            assets: [F.adAccount("7100000000000000002")])
        var editor = editor(base)
        try editor.apply(PlanAction(
            .transfer(asset: PlanAssetRef(type: .adAccount, id: "7100000000000000002", key: nil), from: F.ownID,
                      to: "7000000000000000555", direction: .handOver),
            reason: "test"), now: F.now)
        #expect(editor.snapshot.assets[0].ownerBCID == "7000000000000000555")
        #expect(editor.snapshot.members[0].assets.isEmpty)
        #expect(editor.snapshot.partners[0].shares.isEmpty)
    }
}
