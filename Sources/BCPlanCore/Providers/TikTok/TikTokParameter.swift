/// One parameter of a TikTok endpoint: its name, what its value must be, and whether TikTok
/// requires it, as the endpoint's definition in the SDK says (`parameters` of a GET,
/// `requestBody` of a POST, and `x-open-rules.extra_rule.http_source[].required`).
public struct TikTokParameter: Sendable, Hashable {
    /// What a value must be.
    public indirect enum Value: Sendable, Hashable {
        /// Text. `int64`: TikTok converts it to a 64-bit integer (`x-open-convert: int64(%s)`),
        /// so only digits go; `email`: `format: email`.
        case text(TextFormat)
        case integer(minimum: Int?, maximum: Int?)
        case enumeration(TikTokEnumeration)
        case list(of: Value, minCount: Int?, maxCount: Int?)
        /// A JSON object (for a GET, sent as the JSON text of one query parameter: `filtering`).
        case object([TikTokParameter])
    }

    public enum TextFormat: String, Sendable, Hashable {
        case plain, int64, email
    }

    public var name: String
    public var value: Value
    /// Required by the schema's `required` list or by `extra_rule` (TikTok refuses the request
    /// without it); an empty list counts as given.
    public var required: Bool
    /// Where the fact comes from when it is not the endpoint's own definition (e.g. a page size
    /// the SDK does not bound); nil: the endpoint's `source`.
    public var source: String?

    public init(_ name: String, _ value: Value, required: Bool = false, source: String? = nil) {
        self.name = name
        self.value = value
        self.required = required
        self.source = source
    }

    /// An id TikTok converts to int64.
    static func id(_ name: String, required: Bool = false) -> TikTokParameter {
        TikTokParameter(name, .text(.int64), required: required)
    }

    /// `page`: 1 or more.
    static let page = TikTokParameter("page", .integer(minimum: 1, maximum: nil))

    static func pageSize(_ maximum: Int, source: String? = nil) -> TikTokParameter {
        TikTokParameter("page_size", .integer(minimum: 1, maximum: maximum), source: source)
    }
}
