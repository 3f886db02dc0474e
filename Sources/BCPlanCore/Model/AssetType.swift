/// The kinds of asset a Business Center holds, with the permissions each takes.
public enum AssetType: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case adAccount = "ad_account"
    case catalog
    case tiktokAccount = "tiktok_account"
    case pixel

    /// Permission values, strongest first. For `tiktok_account` these are the members of a set.
    public var permissionValues: [String] {
        switch self {
        case .adAccount: ["admin", "operator", "analyst"]
        case .catalog: ["admin", "ad_promote"]
        case .tiktokAccount: ["post", "live", "direct_message"]
        case .pixel: ["use"]
        }
    }

    /// True when a permission is a set of values written as a YAML list.
    public var takesPermissionSet: Bool { self == .tiktokAccount }

    /// Only ad accounts can be granted with an invitation, to a member who has not accepted yet.
    public var ridesOnInvitation: Bool { self == .adAccount }

    /// Access to another BC's asset can be requested only for these types.
    public var acceptsAccessRequest: Bool { self == .adAccount || self == .tiktokAccount }

    /// Every permission value of every type, in a stable order: for the schema.
    public static var allPermissionLevels: [String] {
        var seen: [String] = []
        for type in allCases where !type.takesPermissionSet {
            for value in type.permissionValues where !seen.contains(value) { seen.append(value) }
        }
        return seen
    }

    public static func < (lhs: AssetType, rhs: AssetType) -> Bool { lhs.rawValue < rhs.rawValue }
}
