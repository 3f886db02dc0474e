/// The owner, reason, end and review a config declares for each member, grant, partner and
/// share, looked up by what the live Business Center holds, and its `acknowledge:` entries, so
/// that `bcplan export` carries them over.
struct DeclaredTerms {
    private var members: [String: MemberDeclaration] = [:]
    private var partners: [String: PartnerDeclaration] = [:]
    private var refs: [String: AssetRef] = [:]
    /// The config's `acknowledge:` entries, in its order.
    private(set) var acknowledgements: [Acknowledgement] = []

    /// Nothing declared: an export without a config's terms.
    init() {}

    init(_ config: Config) {
        members = Dictionary(config.members.map { ($0.normalizedEmail, $0) }, uniquingKeysWith: { first, _ in first })
        partners = Dictionary(config.partners.map { ($0.bcID, $0) }, uniquingKeysWith: { first, _ in first })
        refs = Dictionary(config.assets.map { ($0.key, AssetRef(type: $0.type, id: $0.id)) }, uniquingKeysWith: { first, _ in first })
        acknowledgements = config.acknowledgements
    }

    /// The asset a key of the config names.
    func asset(_ key: String) -> AssetRef? {
        refs[key]
    }

    /// The member's own terms and whether it is declared external.
    func member(_ email: String) -> (terms: AccessTerms, external: Bool)? {
        members[email.lowercased()].map { ($0.terms, $0.external) }
    }

    func partner(_ bcID: String) -> AccessTerms? {
        partners[bcID]?.terms
    }

    /// The terms the long form of a member's grant declares (not those it takes from the member).
    func grant(member email: String, asset: AssetRef) -> AccessTerms {
        terms(members[email.lowercased()]?.assets ?? [], asset: asset)
    }

    /// The terms the long form of a partner's share declares.
    func share(partner bcID: String, asset: AssetRef) -> AccessTerms {
        terms(partners[bcID]?.shares ?? [], asset: asset)
    }

    private func terms(_ grants: [AssetGrant], asset: AssetRef) -> AccessTerms {
        grants.first { refs[$0.assetKey] == asset }?.terms ?? AccessTerms()
    }
}
