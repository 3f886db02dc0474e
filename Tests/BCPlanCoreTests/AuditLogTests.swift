import BCPlanCore
import Foundation
import Testing

@Suite struct AuditLogTests {
    static let zeros = String(repeating: "0", count: 64)

    /// A fresh folder and the log path inside it; the caller removes the folder.
    private func temporaryLog() throws -> (folder: URL, log: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, AuditLog.path(forState: folder.appendingPathComponent("bcplan.state.json").path))
    }

    private func entry(_ number: Int, result: AuditResult = .succeeded) -> AuditEntry {
        AuditEntry(
            time: "2026-11-21T12:00:\(number < 10 ? "0" : "")\(number)Z", actor: "alice@acme.example",
            action: "invite:user\(number)@acme.example", kind: "invite", result: result,
            requestID: "mock-\(number)", message: nil, attempts: 1)
    }

    /// A log of `count` entries written by one appender; returns its head.
    @discardableResult
    private func writeLog(_ path: String, count: Int) throws -> AuditHead {
        let log = try AuditLog.open(path: path)
        defer { log.close() }
        for number in 1...count { try log.append(entry(number)) }
        return log.head
    }

    private func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private func write(_ lines: [String], to path: String) throws {
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test(arguments: [
        ("dir/bcplan.state.json", "dir/bcplan.state.audit.jsonl"),
        ("bcplan.state.json", "bcplan.state.audit.jsonl"),
        ("/srv/acme.json", "/srv/acme.audit.jsonl"),
        ("/acme.json", "/acme.audit.jsonl"),
        ("state", "state.audit.jsonl"),
        ("a.b/state", "a.b/state.audit.jsonl"),
    ])
    func theLogSitsBesideTheStateWithoutItsLastExtension(state: String, log: String) {
        #expect(AuditLog.path(forState: state) == log)
    }

    @Test func eachAppendIsOneCompactSortedLineChainedToThePreviousOne() throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try AuditLog.open(path: path)
        #expect(log.head == AuditHead(lines: 0, sha256: Self.zeros))
        let first = AuditEntry(
            time: Clock.parse("2026-11-21T12:00:01Z")!, actor: "alice@acme.example", action: "invite:carla@acme.example",
            kind: "invite", result: .succeeded, requestID: "mock-000017", attempts: 1)
        let second = AuditEntry(
            time: "2026-11-21T12:00:02Z", actor: "alice@acme.example", action: "share:7000000000000000099:pixel:C9",
            kind: "share", result: .failed, requestID: nil, message: "the platform said \"no\"\nat once", attempts: 3)
        try log.append(first)
        let head = try log.append(second)
        log.close()
        let written = try lines(path)
        #expect(written.count == 3 && written[2] == "", "every line ends with a newline")
        #expect(written[0] == #"{"action":"invite:carla@acme.example","actor":"alice@acme.example","attempts":1,"kind":"invite","message":null,"prev_sha256":"\#(Self.zeros)","request_id":"mock-000017","result":"succeeded","time":"2026-11-21T12:00:01Z"}"#)
        #expect(written[1] == #"{"action":"share:7000000000000000099:pixel:C9","actor":"alice@acme.example","attempts":3,"kind":"share","message":"the platform said \"no\"\nat once","prev_sha256":"\#(SHA256.hex(written[0]))","request_id":null,"result":"failed","time":"2026-11-21T12:00:02Z"}"#)
        #expect(head == AuditHead(lines: 2, sha256: SHA256.hex(written[1])))
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        #expect(try AuditLog.read(path: path) == [first, second])
        #expect {
            try log.append(first)
        } throws: { error in
            "\(error)" == "\(path): the audit log was closed, so nothing more is appended"
        }
    }

    @Test func aSecondRunContinuesTheChainAndVerifies() throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        let firstHead = try writeLog(path, count: 2)
        let second = try AuditLog.open(path: path, expectedHead: firstHead)
        #expect(second.head == firstHead)
        try second.append(entry(3))
        let head = second.head
        second.close()
        let written = try lines(path)
        #expect(written[2].contains(#""prev_sha256":"\#(SHA256.hex(written[1]))""#))
        let verification = try AuditLog.verify(path: path)
        #expect(verification.intact)
        #expect(verification.head == head)
        #expect(verification.description == "Audit log \(path): 3 entries, hash chain intact.")
        #expect(try AuditLog.verify(path: path, expectedHead: head).description
            == "Audit log \(path): 3 entries, hash chain intact, ending where the recorded state says it does.")
    }

    @Test func anEditedMiddleLineIsNamed() throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog(path, count: 5)
        var written = try lines(path)
        let original = written[2]
        written[2] = written[2].replacingOccurrences(of: "succeeded", with: "failed")
        try write(written, to: path)
        let verification = try AuditLog.verify(path: path)
        #expect(!verification.intact)
        #expect(verification.problem?.line == 3)
        #expect(verification.description == "\(path):3: the hash chain is broken: line 4 records prev_sha256 "
            + "\(SHA256.hex(original)), but line 3 hashes to \(SHA256.hex(written[2])); line 3 was edited or a line was removed")
    }

    @Test func aRemovedLineIsNamed() throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog(path, count: 5)
        var written = try lines(path)
        let removed = written.remove(at: 2)
        try write(written, to: path)
        #expect(try AuditLog.verify(path: path).description == "\(path):2: the hash chain is broken: line 3 records "
            + "prev_sha256 \(SHA256.hex(removed)), but line 2 hashes to \(SHA256.hex(written[1])); line 2 was edited "
            + "or a line was removed")
    }

    @Test func aRemovedFirstLineBreaksTheStartOfTheChain() throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog(path, count: 3)
        var written = try lines(path)
        let removed = written.removeFirst()
        try write(written, to: path)
        #expect(try AuditLog.verify(path: path).description == "\(path):1: the hash chain does not start at zero: line 1 "
            + "records prev_sha256 \(SHA256.hex(removed)), but the first line must record 64 zeros; lines were removed "
            + "from the start of the log")
    }

    @Test func anEditedLastLineIsFoundWithTheRecordedHead() throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        let head = try writeLog(path, count: 4)
        var written = try lines(path)
        written[3] = written[3].replacingOccurrences(of: "alice@", with: "mallory@")
        try write(written, to: path)
        #expect(try AuditLog.verify(path: path).intact, "no later line hashes the last one")
        let expected = "\(path):4: line 4 hashes to \(SHA256.hex(written[3])), but the recorded state says the log ended "
            + "with a line hashing to \(head.sha256); line 4 was edited"
        #expect(try AuditLog.verify(path: path, expectedHead: head).description == expected)
        #expect {
            _ = try AuditLog.open(path: path, expectedHead: head)
        } throws: { error in
            "\(error)" == expected + "; bcplan appends nothing to the audit log until that is resolved"
        }
    }

    @Test func linesRemovedFromTheEndAreFoundWithTheRecordedHead() throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        let head = try writeLog(path, count: 3)
        var written = try lines(path)
        written.removeSubrange(1..<3)
        try write(written, to: path)
        #expect(try AuditLog.verify(path: path, expectedHead: head).description
            == "\(path): the log has 1 entry, but the recorded state says it had 3; lines were removed from its end")
        try FileManager.default.removeItem(atPath: path)
        #expect(try AuditLog.verify(path: path, expectedHead: head).description
            == "\(path): the log has 0 entries, but the recorded state says it had 3; lines were removed from its end")
    }

    @Test func entriesAfterTheRecordedHeadAreFineAndSaidSo() throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        let head = try writeLog(path, count: 2)
        let log = try AuditLog.open(path: path, expectedHead: head)
        try log.append(entry(3))
        #expect(try AuditLog.verify(path: path, expectedHead: head).description == "Audit log \(path): 3 entries, "
            + "hash chain intact; the last entry was written after the recorded state (an apply stopped between "
            + "writing the log and the state).")
        try log.append(entry(4))
        log.close()
        let verification = try AuditLog.verify(path: path, expectedHead: head)
        #expect(verification.entriesAfterHead == 2)
        #expect(verification.description.contains("; the last 2 entries were written after the recorded state"))
        #expect(try AuditLog.verify(path: path, expectedHead: .empty).entriesAfterHead == 4)
    }

    @Test(arguments: [
        (#"{"action":"x""#, "the line is not JSON: the file ends inside an object (truncated?) at column 14"),
        ("", "the line is not JSON: the file ends where a value should be (truncated?) at column 1"),
        ("[1]", "the line is not a JSON object"),
        (#"{"action":"a","attempts":1,"kind":"k","message":null,"prev_sha256":"PREV","request_id":null,"result":"succeeded","time":"t"}"#,
         "the entry has no 'actor'"),
        (#"{"action":"a","actor":"b","attempts":"1","kind":"k","message":null,"prev_sha256":"PREV","request_id":null,"result":"succeeded","time":"t"}"#,
         "'attempts' is not a whole number of at least 0"),
        (#"{"action":"a","actor":"b","attempts":1,"kind":"k","message":null,"prev_sha256":"PREV","request_id":null,"result":"done","time":"t"}"#,
         "'result' is 'done', not succeeded, failed, skipped or manual"),
        (#"{"action":"a","actor":"b","attempts":1,"kind":"k","message":null,"prev_sha256":"abc","request_id":null,"result":"failed","time":"t"}"#,
         "'prev_sha256' is not a SHA-256 in lower-case hex"),
    ])
    func aLineThatIsNotAnEntryIsNamed(line: String, reason: String) throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog(path, count: 2)
        var written = try lines(path)
        written[1] = line.replacingOccurrences(of: "PREV", with: SHA256.hex(written[0]))
        try write(written, to: path)
        #expect(try AuditLog.verify(path: path).description == "\(path):2: \(reason)")
        #expect {
            _ = try AuditLog.read(path: path)
        } throws: { error in
            "\(error)" == "\(path):2: \(reason)"
        }
    }

    @Test func anIncompleteLastLineIsNeverBuiltOn() throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeLog(path, count: 3)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try String(text.dropLast(20)).write(toFile: path, atomically: false, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let problem = "\(path):3: the last line is incomplete (it has no newline at its end; a run was probably "
            + "interrupted while writing it)"
        #expect {
            _ = try AuditLog.open(path: path)
        } throws: { error in
            "\(error)" == problem + "; bcplan appends nothing to the audit log until that is resolved"
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try AuditLog.verify(path: path).description == problem)
        #expect {
            _ = try AuditLog.read(path: path)
        } throws: { error in
            "\(error)" == problem
        }
    }

    @Test func concurrentAppendsKeepOneValidChain() async throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try AuditLog.open(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask {
                    for number in 0..<10 { try log.append(entry(task * 10 + number)) }
                }
            }
            try await group.waitForAll()
        }
        let head = log.head
        log.close()
        #expect(head.lines == 160)
        let verification = try AuditLog.verify(path: path, expectedHead: head)
        #expect(verification.intact, "\(verification)")
        #expect(verification.entries == 160)
        #expect(Set(try AuditLog.read(path: path).map(\.action)).count == 160)
    }

    @Test func aMissingLogIsMissing() throws {
        let (folder, path) = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect {
            _ = try AuditLog.verify(path: path)
        } throws: { error in
            "\(error)" == "there is no audit log at \(path)"
        }
        #expect(throws: AuditLogError.self) { _ = try AuditLog.read(path: path) }
        #expect(throws: AuditLogError.self) { _ = try AuditLog.verify(path: path, expectedHead: .empty) }
    }

    @Test func theListingAlignsItsColumns() {
        let entries = [
            AuditEntry(
                time: "2026-11-21T12:00:01Z", actor: "alice@acme.example", action: "invite:carla@acme.example",
                kind: "invite", result: .succeeded, requestID: "mock-000017", attempts: 1),
            AuditEntry(
                time: "2026-11-21T12:00:02Z", actor: "bo@acme.example", action: "revoke:dan@acme.example",
                kind: "revoke", result: .failed, requestID: "mock-000018", message: "member not found\nat all",
                attempts: 3),
            AuditEntry(
                time: "2026-11-21T12:00:03Z", actor: "alice@acme.example", action: "transfer:ad_account:7100000000000000002",
                kind: "transfer", result: .manual, attempts: 0),
        ]
        #expect(AuditLogListing.render(entries) == """
            2026-11-21T12:00:01Z  alice@acme.example  succeeded  invite:carla@acme.example                (request mock-000017)
            2026-11-21T12:00:02Z  bo@acme.example     failed     revoke:dan@acme.example                  (request mock-000018, 3 attempts) member not found at all
            2026-11-21T12:00:03Z  alice@acme.example  manual     transfer:ad_account:7100000000000000002

            """)
        #expect(AuditLogListing.render([]) == "")
    }
}
