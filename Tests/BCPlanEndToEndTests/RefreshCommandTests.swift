import Foundation
import Testing

/// `bcplan refresh` on the built binary: the serial moves only when the recorded state changes,
/// `--detailed-exitcode`, `-c DIR`, and `--format json` against its published schema.
@Suite struct RefreshCommandTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    @Test(arguments: StateBackend.available)
    func aRefreshWithoutDriftKeepsTheSerialAndASavedPlanStaysApplicable(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        let first = try setup.run(["refresh", "--detailed-exitcode"], environment: Self.now)
        #expect(first.status == 0, "the first refresh records, but finds no drift: \(first.stderr)")
        #expect(first.stdout == "First refresh: no state was recorded yet, so there is nothing to compare the Business Center with.\nRecorded the live Business Center in \(setup.stateName) for the first time (serial 1).\n", "\(first.stdout)")
        #expect(try setup.run(["plan", "--out", "plan.json"], environment: Self.now).status == 0)
        let before = try setup.everything()

        let again = try setup.run(["refresh", "--detailed-exitcode"], environment: Self.now)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == """
            No drift: the Business Center matches the recorded state.
            The state in \(setup.stateName) already records it (serial 1); nothing was written.

            """)
        #expect(try setup.everything() == before, "nothing was written")
        #expect(try setup.state()?["serial"] as? Int == 1)

        let applied = try setup.run(["apply", "plan.json"], environment: Self.now)
        #expect(applied.status == 0, "the plan saved before the refresh is still applicable: \(applied.stderr)")
        #expect(applied.stdout.hasSuffix("Apply complete: 5 done (5 provider calls).\n"))
    }

    @Test(arguments: StateBackend.available)
    func detailedExitcodeIsTwoWhenDriftWasRecorded(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        #expect(try setup.run(["refresh"], environment: Self.now).status == 0)
        #expect(try setup.run(["mock", "accept", "--all"]).status == 0)
        let drifted = try setup.run(["refresh", "--detailed-exitcode", "--format", "json"], environment: Self.now)
        #expect(drifted.status == 2, "\(drifted.stderr)")
        try SchemaCheck.expectValid(drifted.stdout, against: "refresh.schema.json")
        let document = try SchemaCheck.parse(drifted.stdout)
        #expect(document["drift_recorded"] as? Bool == true)
        #expect(document["exit_code"] as? Int == 2)
        let refresh = try #require((document["refreshes"] as? [[String: Any]])?.first)
        let state = try #require(refresh["state"] as? [String: Any])
        #expect(state["serial"] as? Int == 2)
        #expect(state["written"] as? Bool == true)
        #expect(state["location"] as? String == setup.stateName)
        let drift = try #require(refresh["drift"] as? [[String: Any]])
        #expect(drift.map { "\($0["object"] ?? "") \($0["id"] ?? "") \($0["change"] ?? "")" } == [
            "member hannah.schulz@northwind.example changed",
        ], "the one pending invitation was accepted: \(drift)")
        // Recorded now: the next refresh finds nothing to record.
        let quiet = try setup.run(["refresh", "--detailed-exitcode", "--format", "json"], environment: Self.now)
        #expect(quiet.status == 0)
        try SchemaCheck.expectValid(quiet.stdout, against: "refresh.schema.json")
        let calm = try SchemaCheck.parse(quiet.stdout)
        #expect(calm["drift_recorded"] as? Bool == false)
        let calmState = try #require(((calm["refreshes"] as? [[String: Any]])?.first)?["state"] as? [String: Any])
        #expect(calmState["serial"] as? Int == 2)
        #expect(calmState["written"] as? Bool == false)
    }

    @Test func aDirectoryIsRefreshedConfigByConfigInTextAndJSON() throws {
        let folder = try BinaryRunner.folderOfBusinessCenters()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bcs = folder.appendingPathComponent("bcs")
        let first = try BinaryRunner.run(["refresh", "-c", "bcs"], in: folder, environment: Self.now)
        #expect(first.status == 1, "broken.yaml fails; the others are refreshed")
        #expect(first.stdout.contains("== bcs/acme.yaml: Acme (7000000000000000001) ==\n\nFirst refresh: no state was recorded yet, so there is nothing to compare the Business Center with.\nRecorded the live Business Center in acme.state.json for the first time (serial 1).\n"), "\(first.stdout)")
        #expect(first.stdout.hasSuffix("Total: 3 Business Centers: 2 recorded for the first time, 1 failed (bcs/broken.yaml).\n"), "\(first.stdout)")
        #expect(first.stderr.hasPrefix("== bcs/broken.yaml ==\n"), "\(first.stderr)")
        try FileManager.default.removeItem(at: bcs.appendingPathComponent("broken.yaml"))

        // Someone adds a member by hand to globex: only its refresh records drift.
        let store = bcs.appendingPathComponent("globex.mock.json")
        var snapshot = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: store)) as? [String: Any])
        var members = snapshot["members"] as? [[String: Any]] ?? []
        members.append(["email": "eve@acme.example", "user_id": "9", "status": "active", "role": "admin", "finance": NSNull(),
                        "invited_at": NSNull(), "resends": 0, "assets": [Any]()])
        snapshot["members"] = members
        try JSONSerialization.data(withJSONObject: snapshot).write(to: store)
        let text = try BinaryRunner.run(["refresh", "-c", "bcs", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(text.status == 2, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains("  + member eve@acme.example added\nRecorded the live Business Center in globex.state.json (serial 2).\n"), "\(text.stdout)")
        #expect(text.stdout.hasSuffix("Total: 2 Business Centers: 1 with drift recorded (1 drifted object), 1 without drift.\n"), "\(text.stdout)")

        members.removeLast()
        snapshot["members"] = members
        try JSONSerialization.data(withJSONObject: snapshot).write(to: store)
        let json = try BinaryRunner.run(["refresh", "-c", "bcs", "--format", "json", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(json.status == 2)
        try SchemaCheck.expectValid(json.stdout, against: "refresh.schema.json")
        let document = try SchemaCheck.parse(json.stdout)
        let refreshes = try #require(document["refreshes"] as? [[String: Any]])
        #expect(refreshes.compactMap { $0["config"] as? String } == ["bcs/acme.yaml", "bcs/globex.yaml"])
        #expect(refreshes.map { (($0["state"] as? [String: Any])?["written"] as? Bool) ?? true } == [false, true])
        #expect(document["drift_recorded"] as? Bool == true)
        #expect(json.stderr == "")
    }

    /// The first refresh has nothing to compare with: it says so, and JSON marks it `first`.
    @Test func theFirstRefreshSaysItRecordedTheStateForTheFirstTime() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try BinaryRunner.run(["refresh", "--format", "json", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(first.status == 0, "no drift on a first refresh: \(first.stderr)")
        try SchemaCheck.expectValid(first.stdout, against: "refresh.schema.json")
        let refresh = try #require((try SchemaCheck.parse(first.stdout)["refreshes"] as? [[String: Any]])?.first)
        let state = try #require(refresh["state"] as? [String: Any])
        #expect(state["first"] as? Bool == true)
        #expect(state["written"] as? Bool == true)
        #expect(state["serial"] as? Int == 1)
        #expect((refresh["drift"] as? [Any])?.isEmpty == true)

        let again = try BinaryRunner.run(["refresh", "--format", "json"], in: folder, environment: Self.now)
        let later = try #require((try SchemaCheck.parse(again.stdout)["refreshes"] as? [[String: Any]])?.first?["state"] as? [String: Any])
        #expect(later["first"] as? Bool == false)
        let text = try BinaryRunner.run(["refresh"], in: folder, environment: Self.now)
        #expect(!text.stdout.contains("First refresh"), "\(text.stdout)")
        #expect(text.stdout.hasPrefix("No drift: the Business Center matches the recorded state.\n"), "\(text.stdout)")
    }

    @Test func aFailedRefreshStillPrintsItsDocument() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BinaryRunner.write("version: 1\nbusiness_center: {id: 7}\n", "bcplan.yaml", in: folder)
        let failed = try BinaryRunner.run(["refresh", "--format", "json"], in: folder)
        #expect(failed.status == 1)
        #expect(failed.stderr.hasPrefix("bcplan.yaml:2:"), "\(failed.stderr)")
        try SchemaCheck.expectValid(failed.stdout, against: "refresh.schema.json")
        let failures = try #require(try SchemaCheck.parse(failed.stdout)["failures"] as? [[String: Any]])
        #expect(failures.count == 1)
        #expect(failures.first?["config"] as? String == "bcplan.yaml")
        #expect(failures.first?["exit_code"] as? Int == 1)
    }
}
