import Foundation
import Testing

/// `acknowledge:` on the built binary, in the agency example whose "owned by another Business
/// Center" warnings are correct and intended: acknowledged ones print as info with the reason,
/// the rest stay warnings, and an entry that matches nothing is a warning at its place.
@Suite struct AcknowledgedWarningsTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    @Test func acknowledgedWarningsAreInfoWithTheirReasonAndAStaleOneIsAWarning() throws {
        let folder = try BinaryRunner.copyOfExample("agency-side")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try BinaryRunner.read("bcplan.yaml", in: folder)
        let lines = config.split(separator: "\n", omittingEmptySubsequences: false).count
        try BinaryRunner.write(config + """
            acknowledge:
              - warning: foreign_asset
                asset: copperleaf-us
                reason: "Copperleaf owns its ad accounts; we run them (MSA-2025-7)"
              - {warning: foreign_asset, asset: copperleaf-eu, reason: "Copperleaf owns its ad accounts; we run them (MSA-2025-7)"}
              - {warning: partner_admin, partner: "7296655443322110002", reason: "never given"}

            """, "bcplan.yaml", in: folder)
        let planned = try BinaryRunner.run(["plan"], in: folder, environment: Self.now)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stderr == "")
        let first = lines + 1
        #expect(planned.stdout.contains("""
            bcplan.yaml:35:5: info: asset 'copperleaf-us' (ad_account 7301122334455700101) is owned by another Business Center, Copperleaf Cosmetics (7301122334455667001) (acknowledged at bcplan.yaml:\(first):5: Copperleaf owns its ad accounts; we run them (MSA-2025-7))

            """), "\(planned.stdout)")
        #expect(planned.stdout.contains("""
            bcplan.yaml:41:5: info: asset 'copperleaf-eu' (ad_account 7301122334455700102) is owned by another Business Center, Copperleaf Cosmetics (7301122334455667001) (acknowledged at bcplan.yaml:\(first + 3):5: Copperleaf owns its ad accounts; we run them (MSA-2025-7))

            """), "\(planned.stdout)")
        // Not acknowledged: still a warning.
        #expect(planned.stdout.contains("bcplan.yaml:47:5: warning: asset 'trailhead-us' (ad_account 7296655443322200101) is owned by another Business Center, Trailhead Bikes (7296655443322110002)\n"))
        #expect(planned.stdout.contains("""
            bcplan.yaml:\(first + 4):5: warning: the acknowledgement of partner_admin (partner 7296655443322110002) matches no warning of this plan; remove it

            """), "\(planned.stdout)")
        #expect(planned.stdout.components(separatedBy: ": warning: ").count - 1 == 2, "\(planned.stdout)")

        // The JSON plan keeps each one's code: the acknowledged ones as info.
        let json = try BinaryRunner.run(["plan", "--format", "json"], in: folder, environment: Self.now)
        let document = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { "\($0["severity"] ?? "") \($0["code"] ?? "")" }.sorted() == [
            "info access_requested", "info foreign_asset", "info foreign_asset", "info invitation_waiting",
            "warning acknowledgement_stale", "warning foreign_asset",
        ])
        // A pull-request comment lists the acknowledged ones with the notes, not the warnings.
        let markdown = try BinaryRunner.run(["plan", "--format", "markdown"], in: folder, environment: Self.now)
        #expect(markdown.stdout.contains("2 warnings"), "\(markdown.stdout)")
    }

    @Test func aWrongEntryIsRefusedAtItsPlaceByEveryCommand() throws {
        let folder = try BinaryRunner.copyOfExample("agency-side")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try BinaryRunner.read("bcplan.yaml", in: folder)
        let line = config.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        try BinaryRunner.write(config + """
            acknowledge:
              - {warning: foreign_assets, asset: copperleaf-us, reason: ours}

            """, "bcplan.yaml", in: folder)
        for command in [["validate"], ["plan"]] {
            let outcome = try BinaryRunner.run(command, in: folder, environment: Self.now)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.hasPrefix("bcplan.yaml:\(line):15: error: 'foreign_assets' is not a valid warning code (did you mean 'foreign_asset'?)"), "\(outcome.stderr)")
        }
    }
}
