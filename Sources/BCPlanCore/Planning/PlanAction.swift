/// One change of a plan (DESIGN §4): the typed `change`, what it waits for, and the words for
/// people (`reason`, `source`, `manual`). Its id, kind, subjects and phase follow from the change.
public struct PlanAction: Sendable, Hashable {
    public let change: PlanChange
    /// Unique in the plan and stable across runs: `kind:subject[:asset]` (`PlanChange.id`).
    public let id: String
    /// Ids of actions that must finish first. Sorted.
    public var dependsOn: [String]
    public var reason: String
    /// `file:line:col` of the declaration that asks for the change, when one does.
    public var source: String?
    /// `change.privilege`; a saved plan keeps the one it was written with.
    public var privilege: Privilege
    public var manual: ManualSteps?
    /// What the config calls the partner and the assets; display only.
    public var names: ActionNames

    public init(
        _ change: PlanChange, dependsOn: [String] = [], reason: String, source: String? = nil, manual: ManualSteps? = nil,
        names: ActionNames = ActionNames()
    ) {
        self.change = change
        id = change.id
        self.dependsOn = dependsOn
        self.reason = reason
        self.source = source
        privilege = change.privilege
        self.manual = manual
        self.names = names
    }

    public var kind: ActionKind { change.kind }
    /// The member's e-mail in lower case.
    public var member: String? { change.member }
    /// The partner's BC id; for `transfer` and `request_access`, the other Business Center.
    public var partner: String? { change.partner }
    public var asset: PlanAssetRef? { change.asset }
    public var phase: ExecutionPhase { change.phase }

    /// The partner by name with its id after it (`Fjord Creative Studio (7310022334455660003)`),
    /// or the id alone; nil for an action without a partner.
    public var partnerDisplay: String? {
        partner.map { ActionNames.partner($0, name: names.partner) }
    }

    /// The contract's JSON object for this action.
    public var json: JSONValue {
        var asset: JSONValue = .null
        if let ref = self.asset {
            asset = .object(["type": .string(ref.type.rawValue), "id": .string(ref.id),
                             "key": ref.key.map(JSONValue.string) ?? .null])
        }
        return .object([
            "id": .string(id), "kind": .string(kind.rawValue),
            "member": member.map(JSONValue.string) ?? .null, "partner": partner.map(JSONValue.string) ?? .null,
            "partner_name": names.partner.map(JSONValue.string) ?? .null,
            "asset": asset, "before": change.beforeJSON, "after": change.afterJSON(keys: names.grantKeys),
            "depends_on": .array(dependsOn.map(JSONValue.string)), "reason": .string(reason),
            "source": source.map(JSONValue.string) ?? .null, "privilege": .string(privilege.rawValue),
            "manual": manual.map { .object(["steps": .array($0.steps.map(JSONValue.string))]) } ?? .null,
        ])
    }
}
