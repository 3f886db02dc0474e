import Foundation
import Testing

@Suite struct ReviewCommandTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]
    static let goldens = BinaryRunner.repositoryRoot.appendingPathComponent("Tests/BCPlanCoreTests/Fixtures/review")

    /// The binary prints exactly the golden review of the example in every format, and writes nothing.
    @Test(arguments: [("text", "txt"), ("markdown", "md"), ("json", "json")])
    func everyFormatPrintsTheGoldenReviewAndWritesNothing(_ format: String, _ suffix: String) throws {
        let before = try BinaryRunner.snapshot(of: BinaryRunner.repositoryRoot.appendingPathComponent("examples/agency-campaign"))
        let outcome = try BinaryRunner.run(
            ["review", "-c", "examples/agency-campaign/bcplan.yaml", "--format", format], environment: Self.now)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        let expected = try String(
            contentsOf: Self.goldens.appendingPathComponent("agency-campaign/expected.\(suffix)"), encoding: .utf8)
        #expect(outcome.stdout == expected)
        #expect(try BinaryRunner.snapshot(of: BinaryRunner.repositoryRoot.appendingPathComponent("examples/agency-campaign")) == before)
    }

    /// Partners are named `Name (id)` in markdown as in text (and plans), in partner and share entries.
    @Test func markdownNamesPartnersByNameWithTheIdAfterAsTextDoes() throws {
        let config = ["-c", "examples/brand-with-agency/bcplan.yaml"]
        let markdown = try BinaryRunner.run(["review"] + config + ["--format", "markdown"], environment: Self.now)
        let text = try BinaryRunner.run(["review"] + config, environment: Self.now)
        #expect(markdown.status == 0 && text.status == 0, "\(markdown.stderr)\(text.stderr)")
        #expect(markdown.stdout.contains("- [ ] **partner** Fjord Creative Studio (`7310022334455660003`): never reviewed, "), "\(markdown.stdout)")
        #expect(text.stdout.contains("  partner Fjord Creative Studio (7310022334455660003): never reviewed\n"), "\(text.stdout)")
        #expect(!markdown.stdout.contains("`7310022334455660003` (Fjord"), "no longer the id first: \(markdown.stdout)")
    }

    /// `--detailed-exitcode`: 2 while anything is due, 0 once every entry is reviewed.
    @Test func detailedExitcodeSaysWhetherAnythingIsDue() throws {
        let folder = try BinaryRunner.copyOfExample("agency-campaign")
        defer { try? FileManager.default.removeItem(at: folder) }
        let due = try BinaryRunner.run(["review", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(due.status == 2, "\(due.stderr)")
        #expect(due.stdout.contains("2 of 7 entries are due for review.\n"))
        // Mark everything reviewed today.
        var text = try BinaryRunner.read("bcplan.yaml", in: folder)
        text = text.replacingOccurrences(of: "    reviewed: 2026-08-15\n", with: "    reviewed: 2026-11-21\n")
        text = text.replacingOccurrences(of: "    expires: 2027-01-31\n    assets:", with: "    expires: 2027-01-31\n    reviewed: 2026-11-21\n    assets:")
        try BinaryRunner.write(text, "bcplan.yaml", in: folder)
        let clean = try BinaryRunner.run(["review", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.hasSuffix("Nothing is due for review: all 7 entries were reviewed in the last 90 days.\n"))
        let plain = try BinaryRunner.run(["review"], in: folder, environment: ["BCPLAN_NOW": "2027-03-01T00:00:00Z"])
        #expect(plain.status == 0, "without --detailed-exitcode due entries are no failure")
        #expect(plain.stdout.contains("are due for review."))
    }

    /// `-c DIR`: one group per Business Center and a total; markdown is one document for one issue.
    @Test func aDirectoryIsReviewedPerBusinessCenter() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (example, name) in [("agency-campaign", "northwind.yaml"), ("agency-side", "blueharbor.yaml")] {
            let source = BinaryRunner.repositoryRoot.appendingPathComponent("examples/\(example)/bcplan.yaml")
            try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(name))
        }
        let text = try BinaryRunner.run(["review", "-c", ".", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(text.status == 2, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("== blueharbor.yaml: Blue Harbor Media (7290041187356620001) ==\n\nAccess review of Blue Harbor Media"), "\(text.stdout)")
        #expect(text.stdout.hasSuffix("Total: 2 Business Centers: 2 with access due for review (17 entries).\n"), "\(text.stdout)")
        let markdown = try BinaryRunner.run(["review", "-c", ".", "--format", "markdown"], in: folder, environment: Self.now)
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("## bcplan: Total: 2 Business Centers: 2 with access due for review (17 entries).\n"))
        #expect(markdown.stdout.contains("\n## Access review: Northwind Outdoor (7301846290153840001)\n"))
        let json = try BinaryRunner.run(["review", "-c", ".", "--format", "json"], in: folder, environment: Self.now)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["reviews"] as? [Any])?.count == 2)
        try BinaryRunner.write("version: 1\n", "broken.yaml", in: folder)
        let broken = try BinaryRunner.run(["review", "-c", "."], in: folder, environment: Self.now)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("broken.yaml:1:1: error: missing required key 'business_center'"))
    }

    @Test func aBadClockOrConfigIsAnErrorWithItsCode() throws {
        let clock = try BinaryRunner.run(
            ["review", "-c", "examples/agency-campaign/bcplan.yaml"], environment: ["BCPLAN_NOW": "tomorrow"])
        #expect(clock.status == 64)
        #expect(clock.stderr == "error: BCPLAN_NOW='tomorrow' is not an RFC 3339 time such as 2026-11-21T12:00:00Z\n")
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BinaryRunner.write("""
            version: 1
            business_center: {id: "7000000000000000001"}
            members:
              - {email: ana@acme.example, role: admin, owner: nobody@acme.example}
            """, "bcplan.yaml", in: folder)
        let invalid = try BinaryRunner.run(["review"], in: folder)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.hasPrefix("bcplan.yaml:4:51: error: owner 'nobody@acme.example' is not a declared member; an owner is a member who vouches for this access\n"), "\(invalid.stderr)")
        #expect(invalid.stdout == "")
    }
}
