import Foundation
import Testing

/// `acknowledge:` on the built binary, in the agency example whose "owned by another Business
/// Center" warnings are correct and intended (its config acknowledges them): acknowledged ones
/// print as info with the reason, and an entry that matches nothing is a warning at its place.
@Suite struct AcknowledgedWarningsTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]
    static let reason = "clients own the ad accounts we run for them; their admins grant our access"

    @Test func theAgencysForeignAssetsAreInfoWithTheReason() throws {
        let folder = try BinaryRunner.copyOfExample("agency-side")
        defer { try? FileManager.default.removeItem(at: folder) }
        let planned = try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(planned.status == 2, "\(planned.stderr)")
        #expect(planned.stderr == "")
        for (line, asset, owner) in [
            (35, "'copperleaf-us' (ad_account 7301122334455700101)", "Copperleaf Cosmetics (7301122334455667001)"),
            (41, "'copperleaf-eu' (ad_account 7301122334455700102)", "Copperleaf Cosmetics (7301122334455667001)"),
            (47, "'trailhead-us' (ad_account 7296655443322200101)", "Trailhead Bikes (7296655443322110002)"),
        ] {
            #expect(planned.stdout.contains(
                "bcplan.yaml:\(line):5: info: asset \(asset) is owned by another Business Center, \(owner) (acknowledged at bcplan.yaml:135:5: \(Self.reason))\n"),
                "\(planned.stdout)")
        }
        #expect(!planned.stdout.contains(": warning: "), "\(planned.stdout)")
        // The JSON plan keeps each one's code, as info; a pull-request comment counts no warning.
        let json = try BinaryRunner.run(["plan", "--format", "json"], in: folder, environment: Self.now)
        let document = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { "\($0["severity"] ?? "") \($0["code"] ?? "")" }.sorted() == [
            "info access_requested", "info foreign_asset", "info foreign_asset", "info foreign_asset", "info invitation_waiting",
        ])
        let markdown = try BinaryRunner.run(["plan", "--format", "markdown"], in: folder, environment: Self.now)
        #expect(!markdown.stdout.contains("WARNING"), "\(markdown.stdout)")
    }

    @Test func anEntryThatMatchesNothingIsAWarningAtItsPlace() throws {
        let folder = try BinaryRunner.copyOfExample("agency-side")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try BinaryRunner.read("bcplan.yaml", in: folder)
        #expect(config.hasSuffix("reason: \"\(Self.reason)\"\n"), "the list ends the file")
        try BinaryRunner.write(config + """
              - {warning: partner_admin, partner: "7296655443322110002", reason: "Trailhead runs its own account"}
              - {warning: foreign_asset, asset: trailhead-ca, reason: "not owned by Trailhead yet"}

            """, "bcplan.yaml", in: folder)
        let planned = try BinaryRunner.run(["plan"], in: folder, environment: Self.now)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.contains("""
            bcplan.yaml:137:5: warning: the acknowledgement of partner_admin (partner 7296655443322110002) matches no warning of this plan; remove it

            """), "\(planned.stdout)")
        // trailhead-ca is not in the Business Center yet, so no warning names it.
        #expect(planned.stdout.contains("""
            bcplan.yaml:138:5: warning: the acknowledgement of foreign_asset (asset trailhead-ca) matches no warning of this plan; remove it

            """), "\(planned.stdout)")
        #expect(planned.stdout.components(separatedBy: ": warning: ").count - 1 == 2, "\(planned.stdout)")
    }

    @Test func aWrongEntryIsRefusedAtItsPlaceByEveryCommand() throws {
        let folder = try BinaryRunner.copyOfExample("agency-side")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try BinaryRunner.read("bcplan.yaml", in: folder)
        try BinaryRunner.write(config + "  - {warning: foreign_assets, asset: copperleaf-us, reason: ours}\n", "bcplan.yaml", in: folder)
        for command in [["validate"], ["plan"], ["apply", "--auto-approve"]] {
            let outcome = try BinaryRunner.run(command, in: folder, environment: Self.now)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.hasPrefix(
                "bcplan.yaml:137:15: error: 'foreign_assets' is not a valid warning code (did you mean 'foreign_asset'?)"), "\(outcome.stderr)")
        }
    }
}
