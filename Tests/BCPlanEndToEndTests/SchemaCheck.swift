import Foundation
import Testing

/// Checks a JSON document bcplan printed against its published schema in `schema/`, with an
/// independent validator: Python's `jsonschema`, through `Tests/check_schema.py` (as the config
/// schema is checked).
enum SchemaCheck {
    struct Result {
        var passed: Bool
        var output: String
    }

    /// Runs the check; `schema` is a file name under `schema/`.
    static func check(_ json: String, against schema: String) throws -> Result {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = folder.appendingPathComponent("document.json")
        try json.write(to: document, atomically: true, encoding: .utf8)
        let outcome = try BinaryRunner.run(
            [
                "python3", BinaryRunner.repositoryRoot.appendingPathComponent("Tests/check_schema.py").path,
                BinaryRunner.repositoryRoot.appendingPathComponent("schema/\(schema)").path, "--expect", "valid", document.path,
            ], executable: URL(fileURLWithPath: "/usr/bin/env"))
        return Result(passed: outcome.status == 0, output: outcome.stdout + outcome.stderr)
    }

    /// Expects `json` to pass the schema.
    static func expectValid(_ json: String, against schema: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try check(json, against: schema)
        #expect(result.passed, "\(schema): \(result.output)", sourceLocation: sourceLocation)
    }

    /// The document parsed, as Foundation reads JSON.
    static func parse(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }
}
