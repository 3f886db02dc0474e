/// What a principal may do with an asset: one level (`operator`) or, for TikTok accounts, a set.
///
/// A set is kept sorted and without repeats, so equal permissions compare equal.
public enum Permission: Sendable, Hashable, Comparable, CustomStringConvertible {
    case level(String)
    case set([String])

    /// Makes a set permission, sorting and de-duplicating its values.
    public static func makeSet<S: Sequence>(_ values: S) -> Permission where S.Element == String {
        .set(Array(Set(values)).sorted())
    }

    /// The values, one for a level.
    public var values: [String] {
        switch self {
        case .level(let value): [value]
        case .set(let values): values
        }
    }

    /// `operator`, or `[live, post]` for a set.
    public var description: String {
        switch self {
        case .level(let value): value
        case .set(let values): "[" + values.joined(separator: ", ") + "]"
        }
    }

    /// True when `self` allows at least what `other` allows, for an asset of `type`.
    public func covers(_ other: Permission, for type: AssetType) -> Bool {
        switch (self, other) {
        case (.set(let mine), .set(let theirs)):
            return Set(theirs).isSubset(of: Set(mine))
        case (.level(let mine), .level(let theirs)):
            let order = type.permissionValues
            guard let mineRank = order.firstIndex(of: mine), let theirRank = order.firstIndex(of: theirs) else {
                return mine == theirs
            }
            return mineRank <= theirRank
        default:
            return false
        }
    }

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.description < rhs.description }
}

extension Permission {
    /// A string for a level, a sorted list for a set.
    public var json: JSONValue {
        switch self {
        case .level(let value): .string(value)
        case .set(let values): .array(values.map(JSONValue.string))
        }
    }
}
