/// The access report as JSON (`format_version` 1): the machine contract of `bcplan audit`.
public struct JSONAuditRenderer: AuditRenderer {
    public init() {}

    public func render(_ report: AccessReport) -> String {
        Self.document(report).rendered()
    }

    public static func document(_ report: AccessReport) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        var severities: [String: JSONValue] = [:]
        for severity in [Severity.error, .warning, .info] {
            severities[severity.rawValue] = .int(report.findings.filter { $0.severity == severity }.count)
        }
        return .object([
            "format_version": .int(1),
            "bcplan_version": .string(BCPlanVersion.current),
            "business_center": .object(["id": .string(report.businessCenter.id), "name": optional(report.businessCenter.name)]),
            "summary": .object([
                "assets": .int(report.assets.count), "members": .int(report.memberCount),
                "pending_members": .int(report.pendingMemberCount), "partners": .int(report.partnerCount),
                "pending_partners": .int(report.pendingPartnerCount), "active_admins": .int(report.activeAdminCount),
                "access_paths": .int(report.paths.count), "risky_paths": .int(report.paths.filter { $0.risk != nil }.count),
                "findings": .object(severities),
            ]),
            "assets": .array(report.assets.map { asset in
                .object([
                    "type": .string(asset.ref.type.rawValue), "id": .string(asset.ref.id), "key": optional(asset.key),
                    "name": optional(asset.name), "owner_bc_id": .string(asset.ownerBCID), "owned": .bool(asset.owned),
                    "access": asset.access?.json ?? .null, "requested": asset.requested?.json ?? .null,
                ])
            }),
            "access": .array(report.paths.map { path in
                var fields: [String: JSONValue] = [
                    "asset": .object([
                        "type": .string(path.asset.type.rawValue), "id": .string(path.asset.id),
                        "key": optional(report.asset(path.asset)?.key),
                    ]),
                    "principal": .object([
                        "type": .string(path.principalKind.rawValue), "id": .string(path.principalID),
                        "name": optional(path.principalName), "status": .string(path.status.rawValue),
                    ]),
                    "via": .string(path.route.rawValue),
                    "permission": path.permission?.json ?? .string("full"),
                    "risk": optional(path.risk),
                ]
                // Only for access the config declares an owner, reason or end for.
                if !path.terms.summary.isEmpty {
                    fields["owner"] = optional(path.terms.owner)
                    fields["reason"] = optional(path.terms.reason)
                    fields["expires"] = optional(path.terms.expires?.description)
                }
                return .object(fields)
            }),
            "findings": .array(report.findings.map { finding in
                .object([
                    "kind": .string(finding.kind.rawValue), "severity": .string(finding.severity.rawValue),
                    "subject": .string(finding.subject), "message": .string(finding.message),
                ])
            }),
        ])
    }
}
