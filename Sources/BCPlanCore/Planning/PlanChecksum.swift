/// The tamper evidence of a saved plan: `checksum` is the hex SHA-256 of the plan document without
/// that key, rendered compactly (keys sorted, no spaces), so reformatting the file does not matter
/// but any changed value does.
///
/// A checksum, not a signature: anyone who can edit the file can recompute it. It catches
/// accidents (a truncated copy, a merge gone wrong) and naive hand edits of a reviewed plan; it
/// does not stop someone who means to forge a plan and has write access to it.
public enum PlanChecksum {
    public static let key = "checksum"

    /// The checksum of `document`, ignoring any `checksum` it already has.
    public static func of(_ document: JSONValue) -> String {
        guard case .object(var members) = document else { return SHA256.hex(document.compact()) }
        members[key] = nil
        return SHA256.hex(JSONValue.object(members).compact())
    }

    /// `document` with its checksum added.
    static func sealed(_ document: JSONValue) -> JSONValue {
        guard case .object(var members) = document else { return document }
        members[key] = .string(of(document))
        return .object(members)
    }

    /// Why `document`'s checksum does not hold, in a few words; nil when it does.
    static func problem(in document: JSONValue) -> String? {
        guard let recorded = document[key] else {
            return "it has no checksum (plans from bcplan 0.1.0 before this check have none); make the plan again with bcplan plan --out"
        }
        guard let text = recorded.stringValue else { return "its checksum is not a string" }
        let actual = of(document)
        guard text == actual else {
            return "its checksum does not match its content (recorded \(text.prefix(12))…, computed \(actual.prefix(12))…): it was changed after bcplan plan wrote it; make the plan again with bcplan plan --out and review that"
        }
        return nil
    }
}
