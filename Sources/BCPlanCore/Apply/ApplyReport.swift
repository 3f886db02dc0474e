/// The outcome of an apply, action by action, and how to say it.
public struct ApplyReport: Sendable {
    /// How a stop by a signal ended the run.
    public struct Interruption: Sendable, Hashable {
        public var signal: StopSignal
        /// Calls still running when the grace period ended, and so cancelled.
        public var cancelledCalls: Int

        public init(signal: StopSignal, cancelledCalls: Int = 0) {
            self.signal = signal
            self.cancelledCalls = cancelledCalls
        }
    }

    /// In plan order: every action that ran or was settled (after an interruption, not those
    /// that never started).
    public var outcomes: [ActionOutcome]
    /// Provider calls made (batches count once, retries each time).
    public var calls: Int
    /// For wording transfers ("this Business Center").
    public var businessCenterID: String
    public var businessCenterName: String?
    /// The config as given (joined to the directory with `-c DIR`), for the JSON document.
    public var config = ""
    /// The saved plan applied; nil when the plan was made afresh.
    public var savedPlan: String?
    /// Why the run stopped before its end (a state write failed, the lock was taken over); the
    /// outcomes that were in flight then are in `outcomes`, but possibly not in the state.
    public var stopReason: String?
    /// Set when a signal stopped the run.
    public var interruption: Interruption?
    /// Actions that never started because a signal stopped the run, in plan order: neither
    /// recorded nor in the audit log; the next plan has them again.
    public var notStarted: [PlanAction] = []

    public init(outcomes: [ActionOutcome], calls: Int, businessCenterID: String = "") {
        self.outcomes = outcomes
        self.calls = calls
        self.businessCenterID = businessCenterID
    }

    /// What did not get done, then the summary line.
    public var text: String {
        "\n" + details + (stopReason.map { "The run stopped: \(TextPlanRenderer.clean($0)).\n\n" } ?? "")
            + (interruption.map { interruptionText($0) + "\n\n" } ?? "") + summaryLine + "\n"
    }

    public func count(_ result: ActionOutcome.Result) -> Int { outcomes.filter { $0.result == result }.count }

    /// True when everything that could be done was done (manual steps aside).
    public var succeeded: Bool { count(.failed) == 0 && count(.skipped) == 0 && stopReason == nil && interruption == nil }

    /// 0 when everything was done; 130 / 143 when a signal stopped the run; 1 otherwise.
    public var exitCode: Int32 {
        if let interruption { return interruption.signal.exitCode }
        return succeeded ? ExitStatus.success : ExitStatus.failure
    }

    /// "Apply complete: 118 done, 1 failed, 1 skipped." (only the parts that occur).
    public var summaryLine: String {
        guard !outcomes.isEmpty || !notStarted.isEmpty else { return "Apply complete: no changes." }
        var parts = ["\(count(.succeeded)) done"]
        if count(.failed) > 0 { parts.append("\(count(.failed)) failed") }
        if count(.skipped) > 0 { parts.append("\(count(.skipped)) skipped") }
        if count(.manual) > 0 { parts.append("\(count(.manual)) left for a person") }
        if !notStarted.isEmpty { parts.append("\(notStarted.count) not started") }
        let verb = interruption.map { "Apply interrupted by \($0.signal.name)" } ?? (succeeded ? "Apply complete" : "Apply incomplete")
        return "\(verb): " + parts.joined(separator: ", ") + " (\(calls) provider call\(calls == 1 ? "" : "s"))."
    }

    /// What the signal did to the run, in a sentence or two.
    private func interruptionText(_ interruption: Interruption) -> String {
        var text = "Interrupted by \(interruption.signal.name): no new action started"
        if interruption.cancelledCalls > 0 {
            text += "; \(interruption.cancelledCalls.counted("call")) still running after \(Executor.interruptGrace.components.seconds) s "
                + "\(interruption.cancelledCalls == 1 ? "was" : "were") cancelled (see Failed above)"
        } else {
            text += ", and what was in flight finished"
        }
        text += ". What was done is recorded in the state and the audit log, and the lock is released."
        if !notStarted.isEmpty { text += " Run bcplan apply again to do the rest." }
        return text
    }

    /// The per-action report of what did not get done, for the end of the run.
    public var details: String {
        var out = ""
        func section(_ title: String, _ actions: [PlanAction], message: (Int) -> String?, request: (Int) -> String?, steps: Bool) {
            guard !actions.isEmpty else { return }
            out += title + "\n"
            for (index, action) in actions.enumerated() {
                let headline = ActionHeadline(action, businessCenterID: businessCenterID, escape: TextPlanRenderer.clean)
                out += "  \(headline.symbol) \(headline.text)\n"
                if let message = message(index), !steps { out += "      " + TextPlanRenderer.clean(message) + "\n" }
                if let request = request(index) { out += "      request: \(TextPlanRenderer.clean(request))\n" }
                if steps, let manual = action.manual {
                    for (number, step) in manual.steps.enumerated() { out += "      \(number + 1). \(TextPlanRenderer.clean(step))\n" }
                }
            }
            out += "\n"
        }
        func outcomes(_ title: String, _ result: ActionOutcome.Result, steps: Bool = false) {
            let chosen = self.outcomes.filter { $0.result == result }
            section(title, chosen.map(\.action), message: { chosen[$0].message }, request: { chosen[$0].requestID }, steps: steps)
        }
        outcomes("Failed:", .failed)
        outcomes("Skipped:", .skipped)
        outcomes("Left for a person (the provider cannot do these):", .manual, steps: true)
        section("Not started (the run was interrupted; the next apply does them):", notStarted,
                message: { _ in nil }, request: { _ in nil }, steps: false)
        return out
    }

    /// One entry of `ApplyDocument`'s `applies`: every outcome, what never started, the calls,
    /// the counts, why the run stopped early and the exit code.
    public var json: JSONValue {
        .object([
            "config": .string(config),
            "business_center": OutputDocument.businessCenter(id: businessCenterID, name: businessCenterName),
            "saved_plan": savedPlan.map(JSONValue.string) ?? .null,
            "outcomes": .array(outcomes.map { outcome in
                var fields = Self.subject(of: outcome.action)
                fields["result"] = .string(outcome.result.rawValue)
                fields["message"] = outcome.message.map(JSONValue.string) ?? .null
                fields["request_id"] = outcome.requestID.map(JSONValue.string) ?? .null
                fields["attempts"] = .int(outcome.attempts)
                fields["batch_size"] = .int(outcome.batchSize)
                fields["manual"] = outcome.result == .manual ? outcome.action.json["manual"] ?? .null : .null
                return .object(fields)
            }),
            "not_started": .array(notStarted.map { .object(Self.subject(of: $0)) }),
            "calls": .int(calls),
            "summary": .object([
                "succeeded": .int(count(.succeeded)), "failed": .int(count(.failed)), "skipped": .int(count(.skipped)),
                "manual": .int(count(.manual)), "not_started": .int(notStarted.count),
            ]),
            "stop_reason": stopReason.map(JSONValue.string) ?? .null,
            "interrupted": interruption.map { interruption in
                .object(["signal": .string(interruption.signal.name), "cancelled_calls": .int(interruption.cancelledCalls)])
            } ?? .null,
            "exit_code": .int(Int(exitCode)),
        ])
    }

    /// What an action is and whom it touches, as the plan's JSON says it.
    private static func subject(of action: PlanAction) -> [String: JSONValue] {
        let plan = action.json
        var fields: [String: JSONValue] = [:]
        for key in ["id", "kind", "member", "partner", "partner_name", "asset"] { fields[key] = plan[key] ?? .null }
        return fields
    }
}
