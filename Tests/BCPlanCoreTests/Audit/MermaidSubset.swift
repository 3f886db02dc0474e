import Foundation

/// A checker for the subset of the Mermaid flowchart grammar that `MermaidFlowchart` writes
/// (see its documentation): header, comments, three node shapes with quoted labels, two arrow kinds
/// with quoted labels, and `linkStyle`. It rejects anything else, labels that would break out of
/// their quotes, edges to undefined nodes and link styles for edges that do not exist.
struct MermaidSubset {
    struct Problem: Error, CustomStringConvertible {
        var line: Int
        var text: String
        var reason: String
        var description: String { "line \(line): \(reason): \(text)" }
    }

    enum Shape: Equatable { case rectangle, subroutine, cylinder }

    /// Labels decoded (entity codes replaced, `<br/>` as line breaks), by node id.
    private(set) var labels: [String: [String]] = [:]
    private(set) var shapes: [String: Shape] = [:]
    private(set) var edges: [(from: String, to: String, label: String, thick: Bool)] = []
    private(set) var styledLinks: [Int] = []

    static func parse(_ text: String) throws -> MermaidSubset {
        var graph = MermaidSubset()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == "flowchart LR" else { throw Problem(line: 1, text: lines.first ?? "", reason: "expected the header 'flowchart LR'") }
        let id = "([A-Za-z][A-Za-z0-9_]*)"
        let label = "\"([^\"]*)\""
        let nodeRectangle = try Regex("^  \(id)\\[\(label)\\]$")
        let nodeSubroutine = try Regex("^  \(id)\\[\\[\(label)\\]\\]$")
        let nodeCylinder = try Regex("^  \(id)\\[\\(\(label)\\)\\]$")
        let edge = try Regex("^  \(id) (-->|==>)\\|\(label)\\| \(id)$")
        let linkStyle = try Regex("^  linkStyle ([0-9]+(?:,[0-9]+)*) ([a-z-]+:[#A-Za-z0-9.]+(?:,[a-z-]+:[#A-Za-z0-9.]+)*)$")
        for (index, line) in lines.enumerated().dropFirst() {
            let number = index + 1
            if line.isEmpty, index == lines.count - 1 { continue }
            if line.hasPrefix("  %%") { continue }
            func fail(_ reason: String) -> Problem { Problem(line: number, text: line, reason: reason) }
            var matchedNode: (String, String, Shape)?
            if let match = try nodeRectangle.wholeMatch(in: line) {
                matchedNode = (String(match.output[1].substring!), String(match.output[2].substring!), .rectangle)
            } else if let match = try nodeSubroutine.wholeMatch(in: line) {
                matchedNode = (String(match.output[1].substring!), String(match.output[2].substring!), .subroutine)
            } else if let match = try nodeCylinder.wholeMatch(in: line) {
                matchedNode = (String(match.output[1].substring!), String(match.output[2].substring!), .cylinder)
            }
            if let (name, text, shape) = matchedNode {
                guard graph.labels[name] == nil else { throw fail("node defined twice") }
                guard !["end", "graph", "subgraph", "flowchart"].contains(name.lowercased()) else { throw fail("reserved word as id") }
                graph.labels[name] = try decode(text).components(separatedBy: "\n")
                graph.shapes[name] = shape
                continue
            }
            if let match = try edge.wholeMatch(in: line) {
                let from = String(match.output[1].substring!)
                let to = String(match.output[4].substring!)
                guard graph.labels[from] != nil, graph.labels[to] != nil else { throw fail("edge between undefined nodes") }
                let text = try decode(String(match.output[3].substring!))
                guard !text.contains("\n") else { throw fail("line break in an edge label") }
                graph.edges.append((from, to, text, match.output[2].substring! == "==>"))
                continue
            }
            if let match = try linkStyle.wholeMatch(in: line) {
                let indices = match.output[1].substring!.split(separator: ",").map { Int($0)! }
                guard indices.allSatisfy({ $0 < graph.edges.count }) else { throw fail("linkStyle for an edge that does not exist") }
                graph.styledLinks += indices
                continue
            }
            throw fail("not in the flowchart subset")
        }
        return graph
    }

    /// Replaces `#NN;` entity codes and `<br/>`; any other `#`, `<`, `>`, `&` or backtick is an error.
    static func decode(_ label: String) throws -> String {
        var out = ""
        var rest = Substring(label)
        while let scalar = rest.unicodeScalars.first {
            if rest.hasPrefix("<br/>") {
                out += "\n"
                rest = rest.dropFirst(5)
                continue
            }
            if scalar == "#" {
                guard let end = rest.firstIndex(of: ";"), let code = UInt32(rest[rest.index(after: rest.startIndex)..<end]),
                      let decoded = Unicode.Scalar(code) else {
                    throw Problem(line: 0, text: label, reason: "a '#' that is not an entity code")
                }
                out.unicodeScalars.append(decoded)
                rest = rest[rest.index(after: end)...]
                continue
            }
            if "<>&`".unicodeScalars.contains(scalar) || scalar.value < 0x20 {
                throw Problem(line: 0, text: label, reason: "unescaped '\(scalar)' in a label")
            }
            out.unicodeScalars.append(scalar)
            rest = Substring(rest.unicodeScalars.dropFirst())
        }
        return out
    }
}
