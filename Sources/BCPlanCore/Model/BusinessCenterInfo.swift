/// A Business Center's id and name.
public struct BusinessCenterInfo: Sendable, Hashable, Codable {
    public var id: String
    public var name: String?

    public init(id: String, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

extension BusinessCenterInfo: JSONReadable {
    /// `{"id": "…", "name": "…"}`, as snapshots write it.
    public var json: JSONValue {
        .object(["id": .string(id), "name": name.map(JSONValue.string) ?? .null])
    }

    public init(json: JSONValue, path: String) throws(JSONShapeError) {
        let object = try JSONObjectReader(json, path: path)
        self.init(id: try object.string("id"), name: try object.optionalString("name"))
    }
}
