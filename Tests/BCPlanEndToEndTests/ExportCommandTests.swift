import BCPlanCore
import Foundation
import Testing

@Suite struct ExportCommandTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]
    static let examples = ["agency-campaign", "agency-side", "brand-with-agency", "reclaim-from-agency"]

    /// Export, validate the export, plan it against the same Business Center: nothing to do.
    /// brand-with-agency holds an invitation past resend_after_days: the planner resends it whatever
    /// is declared, so that one resend is the only action, and the export says so on stderr.
    @Test(arguments: examples)
    func exportOfAnExamplePlansToNoChanges(_ name: String) throws {
        let folder = try BinaryRunner.copyOfExample(name)
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        let exported = try BinaryRunner.run(["export", "--out", "exported.yaml"], in: folder, environment: Self.now)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout == "")
        let validated = try BinaryRunner.run(["validate", "-c", "exported.yaml"], in: folder)
        #expect(validated.status == 0, "\(validated.stderr)")
        let plan = try BinaryRunner.run(
            ["plan", "-c", "exported.yaml", "--detailed-exitcode", "--format", "json"], in: folder, environment: Self.now)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let actions = (document["actions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        if name == "brand-with-agency" {
            #expect(plan.status == 2)
            #expect(actions == ["resend:hannah.schulz@northwind.example"])
            #expect(exported.stderr.contains("note: a plan of the export still proposes 1 action that no declaration can avoid: resend:hannah.schulz@northwind.example"))
            #expect(try BinaryRunner.read("exported.yaml", in: folder).contains("  - email: hannah.schulz@northwind.example   # invitation pending since 2026-09-20\n"))
        } else {
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(actions.isEmpty)
            #expect(exported.stderr == "Wrote the live Business Center to exported.yaml.\n")
        }
        // Nothing but the export was written.
        var after = try BinaryRunner.snapshot(of: folder)
        after["exported.yaml"] = nil
        #expect(after == before)
    }

    @Test func exportOfAGeneratedBusinessCenterOf500MembersPlansToNoChanges() throws {
        let folder = try RandomBusinessCenter.write(members: 500, partners: 40, assets: 120, seed: 7)
        defer { try? FileManager.default.removeItem(at: folder) }
        let exported = try BinaryRunner.run(["export", "--out", "exported.yaml"], in: folder, environment: Self.now)
        #expect(exported.status == 0, "\(exported.stderr)")
        let plan = try BinaryRunner.run(["plan", "-c", "exported.yaml", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(plan.status == 0, "\(plan.stdout.suffix(2000))\(plan.stderr)")
        let text = try BinaryRunner.read("exported.yaml", in: folder)
        #expect(text.components(separatedBy: "\n  - email: ").count - 1 == 500)
        // Deterministic: a second export to standard output is byte for byte the same.
        let again = try BinaryRunner.run(["export"], in: folder, environment: Self.now)
        #expect(again.status == 0)
        #expect(again.stdout == text)
    }

    @Test func exportPrintsToStandardOutputAndWritesNothing() throws {
        let folder = try BinaryRunner.copyOfExample("reclaim-from-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        let outcome = try BinaryRunner.run(["export"], in: folder, environment: Self.now)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("# yaml-language-server: $schema=../../schema/bcplan.schema.json\n"))
        #expect(outcome.stderr == "")
        #expect(try BinaryRunner.snapshot(of: folder) == before)
    }

    @Test func exportRefusesToOverwriteItsOwnConfig() throws {
        let folder = try BinaryRunner.copyOfExample("agency-side")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        for target in ["bcplan.yaml", "./bcplan.yaml"] {
            let outcome = try BinaryRunner.run(["export", "--out", target], in: folder, environment: Self.now)
            #expect(outcome.status == 64)
            #expect(outcome.stderr == "error: --out \(target) is the config file the export reads; write the export to another file and compare them\n")
        }
        #expect(try BinaryRunner.snapshot(of: folder) == before)
    }

    /// Written into another folder, the export's store and state paths still point at the same files.
    @Test func exportIntoAnotherFolderRebasesItsPaths() throws {
        let folder = try BinaryRunner.copyOfExample("agency-side")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("onboarding"), withIntermediateDirectories: true)
        let exported = try BinaryRunner.run(["export", "--out", "onboarding/bcplan.yaml"], in: folder, environment: Self.now)
        #expect(exported.status == 0, "\(exported.stderr)")
        let text = try BinaryRunner.read("onboarding/bcplan.yaml", in: folder)
        #expect(text.contains("\n  store: ../blueharbor.mock.json\n"))
        #expect(text.contains("\nstate: ../blueharbor.state.json\n"))
        #expect(text.hasPrefix("# yaml-language-server: $schema=../../../schema/bcplan.schema.json\n"))
        let plan = try BinaryRunner.run(["plan", "-c", "onboarding/bcplan.yaml", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(plan.status == 0, "\(plan.stderr)")
    }

    @Test func exportOfAnInvalidConfigFailsWithItsProblems() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BinaryRunner.write("version: 1\nbusiness_center: {id: 7}\n", "bcplan.yaml", in: folder)
        let outcome = try BinaryRunner.run(["export", "--out", "x.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("bcplan.yaml:2:23: error:"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.yaml").path))
    }
}
