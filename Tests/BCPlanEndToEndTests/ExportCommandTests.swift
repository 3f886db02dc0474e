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

    /// `acknowledge:` is carried over: an entry that still matches a warning is written with the
    /// export's asset key; one about a partner that is gone, or one a plan of the export calls
    /// stale, is left out with a comment and a note.
    @Test func exportCarriesTheAcknowledgementsThatStillMatchAndNotesTheOthers() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BinaryRunner.write("""
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            provider: {kind: mock, store: bcplan.mock.json, caller: ana@acme.example}
            assets:
              - {key: main, type: ad_account, id: "7100000000000000001", name: US Main}
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bo@acme.example, role: admin}
            partners:
              - bc_id: "7000000000000000099"
                name: Blue Agency
                shares: {main: admin}
            acknowledge:
              - {warning: partner_admin, partner: "7000000000000000099", asset: main, reason: "Blue runs the account (SOW-14)"}
              - {warning: partner_admin, partner: "7000000000000000088", reason: "the old agency"}
              - {warning: few_active_admins, reason: "two admins are enough here"}

            """, "bcplan.yaml", in: folder)
        try BinaryRunner.write("""
            {"business_center": {"id": "7000000000000000001", "name": "Acme"},
             "members": [{"email": "ana@acme.example", "user_id": "1", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []},
                         {"email": "bo@acme.example", "user_id": "2", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}],
             "partners": [{"bc_id": "7000000000000000099", "name": "Blue Agency", "status": "active", "media_agency": false,
                           "shares": [{"type": "ad_account", "id": "7100000000000000001", "permission": "admin"}]}],
             "assets": [{"type": "ad_account", "id": "7100000000000000001", "name": "US Main", "owner_bc_id": "7000000000000000001"}]}
            """, "bcplan.mock.json", in: folder)
        let exported = try BinaryRunner.run(["export", "--out", "exported.yaml"], in: folder, environment: Self.now)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stderr == """
            note: acknowledge: not exported: partner_admin (partner 7000000000000000088): 7000000000000000088 is not a partner of the Business Center
            note: acknowledge: not exported: few_active_admins: matches no warning of a plan of the export
            Wrote the live Business Center to exported.yaml.

            """, "\(exported.stderr)")
        let text = try BinaryRunner.read("exported.yaml", in: folder)
        #expect(text.hasSuffix("""
                shares:
                  us-main: admin

            acknowledge:
              - warning: partner_admin
                partner: "7000000000000000099"
                asset: us-main
                reason: Blue runs the account (SOW-14)
            # acknowledge: not exported: partner_admin (partner 7000000000000000088): 7000000000000000088 is not a partner of the Business Center
            # acknowledge: not exported: few_active_admins: matches no warning of a plan of the export

            """), "\(text)")
        // The export plans to nothing, and its acknowledgement still turns the warning into info.
        let plan = try BinaryRunner.run(["plan", "-c", "exported.yaml", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let acknowledged = try #require(plan.stdout.split(separator: "\n").first { $0.contains("partner Blue Agency (7000000000000000099) gets admin") })
        #expect(acknowledged.hasPrefix("exported.yaml:"))
        #expect(acknowledged.contains(": info: "))
        #expect(acknowledged.hasSuffix(": Blue runs the account (SOW-14))"), "\(acknowledged)")
        #expect(!plan.stdout.contains("warning:") && !plan.stderr.contains("warning:"), "no stale acknowledgement: \(plan.stdout)\(plan.stderr)")
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
