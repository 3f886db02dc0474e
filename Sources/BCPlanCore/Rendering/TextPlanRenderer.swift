/// The plan as people read it in a terminal, in the manner of Terraform: drift, then each action
/// with its symbol and details, then diagnostics and the summary line.
///
/// Colour (ANSI SGR) only when `color` is true; without it the output holds no escape byte at all,
/// and control characters in names, reasons or messages are always shown as `\u{…}` so that nothing
/// taken from the config or the platform can drive the terminal.
public struct TextPlanRenderer: PlanRenderer {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    public func render(_ plan: Plan) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }

        if !plan.drift.isEmpty {
            line("Drift: the Business Center changed since the state was recorded (by hand, or by an apply that was interrupted):")
            for entry in plan.drift { line("  " + paint(Self.symbol(of: entry)) + " " + Self.clean(Self.words(of: entry))) }
            line()
        }

        if !plan.actions.isEmpty {
            line("bcplan will perform these actions, in this order:")
            line()
            for action in plan.actions {
                let headline = ActionHeadline(action, businessCenterID: plan.businessCenter.id)
                line("  " + paint(headline.symbol) + " " + Self.clean(headline.text))
                for detail in Self.details(of: action) { line("      " + Self.clean(detail)) }
                line()
            }
        }

        let diagnostics = plan.diagnostics.sortedForDisplay()
        for diagnostic in diagnostics { line(render(diagnostic)) }
        if !diagnostics.isEmpty { line() }

        line(style(Self.bold, Self.clean(plan.summaryLine)))
        if plan.hasErrors { line(style(Self.red, "The plan has errors and cannot be applied.")) }
        return out
    }

    /// The indented lines under an action's headline, without indentation.
    static func details(of action: PlanAction) -> [String] {
        var lines = ["reason: " + action.reason]
        if let source = action.source { lines.append("source: " + source) }
        if !action.dependsOn.isEmpty { lines.append("depends on: " + action.dependsOn.joined(separator: ", ")) }
        if action.privilege != .none { lines.append("privilege: " + action.privilege.rawValue) }
        if let manual = action.manual {
            lines.append("manual: a person must do this in Business Center:")
            for (index, step) in manual.steps.enumerated() { lines.append("  \(index + 1). \(step)") }
        }
        return lines
    }

    /// `member ben@acme.example changed: role: standard → admin; finance: none → manager`.
    static func words(of entry: DriftEntry) -> String {
        let text = "\(entry.objectKind) \(entry.objectID) \(entry.change.rawValue)"
        return entry.details.isEmpty ? text : text + ": " + entry.details.joined(separator: "; ")
    }

    /// `+` added, `-` removed, `~` changed.
    static func symbol(of entry: DriftEntry) -> String {
        switch entry.change {
        case .added: "+"
        case .removed: "-"
        case .changed: "~"
        }
    }

    // MARK: - Colour

    static let green = "\u{1B}[32m"
    static let yellow = "\u{1B}[33m"
    static let red = "\u{1B}[31m"
    static let bold = "\u{1B}[1m"
    static let reset = "\u{1B}[0m"

    private func render(_ diagnostic: Diagnostic) -> String {
        guard color else { return Self.clean(diagnostic.description) }
        let severity: String
        switch diagnostic.severity {
        case .error: severity = style(Self.red, diagnostic.severity.rawValue)
        case .warning: severity = style(Self.yellow, diagnostic.severity.rawValue)
        case .info: severity = diagnostic.severity.rawValue
        }
        let location = diagnostic.location.map { Self.clean($0.description) + ": " } ?? ""
        return location + severity + ": " + Self.clean(diagnostic.message)
    }

    /// The symbol in its colour: green adds, yellow changes, red removes.
    private func paint(_ symbol: String) -> String {
        switch symbol {
        case "+": style(Self.green, symbol)
        case "-": style(Self.red, symbol)
        default: style(Self.yellow, symbol)
        }
    }

    private func style(_ code: String, _ text: String) -> String {
        color ? code + text + Self.reset : text
    }

    /// Control characters (C0, DEL, C1) written as `\u{1B}`: names and messages come from files and
    /// the platform, and must neither break the layout nor reach the terminal as commands.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: \.isControlCharacter) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isControlCharacter {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
