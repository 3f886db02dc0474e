import Foundation

/// One way a principal reached an asset without a break: who, how, with what, from which write
/// of the state to which (nil: still held when the record ends).
public struct AccessInterval: Sendable, Hashable {
    /// What stays the same for the whole interval; any change starts a new one.
    public struct Key: Sendable, Hashable, Comparable {
        public var asset: AssetRef
        public var route: AccessRoute
        public var principalKind: AccessPath.PrincipalKind
        /// A member's e-mail in lower case, or a partner's BC id.
        public var principalID: String
        /// nil on the admin role.
        public var permission: Permission?
        public var status: MemberStatus

        init(_ path: AccessPath) {
            asset = path.asset
            route = path.route
            principalKind = path.principalKind
            principalID = path.principalID
            permission = path.permission
            status = path.status
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.asset, lhs.route, lhs.principalID, lhs.permission?.description ?? "", lhs.status.rawValue)
                < (rhs.asset, rhs.route, rhs.principalID, rhs.permission?.description ?? "", rhs.status.rawValue)
        }
    }

    public var key: Key
    /// The path as last seen in the interval (names as the platform spelt them then).
    public var path: AccessPath
    public var start: HistoryRevision
    public var end: HistoryRevision?

    /// Sort key: asset, route, principal, start, then the rest of the key (for intervals that
    /// start together).
    var sortKey: (AssetRef, AccessRoute, String, Date, Int, Key) {
        (key.asset, key.route, key.principalID, start.time, start.serial, key)
    }
}
