/// Types read from `JSONValue` by hand: the state and the mock store, which are large enough that
/// `Codable` dominated the run time of a plan.
public protocol JSONReadable {
    /// - Parameter path: where `json` sits in the document (`members[3]`), for messages.
    init(json: JSONValue, path: String) throws(JSONShapeError)
}

/// Types that can also be read straight from a file's bytes, without a `JSONValue` tree.
protocol DirectlyReadable: JSONReadable {
    /// The whole document, or nil to read it through `JSONParser` and `init(json:path:)` (always
    /// right, and the one that words errors).
    static func read(directlyFrom bytes: [UInt8]) -> Self?
}

/// A document that is JSON but not of the expected shape, with where.
public struct JSONShapeError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Small typed accessors for one JSON object, each failing with the value's path.
struct JSONObjectReader {
    let members: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String) throws(JSONShapeError) {
        guard case .object(let members) = value else {
            throw JSONShapeError("expected an object at \(path.isEmpty ? "the top level" : path)")
        }
        self.members = members
        self.path = path
    }

    private func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func string(_ key: String) throws(JSONShapeError) -> String {
        guard let value = members[key] else { throw JSONShapeError("missing key '\(key)' at \(path.isEmpty ? "the top level" : path)") }
        guard case .string(let text) = value else { throw JSONShapeError("expected a string at \(at(key))") }
        return text
    }

    func optionalString(_ key: String) throws(JSONShapeError) -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw JSONShapeError("expected a string or null at \(at(key))")
        }
    }

    func int(_ key: String, default defaultValue: Int? = nil) throws(JSONShapeError) -> Int {
        switch members[key] {
        case .int(let value)?: return value
        case nil where defaultValue != nil, .null? where defaultValue != nil: return defaultValue!
        case nil: throw JSONShapeError("missing key '\(key)' at \(path.isEmpty ? "the top level" : path)")
        default: throw JSONShapeError("expected a whole number at \(at(key))")
        }
    }

    func bool(_ key: String, default defaultValue: Bool) throws(JSONShapeError) -> Bool {
        switch members[key] {
        case nil, .null?: return defaultValue
        case .bool(let value)?: return value
        default: throw JSONShapeError("expected true or false at \(at(key))")
        }
    }

    func enumeration<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(JSONShapeError) -> T where T.RawValue == String {
        let text = try string(key)
        guard let value = T(rawValue: text) else { throw JSONShapeError("'\(text)' is not a valid value at \(at(key))") }
        return value
    }

    func optionalEnumeration<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(JSONShapeError) -> T? where T.RawValue == String {
        guard let text = try optionalString(key) else { return nil }
        guard let value = T(rawValue: text) else { throw JSONShapeError("'\(text)' is not a valid value at \(at(key))") }
        return value
    }

    func permission(_ key: String) throws(JSONShapeError) -> Permission? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return .level(text)
        case .array(let items)?:
            var values: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw JSONShapeError("expected strings in \(at(key))") }
                values.append(text)
            }
            return .makeSet(values)
        default: throw JSONShapeError("expected a permission (a string or a list) at \(at(key))")
        }
    }

    func list<T: JSONReadable>(_ key: String, of type: T.Type) throws(JSONShapeError) -> [T] {
        switch members[key] {
        case nil, .null?: return []
        case .array(let items)?:
            var result: [T] = []
            result.reserveCapacity(items.count)
            for (index, item) in items.enumerated() { result.append(try T(json: item, path: "\(at(key))[\(index)]")) }
            return result
        default: throw JSONShapeError("expected a list at \(at(key))")
        }
    }
}

extension AssetPermissionRecord: JSONReadable {
    public init(json: JSONValue, path: String) throws(JSONShapeError) {
        let object = try JSONObjectReader(json, path: path)
        type = try object.enumeration("type", AssetType.self)
        id = try object.string("id")
        guard let permission = try object.permission("permission") else {
            throw JSONShapeError("missing key 'permission' at \(path)")
        }
        self.permission = permission
    }
}

extension MemberRecord: JSONReadable {
    public init(json: JSONValue, path: String) throws(JSONShapeError) {
        let object = try JSONObjectReader(json, path: path)
        self.init(
            email: try object.string("email"), userID: try object.optionalString("user_id"),
            status: try object.enumeration("status", MemberStatus.self), role: try object.enumeration("role", MemberRole.self),
            finance: try object.optionalEnumeration("finance", FinanceRole.self),
            invitedAt: try object.optionalString("invited_at"), resends: try object.int("resends", default: 0),
            assets: try object.list("assets", of: AssetPermissionRecord.self))
    }
}

extension PartnerRecord: JSONReadable {
    public init(json: JSONValue, path: String) throws(JSONShapeError) {
        let object = try JSONObjectReader(json, path: path)
        self.init(
            bcID: try object.string("bc_id"), name: try object.optionalString("name"),
            status: try object.enumeration("status", MemberStatus.self),
            mediaAgency: try object.bool("media_agency", default: false),
            shares: try object.list("shares", of: AssetPermissionRecord.self))
    }
}

extension AssetRecord: JSONReadable {
    public init(json: JSONValue, path: String) throws(JSONShapeError) {
        let object = try JSONObjectReader(json, path: path)
        self.init(
            type: try object.enumeration("type", AssetType.self), id: try object.string("id"),
            name: try object.optionalString("name"), ownerBCID: try object.string("owner_bc_id"),
            access: try object.permission("access"), requested: try object.permission("requested"))
    }
}

extension Snapshot: JSONReadable {
    public init(json: JSONValue, path: String) throws(JSONShapeError) {
        let object = try JSONObjectReader(json, path: path)
        guard let bc = object.members["business_center"] else {
            throw JSONShapeError("missing key 'business_center' at the top level")
        }
        self.init(
            businessCenter: try BusinessCenterInfo(json: bc, path: "business_center"),
            members: try object.list("members", of: MemberRecord.self),
            partners: try object.list("partners", of: PartnerRecord.self),
            assets: try object.list("assets", of: AssetRecord.self))
    }
}

extension RecordedState: DirectlyReadable {
    public init(json: JSONValue, path: String) throws(JSONShapeError) {
        let object = try JSONObjectReader(json, path: path)
        try self.init(stateKeys: object) { () throws(JSONShapeError) in try Snapshot(json: json, path: path) }
    }

    static func read(directlyFrom bytes: [UInt8]) -> RecordedState? {
        guard let document = SnapshotReader.read(bytes),
              let object = try? JSONObjectReader(.object(document.others), path: "") else { return nil }
        return try? RecordedState(stateKeys: object) { () throws(JSONShapeError) in document.snapshot }
    }

    /// The state's own keys from `object`, checked in this order; the snapshot from `snapshot`.
    private init(stateKeys object: JSONObjectReader, snapshot: () throws(JSONShapeError) -> Snapshot) throws(JSONShapeError) {
        let version = try object.int("format_version")
        guard version == Self.formatVersion else {
            throw JSONShapeError("format_version \(version) is not supported (this bcplan reads \(Self.formatVersion))")
        }
        var head: AuditHead?
        if let audit = object.members["audit"], audit != .null { head = try AuditHead(json: audit, path: "audit") }
        self.init(
            lineage: try object.string("lineage"), serial: try object.int("serial"),
            refreshedAt: try object.optionalString("refreshed_at"), snapshot: try snapshot(),
            auditHead: head)
    }
}
