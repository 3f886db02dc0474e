/// Turns parse events into a node tree with an explicit stack, enforcing `YAMLLimits`.
final class TreeBuilder {
    private struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var tag: String?
        var anchor: String?
        var items: [YAMLNode] = []
        var pendingKey: YAMLNode?
        /// Nodes in this collection, aliases expanded.
        var size = 1
    }

    private static let coreTags: Set<String> = [
        "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:float", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
    ]

    private let file: String
    private let limits: YAMLLimits
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var expandedNodes = 0
    private var documents = 0
    private(set) var root: YAMLNode?
    /// Problems that do not stop the read (duplicate keys).
    private(set) var problems: [YAMLProblem] = []

    init(file: String, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    /// Takes one event; returns true when the rest of the stream needs no reading.
    func consume(_ event: ParseEvent) throws(YAMLProblem) -> Bool {
        switch event.kind {
        case .streamStart, .documentEnd:
            return false
        case .streamEnd:
            return true
        case .documentStart:
            documents += 1
            if documents > 1 {
                throw YAMLProblem(
                    "the file holds more than one YAML document; a bcplan file is exactly one", at: event.location)
            }
            return false
        case .alias(let anchor):
            guard let target = anchors[anchor] else {
                throw YAMLProblem("alias '*\(anchor)' refers to no anchor defined before it", at: event.location)
            }
            try add(target.node, size: target.size)
        case .scalar(let value, let style, let anchor, let tag):
            try check(tag: tag, at: event.location)
            let node = YAMLNode(kind: .scalar(value, style), location: event.location, tag: tag)
            try add(node, size: 1)
            if let anchor { anchors[anchor] = (node, 1) }
        case .sequenceStart(let anchor, let tag), .mappingStart(let anchor, let tag):
            try check(tag: tag, at: event.location)
            if stack.count >= limits.maxDepth {
                throw YAMLProblem(
                    "nesting deeper than \(limits.maxDepth) levels; a bcplan file needs fewer than 10",
                    at: event.location)
            }
            var isMapping = false
            if case .mappingStart = event.kind { isMapping = true }
            stack.append(Frame(isMapping: isMapping, location: event.location, tag: tag, anchor: anchor))
            try count(1, at: event.location)
        case .sequenceEnd, .mappingEnd:
            let frame = stack.removeLast()
            let node: YAMLNode
            if frame.isMapping {
                node = YAMLNode(kind: .mapping(mergedPairs(frame.items)), location: frame.location, tag: frame.tag)
            } else {
                node = YAMLNode(kind: .sequence(frame.items), location: frame.location, tag: frame.tag)
            }
            // The collection was already counted node by node while it was built.
            attach(node, size: frame.size)
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.size) }
        }
        return false
    }

    private func check(tag: String?, at location: SourceLocation) throws(YAMLProblem) {
        guard let tag, !Self.coreTags.contains(tag) else { return }
        let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
        throw YAMLProblem("unsupported tag '\(shown)'; bcplan files use plain YAML values only", at: location)
    }

    private func count(_ nodes: Int, at location: SourceLocation) throws(YAMLProblem) {
        expandedNodes += nodes
        if expandedNodes > limits.maxNodes {
            throw YAMLProblem(
                "the document expands to more than \(limits.maxNodes) nodes (aliases counted each time they are used); refusing it",
                at: location)
        }
    }

    private func add(_ node: YAMLNode, size: Int) throws(YAMLProblem) {
        try count(size, at: node.location)
        attach(node, size: size)
    }

    /// Puts a finished node into the open collection, or makes it the root.
    private func attach(_ node: YAMLNode, size: Int) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        stack[stack.count - 1].size += size
        if stack[stack.count - 1].isMapping {
            if let key = stack[stack.count - 1].pendingKey {
                stack[stack.count - 1].items.append(key)
                stack[stack.count - 1].items.append(node)
                stack[stack.count - 1].pendingKey = nil
            } else {
                stack[stack.count - 1].pendingKey = node
            }
        } else {
            stack[stack.count - 1].items.append(node)
        }
    }

    /// Pairs a mapping's keys and values, reports duplicate keys, and applies `<<` merge keys
    /// (keys written in the mapping win over merged ones).
    private func mergedPairs(_ items: [YAMLNode]) -> [YAMLPair] {
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity(items.count / 2)
        var seen: [String: SourceLocation] = [:]
        var merges: [YAMLNode] = []
        var index = 0
        while index + 1 < items.count {
            let key = items[index]
            let value = items[index + 1]
            index += 2
            if case .scalar("<<", .plain) = key.kind, key.tag == nil {
                merges.append(value)
                continue
            }
            if let name = key.scalarValue {
                // Most mappings are small: a linear look is cheaper than hashing every key.
                let first = items.count <= 32
                    ? pairs.first(where: { $0.key.scalarValue == name })?.key.location
                    : seen[name]
                if let first {
                    problems.append(YAMLProblem("duplicate key '\(name)' (first defined at \(first))", at: key.location))
                    continue
                }
                if items.count > 32 { seen[name] = key.location }
            }
            pairs.append(YAMLPair(key: key, value: value))
        }
        if !merges.isEmpty, items.count <= 32 {
            for pair in pairs { if let name = pair.key.scalarValue { seen[name] = pair.key.location } }
        }
        for merge in merges {
            let sources: [YAMLNode]
            switch merge.kind {
            case .mapping: sources = [merge]
            case .sequence(let nodes): sources = nodes
            case .scalar: sources = []
            }
            if sources.isEmpty || sources.contains(where: { if case .mapping = $0.kind { false } else { true } }) {
                problems.append(YAMLProblem("a merge key '<<' takes a mapping or a list of mappings", at: merge.location))
                continue
            }
            for source in sources {
                guard case .mapping(let merged) = source.kind else { continue }
                for pair in merged {
                    guard let name = pair.key.scalarValue, seen[name] == nil else { continue }
                    seen[name] = pair.key.location
                    pairs.append(pair)
                }
            }
        }
        return pairs
    }
}
