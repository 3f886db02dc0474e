import BCPlanYAML

/// Computes the plan: a pure function of (config, recorded state, live state, now, policy).
public enum Planner {
    public static func plan(
        config: Config, configDigest: String, recorded: RecordedState?, live: Snapshot, options: PlanOptions
    ) -> Plan {
        var builder = PlanBuilder(config: config, recorded: recorded, live: live, options: options)
        builder.planAssets()
        builder.planMembers()
        builder.planPartners()
        builder.checkExpiries()
        let actions = PlanOrder(standings: builder.standings, minAdmins: config.policy.minAdmins).ordered(builder.actions)
        builder.checkPolicy(actions)
        builder.acknowledgeWarnings()
        return Plan(
            businessCenter: BusinessCenterInfo(id: config.businessCenterID, name: config.businessCenterName ?? live.businessCenter.name),
            configPath: config.path, configDigest: configDigest, stateLineage: recorded?.lineage,
            stateSerial: recorded?.serial ?? 0, actions: actions,
            drift: recorded.map { DriftDetector.drift(recorded: $0.snapshot, live: live) } ?? [],
            diagnostics: builder.diagnostics.sortedForDisplay(),
            fingerprints: PlanFingerprints.compute(for: actions, in: live))
    }
}
