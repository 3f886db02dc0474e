import BCPlanYAML
import Foundation

/// The working state of one planning run; its parts live in extensions by subject
/// (assets, members, partners, policy).
struct PlanBuilder {
    let config: Config
    let options: PlanOptions
    let ownID: String
    let liveMembers: [String: MemberRecord]
    let livePartners: [String: PartnerRecord]
    let liveAssets: [AssetRef: AssetRecord]
    let declaredAssets: [String: AssetDeclaration]
    /// The config's key for each declared asset.
    let keysByRef: [AssetRef: String]
    let live: Snapshot

    var actions: [PlanAction] = []
    var diagnostics: [Diagnostic] = []
    /// Declared assets that cannot take grants now (missing, or no access yet), by key.
    var unavailableAssets: Set<String> = []
    /// Transfer actions by the asset they move to this Business Center.
    var incomingTransfers: [AssetRef: String] = [:]

    init(config: Config, recorded: RecordedState?, live: Snapshot, options: PlanOptions) {
        self.config = config
        self.options = options
        self.live = live
        ownID = config.businessCenterID
        // Pending invitations with the sending time and resend count that only the state may know.
        let members = RecordedState.carryingInvitations(from: recorded?.snapshot, into: live).members
        liveMembers = Dictionary(members.map { ($0.normalizedEmail, $0) }, uniquingKeysWith: { first, _ in first })
        livePartners = Dictionary(live.partners.map { ($0.bcID, $0) }, uniquingKeysWith: { first, _ in first })
        liveAssets = Dictionary(live.assets.map { ($0.ref, $0) }, uniquingKeysWith: { first, _ in first })
        declaredAssets = Dictionary(config.assets.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        keysByRef = Dictionary(
            config.assets.map { (AssetRef(type: $0.type, id: $0.id), $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Helpers shared by the parts

    mutating func add(_ action: PlanAction) {
        actions.append(action)
    }

    mutating func report(_ severity: Severity, _ message: String, at location: SourceLocation?) {
        diagnostics.append(Diagnostic(severity, message, at: location))
    }

    func planAsset(_ ref: AssetRef) -> PlanAssetRef {
        PlanAssetRef(type: ref.type, id: ref.id, key: keysByRef[ref])
    }

    /// `us-main (ad_account 7100000000000000001)`.
    func describe(_ ref: AssetRef) -> String { planAsset(ref).display }

    func permissionJSON(_ permission: Permission?) -> JSONValue {
        switch permission {
        case nil: .null
        case .level(let value)?: .string(value)
        case .set(let values)?: .array(values.map(JSONValue.string))
        }
    }

    /// Grant when the change gives anything new, reduce when it only takes away.
    func privilege(from before: Permission?, to after: Permission?, type: AssetType) -> Privilege {
        guard let after else { return before == nil ? .none : .reduce }
        guard let before else { return .grant }
        if before == after { return .none }
        if before.covers(after, for: type) { return .reduce }
        return .grant
    }

    func isProtected(_ principal: String) -> Bool {
        config.policy.protected.contains(principal.lowercased())
    }

    func isCaller(_ email: String) -> Bool {
        config.provider.caller == email.lowercased()
    }

    var configName: String { config.path }

    // MARK: Ordering

    /// Execution order: phase, then id. Every dependency points to an earlier phase, so this order
    /// is also a topological one (checked by the planner tests).
    func orderedActions() -> [PlanAction] {
        actions.map { action in
            var action = action
            action.dependsOn = Array(Set(action.dependsOn)).sorted()
            return action
        }.sorted { ($0.phase, $0.id) < ($1.phase, $1.id) }
    }
}
