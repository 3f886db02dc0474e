@testable import BCPlanCore
import Testing

@Suite struct ExecutorTests {
    typealias F = ApplyFixtures

    private static let admins = (1...4).map { F.member("admin\($0)@acme.example", .admin) }

    private func run(
        _ actions: [PlanAction], on provider: ScriptedProvider, parallelism: Int = 4, minAdmins: Int = 2
    ) async -> (ApplyReport, [ActionOutcome]) {
        var seen: [ActionOutcome] = []
        let report = await Executor(
            parallelism: parallelism, retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(1), maxDelay: .milliseconds(4)),
            minAdmins: minAdmins
        ).run(actions, provider: provider, base: provider.read(), onOutcome: { outcome in
            seen.append(outcome)
            return nil
        })
        return (report, seen)
    }

    @Test func dependenciesRunFirstAndEveryActionHasOneOutcome() async throws {
        let add = F.addPartner(F.partnerID)
        let shares = (1...6).map { F.share(F.partnerID, "710000000000000000\($0)", "analyst", dependsOn: [add.id]) }
        let provider = ScriptedProvider(F.snapshot(
            members: Self.admins, assets: (1...6).map { F.adAccount("710000000000000000\($0)") }))
        let (report, seen) = await run([add] + shares, on: provider, parallelism: 8)
        #expect(report.succeeded)
        #expect(report.outcomes.map(\.action.id) == ([add] + shares).map(\.id))
        #expect(Set(seen.map(\.action.id)).count == seen.count)
        let calls = provider.log.withLock { $0.calls }
        #expect(calls.first == [add.id], "the partner is added before anything is shared with it")
        #expect(calls.count == 2, "six shares of one type and permission with one partner go in one call")
        #expect(report.calls == 2)
    }

    @Test func endingSharesWithOnePartnerGoFiftyToACall() async {
        let partner = "7000000000000000099"
        let ids = (0..<60).map { String(7_100_000_000_000_000_100 + $0) }
        let shares = ids.map { AssetPermissionRecord(type: .adAccount, id: $0, permission: .level("analyst")) }
        let provider = ScriptedProvider(
            F.snapshot(members: Self.admins, partners: [PartnerRecord(bcID: partner, status: .active, shares: shares)],
                       assets: ids.map { AssetRecord(type: .adAccount, id: $0, ownerBCID: "7000000000000000001") }),
            latency: .zero)
        let unshares = ids.map { F.unshare(partner, $0) } + [F.unshare("7000000000000000098", ids[0])]
        let (report, _) = await run(unshares, on: provider)
        #expect(provider.log.withLock { $0.calls.map(\.count) }.sorted() == [1, 10, 50])
        #expect(report.outcomes.count == 61)
    }

    @Test func identicalInvitationsGoFiftyToACall() async {
        let invites = (0..<200).map { F.invite(String(format: "user%03d@acme.example", $0)) }
        let provider = ScriptedProvider(F.snapshot(members: Self.admins), latency: .zero)
        let (report, _) = await run(invites, on: provider)
        #expect(report.succeeded)
        #expect(provider.log.withLock { $0.calls.map(\.count) } == [50, 50, 50, 50])
        #expect(report.outcomes.allSatisfy { $0.batchSize == 50 })
    }

    @Test func invitationsWithDifferentParametersAreNotBatchedTogether() async {
        let invites = [F.invite("a@acme.example"), F.invite("b@acme.example", role: .admin), F.invite("c@acme.example")]
        let provider = ScriptedProvider(F.snapshot(members: Self.admins), latency: .zero)
        let (report, _) = await run(invites, on: provider, parallelism: 1)
        #expect(report.succeeded)
        #expect(provider.log.withLock { $0.calls.map { $0.sorted() } } == [["invite:a@acme.example", "invite:c@acme.example"], ["invite:b@acme.example"]])
    }

    @Test func aPermanentFailureSkipsItsDependentsAndTheRestFinishes() async {
        let add = F.addPartner(F.partnerID)
        let share = F.share(F.partnerID, "7100000000000000001", "analyst", dependsOn: [add.id])
        let invite = F.invite("carla@acme.example")
        let provider = ScriptedProvider(
            F.snapshot(members: Self.admins, assets: [F.adAccount("7100000000000000001")]), permanentFailures: [add.id])
        let (report, _) = await run([add, share, invite], on: provider)
        #expect(!report.succeeded)
        #expect(report.outcomes.map(\.result) == [.failed, .skipped, .succeeded])
        #expect(report.outcomes[0].message == "refused by the test")
        #expect(report.outcomes[0].requestID != nil)
        #expect(report.outcomes[0].attempts == 1, "a permanent failure is not retried")
        #expect(report.outcomes[1].message == "skipped: it depends on add_partner:7000000000000000099, which failed")
        #expect(report.summaryLine == "Apply incomplete: 1 done, 1 failed, 1 skipped (2 provider calls).")
    }

    @Test func transientFailuresAreRetriedWithinTheBound() async {
        let flaky = F.invite("flaky@acme.example", role: .admin)
        let hopeless = F.invite("hopeless@acme.example", assets: [("7100000000000000001", "analyst")])
        let provider = ScriptedProvider(
            F.snapshot(members: Self.admins, assets: [F.adAccount("7100000000000000001")]),
            transientFailures: [flaky.id: 2, hopeless.id: 100], latency: .zero)
        let (report, _) = await run([flaky, hopeless], on: provider)
        #expect(report.outcomes[0].result == .succeeded)
        #expect(report.outcomes[0].attempts == 3)
        #expect(report.outcomes[1].result == .failed)
        #expect(report.outcomes[1].attempts == 4)
        #expect(report.outcomes[1].message == "busy (still failing after 4 attempts)")
    }

    @Test(arguments: [1, 3, 8])
    func theAdminFloorHoldsAtEveryInstant(parallelism: Int) async {
        // Three admin removals from four active admins with a floor of two: whatever the
        // parallelism, exactly two happen and the third is refused, never run.
        let removals = [F.revoke("admin1@acme.example"), F.updateRole("admin2@acme.example", to: .standard), F.revoke("admin3@acme.example")]
        let provider = ScriptedProvider(F.snapshot(members: Self.admins), latency: .milliseconds(20))
        let (report, _) = await run(removals, on: provider, parallelism: parallelism)
        #expect(report.count(.succeeded) == 2)
        #expect(report.count(.failed) == 1)
        #expect(report.outcomes.last?.message == "not started: it would leave 1 active admin, fewer than policy.min_admins (2)")
        #expect(provider.log.withLock { $0.fewestActiveAdmins } == 2)
        #expect(provider.log.withLock { $0.calls.count } == 2)
    }

    @Test func aRemovalWaitsForAPromotionUnderWay() async {
        let promote = F.updateRole("dan@acme.example", to: .admin)
        let demote = F.updateRole("admin1@acme.example", to: .standard)
        let provider = ScriptedProvider(
            F.snapshot(members: Array(Self.admins.prefix(2)) + [F.member("dan@acme.example", .standard)]),
            latency: .milliseconds(20))
        let (report, _) = await run([promote, demote], on: provider, parallelism: 4)
        #expect(report.succeeded)
        #expect(provider.log.withLock { $0.calls } == [[promote.id], [demote.id]])
        #expect(provider.log.withLock { $0.fewestActiveAdmins } == 2)
    }

    @Test func parallelismBoundsTheCallsInFlight() async {
        let distinct = (0..<24).map { F.invite("u\($0)@acme.example", assets: [("7100000000000000001", ["analyst", "operator", "admin"][$0 % 3])]) }
        var capabilities = ProviderCapabilities.all
        capabilities.maxInvitationBatch = 1
        let provider = ScriptedProvider(
            F.snapshot(members: Self.admins, assets: [F.adAccount("7100000000000000001")]), capabilities: capabilities,
            latency: .milliseconds(10))
        let (report, _) = await run(distinct, on: provider, parallelism: 3)
        #expect(report.succeeded)
        #expect(provider.log.withLock { $0.mostRunning } <= 3)
        #expect(provider.log.withLock { $0.calls.count } == 24)
    }

    @Test func manualActionsAreLeftForAPersonWithTheirDependents() async {
        let transfer = PlanAction(
            .transfer(asset: PlanAssetRef(type: .adAccount, id: "7100000000000000001", key: nil), from: F.partnerID, to: F.ownID,
                      direction: .incoming),
            reason: "test", manual: ManualSteps(steps: ["Ask for it."]))
        let assign = F.assign("admin1@acme.example", .adAccount, "7100000000000000001", .level("analyst"), dependsOn: [transfer.id])
        let provider = ScriptedProvider(F.snapshot(members: Self.admins, assets: [F.adAccount("7100000000000000001", owner: F.partnerID)]))
        let (report, _) = await run([transfer, assign], on: provider)
        #expect(report.outcomes.map(\.result) == [.manual, .skipped])
        #expect(provider.log.withLock { $0.calls.isEmpty })
    }

    @Test func aStopReasonEndsTheRunAfterWhatIsInFlight() async {
        let invites = (0..<6).map { F.invite("u\($0)@acme.example") }
        var capabilities = ProviderCapabilities.all
        capabilities.maxInvitationBatch = 1
        let provider = ScriptedProvider(F.snapshot(members: Self.admins), capabilities: capabilities, latency: .milliseconds(5))
        var count = 0
        let report = await Executor(parallelism: 1, minAdmins: 2).run(invites, provider: provider, base: provider.read(), onOutcome: { _ in
            count += 1
            return count == 1 ? "the disk is full" : nil
        })
        #expect(report.count(.succeeded) == 1)
        #expect(report.count(.skipped) == 5)
        #expect(report.outcomes.last?.message == "not started: the run stopped because the disk is full")
    }

    @Test func aStopStartsNothingNewLetsWhatIsInFlightFinishAndLeavesTheRestUnstartedAndUnrecorded() async {
        let invites = (0..<6).map { F.invite("u\($0)@acme.example") }
        var capabilities = ProviderCapabilities.all
        capabilities.maxInvitationBatch = 1
        let provider = ScriptedProvider(F.snapshot(members: Self.admins), capabilities: capabilities, latency: .milliseconds(20))
        let stop = StopRequest()
        var recorded: [String] = []
        var noticed: [(StopSignal, Int)] = []
        let report = await Executor(parallelism: 2, minAdmins: 2).run(
            invites, provider: provider, base: provider.read(), stop: stop,
            onStop: { noticed.append(($0, $1)) },
            onOutcome: { outcome in
                recorded.append(outcome.action.id)
                // The first outcome comes while the second call is still on the wire.
                if recorded.count == 1 { stop.request(.terminate) }
                return nil
            })
        #expect(report.count(.succeeded) == 2, "the call in flight finished")
        #expect(recorded.count == 2, "only what ran is recorded")
        #expect(report.outcomes.count == 2)
        #expect(report.notStarted.map(\.id) == invites.dropFirst(2).map(\.id))
        #expect(report.interruption == ApplyReport.Interruption(signal: .terminate))
        #expect(report.exitCode == 143)
        #expect(provider.log.withLock { $0.calls.count } == 2)
        #expect(noticed.map(\.0) == [.terminate])
        #expect(report.summaryLine == "Apply interrupted by SIGTERM: 2 done, 4 not started (2 provider calls).")
    }

    /// A provider whose calls never end unless cancelled, as a request stuck on the network.
    private final class HangingProvider: Provider {
        let capabilities = ProviderCapabilities.all
        let snapshot: Snapshot

        init(_ snapshot: Snapshot) {
            self.snapshot = snapshot
        }

        func read() -> Snapshot { snapshot }

        func perform(_ call: ProviderCall) async throws(ProviderError) -> ProviderReceipt {
            do {
                try await Task.sleep(for: .seconds(3600))
            } catch {
                throw ProviderError("the request was cancelled")
            }
            return ProviderReceipt(requestID: "never")
        }
    }

    @Test func callsStillRunningWhenTheGracePeriodEndsAreCancelled() async {
        let invite = F.invite("u@acme.example")
        let provider = HangingProvider(F.snapshot(members: Self.admins))
        let stop = StopRequest()
        Task {
            try? await Task.sleep(for: .milliseconds(50))
            stop.request(.interrupt)
        }
        let started = ContinuousClock.now
        let report = await Executor(parallelism: 1, minAdmins: 2, grace: .milliseconds(200)).run(
            [invite], provider: provider, base: provider.read(), stop: stop, onOutcome: { _ in nil })
        // The call would take an hour. Not 30 s: blocking end-to-end tests beside this one can hold
        // the concurrency pool's threads (2 on 2 cores) and delay the stop by minutes (132 s seen).
        #expect(ContinuousClock.now - started < .seconds(1800), "bounded by the grace period, not by the call")
        #expect(report.outcomes.map(\.result) == [.failed])
        #expect(report.outcomes.first?.message?.hasPrefix(
            "the request was cancelled (cancelled: still running when the grace period after the stop ended;") == true)
        #expect(report.interruption == ApplyReport.Interruption(signal: .interrupt, cancelledCalls: 1))
        #expect(report.exitCode == 130)
    }

    @Test func aTransientFailureIsNotRetriedAfterAStop() async {
        let invite = F.invite("u@acme.example")
        let provider = ScriptedProvider(F.snapshot(members: Self.admins), transientFailures: [invite.id: 5], latency: .milliseconds(1))
        let stop = StopRequest()
        Task {
            try? await Task.sleep(for: .milliseconds(100))
            stop.request(.interrupt)
        }
        let report = await Executor(
            parallelism: 1, retry: RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(400), maxDelay: .milliseconds(400)), minAdmins: 2
        ).run([invite], provider: provider, base: provider.read(), stop: stop, onOutcome: { _ in nil })
        #expect(report.outcomes.map(\.result) == [.failed])
        #expect(report.outcomes.first?.message == "busy (not retried: the run was stopped)")
        #expect(report.calls == 1)
    }

    @Test func aStopRequestWakesItsWaitersAndOnlyTheFirstCounts() async {
        let stop = StopRequest()
        let waiter = Task { await stop.wait() }
        #expect(stop.request(.interrupt))
        #expect(!stop.request(.terminate))
        await waiter.value
        #expect(stop.signal == .interrupt)
        // A waiter whose task is cancelled returns without a stop.
        let other = StopRequest()
        let cancelled = Task { await other.wait() }
        cancelled.cancel()
        await cancelled.value
        #expect(other.signal == nil)
    }

    @Test(arguments: [1, 4])
    func atTheAdminLimitAnInvitationWaitsForTheRevokeThatMakesRoom(parallelism: Int) async {
        let admins = (0..<20).map { F.member("a\($0)@acme.example", .admin) }
        let invite = F.invite("new@acme.example", role: .admin)
        let revoke = F.revoke("a19@acme.example")
        let provider = ScriptedProvider(F.snapshot(members: admins), latency: .milliseconds(5))
        let (report, _) = await run([invite, revoke], on: provider, parallelism: parallelism)
        #expect(report.succeeded)
        #expect(provider.log.withLock { $0.calls } == [[revoke.id], [invite.id]])
    }

    @Test func atTheMemberLimitInvitationsAreTrimmedToTheRoomThereIs() async {
        let members = [F.member("ana@acme.example", .admin), F.member("bo@acme.example", .admin)]
            + (0..<(PlatformLimits.maxMembers - 2)).map { F.member("m\($0)@acme.example", .standard) }
        let invites = (0..<3).map { F.invite("new\($0)@acme.example") }
        let revokes = (0..<3).map { F.revoke("m\($0)@acme.example") }
        let provider = ScriptedProvider(F.snapshot(members: members), latency: .milliseconds(5))
        let (report, _) = await run(invites + revokes, on: provider, parallelism: 1)
        #expect(report.count(.succeeded) == 6)
        #expect(report.count(.failed) == 0)
        let calls = provider.log.withLock { $0.calls }
        #expect(calls.first == [revokes[0].id], "no room at first: the revokes go first")
        #expect(calls.flatMap { $0 }.count == 6)
        #expect(calls.filter { $0.first?.hasPrefix("invite:") == true }.map(\.count).max() ?? 0 <= 2, "never more invitations in flight than there is room")
    }

    @Test func withNothingLeftToMakeRoomTheInvitationGoesAheadAndThePlatformDecides() async {
        let admins = (0..<20).map { F.member("a\($0)@acme.example", .admin) }
        let invite = F.invite("new@acme.example", role: .admin)
        let provider = ScriptedProvider(F.snapshot(members: admins), latency: .zero)
        let (report, _) = await run([invite], on: provider)
        #expect(report.outcomes.map(\.result) == [.failed])
        #expect(report.outcomes[0].message == "the Business Center already has 20 admins, the platform's limit")
    }
}
