import BCPlanCore

/// One parameter an endpoint of the fake takes, and what makes its value valid. GET parameters
/// arrive as strings, so `integer` and `jsonObject` also accept their text form there.
enum FakeAPIField: Sendable {
    case string
    case integer(max: Int)
    case enumeration([String])
    case strings(maxCount: Int)
    case enumerations([String])
    case object([String: FakeAPIField])
    /// A JSON object given as the text of a query parameter (`filtering`).
    case jsonObject([String: FakeAPIField])

    /// Checks `fields` against `spec`: unknown names, missing required ones, wrong types.
    /// - Returns: the first problem, in the words the API uses for code 40002.
    static func check(_ fields: [String: JSONValue], spec: [String: FakeAPIField], required: Set<String>, query: Bool) -> String? {
        for name in fields.keys.sorted() where spec[name] == nil {
            return "Unknown field: \(name)"
        }
        for name in required.sorted() where fields[name] == nil {
            return "\(name): Missing data for required field."
        }
        for name in fields.keys.sorted() {
            if let problem = spec[name]!.problem(with: fields[name]!, query: query) { return "\(name): \(problem)" }
        }
        return nil
    }

    private func problem(with value: JSONValue, query: Bool) -> String? {
        switch self {
        case .string:
            guard case .string(let text) = value, !text.isEmpty else { return "Not a valid string." }
        case .integer(let max):
            var number = value.intValue
            if query, case .string(let text) = value { number = Int(text) }
            guard let number else { return "Not a valid integer." }
            guard number >= 1, number <= max else { return "Must be between 1 and \(max)." }
        case .enumeration(let allowed):
            guard case .string(let text) = value, allowed.contains(text) else {
                return "Must be one of: \(allowed.joined(separator: ", "))."
            }
        case .strings(let maxCount):
            guard case .array(let items) = value, items.allSatisfy({ $0.stringValue.map { !$0.isEmpty } ?? false }) else {
                return "Not a valid list of strings."
            }
            guard items.count <= maxCount else { return "Length must be at most \(maxCount)." }
        case .enumerations(let allowed):
            guard case .array(let items) = value, !items.isEmpty,
                  items.allSatisfy({ $0.stringValue.map(allowed.contains) ?? false }) else {
                return "Must be a non-empty list of: \(allowed.joined(separator: ", "))."
            }
        case .object(let spec):
            guard case .object(let members) = value else { return "Not a valid object." }
            return Self.check(members, spec: spec, required: [], query: false)
        case .jsonObject(let spec):
            var parsed = value
            if query, case .string(let text) = value {
                guard let object = try? JSONParser.parse(Array(text.utf8)) else { return "Not valid JSON." }
                parsed = object
            }
            guard case .object(let members) = parsed else { return "Not a valid object." }
            return Self.check(members, spec: spec, required: [], query: false)
        }
        return nil
    }
}
