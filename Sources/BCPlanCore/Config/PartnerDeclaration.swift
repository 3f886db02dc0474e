import BCPlanYAML

/// A partner Business Center as declared under `partners:`.
public struct PartnerDeclaration: Sendable, Hashable {
    public var bcID: String
    public var name: String?
    public var mediaAgency: Bool
    public var shares: [AssetGrant]
    public var location: SourceLocation
    public var terms: AccessTerms

    public init(
        bcID: String, name: String? = nil, mediaAgency: Bool = false, shares: [AssetGrant] = [],
        location: SourceLocation, terms: AccessTerms = AccessTerms()
    ) {
        self.bcID = bcID
        self.name = name
        self.mediaAgency = mediaAgency
        self.shares = shares
        self.location = location
        self.terms = terms
    }
}
