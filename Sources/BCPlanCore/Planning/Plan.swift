/// The result of planning: ordered actions, drift, and diagnostics (DESIGN §4).
public struct Plan: Sendable, Hashable {
    public var businessCenter: BusinessCenterInfo
    /// The config file as the user named it, and the SHA-256 of its bytes.
    public var configPath: String
    public var configDigest: String
    public var stateLineage: String?
    public var stateSerial: Int
    /// In execution order: a topological order of `dependsOn`, earlier phases first, then by id (`PlanOrder`).
    public var actions: [PlanAction]
    /// Sorted by object.
    public var drift: [DriftEntry]
    /// Sorted for display; errors mean the plan must not be applied.
    public var diagnostics: [Diagnostic]
    /// The digest of every object an action touches, as planned against (`PlanFingerprints`).
    public var fingerprints: [String: String]

    public init(
        businessCenter: BusinessCenterInfo, configPath: String, configDigest: String, stateLineage: String?,
        stateSerial: Int, actions: [PlanAction], drift: [DriftEntry], diagnostics: [Diagnostic],
        fingerprints: [String: String] = [:]
    ) {
        self.businessCenter = businessCenter
        self.configPath = configPath
        self.configDigest = configDigest
        self.stateLineage = stateLineage
        self.stateSerial = stateSerial
        self.actions = actions
        self.drift = drift
        self.diagnostics = diagnostics
        self.fingerprints = fingerprints
    }

    public var hasErrors: Bool { diagnostics.hasErrors }
    public var hasChanges: Bool { !actions.isEmpty }

    /// Action counts by kind, only kinds that occur, in `ActionKind` order.
    public var counts: [(kind: ActionKind, count: Int)] {
        ActionKind.allCases.compactMap { kind in
            let count = actions.filter { $0.kind == kind }.count
            return count > 0 ? (kind, count) : nil
        }
    }

    /// "Plan: 2 to invite, 1 to share." or "No changes."
    public var summaryLine: String {
        guard hasChanges else {
            // Claim a match only when nothing is wrong and nothing waits.
            let clean = !diagnostics.contains { $0.severity == .error || $0.severity == .info }
            return clean ? "No changes. The Business Center matches the configuration." : "No changes."
        }
        return "Plan: " + counts.map { $0.kind.summaryPhrase($0.count) }.joined(separator: ", ") + "."
    }
}
