import BCPlanYAML

/// A decoded, valid config file (DESIGN §2). Paths are resolved against the file's folder.
public struct Config: Sendable, Hashable {
    /// The config file's path as the user gave it (used in messages and plans).
    public var path: String
    public var businessCenterID: String
    public var businessCenterName: String?
    public var provider: ProviderConfig
    /// Where the recorded state lives; a file path is resolved against the config's folder.
    public var state: StateLocation
    public var policy: Policy
    public var assets: [AssetDeclaration]
    public var members: [MemberDeclaration]
    public var partners: [PartnerDeclaration]
    /// `acknowledge:`: the plan warnings people have accepted, in file order.
    public var acknowledgements: [Acknowledgement]

    public init(
        path: String, businessCenterID: String, businessCenterName: String?, provider: ProviderConfig,
        state: StateLocation, policy: Policy, assets: [AssetDeclaration],
        members: [MemberDeclaration], partners: [PartnerDeclaration], acknowledgements: [Acknowledgement] = []
    ) {
        self.path = path
        self.businessCenterID = businessCenterID
        self.businessCenterName = businessCenterName
        self.provider = provider
        self.state = state
        self.policy = policy
        self.assets = assets
        self.members = members
        self.partners = partners
        self.acknowledgements = acknowledgements
    }
}
