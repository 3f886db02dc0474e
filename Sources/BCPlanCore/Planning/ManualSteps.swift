/// What a person must do for an action the provider cannot perform.
public struct ManualSteps: Sendable, Hashable, Codable {
    public var steps: [String]

    public init(steps: [String]) {
        self.steps = steps
    }
}
