/// Writes `ConfigSchema` as a JSON Schema (2020-12) document for editors and other tools.
public enum JSONSchemaGenerator {
    public static let schemaID = "urn:bcplan:config:v1"

    /// The schema document as a JSON value; `rendered()` gives the committed file's text.
    public static func configSchema() -> JSONValue {
        guard case .object(var root) = object(ConfigSchema.root) else { return .null }
        root["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        root["$id"] = .string(schemaID)
        root["title"] = .string("bcplan configuration")
        return .object(root)
    }

    static func object(_ schema: ObjectSchema) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for property in schema.properties {
            var value = node(property.node)
            // The decoder reads an empty optional section (`members:`) as an empty one.
            if !property.required, case .object(var fields) = value,
               case .string(let type)? = fields["type"], type == "object" || type == "array" {
                fields["type"] = .array([.string(type), .string("null")])
                value = .object(fields)
            }
            if let defaultValue = property.defaultValue, case .object(var fields) = value {
                fields["default"] = defaultValue
                value = .object(fields)
            }
            properties[property.key] = value
        }
        var result: [String: JSONValue] = [
            "type": .string("object"),
            "description": .string(schema.description),
            "additionalProperties": .bool(false),
            "properties": .object(properties),
        ]
        if !schema.requiredKeys.isEmpty {
            result["required"] = .array(schema.requiredKeys.map(JSONValue.string))
        }
        return .object(result)
    }

    static func node(_ node: SchemaNode) -> JSONValue {
        switch node {
        case .object(let schema):
            return object(schema)
        case .array(let items, let description, let minItems, let uniqueItems):
            var result: [String: JSONValue] = [
                "type": .string("array"), "description": .string(description), "items": self.node(items),
            ]
            if minItems > 0 { result["minItems"] = .int(minItems) }
            if uniqueItems { result["uniqueItems"] = .bool(true) }
            return .object(result)
        case .dictionary(let values, let keyPattern, let description):
            return .object([
                "type": .string("object"), "description": .string(description),
                "propertyNames": .object(["pattern": .string(keyPattern)]),
                "additionalProperties": self.node(values),
            ])
        case .string(let schema):
            var result: [String: JSONValue] = ["type": .string("string"), "description": .string(schema.description)]
            if let enumeration = schema.enumeration { result["enum"] = .array(enumeration.map(JSONValue.string)) }
            if let pattern = schema.pattern { result["pattern"] = .string(pattern) }
            return .object(result)
        case .integer(let min, let max, let description):
            var result: [String: JSONValue] = ["type": .string("integer"), "description": .string(description)]
            if let min { result["minimum"] = .int(min) }
            if let max { result["maximum"] = .int(max) }
            return .object(result)
        case .number(let min, let max, let description):
            var result: [String: JSONValue] = ["type": .string("number"), "description": .string(description)]
            if let min { result["minimum"] = .double(min) }
            if let max { result["maximum"] = .double(max) }
            return .object(result)
        case .boolean(let description):
            return .object(["type": .string("boolean"), "description": .string(description)])
        case .anyOf(let options, let description):
            return .object(["description": .string(description), "anyOf": .array(options.map(self.node))])
        }
    }
}
