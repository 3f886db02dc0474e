/// The outcome of an apply, action by action, and how to say it.
public struct ApplyReport: Sendable {
    /// In plan order.
    public var outcomes: [ActionOutcome]
    /// Provider calls made (batches count once, retries each time).
    public var calls: Int
    /// For wording transfers ("this Business Center").
    public var businessCenterID: String
    /// Why the run stopped before its end (a state write failed, the lock was taken over); the
    /// outcomes that were in flight then are in `outcomes`, but possibly not in the state.
    public var stopReason: String?

    public init(outcomes: [ActionOutcome], calls: Int, businessCenterID: String = "") {
        self.outcomes = outcomes
        self.calls = calls
        self.businessCenterID = businessCenterID
    }

    /// What did not get done, then the summary line.
    public var text: String {
        "\n" + details + (stopReason.map { "The run stopped: \(TextPlanRenderer.clean($0)).\n\n" } ?? "") + summaryLine + "\n"
    }

    public func count(_ result: ActionOutcome.Result) -> Int { outcomes.filter { $0.result == result }.count }

    /// True when everything that could be done was done (manual steps aside).
    public var succeeded: Bool { count(.failed) == 0 && count(.skipped) == 0 && stopReason == nil }

    /// "Apply complete: 118 done, 1 failed, 1 skipped." (only the parts that occur).
    public var summaryLine: String {
        guard !outcomes.isEmpty else { return "Apply complete: no changes." }
        var parts = ["\(count(.succeeded)) done"]
        if count(.failed) > 0 { parts.append("\(count(.failed)) failed") }
        if count(.skipped) > 0 { parts.append("\(count(.skipped)) skipped") }
        if count(.manual) > 0 { parts.append("\(count(.manual)) left for a person") }
        let verb = succeeded ? "Apply complete" : "Apply incomplete"
        return "\(verb): " + parts.joined(separator: ", ") + " (\(calls) provider call\(calls == 1 ? "" : "s"))."
    }

    /// The per-action report of what did not get done, for the end of the run.
    public var details: String {
        var out = ""
        func section(_ title: String, _ result: ActionOutcome.Result, steps: Bool = false) {
            let chosen = outcomes.filter { $0.result == result }
            guard !chosen.isEmpty else { return }
            out += title + "\n"
            for outcome in chosen {
                let headline = ActionHeadline(outcome.action, businessCenterID: businessCenterID, escape: TextPlanRenderer.clean)
                out += "  \(outcome.action.kind.symbol) \(headline.text)\n"
                if let message = outcome.message, !steps { out += "      " + TextPlanRenderer.clean(message) + "\n" }
                if let request = outcome.requestID { out += "      request: \(TextPlanRenderer.clean(request))\n" }
                if steps, let manual = outcome.action.manual {
                    for (number, step) in manual.steps.enumerated() { out += "      \(number + 1). \(TextPlanRenderer.clean(step))\n" }
                }
            }
            out += "\n"
        }
        section("Failed:", .failed)
        section("Skipped:", .skipped)
        section("Left for a person (the provider cannot do these):", .manual, steps: true)
        return out
    }
}
