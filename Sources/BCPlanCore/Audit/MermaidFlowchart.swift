/// Writes an `AccessGraph` as a Mermaid flowchart (GitHub renders it in a ```mermaid block).
///
/// The output keeps to a small subset of the flowchart grammar: `flowchart LR`, `%%` comments, node
/// definitions `id["…"]` (member or group), `id[["…"]]` (partner) and `id[("…")]` (asset), edges
/// `a -->|"…"| b` and, for risky paths, `a ==>|"…"| b`, and one `linkStyle` line colouring the risky
/// edges. Labels are always quoted; `"`, `#`, `<`, `>`, `&` and backticks in names are written as
/// Mermaid entity codes (`#34;`) and line breaks of a label as `<br/>`.
public enum MermaidFlowchart {
    public static func render(_ graph: AccessGraph) -> String {
        var out = "flowchart LR\n"
        if graph.summarised {
            out += "  %% summarised: members per role, assets per type; ×N counts access paths\n"
        }
        for node in graph.nodes {
            let label = "\"" + node.lines.map(escape).joined(separator: "<br/>") + "\""
            switch node.kind {
            case .member, .group: out += "  \(node.id)[\(label)]\n"
            case .partner: out += "  \(node.id)[[\(label)]]\n"
            case .asset: out += "  \(node.id)[(\(label))]\n"
            }
        }
        var risky: [Int] = []
        for (index, edge) in graph.edges.enumerated() {
            let arrow = edge.risky ? "==>" : "-->"
            if edge.risky { risky.append(index) }
            out += "  \(edge.from) \(arrow)|\"\(escape(edge.label))\"| \(edge.to)\n"
        }
        if !risky.isEmpty {
            out += "  linkStyle \(risky.map(String.init).joined(separator: ",")) stroke:#d00,stroke-width:3px,color:#d00\n"
        }
        return out
    }

    /// Entity codes for the characters that would end or change a quoted label; control characters become spaces.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in AccessGraph.Node.flat(text).unicodeScalars {
            switch scalar {
            case "\"", "#", "<", ">", "&", "`": out += "#\(scalar.value);"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
