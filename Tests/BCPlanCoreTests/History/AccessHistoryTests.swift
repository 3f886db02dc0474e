@testable import BCPlanCore
import Foundation
import Testing

/// The fold of recorded states into intervals, on three writes: a first record, an apply's
/// action and a change made by hand seen by a refresh.
@Suite struct AccessHistoryTests {
    static let config: Config = {
        let loaded = ConfigLoader.decode(bytes: Array("""
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            assets:
              - {key: us-main, type: ad_account, id: "7100000000000000001"}
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bob@acme.example, role: admin}
            """.utf8), path: "bcplan.yaml")
        return loaded.config!
    }()

    static let us = AssetRef(type: .adAccount, id: "7100000000000000001")

    static func snapshot(ben: String?, blue: String?) -> Snapshot {
        var members = [MemberRecord(email: "ana@acme.example", status: .active, role: .admin)]
        if let ben {
            members.append(MemberRecord(email: "Ben@acme.example", status: .active, role: .standard,
                                        assets: [AssetPermissionRecord(type: .adAccount, id: us.id, permission: .level(ben))]))
        }
        let partners = blue.map { permission in
            [PartnerRecord(bcID: "7000000000000000099", name: "Blue", status: .active,
                           shares: [AssetPermissionRecord(type: .adAccount, id: us.id, permission: .level(permission))])]
        } ?? []
        return Snapshot(
            businessCenter: BusinessCenterInfo(id: "7000000000000000001", name: "Acme"), members: members, partners: partners,
            assets: [AssetRecord(type: .adAccount, id: us.id, name: "Acme US", ownerBCID: "7000000000000000001")])
    }

    static func time(_ text: String) -> Date { Clock.parseMoment(text)! }

    static let revisions: [(revision: HistoryRevision, snapshot: Snapshot)] = [
        (HistoryRevision(serial: 1, time: time("2026-10-01T09:00:00Z"), operation: "refresh", actor: "ana@acme.example", cause: .firstRecord),
         snapshot(ben: "analyst", blue: "operator")),
        (HistoryRevision(serial: 2, time: time("2026-10-10T09:00:00Z"), operation: "apply", actor: "ana@acme.example", cause: .drift),
         snapshot(ben: "analyst", blue: "operator")),
        (HistoryRevision(serial: 3, time: time("2026-10-10T09:00:01Z"), operation: "apply", actor: "ana@acme.example",
                         cause: .action("unshare:7000000000000000099:ad_account:7100000000000000001", result: .succeeded)),
         snapshot(ben: "analyst", blue: nil)),
        (HistoryRevision(serial: 4, time: time("2026-10-20T09:00:00Z"), operation: "refresh", actor: "bob@acme.example", cause: .drift),
         snapshot(ben: "operator", blue: nil)),
    ]

    static func history(_ subject: HistorySubject, _ window: HistoryWindow) -> AccessHistory {
        AccessHistory(snapshots: revisions, config: config, subject: subject, window: window)
    }

    /// Who reaches the asset, how and with what, at a moment.
    static func reach(at moment: String) -> [String] {
        history(.asset(us), .at(time(moment))).intervals.map { "\($0.path.route.rawValue) \($0.path.principalID) \($0.path.permissionText)" }
    }

    @Test func eachMomentGivesExactlyTheAccessThen() {
        #expect(Self.reach(at: "2026-09-30") == [])
        #expect(Self.reach(at: "2026-10-05") == [
            "admin_role ana@acme.example full", "member_assignment ben@acme.example analyst",
            "partner_share 7000000000000000099 operator",
        ])
        // The unshare's write is the moment it ended.
        #expect(Self.reach(at: "2026-10-10T09:00:01Z") == ["admin_role ana@acme.example full", "member_assignment ben@acme.example analyst"])
        #expect(Self.reach(at: "2026-10-25") == ["admin_role ana@acme.example full", "member_assignment ben@acme.example operator"])
    }

    @Test func aPartnersWholeRecordSaysWhenAndWhyItEnded() throws {
        let history = Self.history(.partner("7000000000000000099"), .always)
        let interval = try #require(history.intervals.first)
        #expect(history.intervals.count == 1)
        #expect(interval.start.cause == .firstRecord)
        #expect(interval.end?.action == "unshare:7000000000000000099:ad_account:7100000000000000001")
        #expect(interval.end.map { Clock.format($0.time) } == "2026-10-10T09:00:01Z")
    }

    @Test func aChangeByHandStartsAndEndsIntervalsAtTheRefreshThatSawIt() throws {
        let history = Self.history(.member("ben@acme.example"), .between(since: Self.time("2026-10-15"), until: nil))
        #expect(history.intervals.map(\.path.permissionText) == ["analyst", "operator"])
        #expect(history.intervals[0].end?.cause == .drift && history.intervals[0].end?.operation == "refresh")
        #expect(history.intervals[1].start.words == "changed outside bcplan, first seen by refresh (bob@acme.example)")
        #expect(history.intervals[1].end == nil)
        #expect(!history.windowPrecedesRecord)
        #expect(Self.history(.everything, .at(Self.time("2026-09-01"))).windowPrecedesRecord)
    }

    @Test func everyFormatRendersTheSameIntervals() {
        let history = Self.history(.asset(Self.us), .always)
        #expect(history.intervals.count == 4)
        let csv = CSVHistoryRenderer().render(history).components(separatedBy: "\r\n").dropLast()
        #expect(csv.count == 5)
        #expect(csv.first == CSVHistoryRenderer.header.joined(separator: ","))
        let text = TextHistoryRenderer().render(history)
        #expect(text.contains("      until  2026-10-10T09:00:01Z  apply by ana@acme.example: unshare:7000000000000000099:ad_account:7100000000000000001\n"))
        let json = JSONHistoryRenderer.document(history)
        #expect(json["intervals"]?.arrayValue?.count == 4)
    }
}
