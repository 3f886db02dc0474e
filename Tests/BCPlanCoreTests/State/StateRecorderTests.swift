@testable import BCPlanCore
import Foundation
import Testing

/// Recording an outcome touches only the objects its action touches, and yet adds up to exactly
/// what the snapshot editor makes of the whole Business Center.
@Suite struct StateRecorderTests {
    private typealias F = ApplyFixtures

    /// Every golden plan, its actions applied one by one as reported done: the indexed snapshot
    /// with each outcome's changes is the editor's snapshot, object for object and in order.
    @Test(arguments: PlanGoldenTests.cases)
    func outcomeByOutcomeTheRecordedStateIsTheEditorsWholeSnapshot(_ name: String) throws {
        let folder = Fixtures.root.appendingPathComponent("plans").appendingPathComponent(name)
        let live = try #require(try JSONFile.read(Snapshot.self, from: folder.appendingPathComponent("store.json").path, what: "store"))
        let plan = try PlanGoldenTests.plan(name)
        var whole = SnapshotEditor(live, enforcingRules: false)
        var indexed = IndexedSnapshot(live)
        for action in plan.actions {
            try? whole.apply(action, now: F.now)
            let changes = StateRecorder.changes(of: action, in: indexed, now: F.now)
            let touched = Set(action.change.objects.map(SnapshotObjectKey.init))
            // A hand-over also takes the asset from its holders (the next test).
            if SnapshotEditor.holdsEnded(by: action.change) == nil {
                #expect(changes.set.allSatisfy { touched.contains($0.key) }, "\(action.id) set another object")
                #expect(changes.removed.allSatisfy { touched.contains($0) }, "\(action.id) removed another object")
            }
            indexed.apply(changes)
            #expect(indexed.snapshot == whole.snapshot, "\(name): after \(action.id)")
        }
    }

    @Test func aHandOverTakesTheAssetFromEveryHolderAndOnlyThem() throws {
        let account = AssetPermissionRecord(type: .adAccount, id: "7100000000000000002", permission: .level("operator"))
        let other = AssetPermissionRecord(type: .adAccount, id: "7100000000000000003", permission: .level("analyst"))
        let base = F.snapshot(
            members: [F.member("ana@acme.example", .admin, assets: [account]), F.member("bo@acme.example", .admin, assets: [other])],
            partners: [PartnerRecord(bcID: F.partnerID, status: .active, shares: [account, other])],
            assets: [F.adAccount("7100000000000000002"), F.adAccount("7100000000000000003")])
        let transfer = PlanAction(
            .transfer(
                asset: PlanAssetRef(type: .adAccount, id: "7100000000000000002", key: nil), from: F.ownID,
                to: "7000000000000000555", direction: .handOver),
            reason: "test")
        let changes = StateRecorder.changes(of: transfer, in: IndexedSnapshot(base), now: F.now)
        #expect(changes.set.map(\.key.description).sorted() == [
            "asset:ad_account:7100000000000000002", "member:ana@acme.example", "partner:\(F.partnerID)",
        ])
        #expect(changes.removed.isEmpty)
        var editor = SnapshotEditor(base, enforcingRules: false)
        try editor.apply(transfer, now: F.now)
        var indexed = IndexedSnapshot(base)
        indexed.apply(changes)
        #expect(indexed.snapshot == editor.snapshot)
    }

    @Test func changesBetweenTwoSnapshotsRoundTripThroughJSON() throws {
        let old = F.snapshot(
            members: [F.member("ana@acme.example", .admin), F.member("bo@acme.example", .standard)],
            assets: [F.adAccount("7100000000000000001")])
        var new = old
        new.businessCenter.name = "Acme Retail"
        new.members.remove(at: 1)
        new.members[0].finance = .manager
        new.members.append(F.member("cy@acme.example", .standard, .pending))
        new.partners.append(PartnerRecord(bcID: F.partnerID, name: "Blue", status: .pending))
        let changes = SnapshotChanges.between(old, new)
        #expect(changes.businessCenter?.name == "Acme Retail")
        #expect(changes.set.map(\.key.description) == ["member:ana@acme.example", "member:cy@acme.example", "partner:\(F.partnerID)"])
        #expect(changes.removed.map(\.description) == ["member:bo@acme.example"])
        let text = JSONValue.object(changes.json).compact()
        guard case .object(let parsed) = try JSONParser.parse(Array(text.utf8)) else {
            Issue.record("not an object: \(text)")
            return
        }
        #expect(try SnapshotChanges(json: parsed, path: "") == changes)
        var indexed = IndexedSnapshot(old)
        indexed.apply(changes)
        #expect(indexed.snapshot == new)
        #expect(SnapshotChanges.between(new, new).isEmpty)
        #expect(SnapshotChanges.between(nil, new).set.count == 4)
    }
}
