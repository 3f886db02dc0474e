import BCPlanYAML

/// The pairs of one YAML mapping that passed `ObjectSchema` checks, looked up by key.
///
/// A view over the mapping's own pairs: unknown and non-string keys were already reported and are
/// never asked for, so nothing is copied.
struct MappingFields {
    var location: SourceLocation
    private let pairs: [YAMLPair]

    init(location: SourceLocation, pairs: [YAMLPair] = []) {
        self.location = location
        self.pairs = pairs
    }

    subscript(key: String) -> YAMLNode? {
        for pair in pairs {
            if case .scalar(let name, _) = pair.key.kind, name == key { return pair.value }
        }
        return nil
    }

    /// Keys and values in the order written, for checks that look at every key.
    var entries: [(key: String, value: YAMLNode)] {
        pairs.compactMap { pair in
            guard case .scalar(let name, _) = pair.key.kind else { return nil }
            return (name, pair.value)
        }
    }
}
