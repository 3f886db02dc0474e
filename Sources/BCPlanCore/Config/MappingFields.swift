import BCPlanYAML

/// The keys of one YAML mapping that passed `ObjectSchema` checks, in the order written.
struct MappingFields {
    var location: SourceLocation
    private(set) var entries: [(key: String, value: YAMLNode)] = []

    init(location: SourceLocation) {
        self.location = location
    }

    mutating func append(_ key: String, _ value: YAMLNode) { entries.append((key, value)) }

    subscript(key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }
}
