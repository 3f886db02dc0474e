import BCPlanYAML
import Foundation

/// The working state of one planning run; its parts live in extensions by subject (assets,
/// members, partners, policy). The actions it collects carry no order yet: `PlanOrder` adds the
/// dependencies and sorts them.
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
    /// The config's `name:` of each declared partner that has one, by BC id.
    let declaredPartnerNames: [String: String]
    let live: Snapshot

    var actions: [PlanAction] = []
    var diagnostics: [Diagnostic] = []
    /// Declared assets that cannot take grants now (missing, or no access yet), by key.
    var unavailableAssets: Set<String> = []
    /// Assets this plan hands over to another Business Center: the transfer ends their assignments
    /// and shares, so none is planned one by one.
    var handedOver: Set<AssetRef> = []
    /// The `expires:` behind each removal the plan makes because access ended, by action id.
    var expiries: [String: DeclaredTime] = [:]
    /// Whom each warning of `diagnostics` is about, by its index there.
    var warningSubjects: [Int: WarningSubject] = [:]

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
        declaredPartnerNames = Dictionary(
            config.partners.compactMap { partner in partner.name.map { (partner.bcID, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Helpers shared by the parts

    mutating func add(_ change: PlanChange, reason: String, source: String? = nil, manual: ManualSteps? = nil) {
        actions.append(PlanAction(change, reason: reason, source: source, manual: manual, names: names(of: change)))
    }

    /// What the config calls the partner and the granted assets of `change`.
    func names(of change: PlanChange) -> ActionNames {
        var names = ActionNames(partner: change.partner.flatMap(partnerName))
        switch change {
        case .invite(let invitation), .resend(let invitation, _):
            for grant in invitation.assets {
                if let key = keysByRef[grant.assetRef] { names.grantKeys[grant.assetRef] = key }
            }
        case .revoke, .updateRole, .assign, .unassign, .addPartner, .removePartner, .share, .unshare, .transfer, .requestAccess:
            break
        }
        return names
    }

    /// The partner's name in the config, else the one the Business Center gives it.
    func partnerName(_ id: String) -> String? {
        declaredPartnerNames[id] ?? livePartners[id]?.name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `Fjord Creative Studio (7310022334455660003)`, or the id alone.
    func describePartner(_ id: String) -> String { ActionNames.partner(id, name: partnerName(id)) }

    /// Adds a diagnostic; a warning says whom it is about (`subject`), so `acknowledge:` can name it.
    mutating func report(_ message: PlanMessage, at location: SourceLocation?, about subject: WarningSubject = WarningSubject()) {
        if message.severity == .warning { warningSubjects[diagnostics.count] = subject }
        diagnostics.append(Diagnostic(message.severity, message, at: location))
    }

    func planAsset(_ ref: AssetRef) -> PlanAssetRef {
        PlanAssetRef(type: ref.type, id: ref.id, key: keysByRef[ref])
    }

    /// `us-main (ad_account 7100000000000000001)`.
    func describe(_ ref: AssetRef) -> String { planAsset(ref).display }

    func isProtected(_ principal: String) -> Bool {
        config.policy.protected.contains(principal.lowercasedIfNeeded)
    }

    func isCaller(_ email: String) -> Bool {
        config.provider.caller == email.lowercasedIfNeeded
    }

    var configName: String { config.path }

    /// Where each member of the Business Center stands now, for the admin floor and the limits.
    var standings: [String: MemberStanding] { live.standings }

    /// True when `terms` ended at or before the time of the plan.
    func hasEnded(_ terms: AccessTerms) -> Bool {
        terms.isExpired(at: options.now)
    }

    /// Adds a removal that the end of `terms` asks for: "expired on 2027-03-31 (declared at
    /// bcplan.yaml:40:14)", then the owner and reason.
    mutating func addExpiry(_ change: PlanChange, terms: AccessTerms) {
        guard let expires = terms.expires else { return }
        expiries[change.id] = expires
        add(change, reason: "expired on \(expires) (declared at \(expires.location))" + terms.vouching,
            source: expires.location.description)
    }
}
