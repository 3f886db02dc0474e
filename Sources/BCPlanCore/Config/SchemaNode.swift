/// A description of one value of the config file, shared by the decoder and the JSON Schema.
///
/// The decoder takes key sets, required keys, enumerations, patterns and ranges from here, so the
/// published schema cannot drift from what `bcplan validate` accepts (rules that span several
/// values, such as duplicate members, live only in the decoder).
public indirect enum SchemaNode: Sendable {
    case object(ObjectSchema)
    case array(of: SchemaNode, description: String, minItems: Int = 0, uniqueItems: Bool = false)
    /// A mapping from asset keys to permissions.
    case dictionary(of: SchemaNode, keyPattern: String, description: String)
    case string(StringSchema)
    case integer(min: Int?, max: Int?, description: String)
    case number(min: Double?, max: Double?, description: String)
    case boolean(description: String)
    case anyOf([SchemaNode], description: String)
}

/// A mapping with a fixed set of keys.
public struct ObjectSchema: Sendable {
    public var name: String
    public var description: String
    public var properties: [SchemaProperty]

    /// Every key, in the order of `properties`; computed once (the decoder asks for each mapping).
    public let keys: [String]
    public let requiredKeys: [String]

    public init(name: String, description: String, properties: [SchemaProperty]) {
        self.name = name
        self.description = description
        self.properties = properties
        keys = properties.map(\.key)
        requiredKeys = properties.filter(\.required).map(\.key)
    }

    public func property(_ key: String) -> SchemaProperty? { properties.first { $0.key == key } }

    /// The string rule of `key`, or nil when `key` is not a string property.
    public func stringSchema(_ key: String) -> StringSchema? {
        for property in properties where property.key == key {
            if case .string(let spec) = property.node { return spec }
        }
        return nil
    }
}

/// One key of an `ObjectSchema`.
public struct SchemaProperty: Sendable {
    public var key: String
    public var required: Bool
    public var node: SchemaNode
    public var defaultValue: JSONValue?

    public init(_ key: String, required: Bool = false, _ node: SchemaNode, default defaultValue: JSONValue? = nil) {
        self.key = key
        self.required = required
        self.node = node
        self.defaultValue = defaultValue
    }
}

/// A string value: free text, one of a list, or matching a pattern.
public struct StringSchema: Sendable {
    public var description: String
    public var enumeration: [String]?
    /// An anchored regular expression for the JSON Schema; `matches` is the same rule in code
    /// (regular expressions are too slow for 15,000 ids), and a test checks that the two agree.
    public var pattern: String?
    public var matches: (@Sendable (Substring) -> Bool)?
    /// The pattern's rule in words, for error messages.
    public var rule: String?

    public init(
        _ description: String, enumeration: [String]? = nil, pattern: String? = nil, rule: String? = nil,
        matches: (@Sendable (Substring) -> Bool)? = nil
    ) {
        self.description = description
        self.enumeration = enumeration
        self.pattern = pattern
        self.rule = rule
        self.matches = matches
    }

    /// True when `value` is acceptable: in the enumeration, and matching the pattern's rule.
    public func accepts(_ value: Substring) -> Bool {
        if let enumeration, !enumeration.contains(where: { $0 == value }) { return false }
        if let matches, !matches(value) { return false }
        return true
    }
}
