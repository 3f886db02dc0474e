/// Whether a saved plan still describes the Business Center (DESIGN §5): the config file, the
/// recorded state and every object an action touches must be as they were when it was made.
public enum StalePlanCheck {
    /// Every reason the plan is stale, one sentence each; empty when it is current.
    public static func reasons(
        plan: Plan, configDigest: String, configPath: String, recorded: RecordedState?, live: Snapshot, statePath: String
    ) -> [String] {
        var reasons: [String] = []
        if plan.businessCenter.id != live.businessCenter.id {
            reasons.append("the plan is for Business Center \(plan.businessCenter.id), but \(configPath) declares \(live.businessCenter.id)")
            return reasons
        }
        if plan.configDigest != configDigest {
            reasons.append("\(configPath) was edited since the plan was made (its SHA-256 was \(plan.configDigest.prefix(12))…, now \(configDigest.prefix(12))…)")
        }
        let lineage = recorded?.lineage
        let serial = recorded?.serial ?? 0
        if lineage != plan.stateLineage || serial != plan.stateSerial {
            let then = plan.stateLineage.map { "lineage \($0.prefix(8))…, serial \(plan.stateSerial)" } ?? "no state"
            let now = lineage.map { "lineage \($0.prefix(8))…, serial \(serial)" } ?? "no state"
            reasons.append("\(statePath) was written since the plan was made (\(then) then, \(now) now): another apply or refresh ran")
        }
        if !plan.actions.isEmpty, plan.fingerprints.isEmpty {
            reasons.append("the plan records no fingerprints of the objects it touches (it was made by an older bcplan)")
        }
        let current = PlanFingerprints.compute(for: plan.actions, in: live)
        for key in plan.fingerprints.keys.sorted() where current[key] != plan.fingerprints[key] {
            let was = plan.fingerprints[key] == PlanFingerprints.absent ? "absent then" : nil
            let now = current[key] == PlanFingerprints.absent ? "gone now" : nil
            let detail = [was, now].compactMap { $0 }.joined(separator: ", ")
            reasons.append("\(key.split(separator: ":").joined(separator: " ")) changed in the Business Center since the plan was made\(detail.isEmpty ? "" : " (\(detail))")")
        }
        return reasons
    }
}
