import Foundation
import Testing

@Suite struct ValidateCommandTests {
    static let examples = ["agency-campaign", "agency-side", "brand-with-agency", "reclaim-from-agency"]

    @Test(arguments: examples)
    func everyExampleValidates(_ name: String) throws {
        let before = try BinaryRunner.snapshot(of: BinaryRunner.repositoryRoot.appendingPathComponent("examples/\(name)"))
        let outcome = try BinaryRunner.run(["validate", "-c", "examples/\(name)/bcplan.yaml"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        #expect(outcome.stdout.hasPrefix("examples/\(name)/bcplan.yaml: valid: Business Center "))
        let after = try BinaryRunner.snapshot(of: BinaryRunner.repositoryRoot.appendingPathComponent("examples/\(name)"))
        #expect(before == after, "validate changed files")
    }

    @Test func invalidFileExitsOneWithEveryProblem() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            version: 1
            business_center:
              id: 7000000000000000001
            members:
              - email: ana@acme.example
                rol: admin
            """.write(to: folder.appendingPathComponent("bcplan.yaml"), atomically: true, encoding: .utf8)
        let outcome = try BinaryRunner.run(["validate"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == """
            bcplan.yaml:3:7: error: Business Center id 7000000000000000001 is written as a number; quote it: "7000000000000000001" (ids are strings, and 19-digit numbers lose digits in many tools)
              id: 7000000000000000001
                  ^
            bcplan.yaml:5:5: error: missing required key 'role' in member
              - email: ana@acme.example
                ^
            bcplan.yaml:6:5: error: unknown key 'rol' in member (did you mean 'role'?)
                rol: admin
                ^
            bcplan.yaml: 3 errors

            """)
        #expect(try BinaryRunner.snapshot(of: folder).keys.sorted() == ["bcplan.yaml"])
    }

    @Test func missingFileIsOneClearSentence() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["validate", "-c", "nowhere.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: cannot read the config file nowhere.yaml: no such file\nnowhere.yaml: 1 error\n")
    }

    @Test func usageErrorExitsSixtyFour() throws {
        let outcome = try BinaryRunner.run(["validate", "--no-such-flag"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("Unknown option '--no-such-flag'"))
    }

    @Test func schemaCommandPrintsTheCommittedSchema() throws {
        let outcome = try BinaryRunner.run(["schema"])
        #expect(outcome.status == 0)
        let committed = try String(
            contentsOf: BinaryRunner.repositoryRoot.appendingPathComponent("schema/bcplan.schema.json"), encoding: .utf8)
        #expect(outcome.stdout == committed)
    }

    /// A quote left open on line 7 of a real config: libyaml stops at line 28, where the next quote
    /// happens to close it; bcplan points at line 7.
    @Test func anUnclosedQuoteIsReportedWhereItOpens() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try BinaryRunner.read("bcplan.yaml", in: folder)
        let broken = config.replacingOccurrences(of: "  id: \"7301846290153840001\"\n", with: "  id: \"7301846290153840001\n")
        #expect(broken != config)
        try BinaryRunner.write(broken, "bcplan.yaml", in: folder)
        let outcome = try BinaryRunner.run(["validate"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == """
            bcplan.yaml:7:7: error: the " opened here is not closed on its line, so YAML reads on to the next " (line 28, column 9) and cannot make sense of what follows it; close the value on this line
              id: "7301846290153840001
                  ^
            bcplan.yaml: 1 error

            """)
        let plan = try BinaryRunner.run(["plan"], in: folder)
        #expect(plan.status == 1)
        #expect(plan.stderr.hasPrefix("bcplan.yaml:7:7: error: the \" opened here is not closed on its line"))
    }

    @Test func aTabIsNamedAsATab() throws {
        let folder = try BinaryRunner.businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BinaryRunner.write("""
            version: 1
            business_center:
              id: "7000000000000000001"
            \tname: Acme
            members:
              - {email: ana@acme.example, role: admin}
            """, "bcplan.yaml", in: folder)
        let outcome = try BinaryRunner.run(["validate"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == """
            bcplan.yaml:4:1: error: a tab character indents this line; YAML indents with spaces only
            \tname: Acme
            ^
            bcplan.yaml: 1 error

            """)
    }
}
