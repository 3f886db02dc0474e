/// One change of a plan (DESIGN §4). `reason` and `source` are for people; `before` and `after`
/// carry the values the change moves between, in a shape that depends on `kind`.
public struct PlanAction: Sendable, Hashable {
    /// Unique in the plan and stable across runs: `kind:subject[:asset]`.
    public var id: String
    public var kind: ActionKind
    /// The member's e-mail in lower case.
    public var member: String?
    /// The partner's BC id.
    public var partner: String?
    public var asset: PlanAssetRef?
    public var before: JSONValue
    public var after: JSONValue
    /// Ids of actions that must finish first. Sorted.
    public var dependsOn: [String]
    public var reason: String
    /// `file:line:col` of the declaration that asks for the change, when one does.
    public var source: String?
    public var privilege: Privilege
    public var manual: ManualSteps?
    /// Execution phase: 0 ownership and partnerships, 1 grants, 2 reductions.
    public var phase: Int

    public init(
        id: String, kind: ActionKind, member: String? = nil, partner: String? = nil, asset: PlanAssetRef? = nil,
        before: JSONValue = .null, after: JSONValue = .null, dependsOn: [String] = [], reason: String,
        source: String? = nil, privilege: Privilege, manual: ManualSteps? = nil, phase: Int
    ) {
        self.id = id
        self.kind = kind
        self.member = member
        self.partner = partner
        self.asset = asset
        self.before = before
        self.after = after
        self.dependsOn = dependsOn
        self.reason = reason
        self.source = source
        self.privilege = privilege
        self.manual = manual
        self.phase = phase
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
            "asset": asset, "before": before, "after": after,
            "depends_on": .array(dependsOn.map(JSONValue.string)), "reason": .string(reason),
            "source": source.map(JSONValue.string) ?? .null, "privilege": .string(privilege.rawValue),
            "manual": manual.map { .object(["steps": .array($0.steps.map(JSONValue.string))]) } ?? .null,
        ])
    }
}
