import BCPlanYAML

/// The parts every JSON document bcplan prints shares, so that `validate`, `log`, and later
/// `apply` and `refresh`, read alike: the envelope, a Business Center, a diagnostic.
///
/// `OutputSchema` describes the same parts for the published JSON Schemas; a test checks each
/// document against its schema.
public enum OutputDocument {
    /// Raised only when a document changes incompatibly (a field removed or retyped); new fields
    /// may appear within a version.
    public static let formatVersion = 1

    /// `fields` with `format_version` and `bcplan_version`.
    public static func envelope(_ fields: [String: JSONValue]) -> JSONValue {
        var fields = fields
        fields["format_version"] = .int(formatVersion)
        fields["bcplan_version"] = .string(BCPlanVersion.current)
        return .object(fields)
    }

    /// `{"id": "…", "name": "…" | null}`.
    public static func businessCenter(id: String, name: String?) -> JSONValue {
        .object(["id": .string(id), "name": name.map(JSONValue.string) ?? .null])
    }

    /// `{"file", "line", "column", "severity", "code", "message"}`; the place is null when the
    /// diagnostic has none (an unreadable file), the code when no message enum words it yet.
    public static func diagnostic(_ diagnostic: Diagnostic) -> JSONValue {
        .object([
            "file": diagnostic.location.map { .string($0.file) } ?? .null,
            "line": diagnostic.location.map { .int($0.line) } ?? .null,
            "column": diagnostic.location.map { .int($0.column) } ?? .null,
            "severity": .string(diagnostic.severity.rawValue),
            "code": diagnostic.code.map(JSONValue.string) ?? .null,
            "message": .string(diagnostic.message),
        ])
    }

    /// `{"config", "exit_code", "message"}`: a Business Center that failed before it produced its
    /// document (the shared `failure` of `OutputSchema`).
    public static func failure(config: String, exitCode: Int32, message: String) -> JSONValue {
        .object(["config": .string(config), "exit_code": .int(Int(exitCode)), "message": .string(message)])
    }
}
