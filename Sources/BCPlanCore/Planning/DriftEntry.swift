/// One object that differs between the recorded state and the live Business Center.
public struct DriftEntry: Sendable, Hashable, Comparable {
    public enum Change: String, Sendable, Hashable, Codable {
        case added
        case removed
        case changed
    }

    /// `member`, `partner` or `asset`.
    public var objectKind: String
    /// The e-mail, BC id, or `type:id`.
    public var objectID: String
    public var change: Change
    /// What changed, one line each, sorted: `role: standard → admin`.
    public var details: [String]

    public init(objectKind: String, objectID: String, change: Change, details: [String] = []) {
        self.objectKind = objectKind
        self.objectID = objectID
        self.change = change
        self.details = details
    }

    public var json: JSONValue {
        .object(["object": .string(objectKind), "id": .string(objectID), "change": .string(change.rawValue),
                 "details": .array(details.map(JSONValue.string))])
    }

    public static func < (lhs: DriftEntry, rhs: DriftEntry) -> Bool {
        (lhs.objectKind, lhs.objectID) < (rhs.objectKind, rhs.objectID)
    }
}
