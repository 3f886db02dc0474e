/// One node of a YAML document, with the place it was written.
///
/// Mappings keep the order in which keys were written. A node reached through an alias is a copy
/// of the anchored node and keeps the anchored node's location.
public struct YAMLNode: Sendable {
    public enum Kind: Sendable {
        case scalar(String, ScalarStyle)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The explicit tag, already resolved (`tag:yaml.org,2002:str`), or nil when none was written.
    public var tag: String?

    public init(kind: Kind, location: SourceLocation, tag: String? = nil) {
        self.kind = kind
        self.location = location
        self.tag = tag
    }

    /// The scalar's text, or nil for a collection.
    public var scalarValue: String? {
        if case .scalar(let value, _) = kind { return value }
        return nil
    }

    /// True for a plain scalar that YAML reads as null (`~`, `null`, or nothing at all).
    public var isNull: Bool {
        guard case .scalar(let value, let style) = kind, style == .plain, tag == nil else {
            return tag == "tag:yaml.org,2002:null"
        }
        return Self.isNullText(value)
    }

    /// True for the text of a plain, untagged scalar that YAML reads as null.
    public static func isNullText(_ value: String) -> Bool {
        value.isEmpty || value == "~" || value == "null" || value == "Null" || value == "NULL"
    }

    /// A short name for the node's kind, for messages: "a mapping", "a list", "a string".
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let value, let style):
            if isNull { return "nothing (null)" }
            if style.isQuoted { return "a string" }
            return "'\(Self.excerpt(value))'"
        }
    }
}

extension YAMLNode {
    /// Text from the file as a message quotes it: line breaks and control characters escaped, so
    /// the message stays on one line (a plain scalar may span lines), and cut after 80 characters
    /// (a hostile file may hold a 30 MB scalar).
    public static func excerpt(_ text: String, limit: Int = 80) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "… (\(text.unicodeScalars.count) characters)"
                break
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}

/// A key and its value in a mapping.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
