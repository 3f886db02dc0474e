/// The JSON Schemas (2020-12) of the documents bcplan prints, built from shared parts so that
/// every document describes its envelope, Business Center and diagnostics the same way
/// (`OutputDocument` writes them).
///
/// Each published file stands alone (the shared parts are copied into its `$defs`), so a tool
/// needs no other file to use it. The schemas are strict (`additionalProperties: false`): they
/// describe exactly what this bcplan prints; a later bcplan may add fields within a
/// `format_version`, never remove or retype one.
public enum OutputSchema {
    /// `bcplan validate --format json`.
    public static func validate() -> JSONValue {
        document(
            id: "urn:bcplan:validate:v1", title: "bcplan validate --format json",
            description: "Every config checked by bcplan validate, each with every diagnostic.",
            properties: [
                "valid": boolean("True when every config is valid (bcplan validate exits 0)."),
                "configs": array(of: object(
                    "One config file.",
                    properties: [
                        "path": string("The config file, as given to -c (joined to the directory with -c DIR)."),
                        "valid": boolean("True when the file has no error and does not collide with another config of its directory."),
                        "business_center": nullable(ref("business_center")),
                        "counts": nullable(object(
                            "What the valid config declares.",
                            properties: [
                                "members": count("Members declared."), "partners": count("Partners declared."),
                                "assets": count("Assets declared."),
                            ])),
                        "diagnostics": array(of: ref("diagnostic"), "Every diagnostic of the file, sorted by place."),
                    ]), "The configs, in file-name order."),
                "summary": object(
                    "Totals over every config.",
                    properties: [
                        "configs": count("Configs checked."), "valid": count("Valid configs."),
                        "invalid": count("Invalid configs."), "errors": count("Errors."), "warnings": count("Warnings."),
                    ]),
            ],
            definitions: ["business_center", "diagnostic"])
    }

    /// `bcplan log --format json` (entries) and `bcplan log --verify --format json` (the check).
    public static func log() -> JSONValue {
        let head = object(
            "Where the log ends: its complete lines and the SHA-256 of the last one.",
            properties: [
                "lines": count("Complete lines."),
                "sha256": string("Hex SHA-256 of the last line (64 zeros for an empty log).", pattern: "^[0-9a-f]{64}$"),
            ])
        return document(
            id: "urn:bcplan:log:v1", title: "bcplan log --format json",
            description: "The audit log of one Business Center: its entries, or with --verify the check of its hash chain.",
            properties: [
                "audit_log": object(
                    "Where the audit log is: beside the recorded state, in the state's backend.",
                    properties: [
                        "backend": string("The config's state backend (state.backend).", enumeration: StateBackendKind.allCases.map(\.rawValue)),
                        "path": nullable(string("The file backend's log: <state stem>.audit.jsonl beside the state file; null in PostgreSQL.")),
                        "workspace": nullable(object(
                            "The PostgreSQL workspace whose log it is; null for the file backend.",
                            properties: [
                                "name": string("state.workspace (default: the Business Center id)."),
                                "schema": string("state.schema, the database schema of bcplan's tables."),
                                "url_env": string("The environment variable holding the connection string (never the string)."),
                            ])),
                        "exists": boolean("False before the first apply wrote it."),
                    ]),
                "entries": nullable(array(of: object(
                    "One outcome of an action.",
                    properties: [
                        "line": integer("The entry's line in the log, from 1.", minimum: 1),
                        "time": string("When the outcome was recorded (RFC 3339)."),
                        "actor": string("Who applied: provider.caller, else user@host."),
                        "action": string("The plan action's id."),
                        "kind": string("The plan action's kind.", enumeration: ActionKind.allCases.map(\.rawValue)),
                        "result": string("How the action ended.", enumeration: AuditResult.allCases.map(\.rawValue)),
                        "request_id": nullable(string("The provider's request id of the last attempt.")),
                        "message": nullable(string("The platform's message or the reason, for a failure, skip or manual step.")),
                        "attempts": count("Calls made, retries included; 0 for a skipped or manual action."),
                    ]), "Every entry, oldest first; null with --verify.")),
                "verification": nullable(object(
                    "The check of the hash chain (with --verify; bcplan log exits 1 when it is not intact).",
                    properties: [
                        "intact": boolean("True when every line records the hash of the one before and the log ends where the recorded state says."),
                        "entries": count("Complete lines read: all when intact, those up to the problem otherwise."),
                        "head": head,
                        "recorded_head": nullable(head),
                        "entries_after_head": count("Entries written after the recorded state (an apply stopped between the two writes)."),
                        "problem": nullable(object(
                            "The first problem found.",
                            properties: [
                                "line": nullable(integer("The line, from 1; null when the log as a whole is short.", minimum: 1)),
                                "message": string("What is wrong."),
                            ])),
                        "summary": string("The check in one sentence, as bcplan log --verify prints it."),
                    ])),
            ],
            definitions: [])
    }

    /// `bcplan apply --format json`.
    public static func apply() -> JSONValue {
        let subject: [String: JSONValue] = [
            "id": string("The plan action's id."),
            "kind": string("The plan action's kind.", enumeration: ActionKind.allCases.map(\.rawValue)),
            "member": nullable(string("The member's e-mail in lower case.")),
            "partner": nullable(string("The partner's Business Center id; for transfer and request_access, the other Business Center.")),
            "partner_name": nullable(string("The partner's name in the config, else in the Business Center; null when unknown.")),
            "asset": nullable(object(
                "The asset the action touches.",
                properties: [
                    "type": string("The asset's type.", enumeration: AssetType.allCases.map(\.rawValue)),
                    "id": string("The asset's id."),
                    "key": nullable(string("The asset's key in the config; null for an asset the config does not declare.")),
                ])),
        ]
        var outcome = subject
        outcome["result"] = string("How the action ended (the audit log's words).", enumeration: AuditResult.allCases.map(\.rawValue))
        outcome["message"] = nullable(string("The platform's message or the reason, for a failure, skip or manual step."))
        outcome["request_id"] = nullable(string("The provider's request id of the last attempt."))
        outcome["attempts"] = count("Calls made for it, retries included; 0 when not attempted.")
        outcome["batch_size"] = integer("Actions sent in the same provider call (1 when alone).", minimum: 1)
        outcome["manual"] = nullable(object(
            "For a manual outcome: what a person must do in Business Center.",
            properties: ["steps": array(of: string("One step."), "The steps, in order.")]))
        return document(
            id: "urn:bcplan:apply:v1", title: "bcplan apply --format json",
            description: "The outcome of every action of every Business Center applied (one config, or every config of -c DIR).",
            properties: [
                "applies": array(of: object(
                    "One Business Center's apply that reached its actions.",
                    properties: [
                        "config": string("The config file, as given to -c (joined to the directory with -c DIR)."),
                        "business_center": ref("business_center"),
                        "saved_plan": nullable(string("The saved plan applied; null when the plan was made afresh.")),
                        "outcomes": array(of: object("What happened to one action.", properties: outcome),
                                          "Every action that ran or was settled, in plan order."),
                        "not_started": array(of: object("An action the run never started.", properties: subject),
                                             "Actions left when a signal stopped the run, in plan order: not recorded; the next apply does them."),
                        "calls": count("Provider calls made (a batch counts once, every retry counts)."),
                        "summary": object(
                            "How many actions ended which way.",
                            properties: [
                                "succeeded": count("Done."), "failed": count("Failed."), "skipped": count("Skipped (what they depend on did not succeed)."),
                                "manual": count("Left for a person: the provider cannot do them."),
                                "not_started": count("Never started: a signal stopped the run."),
                            ]),
                        "stop_reason": nullable(string("Why the run stopped before its end (a state write failed, the lock was taken over).")),
                        "interrupted": nullable(object(
                            "The signal that stopped this apply.",
                            properties: [
                                "signal": string("The signal.", enumeration: StopSignal.allCases.map(\.name)),
                                "cancelled_calls": count("Calls still running when the 30 s grace period ended, and cancelled."),
                            ])),
                        "exit_code": integer("Its exit code: 0 all done, 1 something failed, 130 / 143 stopped by SIGINT / SIGTERM.", minimum: 0),
                    ]), "In config order."),
                "failures": array(of: ref("failure"), "Business Centers that stopped before their first action (an invalid config, a held lock, a stale plan, a signal)."),
                "interrupted": nullable(string("The signal that stopped the run.", enumeration: StopSignal.allCases.map(\.name))),
                "exit_code": integer("bcplan's exit code.", minimum: 0),
            ],
            definitions: ["business_center", "failure"])
    }

    /// `bcplan refresh --format json`.
    public static func refresh() -> JSONValue {
        document(
            id: "urn:bcplan:refresh:v1", title: "bcplan refresh --format json",
            description: "What each refresh recorded and the drift it found (one config, or every config of -c DIR).",
            properties: [
                "refreshes": array(of: object(
                    "One Business Center refreshed.",
                    properties: [
                        "config": string("The config file, as given to -c (joined to the directory with -c DIR)."),
                        "business_center": ref("business_center"),
                        "state": object(
                            "The recorded state after the refresh.",
                            properties: [
                                "location": string("Where the state is: the state file, or the PostgreSQL workspace, as messages name it."),
                                "lineage": string("The state's lineage, fixed when it was first written."),
                                "serial": count("Its serial: raised by every write, unchanged when nothing was written."),
                                "written": boolean("True when the refresh wrote the state: the first one, or what the state records changed."),
                                "first": boolean("True when no state was recorded before: this refresh recorded it for the first time (drift is then empty)."),
                            ]),
                        "drift": array(of: ref("drift"), "What changed since the state was recorded, sorted by object; empty on a first refresh."),
                    ]), "In config order."),
                "failures": array(of: ref("failure"), "Business Centers that could not be refreshed."),
                "drift_recorded": boolean("True when a refresh recorded drift (refresh --detailed-exitcode exits 2)."),
                "exit_code": integer("bcplan's exit code.", minimum: 0),
            ],
            definitions: ["business_center", "drift", "failure"])
    }

    // MARK: Shared parts

    /// The parts every document may use, by name in `$defs`.
    static let definitions: [String: JSONValue] = [
        "business_center": object(
            "A Business Center.",
            properties: [
                "id": string("Its id: a string of digits.", pattern: "^[0-9]+$"),
                "name": nullable(string("Its name, when known.")),
            ]),
        "diagnostic": object(
            "A problem or remark, located when it has a place.",
            properties: [
                "file": nullable(string("The file it is in, as given on the command line.")),
                "line": nullable(integer("1-based line.", minimum: 1)),
                "column": nullable(integer("1-based column, in characters.", minimum: 1)),
                "severity": string("error stops the command; warning and info are reported.", enumeration: ["error", "warning", "info"]),
                "code": nullable(string(
                    "What kind of problem it is, stable across releases (unknown_key, yaml_unclosed_quote, partner_admin, …); null only for a diagnostic read back from a plan saved before plans carried codes.",
                    pattern: "^[a-z][a-z0-9_]*$")),
                "message": string("One sentence, as printed after 'error:'."),
            ]),
        "drift": object(
            "An object that differs between the recorded state and the live Business Center.",
            properties: [
                "object": string("What kind of object.", enumeration: ["member", "partner", "asset"]),
                "id": string("The member's e-mail, the partner's Business Center id, or the asset as type:id."),
                "change": string("How it differs.", enumeration: ["added", "removed", "changed"]),
                "details": array(of: string("One change: role: standard → admin."), "What changed, sorted; empty when added or removed."),
            ]),
        "failure": object(
            "A Business Center of a directory run that failed before it produced its document.",
            properties: [
                "config": string("The config file."),
                "exit_code": integer("Its exit code.", minimum: 1),
                "message": string("What it printed on standard error."),
            ]),
    ]

    /// A document: the envelope (`format_version`, `bcplan_version`) plus `properties`, every one
    /// required, and the named shared `definitions`.
    static func document(
        id: String, title: String, description: String, properties: [String: JSONValue], definitions names: [String]
    ) -> JSONValue {
        var all = properties
        all["format_version"] = .object([
            "const": .int(OutputDocument.formatVersion),
            "description": .string("Raised only when the document changes incompatibly."),
        ])
        all["bcplan_version"] = string("The bcplan that printed it.")
        guard case .object(var root) = object(description, properties: all) else { return .null }
        root["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        root["$id"] = .string(id)
        root["title"] = .string(title)
        if !names.isEmpty {
            var defs: [String: JSONValue] = [:]
            for name in names { defs[name] = definitions[name] }
            root["$defs"] = .object(defs)
        }
        return .object(root)
    }

    /// An object whose every property is required and which has no other.
    static func object(_ description: String, properties: [String: JSONValue]) -> JSONValue {
        .object([
            "type": .string("object"), "description": .string(description), "additionalProperties": .bool(false),
            "required": .array(properties.keys.sorted().map(JSONValue.string)), "properties": .object(properties),
        ])
    }

    static func array(of items: JSONValue, _ description: String) -> JSONValue {
        .object(["type": .string("array"), "description": .string(description), "items": items])
    }

    static func string(_ description: String, pattern: String? = nil, enumeration: [String]? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": .string("string"), "description": .string(description)]
        if let pattern { schema["pattern"] = .string(pattern) }
        if let enumeration { schema["enum"] = .array(enumeration.map(JSONValue.string)) }
        return .object(schema)
    }

    static func integer(_ description: String, minimum: Int) -> JSONValue {
        .object(["type": .string("integer"), "description": .string(description), "minimum": .int(minimum)])
    }

    static func count(_ description: String) -> JSONValue {
        integer(description, minimum: 0)
    }

    static func boolean(_ description: String) -> JSONValue {
        .object(["type": .string("boolean"), "description": .string(description)])
    }

    static func ref(_ name: String) -> JSONValue {
        .object(["$ref": .string("#/$defs/\(name)")])
    }

    /// `schema` or null.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        .object(["anyOf": .array([schema, .object(["type": .string("null")])])])
    }
}
