@testable import BCPlanCore
import Testing

/// The apply's bookkeeping driven by hand: no provider, no tasks, no waiting.
@Suite struct ApplyScheduleTests {
    typealias F = ApplyFixtures

    private static let admins = (1...4).map { F.member("admin\($0)@acme.example", .admin) }

    private func schedule(_ actions: [PlanAction], on snapshot: Snapshot, minAdmins: Int = 2,
                          capabilities: ProviderCapabilities = .all) -> ApplySchedule {
        ApplySchedule(actions, base: snapshot, minAdmins: minAdmins, capabilities: capabilities)
    }

    private func ids(_ batches: [ApplySchedule.Batch]) -> [[String]] {
        batches.map { $0.call.actions.map(\.id) }
    }

    private let done = Result<ProviderReceipt, ProviderError>.success(ProviderReceipt(requestID: "r"))

    @Test func anActionStartsOnlyAfterWhatItDependsOnAndCompatibleOnesShareACall() {
        let add = F.addPartner(F.partnerID)
        let shares = (1...3).map { F.share(F.partnerID, "710000000000000000\($0)", "analyst", dependsOn: [add.id]) }
        var schedule = schedule([add] + shares, on: F.snapshot(members: Self.admins))
        let first = schedule.nextCalls(room: 4)
        #expect(ids(first) == [[add.id]])
        #expect(schedule.nextCalls(room: 4).isEmpty, "nothing else is ready while the partner is being added")
        #expect(schedule.finish(first[0], result: done, attempts: 1).map(\.result) == [.succeeded])
        #expect(ids(schedule.nextCalls(room: 4)) == [shares.map(\.id)])
    }

    @Test func roomBoundsTheCallsStartedAndTheRestWait() {
        let revokes = (1...3).map { F.revoke("admin\($0)@acme.example") }
        var schedule = schedule(revokes, on: F.snapshot(members: Self.admins + [F.member("x@acme.example", .admin)]))
        #expect(schedule.nextCalls(room: 2).count == 2)
        #expect(schedule.nextCalls(room: 0).isEmpty)
    }

    @Test func aFailureSkipsWhatDependsOnItTransitively() {
        let add = F.addPartner(F.partnerID)
        let share = F.share(F.partnerID, "7100000000000000001", "analyst", dependsOn: [add.id])
        let assign = F.assign("admin1@acme.example", .adAccount, "7100000000000000001", .level("analyst"), dependsOn: [share.id])
        var schedule = schedule([add, share, assign], on: F.snapshot(members: Self.admins))
        let call = schedule.nextCalls(room: 4)
        let failed = schedule.finish(call[0], result: .failure(ProviderError("no", requestID: "r9")), attempts: 1)
        #expect(failed.map(\.message) == ["no"])
        #expect(failed.map(\.requestID) == ["r9"])
        let skipped = schedule.settleBlocked()
        #expect(skipped.map(\.action.id) == [share.id, assign.id])
        #expect(skipped.map(\.message) == [
            "skipped: it depends on add_partner:7000000000000000099, which failed",
            "skipped: it depends on share:7000000000000000099:ad_account:7100000000000000001, which was skipped",
        ])
        #expect(schedule.outcomes.map(\.result) == [.failed, .skipped, .skipped])
    }

    @Test func aTransientFailureSaysHowOftenItWasTried() {
        var schedule = schedule([F.invite("a@acme.example")], on: F.snapshot(members: Self.admins))
        let call = schedule.nextCalls(room: 1)
        let outcome = schedule.finish(call[0], result: .failure(ProviderError("busy", isTransient: true)), attempts: 8)
        #expect(outcome.map(\.message) == ["busy (still failing after 8 attempts)"])
        #expect(outcome.map(\.attempts) == [8])
    }

    @Test func whatTheProviderCannotDoIsLeftForAPersonWithItsDependents() {
        let transfer = PlanAction(
            .transfer(asset: PlanAssetRef(type: .adAccount, id: "7100000000000000001", key: nil), from: F.partnerID, to: F.ownID,
                      direction: .incoming),
            reason: "test", manual: ManualSteps(steps: ["Ask for it."]))
        let assign = F.assign("admin1@acme.example", .adAccount, "7100000000000000001", .level("analyst"), dependsOn: [transfer.id])
        var schedule = schedule([transfer, assign], on: F.snapshot(members: Self.admins))
        #expect(schedule.nextCalls(room: 4).isEmpty)
        #expect(schedule.settleBlocked().map(\.result) == [.manual, .skipped])
        #expect(schedule.outcomes.last?.message == "skipped: it depends on transfer:ad_account:7100000000000000001, which needs a manual step")
    }

    @Test func aRemovalBelowTheFloorIsRefusedWithoutACall() {
        let removals = [F.revoke("admin1@acme.example"), F.updateRole("admin2@acme.example", to: .standard), F.revoke("admin3@acme.example")]
        var schedule = schedule(removals, on: F.snapshot(members: Self.admins))
        #expect(ids(schedule.nextCalls(room: 8)) == [[removals[0].id], [removals[1].id]], "two of four may go at once")
        let refused = schedule.settleBlocked()
        #expect(refused.map(\.action.id) == [removals[2].id])
        #expect(refused.map(\.message) == ["not started: it would leave 1 active admin, fewer than policy.min_admins (2)"])
        #expect(refused.map(\.attempts) == [0])
    }

    @Test func aRemovalWaitsWhileAPromotionIsUnderWay() {
        let promote = F.updateRole("dan@acme.example", to: .admin)
        let demote = F.updateRole("admin1@acme.example", to: .standard)
        var schedule = schedule([promote, demote], on: F.snapshot(members: Array(Self.admins.prefix(2)) + [F.member("dan@acme.example", .standard)]))
        let first = schedule.nextCalls(room: 4)
        #expect(ids(first) == [[promote.id]])
        #expect(schedule.settleBlocked().isEmpty, "not refused while the promotion may still lift the count")
        _ = schedule.finish(first[0], result: done, attempts: 1)
        #expect(ids(schedule.nextCalls(room: 4)) == [[demote.id]])
    }

    @Test func atTheAdminLimitAPromotionWaitsForTheRemovalThatMakesRoom() {
        let admins = (0..<20).map { F.member("a\($0)@acme.example", .admin) }
        let promote = F.updateRole("ben@acme.example", to: .admin)
        let revoke = F.revoke("a19@acme.example")
        var schedule = schedule([promote, revoke], on: F.snapshot(members: admins + [F.member("ben@acme.example", .standard)]))
        let first = schedule.nextCalls(room: 4)
        #expect(ids(first) == [[revoke.id]], "no room for the promotion until the revoke is done")
        _ = schedule.finish(first[0], result: done, attempts: 1)
        #expect(ids(schedule.nextCalls(room: 4)) == [[promote.id]])
    }

    @Test func atTheMemberLimitABatchIsTrimmedToTheRoomThereIs() {
        let members = [F.member("ana@acme.example", .admin), F.member("bo@acme.example", .admin)]
            + (0..<(PlatformLimits.maxMembers - 3)).map { F.member("m\($0)@acme.example", .standard) }
        let invites = (0..<3).map { F.invite("new\($0)@acme.example") }
        let revokes = (0..<2).map { F.revoke("m\($0)@acme.example") }
        var schedule = schedule(invites + revokes, on: F.snapshot(members: members))
        let batches = schedule.nextCalls(room: 10)
        #expect(batches.filter { $0.call.kind == .invite }.map(\.indices.count) == [1], "one seat left: one invitation, the rest wait")
        #expect(batches.filter { $0.call.kind == .revoke }.count == 2)
    }

    @Test func withNothingLeftThatMakesRoomTheActionGoesAheadAndThePlatformDecides() {
        let admins = (0..<20).map { F.member("a\($0)@acme.example", .admin) }
        var schedule = schedule([F.invite("new@acme.example", role: .admin)], on: F.snapshot(members: admins))
        #expect(schedule.nextCalls(room: 4).count == 1)
    }

    @Test func whatNeverStartedIsSettledWithTheReason() {
        let invites = (0..<3).map { F.invite("u\($0)@acme.example", role: $0 == 0 ? .admin : .standard) }
        var schedule = schedule(invites, on: F.snapshot(members: Self.admins))
        let first = schedule.nextCalls(room: 1)
        _ = schedule.finish(first[0], result: done, attempts: 1)
        let rest = schedule.settleUnstarted(stopReason: "the disk is full")
        #expect(rest.map(\.message) == Array(repeating: "not started: the run stopped because the disk is full", count: 2))
        #expect(schedule.outcomes.count == 3)
    }
}
