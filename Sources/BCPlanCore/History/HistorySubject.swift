/// What `bcplan history` asks about: one member, one partner, one asset, or all access.
public enum HistorySubject: Sendable, Hashable {
    case everything
    /// A member, by e-mail in lower case.
    case member(String)
    /// A partner, by Business Center id.
    case partner(String)
    case asset(AssetRef)

    /// True when `path` is about this subject.
    func covers(_ path: AccessPath) -> Bool {
        switch self {
        case .everything: true
        case .member(let email): path.principalKind == .member && path.principalID == email
        case .partner(let id): path.principalKind == .partner && path.principal == id
        case .asset(let ref): path.asset == ref
        }
    }
}
