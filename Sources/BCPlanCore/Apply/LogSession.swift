import Foundation

/// `bcplan log` without the command line: the audit log's entries, or the check of its hash chain
/// against the head the state recorded, in whichever backend the config's state is, as text or as
/// one JSON document (`schema/log.schema.json`).
public enum LogSession {
    /// What to print and the exit code.
    public struct Report: Sendable {
        public var stdout: String
        public var stderr: String
        public var exitCode: Int32
    }

    /// - Throws: when the config is invalid, or the log or state cannot be read (a log whose chain
    ///   is broken is a result: `--verify` reports it, with exit 1).
    public static func run(
        configPath: String, verify: Bool, format: ReportFormat, environment: [String: String]
    ) throws(CommandFailure) -> Report {
        let store = try SessionContext(configPath: configPath, environment: environment).store
        let name = switch store.location {
        case .file(let path, _): AuditLog.path(forState: path)
        case .postgres(let location): "\(location)"
        }
        do throws(StateStoreError) {
            if verify {
                // The state records where the log ended, which also catches an edit of the last line.
                guard let verification = try store.verifyAudit(expectedHead: store.recordedAuditHead()) else {
                    return missing(store.location, name: name, verify: true, format: format)
                }
                let status = verification.intact ? ExitStatus.success : ExitStatus.failure
                switch format {
                case .json:
                    return Report(
                        stdout: document(store.location, exists: true, verification: verification), stderr: "", exitCode: status)
                case .text where verification.intact:
                    return Report(stdout: "\(verification)\n", stderr: "", exitCode: ExitStatus.success)
                case .text:
                    return Report(stdout: "", stderr: "error: \(verification)\n", exitCode: ExitStatus.failure)
                }
            }
            guard let entries = try store.auditEntries() else {
                return missing(store.location, name: name, verify: false, format: format)
            }
            switch format {
            case .json:
                return Report(stdout: document(store.location, exists: true, entries: entries), stderr: "", exitCode: ExitStatus.success)
            case .text:
                let text = entries.isEmpty ? "No audit log entries yet (\(name)).\n" : AuditLogListing.render(entries)
                return Report(stdout: text, stderr: "", exitCode: ExitStatus.success)
            }
        } catch {
            throw .error(error)
        }
    }

    /// Before the first apply wrote a log.
    private static func missing(_ location: StateLocation, name: String, verify: Bool, format: ReportFormat) -> Report {
        switch format {
        case .json:
            Report(
                stdout: document(location, exists: false, entries: verify ? nil : []), stderr: "", exitCode: ExitStatus.success)
        case .text:
            Report(stdout: "No audit log yet (\(name)).\n", stderr: "", exitCode: ExitStatus.success)
        }
    }

    /// The JSON document: `entries` when listing, `verification` with `--verify`, the other null.
    static func document(
        _ location: StateLocation, exists: Bool, entries: [AuditEntry]? = nil, verification: AuditVerification? = nil
    ) -> String {
        OutputDocument.envelope([
            "audit_log": auditLog(location, exists: exists),
            "entries": entries.map { entries in .array(entries.enumerated().map { entry($0.element, line: $0.offset + 1) }) }
                ?? .null,
            "verification": verification.map(json) ?? .null,
        ]).rendered()
    }

    /// Where the log is: a file beside the state, or a PostgreSQL workspace (never the connection
    /// string, only the variable that holds it).
    private static func auditLog(_ location: StateLocation, exists: Bool) -> JSONValue {
        switch location {
        case .file(let path, _):
            .object([
                "backend": .string(StateBackendKind.file.rawValue), "path": .string(AuditLog.path(forState: path)),
                "workspace": .null, "exists": .bool(exists),
            ])
        case .postgres(let postgres):
            .object([
                "backend": .string(StateBackendKind.postgres.rawValue), "path": .null,
                "workspace": .object([
                    "name": .string(postgres.workspace), "schema": .string(postgres.schema),
                    "url_env": .string(postgres.urlVariable),
                ]),
                "exists": .bool(exists),
            ])
        }
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
