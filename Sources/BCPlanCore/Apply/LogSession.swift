import Foundation

/// `bcplan log` without the command line: the audit log's entries, or the check of its hash chain
/// against the head the state recorded, as text or as one JSON document (`schema/log.schema.json`).
public enum LogSession {
    /// What to print and the exit code.
    public struct Report: Sendable {
        public var stdout: String
        public var stderr: String
        public var exitCode: Int32
    }

    /// - Throws: when the config is invalid, or the log or state cannot be read (a log whose chain
    ///   is broken is a result: `--verify` reports it, with exit 1).
    public static func run(configPath: String, verify: Bool, format: ReportFormat) throws(CommandFailure) -> Report {
        let statePath = try SessionContext.config(at: configPath).1.statePath
        let path = AuditLog.path(forState: statePath)
        // The state records where the log ended, which also catches an edit of the last line.
        var head: AuditHead?
        if verify {
            do {
                head = try StateFile.read(statePath)?.auditHead
            } catch {
                throw .error(error)
            }
        }
        do throws(AuditLogError) {
            if verify {
                let verification = try AuditLog.verify(path: path, expectedHead: head)
                let status = verification.intact ? ExitStatus.success : ExitStatus.failure
                switch format {
                case .json:
                    return Report(stdout: document(path: path, exists: true, verification: verification), stderr: "", exitCode: status)
                case .text where verification.intact:
                    return Report(stdout: "\(verification)\n", stderr: "", exitCode: ExitStatus.success)
                case .text:
                    return Report(stdout: "", stderr: "error: \(verification)\n", exitCode: ExitStatus.failure)
                }
            }
            let entries = try AuditLog.read(path: path)
            switch format {
            case .json:
                return Report(stdout: document(path: path, exists: true, entries: entries), stderr: "", exitCode: ExitStatus.success)
            case .text:
                let text = entries.isEmpty ? "No audit log entries yet (\(path)).\n" : AuditLogListing.render(entries)
                return Report(stdout: text, stderr: "", exitCode: ExitStatus.success)
            }
        } catch {
            guard case .missing = error else { throw .error(error) }
            switch format {
            case .json:
                return Report(stdout: document(path: path, exists: false, entries: verify ? nil : []), stderr: "", exitCode: ExitStatus.success)
            case .text:
                return Report(stdout: "No audit log yet (\(path)).\n", stderr: "", exitCode: ExitStatus.success)
            }
        }
    }

    /// The JSON document: `entries` when listing, `verification` with `--verify`, the other null.
    static func document(
        path: String, exists: Bool, entries: [AuditEntry]? = nil, verification: AuditVerification? = nil
    ) -> String {
        OutputDocument.envelope([
            "audit_log": .object(["path": .string(path), "exists": .bool(exists)]),
            "entries": entries.map { entries in .array(entries.enumerated().map { entry($0.element, line: $0.offset + 1) }) }
                ?? .null,
            "verification": verification.map(json) ?? .null,
        ]).rendered()
    }

    private static func entry(_ entry: AuditEntry, line: Int) -> JSONValue {
        .object([
            "line": .int(line), "time": .string(entry.time), "actor": .string(entry.actor), "action": .string(entry.action),
            "kind": .string(entry.kind), "result": .string(entry.result.rawValue),
            "request_id": entry.requestID.map(JSONValue.string) ?? .null,
            "message": entry.message.map(JSONValue.string) ?? .null, "attempts": .int(entry.attempts),
        ])
    }

    private static func json(_ verification: AuditVerification) -> JSONValue {
        .object([
            "intact": .bool(verification.intact),
            "entries": .int(verification.entries),
            "head": verification.head.json,
            "recorded_head": verification.expectedHead?.json ?? .null,
            "entries_after_head": .int(verification.entriesAfterHead),
            "problem": verification.problem.map { problem in
                .object(["line": problem.line.map(JSONValue.int) ?? .null, "message": .string(problem.message)])
            } ?? .null,
            "summary": .string(verification.description),
        ])
    }
}
