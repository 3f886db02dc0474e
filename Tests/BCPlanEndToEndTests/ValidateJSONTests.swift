import Foundation
import Testing

/// `bcplan validate --format json`: one document on standard output, every diagnostic located
/// with its code, checked against `schema/validate.schema.json`.
@Suite struct ValidateJSONTests {
    @Test func aValidConfigIsOneEntryWithItsCounts() throws {
        let outcome = try BinaryRunner.run(["validate", "-c", "examples/brand-with-agency/bcplan.yaml", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        try SchemaCheck.expectValid(outcome.stdout, against: "validate.schema.json")
        let document = try SchemaCheck.parse(outcome.stdout)
        #expect(document["format_version"] as? Int == 1)
        #expect(document["valid"] as? Bool == true)
        let configs = try #require(document["configs"] as? [[String: Any]])
        #expect(configs.count == 1)
        #expect(configs[0]["path"] as? String == "examples/brand-with-agency/bcplan.yaml")
        #expect((configs[0]["business_center"] as? [String: Any])?["id"] as? String == "7301846290153840001")
        #expect((configs[0]["diagnostics"] as? [Any])?.isEmpty == true)
        let counts = try #require(configs[0]["counts"] as? [String: Int])
        #expect(counts["members"] ?? 0 > 0 && counts["assets"] ?? 0 > 0)
    }

    @Test func everyProblemIsLocatedWithItsCode() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BinaryRunner.write("""
            version: 1
            business_center:
              id: 7000000000000000001
            members:
              - email: ana@acme.example
                rol: admin
            """, "bcplan.yaml", in: folder)
        let outcome = try BinaryRunner.run(["validate", "--format", "json"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "", "JSON output says everything on standard output")
        try SchemaCheck.expectValid(outcome.stdout, against: "validate.schema.json")
        let document = try SchemaCheck.parse(outcome.stdout)
        #expect(document["valid"] as? Bool == false)
        let config = try #require((document["configs"] as? [[String: Any]])?.first)
        #expect(config["business_center"] is NSNull)
        let diagnostics = try #require(config["diagnostics"] as? [[String: Any]])
        let summary = diagnostics.map { "\($0["file"]!):\($0["line"]!):\($0["column"]!) \($0["severity"]!) \($0["code"]!): \($0["message"]!)" }
        #expect(summary == [
            #"bcplan.yaml:3:7 error unquoted_id: Business Center id 7000000000000000001 is written as a number; quote it: "7000000000000000001" (ids are strings, and 19-digit numbers lose digits in many tools)"#,
            "bcplan.yaml:5:5 error missing_key: missing required key 'role' in member",
            "bcplan.yaml:6:5 error unknown_key: unknown key 'rol' in member (did you mean 'role'?)",
        ])
        #expect((document["summary"] as? [String: Int])?["errors"] == 3)
    }

    @Test func aSyntaxErrorAndAnUnreadableFileAreDiagnosticsToo() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BinaryRunner.write("version: 1\nbusiness_center:\n  id: \"7000000000000000001\n  name: Acme\n", "bcplan.yaml", in: folder)
        let syntax = try BinaryRunner.run(["validate", "--format", "json"], in: folder)
        #expect(syntax.status == 1)
        try SchemaCheck.expectValid(syntax.stdout, against: "validate.schema.json")
        let diagnostic = try #require(
            ((try SchemaCheck.parse(syntax.stdout)["configs"] as? [[String: Any]])?.first?["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["line"] as? Int == 3)
        #expect(diagnostic["column"] as? Int == 7)
        #expect(diagnostic["code"] as? String == "yaml_unclosed_quote")

        let missing = try BinaryRunner.run(["validate", "-c", "nowhere.yaml", "--format", "json"], in: folder)
        #expect(missing.status == 1)
        try SchemaCheck.expectValid(missing.stdout, against: "validate.schema.json")
        let unreadable = try #require(
            ((try SchemaCheck.parse(missing.stdout)["configs"] as? [[String: Any]])?.first?["diagnostics"] as? [[String: Any]])?.first)
        #expect(unreadable["file"] is NSNull && unreadable["line"] is NSNull)
        #expect(unreadable["code"] as? String == "unreadable_file")
    }

    @Test func aDirectoryIsOneEntryPerConfigWithItsCollisions() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configs = folder.appendingPathComponent("bcs")
        try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
        let valid = """
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bo@acme.example, role: admin}
            """
        try BinaryRunner.write(valid, "a.yaml", in: configs)
        try BinaryRunner.write(valid, "b.yaml", in: configs)
        try BinaryRunner.write("version: 1\n\tbusiness_center: {}\n", "c.yaml", in: configs)
        let outcome = try BinaryRunner.run(["validate", "-c", "bcs", "--format", "json"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "")
        try SchemaCheck.expectValid(outcome.stdout, against: "validate.schema.json")
        let document = try SchemaCheck.parse(outcome.stdout)
        let entries = try #require(document["configs"] as? [[String: Any]])
        #expect(entries.map { $0["path"] as? String } == ["bcs/a.yaml", "bcs/b.yaml", "bcs/c.yaml"])
        #expect(entries.map { $0["valid"] as? Bool } == [false, false, false])
        let codes = entries.map { (($0["diagnostics"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String } }
        #expect(codes == [["same_business_center"], ["same_business_center"], ["yaml_tab"]])
        #expect(document["summary"] as? [String: Int] == ["configs": 3, "valid": 0, "invalid": 3, "errors": 3, "warnings": 0])
    }

    /// A config whose state is in PostgreSQL validates without the database (nothing connects);
    /// a key of the other backend is located with its code.
    @Test func aPostgresStateValidatesWithoutTheDatabase() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = """
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bo@acme.example, role: admin}
            state:
              backend: postgres
              url_env: BCPLAN_DATABASE_URL
              workspace: acme

            """
        try BinaryRunner.write(config, "bcplan.yaml", in: folder)
        try BinaryRunner.write(config + "  path: acme.state.json\n", "wrong.yaml", in: folder)
        let valid = try BinaryRunner.run(["validate", "--format", "json"], in: folder, environment: ["BCPLAN_DATABASE_URL": ""])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        try SchemaCheck.expectValid(valid.stdout, against: "validate.schema.json")
        #expect(try SchemaCheck.parse(valid.stdout)["valid"] as? Bool == true)
        let wrong = try BinaryRunner.run(["validate", "-c", "wrong.yaml", "--format", "json"], in: folder)
        #expect(wrong.status == 1)
        try SchemaCheck.expectValid(wrong.stdout, against: "validate.schema.json")
        let diagnostics = try #require((try SchemaCheck.parse(wrong.stdout)["configs"] as? [[String: Any]])?.first?["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { "\($0["file"]!):\($0["line"]!):\($0["column"]!) \($0["code"]!)" } == ["wrong.yaml:10:3 state_key_for_other_backend"])
        #expect(try BinaryRunner.snapshot(of: folder).keys.sorted() == ["bcplan.yaml", "wrong.yaml"], "nothing written")
    }

    /// The check is not vacuous: a document that strays from the schema fails it.
    @Test func theSchemaRejectsADocumentThatStrays() throws {
        let outcome = try BinaryRunner.run(["validate", "-c", "examples/agency-side/bcplan.yaml", "--format", "json"])
        let strayed = outcome.stdout.replacingOccurrences(of: "\"valid\": true", with: "\"valid\": \"yes\"")
        #expect(strayed != outcome.stdout)
        #expect(try SchemaCheck.check(strayed, against: "validate.schema.json").passed == false)
    }

    @Test(arguments: ["config", "validate", "log"])
    func schemaCommandPrintsEachCommittedSchema(_ name: String) throws {
        let outcome = try BinaryRunner.run(["schema", name])
        #expect(outcome.status == 0)
        let file = name == "config" ? "bcplan.schema.json" : "\(name).schema.json"
        #expect(outcome.stdout == (try String(
            contentsOf: BinaryRunner.repositoryRoot.appendingPathComponent("schema/\(file)"), encoding: .utf8)))
    }
}
