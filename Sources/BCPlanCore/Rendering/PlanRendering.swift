/// Picks a renderer for a format, and words plan errors for stderr.
public enum PlanRendering {
    /// Colour only for text on a terminal (`ColorChoice`).
    public static func renderer(_ format: PlanFormat, terminal: Bool, environment: [String: String]) -> PlanRenderer {
        switch format {
        case .json: JSONPlanRenderer()
        case .markdown: MarkdownPlanRenderer()
        case .text: TextPlanRenderer(color: ColorChoice.wanted(onTerminal: terminal, environment: environment))
        }
    }

    /// What standard error says about a plan with errors: one line per error, then why nothing
    /// may be applied. When the text plan just printed holds the errors (`shownWithThePlan`),
    /// only the last line, so a terminal shows each error once.
    public static func errorLines(_ plan: Plan, shownWithThePlan: Bool = false) -> String {
        let errors = plan.diagnostics.filter { $0.severity == .error }
        let rules = errors.count == 1 ? "a rule" : "\(errors.count) rules"
        if shownWithThePlan { return "error: the plan breaks \(rules), shown with it; nothing may be applied\n" }
        return errors.map { $0.description + "\n" }.joined() + "error: the plan breaks \(rules) above; nothing may be applied\n"
    }
}
