/// A JSON value that writes itself deterministically: object keys sorted, two-space indent.
///
/// Used where byte-identical output matters (the JSON Schema, plans); `Codable` types convert to it.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Pretty-printed text with sorted keys and a trailing newline.
    public func rendered() -> String {
        var out: [UInt8] = []
        write(into: &out, indent: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// One line, sorted keys, no spaces: for digests and JSON Lines.
    public func compact() -> String {
        var out: [UInt8] = []
        writeCompact(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    // The writers append UTF-8 to a byte array and make one `String` at the end: appending to a
    // `String` piece by piece cost more than building the plan it printed (issue 17).

    private func write(into out: inout [UInt8], indent: Int) {
        switch self {
        case .array(let items) where !items.isEmpty:
            out.append(contentsOf: "[\n".utf8)
            for (index, item) in items.enumerated() {
                Self.writeSpaces(indent + 2, into: &out)
                item.write(into: &out, indent: indent + 2)
                out.append(contentsOf: index == items.count - 1 ? "\n".utf8 : ",\n".utf8)
            }
            Self.writeSpaces(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out.append(contentsOf: "{\n".utf8)
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                Self.writeSpaces(indent + 2, into: &out)
                Self.writeString(key, into: &out)
                out.append(contentsOf: ": ".utf8)
                members[key]!.write(into: &out, indent: indent + 2)
                out.append(contentsOf: index == keys.count - 1 ? "\n".utf8 : ",\n".utf8)
            }
            Self.writeSpaces(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        default:
            writeCompact(into: &out)
        }
    }

    private func writeCompact(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: value ? "true".utf8 : "false".utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .double(let value):
            if value == value.rounded(), abs(value) < 1e15 {
                out.append(contentsOf: String(Int(value)).utf8)
            } else {
                out.append(contentsOf: "\(value)".utf8)
            }
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.writeCompact(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                members[key]!.writeCompact(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Writes the pretty rendering (as `rendered()` without its final line break) and the compact
    /// one in the same walk: a plan is printed and checksummed, and sorting its keys and looking
    /// each up once instead of twice is a tenth of rendering it.
    func write(pretty: inout [UInt8], compact: inout [UInt8], indent: Int) {
        switch self {
        case .array(let items) where !items.isEmpty:
            pretty.append(contentsOf: "[\n".utf8)
            compact.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { compact.append(UInt8(ascii: ",")) }
                Self.writeSpaces(indent + 2, into: &pretty)
                item.write(pretty: &pretty, compact: &compact, indent: indent + 2)
                pretty.append(contentsOf: index == items.count - 1 ? "\n".utf8 : ",\n".utf8)
            }
            Self.writeSpaces(indent, into: &pretty)
            pretty.append(UInt8(ascii: "]"))
            compact.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            pretty.append(contentsOf: "{\n".utf8)
            compact.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                if index > 0 { compact.append(UInt8(ascii: ",")) }
                Self.writeSpaces(indent + 2, into: &pretty)
                Self.writeMemberName(key, pretty: &pretty, compact: &compact)
                members[key]!.write(pretty: &pretty, compact: &compact, indent: indent + 2)
                pretty.append(contentsOf: index == keys.count - 1 ? "\n".utf8 : ",\n".utf8)
            }
            Self.writeSpaces(indent, into: &pretty)
            pretty.append(UInt8(ascii: "}"))
            compact.append(UInt8(ascii: "}"))
        default:
            // Scalars, `[]` and `{}` read the same both ways.
            let start = compact.count
            writeCompact(into: &compact)
            pretty.append(contentsOf: compact[start...])
        }
    }

    /// `"name": ` in the pretty rendering, `"name":` in the compact one.
    static func writeMemberName(_ name: String, pretty: inout [UInt8], compact: inout [UInt8]) {
        let start = compact.count
        writeString(name, into: &compact)
        pretty.append(contentsOf: compact[start...])
        pretty.append(contentsOf: ": ".utf8)
        compact.append(UInt8(ascii: ":"))
    }

    static func writeSpaces(_ count: Int, into out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    /// Escapes `"`, `\\` and control characters; every other byte of the UTF-8 is copied as it is.
    private static func writeString(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            // Most strings (ids, e-mails, names) need no escape: copy them whole.
            var clean = true
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                clean = false
                break
            }
            if clean {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                case 0x0A: out.append(contentsOf: "\\n".utf8)
                case 0x0D: out.append(contentsOf: "\\r".utf8)
                case 0x09: out.append(contentsOf: "\\t".utf8)
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0x0F)])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
