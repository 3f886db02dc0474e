@testable import BCPlanCore
import Foundation
import Testing

/// Each folder under Fixtures/plans is one scenario: `bcplan.yaml`, `store.json` (the live Business
/// Center), optionally `state.json` (recorded state) and `args.txt` (`--allow-mass-revoke`), and
/// `now.txt`; the expected plan is `expected.json` and `expected.txt` (plus `expected.stderr` when
/// the plan has errors).
@Suite struct PlanGoldenTests {
    static let cases = Fixtures.cases(in: "plans")

    static func plan(_ name: String, shuffled: Bool = false) throws -> Plan {
        let folder = Fixtures.root.appendingPathComponent("plans").appendingPathComponent(name)
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("bcplan.yaml")))
        let loaded = ConfigLoader.decode(bytes: bytes, path: "bcplan.yaml")
        var config = try #require(loaded.config, "\(name): \(loaded.diagnostics)")
        var live = try #require(try JSONFile.read(Snapshot.self, from: folder.appendingPathComponent("store.json").path, what: "store"))
        var recorded = try JSONFile.read(RecordedState.self, from: folder.appendingPathComponent("state.json").path, what: "state")
        let nowText = try String(contentsOf: folder.appendingPathComponent("now.txt"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let now = try #require(Clock.parse(nowText))
        let args = (try? String(contentsOf: folder.appendingPathComponent("args.txt"), encoding: .utf8)) ?? ""
        if shuffled {
            var generator = SplitMix64(seed: UInt64(name.utf8.count) &* 7919)
            config.members.shuffle(using: &generator)
            config.partners.shuffle(using: &generator)
            config.assets.shuffle(using: &generator)
            for index in config.members.indices { config.members[index].assets.shuffle(using: &generator) }
            for index in config.partners.indices { config.partners[index].shares.shuffle(using: &generator) }
            live.members.shuffle(using: &generator)
            live.partners.shuffle(using: &generator)
            live.assets.shuffle(using: &generator)
            for index in live.members.indices { live.members[index].assets.shuffle(using: &generator) }
            for index in live.partners.indices { live.partners[index].shares.shuffle(using: &generator) }
            recorded?.snapshot.members.shuffle(using: &generator)
        }
        return Planner.plan(
            config: config, configDigest: SHA256.hex(bytes), recorded: recorded, live: live,
            options: PlanOptions(now: now, allowMassRevoke: args.contains("--allow-mass-revoke"),
                                 capabilities: args.contains("--tiktok-capabilities") ? .tiktokLike : .all))
    }

    @Test func thereAreEnoughScenarios() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func planMatchesGoldenFiles(_ name: String) throws {
        let folder = Fixtures.root.appendingPathComponent("plans").appendingPathComponent(name)
        let plan = try Self.plan(name)
        Golden.check(JSONPlanRenderer().render(plan), against: folder.appendingPathComponent("expected.json"))
        Golden.check(TextPlanRenderer(color: false).render(plan), against: folder.appendingPathComponent("expected.txt"))
    }

    /// Shuffling every input list must not change one byte of the output.
    @Test(arguments: cases)
    func planIsDeterministic(_ name: String) throws {
        let plain = try Self.plan(name)
        let shuffled = try Self.plan(name, shuffled: true)
        #expect(JSONPlanRenderer().render(plain) == JSONPlanRenderer().render(shuffled))
        #expect(TextPlanRenderer(color: false).render(plain) == TextPlanRenderer(color: false).render(shuffled))
    }

    /// Every dependency comes earlier in the plan's order.
    @Test(arguments: cases)
    func orderRespectsDependencies(_ name: String) throws {
        let plan = try Self.plan(name)
        var seen: Set<String> = []
        for action in plan.actions {
            for dependency in action.dependsOn {
                #expect(seen.contains(dependency), "\(action.id) runs before \(dependency)")
            }
            seen.insert(action.id)
        }
        #expect(seen.count == plan.actions.count, "action ids are unique")
    }
}
