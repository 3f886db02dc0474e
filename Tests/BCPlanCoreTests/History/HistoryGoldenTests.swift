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

    @Test func everyExampleHasAGoldenCase() {
        #expect(Fixtures.examples.count >= 4)
        for example in Fixtures.examples { #expect(Self.cases.contains(example), "no Fixtures/history/\(example)") }
    }

    @Test(arguments: cases)
    func historyMatchesGoldenFiles(_ name: String) throws {
        let folder = Fixtures.root.appendingPathComponent("history").appendingPathComponent(name)
        let (config, revisions) = try Self.record(name)
        var queries = [(name: "expected", subject: HistorySubject.everything, window: HistoryWindow.always)]
        if name == "agency-campaign" { queries += Self.questions }
        for query in queries {
            let history = AccessHistory(snapshots: revisions, config: config, subject: query.subject, window: query.window)
            #expect(!history.intervals.isEmpty, "\(query.name)")
            for (format, suffix) in Self.formats {
                Golden.check(format.renderer.render(history), against: folder.appendingPathComponent("\(query.name).\(suffix)"))
            }
        }
    }

    /// Replaying only what each write changed gives exactly what working every snapshot out in
    /// full gives, for every subject the record has.
    @Test(arguments: cases)
    func replayAgreesWithAFullRecomputation(_ name: String) throws {
        let (config, revisions) = try Self.record(name)
        var subjects: [HistorySubject] = [.everything]
        for (_, snapshot) in revisions {
            subjects += snapshot.members.map { .member($0.normalizedEmail) } + snapshot.partners.map { .partner($0.bcID) }
                + snapshot.assets.map { .asset($0.ref) }
        }
        for subject in Set(subjects) {
            for window in [HistoryWindow.always, .at(Clock.parseDay("2026-11-21")!.addingTimeInterval(43_200))] {
                let replayed = AccessHistory(snapshots: revisions, config: config, subject: subject, window: window)
                #expect(replayed.described == AccessHistory.recomputed(revisions, subject: subject, window: window), "\(subject)")
            }
        }
    }

    /// The same on random records: from an example's store, 60 writes that each change something
    /// (a role, a grant, a share, a status, a member or partner gone, an asset handed over or new).
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func replayAgreesOnRandomRecords(_ seed: UInt64) throws {
        let (config, start) = try Self.record("brand-with-agency")
        var generator = SplitMix64(seed: seed)
        var snapshot = start[0].snapshot
        var revisions = [start[0]]
        let refs = snapshot.assets.map(\.ref)
        for serial in 2...61 {
            let pick = Int(generator.next() % 8)
            switch pick {
            case 0 where !snapshot.members.isEmpty:
                let index = Int(generator.next() % UInt64(snapshot.members.count))
                snapshot.members[index].role = snapshot.members[index].role == .admin ? .standard : .admin
            case 1 where !snapshot.members.isEmpty:
                let index = Int(generator.next() % UInt64(snapshot.members.count))
                let ref = refs[Int(generator.next() % UInt64(refs.count))]
                snapshot.members[index].assets = SnapshotEditor.setting(
                    ref, to: generator.next() % 3 == 0 ? nil : .level(ref.type.permissionValues.last!), in: snapshot.members[index].assets)
            case 2 where !snapshot.partners.isEmpty:
                let index = Int(generator.next() % UInt64(snapshot.partners.count))
                let ref = refs[Int(generator.next() % UInt64(refs.count))]
                snapshot.partners[index].shares = SnapshotEditor.setting(
                    ref, to: generator.next() % 3 == 0 ? nil : .level(ref.type.permissionValues.first!), in: snapshot.partners[index].shares)
            case 3 where !snapshot.members.isEmpty:
                let index = Int(generator.next() % UInt64(snapshot.members.count))
                snapshot.members[index].status = snapshot.members[index].status == .active ? .pending : .active
            case 4 where snapshot.members.count > 2:
                snapshot.members.remove(at: Int(generator.next() % UInt64(snapshot.members.count)))
            case 5 where !snapshot.partners.isEmpty:
                snapshot.partners.remove(at: Int(generator.next() % UInt64(snapshot.partners.count)))
            case 6:
                let index = Int(generator.next() % UInt64(snapshot.assets.count))
                snapshot.assets[index].ownerBCID = snapshot.assets[index].ownerBCID == snapshot.businessCenter.id
                    ? "7000000000000000555" : snapshot.businessCenter.id
            default:
                snapshot.members.append(MemberRecord(
                    email: "new\(serial)@northwind.example", status: .active, role: .standard,
                    assets: [AssetPermissionRecord(type: refs[0].type, id: refs[0].id, permission: .level("analyst"))]))
            }
            let time = Clock.parse("2026-12-01T00:00:00Z")!.addingTimeInterval(Double(serial) * 3_600)
            revisions.append((HistoryRevision(serial: serial, time: time, operation: "refresh", actor: "x", cause: .drift), snapshot))
        }
        var subjects: [HistorySubject] = [.everything, .asset(refs[0]), .asset(refs[refs.count - 1])]
        subjects += start[0].snapshot.members.prefix(4).map { .member($0.normalizedEmail) }
        subjects += start[0].snapshot.partners.map { .partner($0.bcID) }
        for subject in subjects {
            let replayed = AccessHistory(snapshots: revisions, config: config, subject: subject, window: .always)
            #expect(replayed.described == AccessHistory.recomputed(revisions, subject: subject, window: .always), "\(subject)")
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
            let plain = AccessHistory(snapshots: revisions, config: config, subject: .everything, window: .always)
            let mixed = AccessHistory(snapshots: shuffled, config: config, subject: .everything, window: .always)
            #expect(format.renderer.render(plain) == format.renderer.render(mixed), "\(format)")
        }
    }
}
