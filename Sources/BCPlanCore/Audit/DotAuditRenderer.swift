/// The access graph for Graphviz (`bcplan audit --format dot | dot -Tsvg > access.svg`): the same
/// nodes and edges as the Mermaid diagram, risky edges bold and red.
public struct DotAuditRenderer: AuditRenderer {
    public init() {}

    public func render(_ report: AccessReport) -> String {
        let graph = AccessGraph(report)
        var out = "digraph access {\n"
        out += "  label=\(Self.quoted("Access to \(report.title)" + (graph.summarised ? " (summarised; ×N counts access paths)" : "")));\n"
        out += "  labelloc=t;\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n"
        for node in graph.nodes {
            let shape: String
            switch node.kind {
            case .member: shape = "box"
            case .group: shape = "box3d"
            case .partner: shape = "component"
            case .asset: shape = "cylinder"
            }
            out += "  \(node.id) [label=\(Self.quoted(lines: node.lines)), shape=\(shape)];\n"
        }
        for edge in graph.edges {
            let style = edge.risky ? ", color=\"#dd0000\", fontcolor=\"#dd0000\", penwidth=2.5" : ""
            out += "  \(edge.from) -> \(edge.to) [label=\(Self.quoted(edge.label))\(style)];\n"
        }
        return out + "}\n"
    }

    /// A DOT string: backslashes and quotes escaped, control characters as spaces.
    static func quoted(_ text: String) -> String {
        quoted(lines: [text])
    }

    /// Lines joined with DOT's `\n` escape.
    static func quoted(lines: [String]) -> String {
        let escaped = lines.map { line in
            var out = ""
            for scalar in AccessGraph.Node.flat(line).unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        return "\"" + escaped.joined(separator: "\\n") + "\""
    }
}
