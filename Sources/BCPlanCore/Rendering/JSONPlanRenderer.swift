/// The machine contract of DESIGN §4: byte-identical for the same inputs.
///
/// The document carries a `checksum`: the SHA-256 of the compact rendering of everything else in
/// it (`PlanChecksum`), so that `show` and `apply` refuse a saved plan that was changed by hand.
public struct JSONPlanRenderer: PlanRenderer {
    public init() {}

    public func render(_ plan: Plan) -> String {
        PlanChecksum.sealedRendering(Self.unsealedDocument(plan))
    }

    /// The plan as JSON, checksum included.
    public static func document(_ plan: Plan) -> JSONValue {
        PlanChecksum.sealed(unsealedDocument(plan))
    }

    static func unsealedDocument(_ plan: Plan) -> JSONValue {
        var summary: [String: JSONValue] = [:]
        for (kind, count) in plan.counts { summary[kind.rawValue] = .int(count) }
        return .object([
            "format_version": .int(1),
            "bcplan_version": .string(BCPlanVersion.current),
            "business_center": .object([
                "id": .string(plan.businessCenter.id),
                "name": plan.businessCenter.name.map(JSONValue.string) ?? .null,
            ]),
            "config": .object(["path": .string(plan.configPath), "sha256": .string(plan.configDigest)]),
            "state": .object([
                "lineage": plan.stateLineage.map(JSONValue.string) ?? .null, "serial": .int(plan.stateSerial),
            ]),
            "actions": .array(plan.actions.map(\.json)),
            "summary": .object(summary),
            "drift": .array(plan.drift.map(\.json)),
            "fingerprints": .object(plan.fingerprints.mapValues(JSONValue.string)),
            "diagnostics": .array(plan.diagnostics.map { diagnostic in
                .object([
                    "severity": .string(diagnostic.severity.rawValue), "code": diagnostic.code.map(JSONValue.string) ?? .null,
                    "message": .string(diagnostic.message), "location": diagnostic.location.map { .string($0.description) } ?? .null,
                ])
            }),
        ])
    }
}
