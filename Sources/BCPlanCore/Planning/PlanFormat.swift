/// How `plan` and `show` print a plan.
public enum PlanFormat: String, Sendable, CaseIterable {
    case text
    case json
    case markdown
}
