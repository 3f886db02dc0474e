/// Shows an apply as it runs (DESIGN §5): on a terminal one live line, `[ 37/120] share …`, with
/// failures kept above it; otherwise one line per finished action, for logs.
final class ApplyProgress {
    private let total: Int
    private let console: ApplyConsole
    private let businessCenterID: String
    private var finished = 0
    private var live = false

    init(total: Int, console: ApplyConsole, businessCenterID: String) {
        self.total = total
        self.console = console
        self.businessCenterID = businessCenterID
    }

    func started(_ action: PlanAction) {
        guard console.isTerminal else { return }
        draw("\(counter(finished)) \(describe(action)) …")
    }

    func finished(_ outcome: ActionOutcome) {
        finished += 1
        let word: String
        switch outcome.result {
        case .succeeded: word = "done   "
        case .failed: word = "FAILED "
        case .skipped: word = "skipped"
        case .manual: word = "manual "
        }
        var line = "\(counter(finished)) \(word) \(describe(outcome.action))"
        if let request = outcome.requestID { line += " (\(TextPlanRenderer.clean(request)))" }
        if outcome.result == .failed, let message = outcome.message { line += ": " + TextPlanRenderer.clean(message) }
        guard console.isTerminal else {
            console.output(line + "\n")
            return
        }
        if outcome.result == .failed {
            clear()
            console.output(line + "\n")
        }
        draw("\(counter(finished)) \(word) \(describe(outcome.action))")
    }

    /// The run noticed a stop: says so above the live line, with what it still waits for.
    func stopping(_ signal: StopSignal, inFlight: Int) {
        clear()
        let waiting = inFlight == 0 ? "nothing is in flight"
            : "waiting for \(inFlight.counted("call")) in flight (up to \(Executor.interruptGrace.components.seconds) s)"
        console.output("\(counter(finished)) stopping: \(signal.name) received; no new action starts, \(waiting)\n")
    }

    /// Ends the live line so what follows starts on a clean one.
    func end() {
        clear()
    }

    private func counter(_ count: Int) -> String {
        let width = String(total).count
        let text = String(count)
        return "[" + String(repeating: " ", count: max(0, width - text.count)) + text + "/\(total)]"
    }

    private func describe(_ action: PlanAction) -> String {
        "\(action.kind.rawValue) " + ActionHeadline(action, businessCenterID: businessCenterID, escape: TextPlanRenderer.clean).compact
    }

    private func draw(_ text: String) {
        console.output("\r\u{1B}[2K" + String(text.prefix(160)))
        live = true
    }

    private func clear() {
        guard live else { return }
        console.output("\r\u{1B}[2K")
        live = false
    }
}
