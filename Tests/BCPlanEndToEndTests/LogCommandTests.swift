import BCPlanCore
import Foundation
import Testing

@Suite struct LogCommandTests {
    private func businessCenter(config: String = "bcplan.yaml", state: String? = nil) throws -> URL {
        try BinaryRunner.businessCenter(config: config, state: state)
    }

    /// Writes three entries (as an apply would) to the log at `path`, relative to `folder`.
    private func writeLog(_ path: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let log = try AuditLog.open(path: url.path)
        defer { log.close() }
        try log.append(AuditEntry(
            time: "2026-11-21T12:00:01Z", actor: "ana@acme.example", action: "invite:carla@acme.example", kind: "invite",
            result: .succeeded, requestID: "mock-000017", attempts: 1))
        try log.append(AuditEntry(
            time: "2026-11-21T12:00:02Z", actor: "ana@acme.example", action: "share:7000000000000000099:pixel:C9ABCDEF0123456789",
            kind: "share", result: .failed, requestID: "mock-000018", message: "the partner is not active", attempts: 3))
        try log.append(AuditEntry(
            time: "2026-11-21T12:00:03Z", actor: "ana@acme.example", action: "transfer:ad_account:7100000000000000002",
            kind: "transfer", result: .manual, message: "ownership moves in the web UI", attempts: 0))
    }

    private func lines(_ path: String, in folder: URL) throws -> [String] {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func withoutALogBothSayThereIsNoneYet() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [["log"], ["log", "--verify"]] {
            let outcome = try BinaryRunner.run(arguments, in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stderr == "")
            #expect(outcome.stdout == "No audit log yet (bcplan.state.audit.jsonl).\n")
        }
        #expect(try BinaryRunner.snapshot(of: folder).keys.sorted() == ["bcplan.yaml"])
    }

    @Test func logPrintsOneAlignedLinePerEntry() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog("bcplan.state.audit.jsonl", in: folder)
        let outcome = try BinaryRunner.run(["log"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        #expect(outcome.stdout == """
            2026-11-21T12:00:01Z  ana@acme.example  succeeded  invite:carla@acme.example                           (request mock-000017)
            2026-11-21T12:00:02Z  ana@acme.example  failed     share:7000000000000000099:pixel:C9ABCDEF0123456789  (request mock-000018, 3 attempts) the partner is not active
            2026-11-21T12:00:03Z  ana@acme.example  manual     transfer:ad_account:7100000000000000002             ownership moves in the web UI

            """)
    }

    @Test func verifyReportsAnIntactChain() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog("bcplan.state.audit.jsonl", in: folder)
        let before = try BinaryRunner.snapshot(of: folder)
        let outcome = try BinaryRunner.run(["log", "--verify"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        #expect(outcome.stdout == "Audit log bcplan.state.audit.jsonl: 3 entries, hash chain intact.\n")
        #expect(try BinaryRunner.snapshot(of: folder) == before)
    }

    @Test func verifyNamesTheEditedLine() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog("bcplan.state.audit.jsonl", in: folder)
        var written = try lines("bcplan.state.audit.jsonl", in: folder)
        let original = written[1]
        written[1] = written[1].replacingOccurrences(of: "\"failed\"", with: "\"succeeded\"")
        try written.joined(separator: "\n").write(
            to: folder.appendingPathComponent("bcplan.state.audit.jsonl"), atomically: false, encoding: .utf8)
        let outcome = try BinaryRunner.run(["log", "--verify"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "error: bcplan.state.audit.jsonl:2: the hash chain is broken: line 3 records prev_sha256 "
            + "\(SHA256.hex(original)), but line 2 hashes to \(SHA256.hex(written[1])); line 2 was edited or a line was removed\n")
        let listed = try BinaryRunner.run(["log"], in: folder)
        #expect(listed.status == 0, "log without --verify prints what the file says")
        #expect(listed.stdout.contains("  succeeded  share:7000000000000000099:pixel:C9ABCDEF0123456789  "))
    }

    @Test func aLineThatIsNotJSONStopsBothWithItsLocation() throws {
        let folder = try businessCenter(config: "acme/bcplan.yaml", state: "records/acme.json")
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog("acme/records/acme.audit.jsonl", in: folder)
        var written = try lines("acme/records/acme.audit.jsonl", in: folder)
        written[0] = "oops" + written[0]
        try written.joined(separator: "\n").write(
            to: folder.appendingPathComponent("acme/records/acme.audit.jsonl"), atomically: false, encoding: .utf8)
        let expected = "error: acme/records/acme.audit.jsonl:1: the line is not JSON: unexpected character 'o' at column 1\n"
        for arguments in [["log", "-c", "acme/bcplan.yaml"], ["log", "--verify", "-c", "acme/bcplan.yaml"]] {
            let outcome = try BinaryRunner.run(arguments, in: folder)
            #expect(outcome.status == 1)
            #expect(outcome.stdout == "")
            #expect(outcome.stderr == expected)
        }
    }

    @Test func anInvalidConfigIsReportedLikeValidateDoes() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["log", "--verify", "-c", "nowhere.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "error: cannot read the config file nowhere.yaml: no such file\nnowhere.yaml: 1 error\n")
    }

    // MARK: --format json, checked against schema/log.schema.json

    @Test func jsonListsEveryEntry() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog("bcplan.state.audit.jsonl", in: folder)
        let outcome = try BinaryRunner.run(["log", "--format", "json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        try SchemaCheck.expectValid(outcome.stdout, against: "log.schema.json")
        let document = try SchemaCheck.parse(outcome.stdout)
        #expect(document["format_version"] as? Int == 1)
        #expect(document["verification"] is NSNull)
        let log = try #require(document["audit_log"] as? [String: Any])
        #expect(log["path"] as? String == "bcplan.state.audit.jsonl" && log["exists"] as? Bool == true)
        #expect(log["backend"] as? String == "file" && log["workspace"] is NSNull)
        let entries = try #require(document["entries"] as? [[String: Any]])
        #expect(entries.map { $0["line"] as? Int } == [1, 2, 3])
        #expect(entries.map { $0["result"] as? String } == ["succeeded", "failed", "manual"])
        #expect(entries[1]["action"] as? String == "share:7000000000000000099:pixel:C9ABCDEF0123456789")
        #expect(entries[1]["message"] as? String == "the partner is not active")
        #expect(entries[1]["attempts"] as? Int == 3)
        #expect(entries[2]["request_id"] is NSNull)
    }

    @Test func jsonVerifyReportsAnIntactChainAndABrokenOne() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog("bcplan.state.audit.jsonl", in: folder)
        let intact = try BinaryRunner.run(["log", "--verify", "--format", "json"], in: folder)
        #expect(intact.status == 0, "\(intact.stderr)")
        try SchemaCheck.expectValid(intact.stdout, against: "log.schema.json")
        let verified = try #require(try SchemaCheck.parse(intact.stdout)["verification"] as? [String: Any])
        #expect(verified["intact"] as? Bool == true)
        #expect(verified["entries"] as? Int == 3)
        #expect(verified["problem"] is NSNull)
        #expect(verified["summary"] as? String == "Audit log bcplan.state.audit.jsonl: 3 entries, hash chain intact.")

        var written = try lines("bcplan.state.audit.jsonl", in: folder)
        written[1] = written[1].replacingOccurrences(of: "\"failed\"", with: "\"succeeded\"")
        try written.joined(separator: "\n").write(
            to: folder.appendingPathComponent("bcplan.state.audit.jsonl"), atomically: false, encoding: .utf8)
        let broken = try BinaryRunner.run(["log", "--verify", "--format", "json"], in: folder)
        #expect(broken.status == 1)
        #expect(broken.stderr == "", "the broken chain is the document's result")
        try SchemaCheck.expectValid(broken.stdout, against: "log.schema.json")
        let document = try SchemaCheck.parse(broken.stdout)
        #expect(document["entries"] is NSNull)
        let verification = try #require(document["verification"] as? [String: Any])
        #expect(verification["intact"] as? Bool == false)
        let problem = try #require(verification["problem"] as? [String: Any])
        #expect(problem["line"] as? Int == 2)
        #expect((problem["message"] as? String)?.hasPrefix("the hash chain is broken: line 3 records prev_sha256 ") == true)
    }

    @Test func jsonWithoutALogSaysSo() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (arguments, entries) in [(["log", "--format", "json"], true), (["log", "--verify", "--format", "json"], false)] {
            let outcome = try BinaryRunner.run(arguments, in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            try SchemaCheck.expectValid(outcome.stdout, against: "log.schema.json")
            let document = try SchemaCheck.parse(outcome.stdout)
            #expect((document["audit_log"] as? [String: Any])?["exists"] as? Bool == false)
            #expect(entries ? (document["entries"] as? [Any])?.isEmpty == true : document["entries"] is NSNull)
        }
    }

    /// The log an apply wrote, listed and checked as JSON through the config's state backend: a
    /// file beside the state, or the workspace's rows in PostgreSQL (named by its variable, never
    /// by the connection string).
    @Test(arguments: StateBackend.available)
    func jsonReadsTheLogOfEitherBackend(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        let applied = try setup.run(["apply", "--auto-approve"], environment: ["BCPLAN_NOW": "2026-11-21T12:00:00Z"])
        #expect(applied.status == 0, "\(applied.stderr)")
        let listed = try setup.run(["log", "--format", "json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        try SchemaCheck.expectValid(listed.stdout, against: "log.schema.json")
        let document = try SchemaCheck.parse(listed.stdout)
        let entries = try #require(document["entries"] as? [[String: Any]])
        #expect(entries.map { $0["line"] as? Int } == [1, 2, 3, 4, 5])
        #expect(entries.allSatisfy { $0["result"] as? String == "succeeded" })
        #expect(entries.compactMap { $0["action"] as? String } == (try setup.auditEntries()).compactMap { $0["action"] as? String })
        let log = try #require(document["audit_log"] as? [String: Any])
        #expect(log["backend"] as? String == backend.rawValue && log["exists"] as? Bool == true)
        switch backend {
        case .file:
            #expect(log["path"] as? String == "northwind.state.audit.jsonl" && log["workspace"] is NSNull)
        case .postgres:
            #expect(log["path"] is NSNull)
            #expect(log["workspace"] as? [String: String] == ["name": setup.workspace!, "schema": "bcplan", "url_env": "BCPLAN_DATABASE_URL"])
            let url = try #require(setup.environment["BCPLAN_DATABASE_URL"])
            #expect(!listed.stdout.contains(url))
        }
        let checked = try setup.run(["log", "--verify", "--format", "json"])
        #expect(checked.status == 0, "\(checked.stderr)")
        try SchemaCheck.expectValid(checked.stdout, against: "log.schema.json")
        let verification = try #require(try SchemaCheck.parse(checked.stdout)["verification"] as? [String: Any])
        #expect(verification["intact"] as? Bool == true && verification["entries"] as? Int == 5)
        #expect((verification["recorded_head"] as? [String: Any])?["lines"] as? Int == 5, "checked against the head the state recorded")
    }
}
