@testable import BCPlanCore
import Foundation
import Testing

/// Random Business Centers and configs (`RandomScenario`), each driven plan → apply → accept until
/// nothing is left, through the mock's rules (`SnapshotEditor` with the rules enforced). An apply
/// runs as `ApplySchedule` schedules it, `parallelism` calls in flight, finishing in an order drawn
/// from the case's seed: every interleaving a parallel apply could meet, reproducibly.
///
/// At every step of every apply: active admins stay at `policy.min_admins` or above, admins
/// (pending included) at the platform's limit or below, and no call is refused. Every case must
/// converge, and the planner may refuse a case only when no order of it keeps both bounds. `BCPLAN_PROPERTY_CASES` sets how many cases run (default 300, a few seconds);
/// `BCPLAN_PROPERTY_SEED` runs one case, as a failure names it.
@Suite struct ConvergencePropertyTests {
    static var seeds: [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        if let seed = environment["BCPLAN_PROPERTY_SEED"].flatMap(UInt64.init) { return [seed] }
        let count = environment["BCPLAN_PROPERTY_CASES"].flatMap(Int.init) ?? 300
        return (0..<UInt64(count)).map { 0x5EED_0000 + $0 }
    }

    /// What one case did; `problems` is empty when every property held.
    struct Run {
        var planned = true
        var applies = 0
        var problems: [String] = []
    }

    @Test func everyCaseConvergesWithinTheFloorAndTheLimit() throws {
        var planned = 0
        var applies = 0
        for seed in Self.seeds {
            let run = try Self.drive(RandomScenario(seed: seed), seed: seed)
            // The first failing case is enough to reproduce; the rest would repeat it.
            guard run.problems.isEmpty else {
                for problem in run.problems { Issue.record("seed \(seed) (BCPLAN_PROPERTY_SEED=\(seed)): \(problem)") }
                return
            }
            if run.planned { planned += 1 }
            applies += run.applies
        }
        // A property over cases the planner refuses would hold vacuously: most must be plannable.
        #expect(planned * 10 >= Self.seeds.count * 8, "only \(planned) of \(Self.seeds.count) cases could be planned")
        #expect(applies >= planned, "every plannable case applies at least once")
    }

    /// Plan, apply, accept, until a plan has nothing left to do.
    static func drive(_ scenario: RandomScenario, seed: UInt64) throws -> Run {
        let loaded = ConfigLoader.decode(bytes: Array(scenario.yaml.utf8), path: "bcplan.yaml")
        guard let config = loaded.config else {
            return Run(problems: ["the generated config is invalid: \(loaded.diagnostics)\n\(scenario.yaml)"])
        }
        var random = SplitMix64(seed: seed)
        var store = scenario.live
        var run = Run()
        for round in 1...6 {
            let plan = Planner.plan(
                config: config, configDigest: "", recorded: nil, live: store,
                options: PlanOptions(now: Clock.parse(RandomScenario.now)!))
            guard !plan.hasErrors else {
                // Refusing is right only where no order keeps both bounds.
                run.planned = false
                if safeOrderExists(plan.actions, in: store, minAdmins: config.policy.minAdmins) {
                    run.problems.append("round \(round): refused although a safe order exists: \(plan.diagnostics.filter { $0.severity == .error })")
                }
                return run
            }
            guard plan.hasChanges else { return run }
            run.applies += 1
            let parallelism = Int.random(in: 1...8, using: &random)
            for outcome in apply(plan, to: &store, minAdmins: config.policy.minAdmins, parallelism: parallelism, random: &random,
                                 problems: &run.problems)
            where outcome.result != .succeeded {
                run.problems.append("round \(round), parallelism \(parallelism): \(outcome.action.id) \(outcome.result): \(outcome.message ?? "")")
            }
            guard run.problems.isEmpty else { return run }
            accept(&store)
        }
        run.problems.append("no convergence after 6 rounds")
        return run
    }

    /// One apply as a parallel one could go: up to `parallelism` calls in flight, each finishing at
    /// a moment drawn from `random`, the mock's rules judging it then.
    static func apply(
        _ plan: Plan, to store: inout Snapshot, minAdmins: Int, parallelism: Int, random: inout SplitMix64, problems: inout [String]
    ) -> [ActionOutcome] {
        var schedule = ApplySchedule(plan.actions, base: store, minAdmins: minAdmins, capabilities: .all)
        var running: [ApplySchedule.Batch] = []
        while true {
            running += schedule.nextCalls(room: parallelism - running.count)
            if !schedule.settleBlocked().isEmpty { continue }
            guard !running.isEmpty else { break }
            let batch = running.remove(at: Int.random(in: running.indices, using: &random))
            var editor = SnapshotEditor(store, enforcingRules: true)
            var result = Result<ProviderReceipt, ProviderError>.success(ProviderReceipt(requestID: nil))
            do throws(PlatformRuleViolation) {
                for action in batch.call.actions { try editor.apply(action, now: RandomScenario.now) }
                store = editor.snapshot
                problems += check(store, minAdmins: minAdmins, after: batch.call.actions[0].id)
            } catch {
                result = .failure(ProviderError(error.message))
            }
            _ = schedule.finish(batch, result: result, attempts: 1)
        }
        _ = schedule.settleUnstarted(stopReason: nil)
        return schedule.outcomes
    }

    /// Whether some order of `actions`' admin changes keeps active admins at `minAdmins` or above
    /// and admins at the platform's limit or below at every step: a search over what is left to
    /// do, independent of the planner's own ordering.
    static func safeOrderExists(_ actions: [PlanAction], in store: Snapshot, minAdmins: Int) -> Bool {
        let standings = store.standings
        let changes = actions.map { SeatChange($0.change, from: $0.member.flatMap { standings[$0] }) }
            .filter { $0.admins != 0 || $0.activeAdmins != 0 }
        let deltas = Array(Set(changes.map { [$0.activeAdmins, $0.admins] })).sorted { $0.lexicographicallyPrecedes($1) }
        var dead: Set<[Int]> = []
        func search(_ left: [Int], activeAdmins: Int, admins: Int) -> Bool {
            guard left.contains(where: { $0 > 0 }) else { return true }
            guard !dead.contains(left) else { return false }
            for index in deltas.indices where left[index] > 0 {
                let (active, total) = (activeAdmins + deltas[index][0], admins + deltas[index][1])
                if deltas[index][0] < 0, active < minAdmins { continue }
                if deltas[index][1] > 0, total > PlatformLimits.maxAdmins { continue }
                var next = left
                next[index] -= 1
                if search(next, activeAdmins: active, admins: total) { return true }
            }
            dead.insert(left)
            return false
        }
        return search(deltas.map { delta in changes.filter { [$0.activeAdmins, $0.admins] == delta }.count },
                      activeAdmins: standings.values.filter(\.isActiveAdmin).count, admins: standings.values.filter(\.isAdmin).count)
    }

    /// The bounds at one step.
    static func check(_ store: Snapshot, minAdmins: Int, after id: String) -> [String] {
        let standings = store.standings.values
        let activeAdmins = standings.filter(\.isActiveAdmin).count
        let admins = standings.filter(\.isAdmin).count
        var problems: [String] = []
        if activeAdmins < minAdmins { problems.append("after \(id): \(activeAdmins) active admins, below min_admins \(minAdmins)") }
        if admins > PlatformLimits.maxAdmins { problems.append("after \(id): \(admins) admins, above the platform's \(PlatformLimits.maxAdmins)") }
        if store.members.count > PlatformLimits.maxMembers { problems.append("after \(id): \(store.members.count) members") }
        return problems
    }

    /// The other side says yes to everything pending, as `bcplan mock accept --all` does.
    static func accept(_ store: inout Snapshot) {
        for index in store.members.indices where store.members[index].status == .pending {
            store.members[index].status = .active
            store.members[index].userID = "68\(index)"
        }
        for index in store.partners.indices { store.partners[index].status = .active }
        for index in store.assets.indices where store.assets[index].requested != nil {
            store.assets[index].access = store.assets[index].requested
            store.assets[index].requested = nil
        }
    }
}
