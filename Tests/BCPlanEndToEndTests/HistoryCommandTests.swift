import Foundation
import Testing

/// `bcplan history` on a record made the way a team makes one: an apply, the other side
/// accepting, a changed config applied, a change made by hand in the Business Center, a refresh.
@Suite struct HistoryCommandTests {
    static let config = """
        version: 1
        business_center: {id: "7000000000000000001", name: Acme}
        provider: {kind: mock, store: store.json, caller: ana@acme.example}
        assets:
          - {key: us-main, type: ad_account, id: "7100000000000000001", name: Acme US}
        members:
          - {email: ana@acme.example, role: admin}
          - {email: bo@acme.example, role: admin}
          - email: ben@acme.example
            role: standard
            assets: {us-main: analyst}
        partners:
          - bc_id: "7000000000000000099"
            name: Blue Agency
            shares: {us-main: operator}
        """

    static let store = """
        {"business_center": {"id": "7000000000000000001", "name": "Acme"},
         "members": [
           {"email": "ana@acme.example", "user_id": "1", "status": "active", "role": "admin", "finance": null,
            "invited_at": null, "resends": 0, "assets": []},
           {"email": "bo@acme.example", "user_id": "2", "status": "active", "role": "admin", "finance": null,
            "invited_at": null, "resends": 0, "assets": []}],
         "partners": [],
         "assets": [{"type": "ad_account", "id": "7100000000000000001", "name": "Acme US", "owner_bc_id": "7000000000000000001"}]}
        """

    /// Who reached us-main at `moment`, as `--format json` says: "via principal permission status".
    static func reach(_ setup: StateSetup, at moment: String) throws -> [String] {
        let outcome = try setup.run(["history", "--asset", "us-main", "--at", moment, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let intervals = try #require(document["intervals"] as? [[String: Any]])
        return intervals.map { interval in
            let principal = interval["principal"] as? [String: Any] ?? [:]
            let permission = (interval["permission"] as? String) ?? "\(interval["permission"] ?? "")"
            return "\(interval["via"] ?? "") \(principal["id"] ?? "") \(permission) \(principal["status"] ?? "")"
        }
    }

    @Test(arguments: StateBackend.available)
    func historyGivesExactlyTheAccessAtEachMoment(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BinaryRunner.write(Self.config, "bcplan.yaml", in: folder)
        try BinaryRunner.write(Self.store, "store.json", in: folder)
        let setup = try backend.prepare(folder)

        // January 1: the first apply invites Ben (analyst rides on the invitation) and adds Blue.
        let first = try setup.run(["apply", "--auto-approve"], environment: ["BCPLAN_NOW": "2027-01-01T09:00:00Z"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        // Both accept; the refresh of January 5 sees it.
        #expect(try setup.run(["mock", "accept", "--all"]).status == 0)
        let seen = try setup.run(["refresh"], environment: ["BCPLAN_NOW": "2027-01-05T09:00:00Z"])
        #expect(seen.status == 0, "\(seen.stderr)")
        // January 10: Ben becomes operator and Blue is no longer declared.
        let changed = try BinaryRunner.read("bcplan.yaml", in: folder)
            .replacingOccurrences(of: "assets: {us-main: analyst}", with: "assets: {us-main: operator}")
            .replacingOccurrences(of: "partners:\n  - bc_id: \"7000000000000000099\"\n    name: Blue Agency\n    shares: {us-main: operator}", with: "")
        #expect(changed.contains("operator}") && !changed.contains("Blue Agency"))
        try BinaryRunner.write(changed, "bcplan.yaml", in: folder)
        let second = try setup.run(["apply", "--auto-approve", "--allow-mass-revoke"], environment: ["BCPLAN_NOW": "2027-01-10T09:00:00Z"])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("assign us-main") && second.stdout.contains("remove partner Blue Agency"))
        // Someone makes Ben admin of the ad account by hand; the refresh of January 15 sees it.
        let url = folder.appendingPathComponent("store.json")
        var store = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var members = try #require(store["members"] as? [[String: Any]])
        let index = try #require(members.firstIndex { $0["email"] as? String == "ben@acme.example" })
        var grant = try #require((members[index]["assets"] as? [[String: Any]])?.first)
        #expect(grant["permission"] as? String == "operator")
        grant["permission"] = "admin"
        members[index]["assets"] = [grant]
        store["members"] = members
        try JSONSerialization.data(withJSONObject: store, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        let drift = try setup.run(["refresh"], environment: ["BCPLAN_NOW": "2027-01-15T09:00:00Z"])
        #expect(drift.status == 0, "\(drift.stderr)")
        #expect(drift.stdout.contains("Drift:"))

        #expect(try Self.reach(setup, at: "2026-12-31") == [])
        #expect(try Self.reach(setup, at: "2027-01-03") == [
            "admin_role ana@acme.example full active", "admin_role bo@acme.example full active",
            "member_assignment ben@acme.example analyst pending", "partner_share 7000000000000000099 operator pending",
        ])
        #expect(try Self.reach(setup, at: "2027-01-07") == [
            "admin_role ana@acme.example full active", "admin_role bo@acme.example full active",
            "member_assignment ben@acme.example analyst active", "partner_share 7000000000000000099 operator active",
        ])
        #expect(try Self.reach(setup, at: "2027-01-12") == [
            "admin_role ana@acme.example full active", "admin_role bo@acme.example full active",
            "member_assignment ben@acme.example operator active",
        ])
        #expect(try Self.reach(setup, at: "2027-01-20T00:00:00Z") == [
            "admin_role ana@acme.example full active", "admin_role bo@acme.example full active",
            "member_assignment ben@acme.example admin active",
        ])

        // The text says why each began and ended; the change by hand is dated by the refresh that saw it.
        let ben = try setup.run(["history", "--member", "ben@acme.example"])
        #expect(ben.status == 0, "\(ben.stderr)")
        #expect(ben.stdout.contains("""
              member        ben@acme.example  operator
                  from   2027-01-10T09:00:00Z  apply by ana@acme.example: assign:ben@acme.example:ad_account:7100000000000000001
                  until  2027-01-15T09:00:00Z  changed outside bcplan, first seen by refresh (ana@acme.example)
            """), "\(ben.stdout)")
        let blue = try setup.run(["history", "--partner", "7000000000000000099", "--format", "csv"])
        let rows = blue.stdout.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        #expect(rows.count == 2, "pending, then active: \(blue.stdout)")
        #expect(rows.last?.hasSuffix(",2027-01-10T09:00:00Z,action,remove_partner:7000000000000000099,ana@acme.example") == true, "\(blue.stdout)")
    }

    /// A database made before the history kept changes (migration 1 only) is migrated on its
    /// next use; history then says it cannot replay the writes from before, rather than guess.
    @Test(.enabled(if: PostgresTestDatabase.enabled))
    func aHistoryFromBeforeMigrationTwoIsNotGuessed() throws {
        let url = try PostgresTestDatabase.requireURL()
        let schema = "h_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let folder = try BinaryRunner.businessCenter(state: "{backend: postgres, url_env: BCPLAN_DATABASE_URL, schema: \(schema)}")
        defer {
            try? FileManager.default.removeItem(at: folder)
            _ = try? PostgresTestDatabase.connect().query("DROP SCHEMA \"\(schema)\" CASCADE")
        }
        let environment = ["BCPLAN_DATABASE_URL": url, "BCPLAN_NOW": "2027-01-01T09:00:00Z"]
        #expect(try BinaryRunner.run(["refresh"], in: folder, environment: environment).status == 0)
        let database = try PostgresTestDatabase.connect()
        _ = try database.query("ALTER TABLE \"\(schema)\".history DROP COLUMN changes")
        _ = try database.query("DELETE FROM \"\(schema)\".schema_version WHERE version = 2")
        #expect(try BinaryRunner.run(["refresh"], in: folder, environment: environment).status == 0)
        let versions = try database.query("SELECT version FROM \"\(schema)\".schema_version ORDER BY version")
        #expect((0..<versions.rowCount).map { versions.int($0, 0) } == [1, 2])
        let history = try BinaryRunner.run(["history"], in: folder, environment: environment)
        #expect(history.status == 1)
        #expect(history.stderr.hasPrefix("error: the history of workspace '7000000000000000001' in PostgreSQL"), "\(history.stderr)")
        #expect(history.stderr.hasSuffix("holds writes from before it kept what each write changed (serial 1 of 2027-01-01T09:00:00Z); bcplan history cannot replay it\n"), "\(history.stderr)")
        #expect(!history.stderr.contains(url))
    }

    @Test func withoutARecordHistoryTellsHowToStartOne() throws {
        let folder = try BinaryRunner.businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["history"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "Access history of Acme (7000000000000000001): all access, over the whole record\nNothing is recorded yet: bcplan refresh or apply records the Business Center.\n")
        let wrong = try BinaryRunner.run(["history", "--member", "ana@acme.example", "--asset", "x"], in: folder)
        #expect(wrong.status == 64)
        #expect(wrong.stderr == "error: history answers for one member, one partner or one asset at a time; --member and --asset were given\n")
    }
}
