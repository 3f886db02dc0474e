/// The access report for a pull request or a wiki page: summary, findings, the access graph as a
/// Mermaid diagram (GitHub draws it in place), then every access path in a collapsed table.
///
/// Long lists are cut at `maxRows` rows with a line saying how many were left out and where to find
/// them all (`--format csv` or `json`); counts in the summary stay exact.
public struct MarkdownAuditRenderer: AuditRenderer {
    public var maxRows: Int

    public init(maxRows: Int = 400) {
        self.maxRows = maxRows
    }

    public func render(_ report: AccessReport) -> String {
        let escape = MarkdownPlanRenderer.escape
        let code = MarkdownPlanRenderer.code
        var out = "## Access audit: \(escape(report.businessCenter.name ?? report.businessCenter.id)) \(code(report.businessCenter.id))\n\n"
        out += "\(escape(report.summaryLine)). Findings: \(report.findingsLine).\n\n"

        out += "### Findings\n\n"
        if report.findings.isEmpty {
            out += "None.\n\n"
        } else {
            out += "| severity | finding | subject | detail |\n|---|---|---|---|\n"
            for finding in report.findings.prefix(maxRows) {
                out += "| \(Self.severityCell(finding.severity)) | \(code(finding.kind.rawValue)) | \(code(finding.subject)) | \(escape(finding.message)) |\n"
            }
            out += omission(report.findings.count, noun: "finding", format: "json")
            out += "\n"
        }

        let graph = AccessGraph(report)
        out += "### Access graph\n\n"
        out += graph.summarised
            ? "Summarised for readability: members per role, assets per type; ×N counts access paths. Risky paths in red (\(AccessGraph.riskMarker)).\n\n"
            : "Principals → assets, labelled with the permission (`full`: the admin role). Risky paths in red (\(AccessGraph.riskMarker)).\n\n"
        out += "```mermaid\n" + MermaidFlowchart.render(graph) + "```\n\n"

        out += "<details><summary>Access by asset (\(report.paths.count) path\(report.paths.count == 1 ? "" : "s"))</summary>\n\n"
        if report.paths.isEmpty {
            out += "Nobody reaches any asset.\n"
        } else {
            out += "| asset | principal | via | permission |\n|---|---|---|---|\n"
            for path in report.paths.prefix(maxRows) {
                let asset = report.asset(path.asset)
                let assetCell = code(asset?.display ?? path.asset.description) + (asset?.name.map { " " + escape($0) } ?? "")
                let principal = code(path.principal) + (path.principalName.map { " " + escape($0) } ?? "")
                    + (path.status == .pending ? " (pending)" : "")
                let permission = (path.risk == nil ? "" : "\(AccessGraph.riskMarker) ") + code(path.permissionText)
                    + (path.risk.map { " " + escape($0) } ?? "")
                    + (path.terms.summary.isEmpty ? "" : " (\(escape(path.terms.summary)))")
                out += "| \(assetCell) | \(principal) | \(path.route.words) | \(permission) |\n"
            }
            out += omission(report.paths.count, noun: "path", format: "csv")
        }
        out += "\n</details>\n"
        return out
    }

    private func omission(_ total: Int, noun: String, format: String) -> String {
        guard total > maxRows else { return "" }
        let left = total - maxRows
        return "\n\(left) more \(noun)\(left == 1 ? "" : "s") not shown; `bcplan audit --format \(format)` lists all \(total).\n"
    }

    static func severityCell(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }
}
