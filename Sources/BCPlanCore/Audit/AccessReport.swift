/// Who can reach which asset of one Business Center, and how (`bcplan audit`), with the findings.
///
/// Every list is sorted: assets by type and id; paths by asset, route and principal; findings by
/// severity, kind and subject. The report is a pure function of the Business Center, the policy
/// and the time, so renderers print it byte for byte the same.
public struct AccessReport: Sendable, Hashable {
    public var businessCenter: BusinessCenterInfo
    public var assets: [AuditAsset]
    public var paths: [AccessPath]
    public var findings: [AuditFinding]
    public var memberCount: Int
    public var pendingMemberCount: Int
    public var partnerCount: Int
    public var pendingPartnerCount: Int
    public var activeAdminCount: Int
    private let assetsByRef: [AssetRef: AuditAsset]

    public init(
        businessCenter: BusinessCenterInfo, assets: [AuditAsset], paths: [AccessPath], findings: [AuditFinding],
        memberCount: Int, pendingMemberCount: Int, partnerCount: Int, pendingPartnerCount: Int, activeAdminCount: Int
    ) {
        self.businessCenter = businessCenter
        self.assets = assets
        self.paths = paths
        self.findings = findings
        self.memberCount = memberCount
        self.pendingMemberCount = pendingMemberCount
        self.partnerCount = partnerCount
        self.pendingPartnerCount = pendingPartnerCount
        self.activeAdminCount = activeAdminCount
        assetsByRef = Dictionary(assets.map { ($0.ref, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The asset of a path.
    public func asset(_ ref: AssetRef) -> AuditAsset? {
        assetsByRef[ref]
    }

    /// `Northwind Outdoor (7301846290153840001)`, or the id alone.
    public var title: String {
        businessCenter.name.map { "\($0) (\(businessCenter.id))" } ?? businessCenter.id
    }

    /// `6 assets, 11 members (1 pending), 3 partners; 46 access paths, 2 risky`.
    public var summaryLine: String {
        let pendingMembers = pendingMemberCount > 0 ? " (\(pendingMemberCount) pending)" : ""
        let pendingPartners = pendingPartnerCount > 0 ? " (\(pendingPartnerCount) pending)" : ""
        let risky = paths.filter { $0.risk != nil }.count
        return "\(assets.count.counted("asset")), \(memberCount.counted("member"))\(pendingMembers), "
            + "\(partnerCount.counted("partner"))\(pendingPartners); \(paths.count.counted("access path"))"
            + (risky > 0 ? ", \(risky) risky" : "")
    }

    /// `2 warnings, 3 notes`, or `no findings`.
    public var findingsLine: String {
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        let notes = findings.filter { $0.severity == .info }.count
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        if notes > 0 { parts.append("\(notes) note\(notes == 1 ? "" : "s")") }
        return parts.isEmpty ? "no findings" : parts.joined(separator: ", ")
    }
}
