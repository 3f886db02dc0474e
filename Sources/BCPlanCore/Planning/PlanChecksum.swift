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

    /// `sealed(document).rendered()`, made in one walk over the document: the compact rendering the
    /// checksum is taken of and the pretty one printed are written together, and the checksum is
    /// put into its sorted place in the pretty text once it is known.
    static func sealedRendering(_ document: JSONValue) -> String {
        guard case .object(var members) = document else { return sealed(document).rendered() }
        members[key] = nil
        var pretty: [UInt8] = []
        var compact: [UInt8] = []
        pretty.append(contentsOf: "{\n".utf8)
        compact.append(UInt8(ascii: "{"))
        var checksumAt = 0
        let keys = (Array(members.keys) + [key]).sorted()
        for (index, name) in keys.enumerated() {
            JSONValue.writeSpaces(2, into: &pretty)
            if name == key {
                checksumAt = pretty.count
            } else {
                if compact.count > 1 { compact.append(UInt8(ascii: ",")) }
                JSONValue.writeMemberName(name, pretty: &pretty, compact: &compact)
                members[name]!.write(pretty: &pretty, compact: &compact, indent: 2)
            }
            pretty.append(contentsOf: index == keys.count - 1 ? "\n".utf8 : ",\n".utf8)
        }
        pretty.append(contentsOf: "}\n".utf8)
        compact.append(UInt8(ascii: "}"))
        var checksum: [UInt8] = []
        var unused: [UInt8] = []
        JSONValue.writeMemberName(key, pretty: &checksum, compact: &unused)
        checksum.append(UInt8(ascii: "\""))
        checksum.append(contentsOf: SHA256.hex(compact).utf8)
        checksum.append(UInt8(ascii: "\""))
        pretty.insert(contentsOf: checksum, at: checksumAt)
        return String(decoding: pretty, as: UTF8.self)
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
