/// Something wrong with a YAML file, with where it is.
public struct YAMLProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): error: \(message)" }
}

/// The problems that stopped a file from being read; sorted by location.
public struct YAMLParseFailure: Error, Sendable {
    public var problems: [YAMLProblem]

    public init(problems: [YAMLProblem]) {
        self.problems = problems.sorted { $0.location < $1.location }
    }
}
