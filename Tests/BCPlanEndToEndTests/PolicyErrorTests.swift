import Foundation
import Testing

/// Policy errors on the built binary: located at the policy key, or at the member that causes
/// them, and printed once (with the plan; standard error only says nothing may be applied).
@Suite struct PolicyErrorTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]
    static let refused = "error: the plan breaks a rule, shown with it; nothing may be applied\n"

    /// The brand example with `policy:` edited.
    private func example(_ edit: (String) -> String) throws -> URL {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        let config = try BinaryRunner.read("bcplan.yaml", in: folder)
        try BinaryRunner.write(edit(config), "bcplan.yaml", in: folder)
        return folder
    }

    private func occurrences(of text: String, in outcome: BinaryRunner.Outcome) -> Int {
        (outcome.stdout + outcome.stderr).components(separatedBy: text).count - 1
    }

    @Test func tooFewAdminsPointsAtMinAdminsOnceForPlanAndApply() throws {
        let folder = try example { $0.replacingOccurrences(of: "  min_admins: 2\n", with: "  min_admins: 9\n") }
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        let error = "bcplan.yaml:15:15: error: 4 admins are declared; policy.min_admins is 9\n"
        for command in [["plan"], ["apply", "--auto-approve"]] {
            let outcome = try BinaryRunner.run(command, in: folder, environment: Self.now)
            #expect(outcome.status == 1, "\(command)")
            #expect(occurrences(of: "policy.min_admins is 9", in: outcome) == 1, "\(command): \(outcome.stdout)\(outcome.stderr)")
            #expect(outcome.stdout.contains(error), "\(command): \(outcome.stdout)")
            #expect(outcome.stderr == Self.refused, "\(command): \(outcome.stderr)")
        }
        #expect(try BinaryRunner.snapshot(of: folder) == before, "nothing was written")
    }

    @Test func tooManyAdminsPointsAtTheAdminBeyondTheLimitAlsoInADirectory() throws {
        let folder = try example { $0.replacingOccurrences(of: "  min_admins: 2\n", with: "  min_admins: 2\n  max_admins: 3\n") }
        defer { try? FileManager.default.removeItem(at: folder) }
        // The fourth admin in file order, lucas.brandt, is the one beyond max_admins.
        let planned = try BinaryRunner.run(["plan"], in: folder, environment: Self.now)
        #expect(planned.status == 1)
        #expect(planned.stdout.contains("bcplan.yaml:63:5: error: 4 admins are declared; policy.max_admins is 3\n"), "\(planned.stdout)")
        #expect(occurrences(of: "policy.max_admins is 3", in: planned) == 1)
        #expect(planned.stderr == Self.refused)

        let bcs = folder.appendingPathComponent("bcs")
        try FileManager.default.createDirectory(at: bcs, withIntermediateDirectories: true)
        let config = try BinaryRunner.read("bcplan.yaml", in: folder)
        try BinaryRunner.write(config.replacingOccurrences(of: "store: northwind.mock.json", with: "store: ../northwind.mock.json"),
                               "northwind.yaml", in: bcs)
        let grouped = try BinaryRunner.run(["plan", "-c", "bcs"], in: folder, environment: Self.now)
        #expect(grouped.status == 1)
        #expect(grouped.stdout.contains("bcs/northwind.yaml:63:5: error: 4 admins are declared; policy.max_admins is 3\n"), "\(grouped.stdout)")
        #expect(occurrences(of: "policy.max_admins is 3", in: grouped) == 1)
        #expect(grouped.stderr == "== bcs/northwind.yaml: Northwind Outdoor (7301846290153840001) ==\n" + Self.refused, "\(grouped.stderr)")
    }

    /// Without a person reading a text plan (json, markdown), standard error says each error in full.
    @Test func aDocumentOnStandardOutputLeavesTheErrorsOnStandardError() throws {
        let folder = try example { $0.replacingOccurrences(of: "  min_admins: 2\n", with: "  min_admins: 9\n") }
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = try BinaryRunner.run(["plan", "--format", "json"], in: folder, environment: Self.now)
        #expect(json.status == 1)
        #expect(json.stderr == """
            bcplan.yaml:15:15: error: 4 admins are declared; policy.min_admins is 9
            error: the plan breaks a rule above; nothing may be applied

            """)
        let document = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let errors = (document["diagnostics"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "error" }
        #expect(errors.map { "\($0["location"] ?? "") \($0["code"] ?? "")" } == ["bcplan.yaml:15:15 too_few_admins_declared"])
    }
}
