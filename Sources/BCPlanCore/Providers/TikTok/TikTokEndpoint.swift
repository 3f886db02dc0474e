/// One endpoint of TikTok's API for Business v1.3 that bcplan calls, as TikTok's own definition
/// describes it (the SDK's `yml_files/bc_*.yml`; the table is `TikTokEndpoints`).
///
/// The provider builds every request from it and will not send one it refuses; the test fake
/// answers 40002 to whatever it refuses, so both hold to the same facts.
public struct TikTokEndpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Method: String, Sendable, Hashable {
        /// Parameters in the query string; an object parameter as its JSON text.
        case get = "GET"
        /// Parameters in a JSON body.
        case post = "POST"
    }

    public var method: Method
    /// Below the version prefix: `/bc/member/get/`.
    public var path: String
    /// The SDK file the facts come from: `yml_files/bc_member_get.yml`.
    public var source: String
    /// What bcplan uses it for, in a few words (the README's table).
    public var purpose: String
    /// Every parameter the definition lists, in its order.
    public var parameters: [TikTokParameter]
    /// The row fields bcplan reads (list endpoints only).
    public var rows: [TikTokRowField]

    public init(
        _ method: Method, _ path: String, source: String, purpose: String, parameters: [TikTokParameter],
        rows: [TikTokRowField] = []
    ) {
        self.method = method
        self.path = path
        self.source = source
        self.purpose = purpose
        self.parameters = parameters
        self.rows = rows
    }

    /// "GET /bc/member/get/".
    public var description: String { "\(method.rawValue) \(path)" }

    public func parameter(_ name: String) -> TikTokParameter? { parameters.first { $0.name == name } }

    /// The largest `page_size` the endpoint takes; nil when it is not paged.
    public var pageSizeLimit: Int? {
        guard case .integer(_, let maximum)? = parameter("page_size")?.value else { return nil }
        return maximum
    }

    /// The values an enumerated parameter accepts (`asset_type`), nil when it is not enumerated.
    public func accepted(_ name: String) -> [String]? {
        guard case .enumeration(let values)? = parameter(name)?.value else { return nil }
        return values.accepted
    }

    // MARK: What TikTok refuses

    /// The first thing TikTok's definition refuses in `fields`, worded as the API words code 40002
    /// ("asset_type: TT_ACCOUNT is not accepted; expected one of: ADVERTISER, CATALOG, DOMAIN");
    /// nil when it takes them. Names are checked in sorted order, so the answer is stable.
    /// - Parameter fromQuery: the values arrived as query text: integers as digits, an object as
    ///   its JSON text.
    public func problem(with fields: [String: JSONValue], fromQuery: Bool) -> String? {
        Self.problem(with: fields, parameters: parameters, fromQuery: fromQuery, prefix: "")
    }

    private static func problem(
        with fields: [String: JSONValue], parameters: [TikTokParameter], fromQuery: Bool, prefix: String
    ) -> String? {
        let byName = Dictionary(parameters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in fields.keys.sorted() where byName[name] == nil {
            return "Unknown field: \(prefix)\(name)"
        }
        for parameter in parameters where parameter.required && fields[parameter.name] == nil {
            return "\(prefix)\(parameter.name): Missing data for required field."
        }
        for name in fields.keys.sorted() {
            if let problem = problem(with: fields[name]!, value: byName[name]!.value, fromQuery: fromQuery, name: prefix + name) {
                return problem
            }
        }
        return nil
    }

    private static func problem(with json: JSONValue, value: TikTokParameter.Value, fromQuery: Bool, name: String) -> String? {
        switch value {
        case .text(let format):
            guard case .string(let text) = json, !text.isEmpty else { return "\(name): Not a valid string." }
            switch format {
            case .plain: return nil
            case .int64:
                guard text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), Int64(text) != nil else {
                    return "\(name): '\(text)' is not a valid int64."
                }
            case .email:
                guard ConfigSchema.email.accepts(text[...]) else { return "\(name): '\(text)' is not a valid email." }
            }
            return nil
        case .integer(let minimum, let maximum):
            var number = json.intValue
            if fromQuery, case .string(let text) = json { number = Int(text) }
            guard let number else { return "\(name): Not a valid integer." }
            if let minimum, number < minimum { return "\(name): Must be at least \(minimum)." }
            if let maximum, number > maximum { return "\(name): Must be at most \(maximum)." }
            return nil
        case .enumeration(let values):
            guard case .string(let text) = json else { return "\(name): Not a valid string." }
            guard values.accepted.contains(text) else {
                return "\(name): '\(text)' is not accepted; expected one of: \(values.accepted.joined(separator: ", "))."
            }
            return nil
        case .list(let item, let minCount, let maxCount):
            guard case .array(let items) = json else { return "\(name): Not a valid list." }
            if let minCount, items.count < minCount { return "\(name): Length must be at least \(minCount)." }
            if let maxCount, items.count > maxCount { return "\(name): Length must be at most \(maxCount)." }
            for (index, element) in items.enumerated() {
                if let problem = problem(with: element, value: item, fromQuery: false, name: "\(name)[\(index)]") {
                    return problem
                }
            }
            return nil
        case .object(let members):
            var parsed = json
            if fromQuery, case .string(let text) = json {
                guard let object = try? JSONParser.parse(Array(text.utf8)) else { return "\(name): Not valid JSON." }
                parsed = object
            }
            guard case .object(let fields) = parsed else { return "\(name): Not a valid object." }
            return problem(with: fields, parameters: members, fromQuery: false, prefix: name + ".")
        }
    }
}
