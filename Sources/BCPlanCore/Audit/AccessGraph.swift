/// The access report as a graph, principals → assets, drawn by the Mermaid and Graphviz renderers.
///
/// A small Business Center is drawn in full: one node per member, partner and asset, one edge per
/// access path labelled with the permission. Past `maxDetailedNodes` nodes or `maxDetailedEdges`
/// edges it is summarised so that the picture stays readable: members per role, partners one by one
/// (at most `maxPartnerNodes`, the rest as one node), assets per type and ownership, and one edge
/// per pair labelled with each permission and how many paths hold it. Risky paths are never merged
/// with the others: they get edges of their own, marked `risky`.
public struct AccessGraph: Sendable, Hashable {
    public enum NodeKind: String, Sendable, Hashable {
        case member
        case partner
        case asset
        case group
    }

    public struct Node: Sendable, Hashable {
        /// Letters and digits only (`m1`, `p2`, `a3`, `g4`), safe in both languages.
        public var id: String
        /// The label's lines, unescaped; control characters already flattened to spaces.
        public var lines: [String]
        public var kind: NodeKind

        init(id: String, lines: [String], kind: NodeKind) {
            self.id = id
            self.lines = lines.map(Node.flat)
            self.kind = kind
        }

        /// A name from the platform may hold line breaks: one label line stays one line.
        static func flat(_ text: String) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
                scalar.isControlCharacter ? " " : scalar
            }))
        }
    }

    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        public var label: String
        public var risky: Bool
    }

    public static let maxDetailedNodes = 60
    public static let maxDetailedEdges = 120
    public static let maxPartnerNodes = 25

    public var nodes: [Node]
    public var edges: [Edge]
    /// True when members and assets are grouped.
    public var summarised: Bool

    public init(_ report: AccessReport) {
        let detailed = Self.detailed(report)
        if detailed.nodes.count <= Self.maxDetailedNodes, detailed.edges.count <= Self.maxDetailedEdges {
            self = detailed
        } else {
            self = Self.summary(report)
        }
    }

    private init(nodes: [Node], edges: [Edge], summarised: Bool) {
        self.nodes = nodes
        self.edges = edges
        self.summarised = summarised
    }

    /// The marker put before a risky edge's label.
    public static let riskMarker = "⚠"

    /// The key a principal's node is found under: `member:` and the lower-case e-mail, or `partner:` and the BC id.
    private static func principalKey(_ kind: AccessPath.PrincipalKind, _ id: String) -> String {
        kind.rawValue + ":" + id
    }

    // MARK: In full

    private static func detailed(_ report: AccessReport) -> AccessGraph {
        var nodes: [Node] = []
        var principalNode: [String: String] = [:]
        var assetNode: [AssetRef: String] = [:]
        let members = Dictionary(grouping: report.paths.filter { $0.principalKind == .member }, by: \.principalID)
        for (index, email) in members.keys.sorted().enumerated() {
            let paths = members[email]!
            let id = "m\(index + 1)"
            principalNode[principalKey(.member, email)] = id
            let role = paths.contains { $0.route == .adminRole } ? "admin" : "member"
            let pending = paths.first!.status == .pending ? ", pending" : ""
            nodes.append(Node(id: id, lines: [paths.first!.principal, role + pending], kind: .member))
        }
        let partners = Dictionary(grouping: report.paths.filter { $0.principalKind == .partner }, by: \.principal)
        for (index, bcID) in partners.keys.sorted().enumerated() {
            let first = partners[bcID]!.first!
            let id = "p\(index + 1)"
            principalNode[principalKey(.partner, bcID)] = id
            let pending = first.status == .pending ? "partner, pending" : "partner"
            nodes.append(Node(id: id, lines: (first.principalName.map { [$0] } ?? []) + [bcID, pending], kind: .partner))
        }
        for (index, asset) in report.assets.enumerated() {
            let id = "a\(index + 1)"
            assetNode[asset.ref] = id
            var lines = [asset.key ?? asset.name ?? asset.ref.id, asset.ref.description]
            if asset.key != nil, let name = asset.name { lines.insert(name, at: 1) }
            if !asset.owned { lines.append("owned by \(asset.ownerBCID)") }
            nodes.append(Node(id: id, lines: lines, kind: .asset))
        }
        let edges = report.paths.map { path in
            let from = principalNode[principalKey(path.principalKind, path.principalID)]!
            let label = path.risk == nil ? path.permissionText : "\(riskMarker) \(path.permissionText)"
            return Edge(from: from, to: assetNode[path.asset]!, label: label, risky: path.risk != nil)
        }
        return AccessGraph(nodes: nodes, edges: edges, summarised: false)
    }

    // MARK: Summarised

    private static func summary(_ report: AccessReport) -> AccessGraph {
        var nodes: [Node] = []
        var nextID = 0
        func add(_ lines: [String], _ kind: NodeKind) -> String {
            nextID += 1
            let id = "g\(nextID)"
            nodes.append(Node(id: id, lines: lines, kind: kind))
            return id
        }

        // Principal groups: admins, members with assignments, partners one by one, other partners.
        let memberPaths = report.paths.filter { $0.principalKind == .member }
        let admins = Set(memberPaths.filter { $0.route == .adminRole }.map { $0.principal.lowercased() })
        let assigned = Set(memberPaths.filter { $0.route == .memberAssignment }.map { $0.principal.lowercased() })
        var principalNode: [String: String] = [:]
        if !admins.isEmpty {
            let id = add(["admins", admins.count.counted("member")], .group)
            for email in admins { principalNode[principalKey(.member, email)] = id }
        }
        let standard = assigned.subtracting(admins)
        var standardNode: String?
        if !standard.isEmpty {
            standardNode = add(["standard members", standard.count.counted("member")], .group)
        }
        let partnerIDs = Set(report.paths.filter { $0.principalKind == .partner }.map(\.principal)).sorted()
        let names = Dictionary(report.paths.compactMap { path in path.principalName.map { (path.principal, $0) } },
                               uniquingKeysWith: { first, _ in first })
        for bcID in partnerIDs.prefix(maxPartnerNodes) {
            principalNode[principalKey(.partner, bcID)] = add((names[bcID].map { [$0] } ?? []) + [bcID, "partner"], .partner)
        }
        if partnerIDs.count > maxPartnerNodes {
            let id = add(["other partners", (partnerIDs.count - maxPartnerNodes).counted("partner")], .group)
            for bcID in partnerIDs.dropFirst(maxPartnerNodes) { principalNode[principalKey(.partner, bcID)] = id }
        }

        // Asset groups: per type, owned first, then those of other Business Centers.
        var assetNode: [AssetRef: String] = [:]
        for owned in [true, false] {
            for type in AssetType.allCases.sorted() {
                let refs = report.assets.filter { $0.owned == owned && $0.ref.type == type }.map(\.ref)
                guard !refs.isEmpty else { continue }
                let id = add([type.rawValue, refs.count.counted("asset") + (owned ? ", owned" : ", of other Business Centers")], .asset)
                for ref in refs { assetNode[ref] = id }
            }
        }

        // One edge per (principal group, asset group, risky), labelled with permission counts.
        struct Pair: Hashable { var from: String; var to: String; var risky: Bool }
        var counts: [Pair: [String: Int]] = [:]
        for path in report.paths {
            // An admin's own assignments stay with the admins (they matter on other BCs' assets).
            let isAdmin = path.principalKind == .member && admins.contains(path.principal.lowercased())
            let from = path.principalKind == .partner || isAdmin
                ? principalNode[principalKey(path.principalKind, path.principalID)]! : standardNode!
            let pair = Pair(from: from, to: assetNode[path.asset]!, risky: path.risk != nil)
            counts[pair, default: [:]][path.permissionText, default: 0] += 1
        }
        let order = Dictionary(nodes.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let edges = counts.keys.sorted {
            (order[$0.from]!, order[$0.to]!, $0.risky ? 1 : 0) < (order[$1.from]!, order[$1.to]!, $1.risky ? 1 : 0)
        }.map { pair in
            let label = counts[pair]!.keys.sorted().map { "\($0) ×\(counts[pair]![$0]!)" }.joined(separator: ", ")
            return Edge(from: pair.from, to: pair.to, label: pair.risky ? "\(riskMarker) \(label)" : label, risky: pair.risky)
        }
        return AccessGraph(nodes: nodes, edges: edges, summarised: true)
    }
}
