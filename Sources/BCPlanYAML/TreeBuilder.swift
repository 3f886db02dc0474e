/// Turns parse events into a node tree with an explicit stack, enforcing `YAMLLimits`.
///
/// A struct, not a class: its stack is touched for every event, and a class property would pay a
/// dynamic exclusivity check on each access.
struct TreeBuilder {
    private struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var tag: String?
        var anchor: String?
        /// A sequence's items.
        var items: [YAMLNode] = []
        /// A mapping's pairs, duplicates and merge keys left out.
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        /// `<<` values, applied when the mapping ends.
        var merges: [YAMLNode] = []
        /// Key positions by name, kept only once a mapping is too large for a linear look.
        var keyIndex: [String: SourceLocation] = [:]
        /// Nodes in this collection, aliases expanded.
        var size = 1
    }

    /// Up to this many pairs a duplicate key is found by a linear look, cheaper than hashing.
    private static let linearLookLimit = 16

    private static let coreTags: Set<String> = [
        "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:float", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
    ]

    private let limits: YAMLLimits
    /// The collections enclosing `current`, outermost first.
    private var parents: [Frame] = []
    /// The collection being built, kept out of `parents` so attaching a node never copies a frame.
    /// At the bottom is a sentinel sequence that receives the root.
    private var current = Frame(isMapping: false, location: SourceLocation(file: "", line: 1, column: 1))
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var expandedNodes = 0
    private var documents = 0
    var root: YAMLNode? { parents.isEmpty ? current.items.first : nil }
    /// Problems that do not stop the read (duplicate keys).
    private(set) var problems: [YAMLProblem] = []

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    /// Takes one event; returns true when the rest of the stream needs no reading.
    mutating func consume(_ event: ParseEvent) throws(YAMLProblem) -> Bool {
        switch event.kind {
        case .streamStart, .documentEnd:
            return false
        case .streamEnd:
            return true
        case .documentStart:
            documents += 1
            if documents > 1 {
                throw YAMLProblem(.moreThanOneDocument, at: event.location)
            }
            return false
        case .alias(let anchor):
            guard let target = anchors[anchor] else {
                throw YAMLProblem(.undefinedAlias(anchor), at: event.location)
            }
            try count(target.size, at: event.location)
            attach(target.node, size: target.size)
        case .scalar(let value, let style, let anchor, let tag):
            if tag != nil { try check(tag: tag, at: event.location) }
            let node = YAMLNode(kind: .scalar(value, style), location: event.location, tag: tag)
            try count(1, at: event.location)
            attach(node, size: 1)
            if let anchor { anchors[anchor] = (node, 1) }
        case .sequenceStart(let anchor, let tag), .mappingStart(let anchor, let tag):
            if tag != nil { try check(tag: tag, at: event.location) }
            if parents.count >= limits.maxDepth {
                throw YAMLProblem(.tooDeep(limit: limits.maxDepth), at: event.location)
            }
            var isMapping = false
            if case .mappingStart = event.kind { isMapping = true }
            parents.append(current)
            current = Frame(isMapping: isMapping, location: event.location, tag: tag, anchor: anchor)
            try count(1, at: event.location)
        case .sequenceEnd, .mappingEnd:
            var frame = current
            current = parents.removeLast()
            let node: YAMLNode
            if frame.isMapping {
                applyMerges(&frame)
                node = YAMLNode(kind: .mapping(frame.pairs), location: frame.location, tag: frame.tag)
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
        throw YAMLProblem(.unsupportedTag(shown), at: location)
    }

    private mutating func count(_ nodes: Int, at location: SourceLocation) throws(YAMLProblem) {
        expandedNodes += nodes
        if expandedNodes > limits.maxNodes {
            throw YAMLProblem(.tooManyNodes(limit: limits.maxNodes), at: location)
        }
    }

    /// Puts a finished node into the open collection, or makes it the root.
    private mutating func attach(_ node: YAMLNode, size: Int) {
        current.size += size
        guard current.isMapping else {
            current.items.append(node)
            return
        }
        guard let key = current.pendingKey else {
            current.pendingKey = node
            return
        }
        current.pendingKey = nil
        if case .scalar("<<", .plain) = key.kind, key.tag == nil {
            current.merges.append(node)
            return
        }
        if case .scalar(let name, _) = key.kind {
            if let first = firstLocationInCurrent(of: name) {
                problems.append(YAMLProblem(.duplicateKey(name, first: first), at: key.location))
                return
            }
            if current.pairs.count >= Self.linearLookLimit {
                if current.keyIndex.isEmpty {
                    for pair in current.pairs {
                        if case .scalar(let existing, _) = pair.key.kind { current.keyIndex[existing] = pair.key.location }
                    }
                }
                current.keyIndex[name] = key.location
            }
        }
        // Most mappings of a config hold two to four pairs: one allocation instead of three.
        if current.pairs.isEmpty { current.pairs.reserveCapacity(4) }
        current.pairs.append(YAMLPair(key: key, value: node))
    }

    private func firstLocationInCurrent(of name: String) -> SourceLocation? {
        if current.pairs.count < Self.linearLookLimit {
            for pair in current.pairs {
                if case .scalar(let existing, _) = pair.key.kind, existing == name { return pair.key.location }
            }
            return nil
        }
        return current.keyIndex[name]
    }

    /// Applies `<<` merge keys: keys written in the mapping win over merged ones.
    private mutating func applyMerges(_ frame: inout Frame) {
        for merge in frame.merges {
            let sources: [YAMLNode]
            switch merge.kind {
            case .mapping: sources = [merge]
            case .sequence(let nodes): sources = nodes
            case .scalar: sources = []
            }
            if sources.isEmpty || sources.contains(where: { if case .mapping = $0.kind { false } else { true } }) {
                problems.append(YAMLProblem(.mergeKeyNotMapping, at: merge.location))
                continue
            }
            for source in sources {
                guard case .mapping(let merged) = source.kind else { continue }
                for pair in merged {
                    guard let name = pair.key.scalarValue,
                          !frame.pairs.contains(where: { $0.key.scalarValue == name }) else { continue }
                    frame.pairs.append(pair)
                }
            }
        }
    }
}
