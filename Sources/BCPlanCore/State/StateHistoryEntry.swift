/// One serial of a recorded state: when it was written, by what and whom, and what it held then
/// (DESIGN §3, "every past serial"). `bcplan state history` lists them.
public struct StateHistoryEntry: Sendable, Hashable {
    public var serial: Int
    public var lineage: String
    /// RFC 3339 (the injected clock).
    public var time: String
    /// "apply", "refresh", "push".
    public var operation: String
    public var actor: String
    /// The lock the writer held; nil for a write made without one (none today).
    public var lockID: String?
    /// The plan action this write recorded the outcome of; nil for a whole-state write.
    public var action: String?
    public var result: AuditResult?
    public var members: Int
    public var partners: Int
    public var assets: Int

    public init(
        serial: Int, lineage: String, time: String, operation: String, actor: String, lockID: String?,
        action: String? = nil, result: AuditResult? = nil, members: Int, partners: Int, assets: Int
    ) {
        self.serial = serial
        self.lineage = lineage
        self.time = time
        self.operation = operation
        self.actor = actor
        self.lockID = lockID
        self.action = action
        self.result = result
        self.members = members
        self.partners = partners
        self.assets = assets
    }

    /// One compact line of `<state stem>.history.jsonl`, and the history of `state history --format json`.
    public var json: JSONValue {
        .object([
            "serial": .int(serial), "lineage": .string(lineage), "time": .string(time), "operation": .string(operation),
            "actor": .string(actor), "lock": lockID.map(JSONValue.string) ?? .null,
            "action": action.map(JSONValue.string) ?? .null, "result": result.map { .string($0.rawValue) } ?? .null,
            "members": .int(members), "partners": .int(partners), "assets": .int(assets),
        ])
    }
}

extension StateHistoryEntry: JSONReadable {
    public init(json: JSONValue, path: String) throws(JSONShapeError) {
        let object = try JSONObjectReader(json, path: path)
        self.init(
            serial: try object.int("serial"), lineage: try object.string("lineage"), time: try object.string("time"),
            operation: try object.string("operation"), actor: try object.string("actor"),
            lockID: try object.optionalString("lock"), action: try object.optionalString("action"),
            result: try object.optionalEnumeration("result", AuditResult.self), members: try object.int("members"),
            partners: try object.int("partners"), assets: try object.int("assets"))
    }
}
