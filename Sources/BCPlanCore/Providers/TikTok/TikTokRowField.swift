/// A field of a list endpoint's rows that bcplan reads: `user_email`, or `bc_info.bc_id` inside an
/// object.
public struct TikTokRowField: Sendable, Hashable {
    /// Dotted for a field inside an object of the row.
    public var name: String
    /// Where the field is documented when the endpoint's definition does not list its rows (the
    /// SDK gives `list: $.rpc.output.members` without fields for some): the second source, or a
    /// note that no source documents it; nil: the endpoint's `response_rule`.
    public var source: String?

    public init(_ name: String, source: String? = nil) {
        self.name = name
        self.source = source
    }
}
