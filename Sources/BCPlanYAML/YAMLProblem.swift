/// Something wrong with a YAML file, with where it is.
public struct YAMLProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: YAMLMessage
    public var location: SourceLocation

    public init(_ reason: YAMLMessage, at location: SourceLocation) {
        self.reason = reason
        self.location = location
    }

    /// The sentence printed after `error:`.
    public var message: String { reason.description }

    /// The stable identifier of the problem (`YAMLMessage.code`).
    public var code: String { reason.code }

    public var description: String { "\(location): error: \(message)" }
}

/// The problems that stopped a file from being read; sorted by location.
public struct YAMLParseFailure: Error, Sendable {
    public var problems: [YAMLProblem]

    public init(problems: [YAMLProblem]) {
        self.problems = problems.sorted { $0.location < $1.location }
    }
}
