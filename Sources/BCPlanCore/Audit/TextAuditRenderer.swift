/// The access report for a terminal: a block per asset listing who reaches it, how and with what,
/// then the findings. Risky paths start with `!`. Control characters in names are shown escaped.
public struct TextAuditRenderer: AuditRenderer {
    public init() {}

    public func render(_ report: AccessReport) -> String {
        var out = ""
        func line(_ text: String = "") { out += TextPlanRenderer.clean(text) + "\n" }
        line("Access audit of \(report.title)")
        line(report.summaryLine + ".")
        let byAsset = Dictionary(grouping: report.paths, by: \.asset)
        for asset in report.assets {
            line()
            line(Self.heading(asset))
            let paths = byAsset[asset.ref] ?? []
            if paths.isEmpty { line("    (nobody)") }
            let width = paths.map { Self.who($0).count }.max() ?? 0
            for path in paths {
                let who = Self.who(path)
                let padding = String(repeating: " ", count: width - who.count)
                let pending = path.status == .pending ? " (pending)" : ""
                let risk = path.risk.map { "  risky: \($0)" } ?? ""
                let terms = path.terms.summary.isEmpty ? "" : "  (\(path.terms.summary))"
                line("  \(path.risk == nil ? " " : "!") \(path.route.words.padding(toLength: 13, withPad: " ", startingAt: 0)) \(who)\(padding)  \(path.permissionText)\(pending)\(risk)\(terms)")
            }
        }
        line()
        if report.findings.isEmpty {
            line("Findings: none.")
        } else {
            line("Findings (\(report.findingsLine)):")
            for finding in report.findings {
                line("  \(finding.severity.rawValue): \(finding.message) [\(finding.kind.rawValue)]")
            }
        }
        return out
    }

    /// `ad_account 7301846290153850101 nw-us "Northwind US", owned by 7298…: access operator`.
    static func heading(_ asset: AuditAsset) -> String {
        var text = asset.ref.description
        if let key = asset.key { text += " " + key }
        if let name = asset.name { text += " \"\(name)\"" }
        if !asset.owned {
            text += ", owned by \(asset.ownerBCID): this Business Center has \(asset.access?.description ?? "no access")"
            if let requested = asset.requested { text += ", \(requested) requested" }
        }
        return text
    }

    /// `ana@acme.example`, or `7000000000000000099 Blue Agency`.
    static func who(_ path: AccessPath) -> String {
        path.principalName.map { "\(path.principal) \($0)" } ?? path.principal
    }
}
