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

    /// One line per error of the plan, then why nothing may be applied.
    public static func errorLines(_ plan: Plan) -> String {
        let errors = plan.diagnostics.filter { $0.severity == .error }
        return errors.map { $0.description + "\n" }.joined()
            + "error: the plan breaks \(errors.count == 1 ? "a rule" : "\(errors.count) rules") above; nothing may be applied\n"
    }
}
