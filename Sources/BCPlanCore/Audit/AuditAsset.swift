/// An asset as the audit shows it: identity, name, owner, and its key in the config when declared.
public struct AuditAsset: Sendable, Hashable {
    public var ref: AssetRef
    public var name: String?
    /// The config's key for the asset; nil when the config does not declare it.
    public var key: String?
    public var ownerBCID: String
    /// True when this Business Center owns it.
    public var owned: Bool
    /// Our permission on another BC's asset, and a pending request for more.
    public var access: Permission?
    public var requested: Permission?

    public init(
        ref: AssetRef, name: String?, key: String?, ownerBCID: String, owned: Bool, access: Permission?,
        requested: Permission?
    ) {
        self.ref = ref
        self.name = name
        self.key = key
        self.ownerBCID = ownerBCID
        self.owned = owned
        self.access = access
        self.requested = requested
    }

    /// `nw-us (ad_account 7301846290153850101)`, `ad_account 7301846290153850101` without a key.
    public var display: String {
        PlanAssetRef(type: ref.type, id: ref.id, key: key).display
    }
}
