import Foundation

/// `bcplan apply` end to end, without the command line (DESIGN §5): lock the state, take a saved
/// plan (refusing a stale one) or plan afresh and ask for approval, then execute, recording the
/// state after every action and each outcome in the audit log.
public enum ApplySession {
    public struct Request: Sendable {
        /// `-c` as given; nil: the saved plan's config, else `bcplan.yaml`.
        public var configPath: String?
        /// A plan from `plan --out`; nil: plan afresh.
        public var planPath: String?
        public var autoApprove: Bool
        public var parallelism: Int
        public var allowMassRevoke: Bool
        /// Seconds to wait for another run's lock.
        public var lockTimeout: Double
        public var environment: [String: String]
        /// Stops the run gracefully once requested (the first SIGINT or SIGTERM): before the first
        /// action nothing is done at all; after it, what is in flight finishes and is recorded.
        public var stop: StopRequest

        public init(
            configPath: String? = nil, planPath: String? = nil, autoApprove: Bool = false, parallelism: Int = 4,
            allowMassRevoke: Bool = false, lockTimeout: Double = 0,
            environment: [String: String] = ProcessInfo.processInfo.environment, stop: StopRequest = StopRequest()
        ) {
            self.configPath = configPath
            self.planPath = planPath
            self.autoApprove = autoApprove
            self.parallelism = parallelism
            self.allowMassRevoke = allowMassRevoke
            self.lockTimeout = lockTimeout
            self.environment = environment
            self.stop = stop
        }
    }

    /// Runs the apply; the report says what was done. Throws when nothing was attempted (an
    /// invalid config, a held lock, a stale plan, no approval, a stop before the first action).
    public static func run(_ request: Request, console: ApplyConsole) async throws(CommandFailure) -> ApplyReport {
        let stop = request.stop
        /// Before the first write a stop ends the run with nothing done (the lock is released on the way out).
        func stopIfRequested() throws(CommandFailure) {
            if let signal = stop.signal { throw interruptedBeforeApplying(signal) }
        }
        if let planPath = request.planPath, ConfigDirectory.isDirectory(planPath) {
            throw .usage("\(planPath) is a directory of plans; give the directory of configs they were made from too: bcplan apply \(planPath) -c DIR")
        }
        // A saved plan was reviewed already; a fresh one needs someone to say yes.
        if request.planPath == nil, !request.autoApprove, !console.canAsk {
            throw .usage("apply needs approval, and there is no terminal to ask on; review the plan (bcplan plan) and run bcplan apply --auto-approve, or apply a saved plan: bcplan plan --out plan.json, then bcplan apply plan.json")
        }
        let saved = try request.planPath.map { path throws(CommandFailure) in try SavedPlan.load(path) }
        let configPath = request.configPath ?? saved?.configPath ?? "bcplan.yaml"
        let context = try SessionContext(configPath: configPath, environment: request.environment)
        let config = context.config
        // Nothing else runs yet while the lock is waited for.
        let writer: any StateWriter
        do {
            writer = try context.lock("apply", timeout: request.lockTimeout, stop: stop, notice: { console.notice($0 + "\n") })
        } catch {
            try stopIfRequested()
            throw error
        }
        defer { writer.release() }
        let recorded = writer.recorded
        try stopIfRequested()
        let live = try await context.live()
        try stopIfRequested()
        // A log that disagrees with itself or with the state is refused before anything is asked or done.
        let verification: AuditVerification?
        do {
            verification = try context.store.verifyAudit(expectedHead: recorded?.auditHead)
        } catch {
            throw .error("\(error); nothing was applied")
        }
        if let verification, !verification.intact { throw .error("\(verification); nothing was applied") }
        let configDigest = context.configDigest
        let now = context.now
        let plan: Plan
        if let saved {
            let reasons = StalePlanCheck.reasons(
                plan: saved, configDigest: configDigest, configPath: configPath, recorded: recorded, live: live,
                statePath: config.state.description)
            guard reasons.isEmpty else {
                throw CommandFailure(
                    "error: the saved plan \(request.planPath!) is stale; nothing was changed:\n"
                        + reasons.map { "  - \($0)\n" }.joined()
                        + "Make a new plan (bcplan plan --out \(request.planPath!)), review it, and apply that.")
            }
            guard !saved.hasErrors else { throw CommandFailure(PlanRendering.errorLines(saved)) }
            try refuseWithoutWriteAccess(saved, provider: context.provider)
            plan = saved
        } else {
            plan = Planner.plan(
                config: config, configDigest: configDigest, recorded: recorded, live: live,
                options: PlanOptions(now: now, allowMassRevoke: request.allowMassRevoke, capabilities: context.provider.capabilities))
            try refuseWithoutWriteAccess(plan, provider: context.provider)
            console.output(TextPlanRenderer(color: console.color).render(plan))
            guard !plan.hasErrors else { throw CommandFailure(PlanRendering.errorLines(plan, shownWithThePlan: true)) }
            if plan.hasChanges, !request.autoApprove {
                console.output("\n")
                // The plan went to standard output; when that is not the terminal (a pipe, a file),
                // the question says what it approves.
                let context = console.isTerminal ? "" : "\(plan.summaryLine) (the plan is on standard output)\n"
                let answer = console.ask(context + "Do you want to perform these actions? Only 'yes' will be accepted to approve.\n  Enter a value: ")
                try stopIfRequested()
                guard answer?.trimmingCharacters(in: .whitespaces) == "yes" else {
                    throw CommandFailure("Apply cancelled; nothing was changed.")
                }
            }
        }
        let recorder = StateRecorder(
            writer: writer, base: RecordedState.carryingInvitations(from: recorded?.snapshot, into: live),
            now: Clock.format(now), operation: "apply", actor: context.actor)
        let provider = context.provider
        try stopIfRequested()
        var report = try await execute(
            plan, recorder: recorder, provider: provider, minAdmins: config.policy.minAdmins, now: now,
            parallelism: request.parallelism, environment: request.environment, console: console, stop: stop)
        report.config = configPath
        report.savedPlan = request.planPath
        return report
    }

    /// A stop that came before anything was applied: nothing was changed, and the exit code is the signal's.
    static func interruptedBeforeApplying(_ signal: StopSignal) -> CommandFailure {
        CommandFailure("Interrupted by \(signal.name) before anything was applied; nothing was changed.", exitCode: signal.exitCode)
    }

    /// Changes the provider's credentials cannot make are refused before anything is asked or done.
    private static func refuseWithoutWriteAccess(_ plan: Plan, provider: any Provider) throws(CommandFailure) {
        if plan.hasChanges, let refusal = provider.writeRefusal { throw .error("\(refusal); nothing was applied") }
    }

    private static func execute(
        _ plan: Plan, recorder: StateRecorder, provider: some Provider, minAdmins: Int, now: Date,
        parallelism: Int, environment: [String: String], console: ApplyConsole, stop: StopRequest
    ) async throws(CommandFailure) -> ApplyReport {
        do {
            // Before the first action: a state that cannot be written stops the run here.
            try recorder.begin()
        } catch {
            throw .error("cannot write the state, so nothing was applied: \(error)")
        }
        let recording = ApplyRecording(recorder: recorder, actor: recorder.actor, environment: environment, now: now)
        let progress = ApplyProgress(total: plan.actions.count, console: console, businessCenterID: plan.businessCenter.id)
        var report = await Executor(parallelism: parallelism, minAdmins: minAdmins).run(
            plan.actions, provider: provider, base: recorder.base, stop: stop,
            onStart: { progress.started($0) },
            onStop: { progress.stopping($0, inFlight: $1) },
            onOutcome: { outcome in
                progress.finished(outcome)
                return recording.record(outcome)
            })
        progress.end()
        if let notice = provider.finish() { console.notice(notice + "\n") }
        if let notice = recording.finish() { console.notice(notice + "\n") }
        report.businessCenterID = plan.businessCenter.id
        report.businessCenterName = plan.businessCenter.name
        report.stopReason = recording.stopReason
        return report
    }
}
