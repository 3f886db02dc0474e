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
        return value.isEmpty || value == "~" || value == "null" || value == "Null" || value == "NULL"
    }

    /// A short name for the node's kind, for messages: "a mapping", "a list", "a string".
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let value, let style):
            if isNull { return "nothing (null)" }
            if style.isQuoted { return "a string" }
            return "'\(value)'"
        }
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
