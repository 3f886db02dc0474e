@testable import BCPlanCore
import Foundation
import Testing

/// Each folder under Fixtures/history names an example (`example.txt`). Its history is made as an
/// apply would record it: the example's store first recorded by a refresh on 2026-11-21, the plan
/// of that day applied action by action, then everyone pending accepting (a change seen by the
/// next refresh); agency-campaign goes on to the applies of 2027-02-01 and 2027-02-15. The
/// expected histories are `expected.txt`, `.json` and `.csv` (all access over the whole record),
/// and for agency-campaign the questions of its README as `<question>.txt|json|csv`.
@Suite struct HistoryGoldenTests {
    static let cases = Fixtures.cases(in: "history")
    static let formats: [(HistoryFormat, String)] = [(.text, "txt"), (.json, "json"), (.csv, "csv")]

    /// The example's config and the writes of its state.
    static func record(_ name: String) throws -> (Config, [(revision: HistoryRevision, snapshot: Snapshot)]) {
        let folder = Fixtures.root.appendingPathComponent("history").appendingPathComponent(name)
        let example = try String(contentsOf: folder.appendingPathComponent("example.txt"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let path = "examples/\(example)/bcplan.yaml"
        let url = AuditGoldenTests.repositoryRoot.appendingPathComponent(path)
        let loaded = ConfigLoader.decode(bytes: try [UInt8](Data(contentsOf: url)), path: url.path)
        let config = try #require(loaded.config, "\(loaded.diagnostics)")
        var live = try #require(try JSONFile.read(Snapshot.self, from: config.provider.storePath, what: "store"))
        let actor = config.provider.caller ?? "ci@example"
        var serial = 1
        var revisions = [(HistoryRevision(serial: serial, time: Clock.parse("2026-11-21T12:00:00Z")!, operation: "refresh",
                                          actor: actor, cause: .firstRecord), live)]
        var moments = ["2026-11-21T12:00:00Z"]
        if example == "agency-campaign" { moments += ["2027-02-01T09:00:00Z", "2027-02-15T09:00:00Z"] }
        for (index, moment) in moments.enumerated() {
            let now = try #require(Clock.parse(moment))
            let plan = Planner.plan(config: config, configDigest: "", recorded: nil, live: live, options: PlanOptions(now: now))
            var editor = SnapshotEditor(live, enforcingRules: false)
            for action in plan.actions {
                try? editor.apply(action, now: moment)
                serial += 1
                revisions.append((HistoryRevision(serial: serial, time: now, operation: "apply", actor: actor,
                                                  cause: .action(action.id, result: .succeeded)), editor.snapshot))
            }
            live = editor.snapshot
            if index == 0 {
                // Everyone pending accepts; the next day's refresh sees it.
                for member in live.members.indices { live.members[member].status = .active }
                for partner in live.partners.indices { live.partners[partner].status = .active }
                serial += 1
                revisions.append((HistoryRevision(serial: serial, time: Clock.parse("2026-11-22T09:00:00Z")!, operation: "refresh",
                                                  actor: actor, cause: .drift), live))
            }
        }
        return (config, revisions)
    }

    /// The questions asked of agency-campaign: who could reach nw-us mid-campaign, and all that
    /// Fjord Creative ever held.
    static let questions: [(name: String, subject: HistorySubject, window: HistoryWindow)] = [
        ("nw-us-on-2027-01-15", .asset(AssetRef(type: .adAccount, id: "7301846290153850101")), .at(Clock.parseDay("2027-01-15")!)),
        ("fjord-creative", .partner("7310022334455660003"), .always),
        ("february", .everything, .between(since: Clock.parseDay("2027-02-01"), until: Clock.parseDay("2027-03-01"))),
    ]

    @Test func everyExampleHasAGoldenCase() throws {
        let root = AuditGoldenTests.repositoryRoot.appendingPathComponent("examples")
        let examples = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { name in
            FileManager.default.fileExists(atPath: root.appendingPathComponent(name).appendingPathComponent("bcplan.yaml").path)
        }
        for example in examples { #expect(Self.cases.contains(example), "no Fixtures/history/\(example)") }
    }

    @Test(arguments: cases)
    func historyMatchesGoldenFiles(_ name: String) throws {
        let folder = Fixtures.root.appendingPathComponent("history").appendingPathComponent(name)
        let (config, revisions) = try Self.record(name)
        var queries = [(name: "expected", subject: HistorySubject.everything, window: HistoryWindow.always)]
        if name == "agency-campaign" { queries += Self.questions }
        for query in queries {
            let history = AccessHistory(revisions: revisions, config: config, subject: query.subject, window: query.window)
            #expect(!history.intervals.isEmpty, "\(query.name)")
            for (format, suffix) in Self.formats {
                Golden.check(format.renderer.render(history), against: folder.appendingPathComponent("\(query.name).\(suffix)"))
            }
        }
    }

    /// Shuffled members, partners, assets and grants in every recorded state change nothing.
    @Test(arguments: cases)
    func historyIsDeterministic(_ name: String) throws {
        let (config, revisions) = try Self.record(name)
        var generator = SplitMix64(seed: UInt64(name.utf8.count) &* 977)
        let shuffled = revisions.map { revision, snapshot in
            var snapshot = snapshot
            snapshot.members.shuffle(using: &generator)
            snapshot.partners.shuffle(using: &generator)
            snapshot.assets.shuffle(using: &generator)
            for index in snapshot.members.indices { snapshot.members[index].assets.shuffle(using: &generator) }
            for index in snapshot.partners.indices { snapshot.partners[index].shares.shuffle(using: &generator) }
            return (revision: revision, snapshot: snapshot)
        }
        for (format, _) in Self.formats {
            let plain = AccessHistory(revisions: revisions, config: config, subject: .everything, window: .always)
            let mixed = AccessHistory(revisions: shuffled, config: config, subject: .everything, window: .always)
            #expect(format.renderer.render(plain) == format.renderer.render(mixed), "\(format)")
        }
    }
}
