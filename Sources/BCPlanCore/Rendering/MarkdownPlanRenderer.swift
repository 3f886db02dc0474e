/// The plan as a pull-request comment: summary and counts first, then errors and warnings, then
/// every privilege escalation and every removal, with all actions and the drift collapsed below.
///
/// The comment stays within `budget` characters (`String.count`; GitHub refuses comments over
/// 65,536). To fit, it shortens in this order: the per-action detail lines, the list of all actions,
/// the drift, notes, warnings, escalations and errors, each list ending with a line that says how
/// many were left out. Removals are never left out: when they do not fit they are listed one short
/// line each, and when even that does not fit all of them are still listed, over the budget, and a
/// comment line says so. Counts in the summary and headings are always exact.
public struct MarkdownPlanRenderer: PlanRenderer {
    public var budget: Int

    public init(budget: Int = 60_000) {
        self.budget = budget
    }

    public func render(_ plan: Plan) -> String {
        var document = Document(plan, compactRemovals: false)
        document.fit(within: budget)
        if document.text.count > budget, !document.removals.items.isEmpty {
            document = Document(plan, compactRemovals: true)
            document.fit(within: budget)
        }
        var text = document.text
        if text.count > budget, !document.removals.items.isEmpty {
            text += "<!-- bcplan: all \(document.removals.items.count) removals are listed although they exceed "
                + "the budget of \(budget) characters for this comment. -->\n"
        }
        return text
    }

    // MARK: - Escaping

    /// Backslash-escapes the characters that would start markup in user-provided text (`|` and the
    /// brackets too, so a name can neither split a table cell nor become a link) and flattens
    /// control characters, line breaks included, to spaces.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "<", ">", "|", "[", "]":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case _ where scalar.isControlCharacter:
                out += " "
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A code span that holds `text` whatever backticks it contains.
    static func code(_ text: String) -> String {
        var flat = ""
        var longestRun = 0
        var run = 0
        for scalar in text.unicodeScalars {
            flat.unicodeScalars.append(scalar.isControlCharacter ? " " : scalar)
            run = scalar == "`" ? run + 1 : 0
            longestRun = max(longestRun, run)
        }
        let fence = String(repeating: "`", count: longestRun + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    static let jsonHint = "see the JSON plan (`bcplan plan --format json`)."
}

/// A run of lines that can be cut short: an opening, items, a line saying how many items were left
/// out, and a closing. Every piece ends with a line break, so their character counts add up exactly
/// (no grapheme cluster spans a line break).
private struct Block {
    let opening: String
    let items: [String]
    let closing: String
    /// The line that replaces the items left out, given how many were kept and how many were not.
    let omission: (_ kept: Int, _ omitted: Int) -> String
    private(set) var kept: Int
    private var prefixLengths: [Int]
    private let frameLength: Int

    init(opening: String = "", items: [String] = [], closing: String = "",
         omission: @escaping (_ kept: Int, _ omitted: Int) -> String = { _, _ in "" }) {
        self.opening = opening
        self.items = items
        self.closing = closing
        self.omission = omission
        self.kept = items.count
        var sums = [0]
        sums.reserveCapacity(items.count + 1)
        for item in items { sums.append(sums[sums.count - 1] + item.count) }
        self.prefixLengths = sums
        self.frameLength = opening.count + closing.count
    }

    var length: Int { length(keeping: kept) }

    func length(keeping count: Int) -> Int {
        frameLength + prefixLengths[count] + (count < items.count ? omission(count, items.count - count).count : 0)
    }

    var text: String {
        var out = opening
        for item in items.prefix(kept) { out += item }
        if kept < items.count { out += omission(kept, items.count - kept) }
        return out + closing
    }

    /// Keeps the most items that fit in `room` characters, or none.
    mutating func shrink(toFit room: Int) {
        var count = kept
        while count > 0, length(keeping: count) > room { count -= 1 }
        kept = count
    }
}

/// The comment as blocks, in the order they are printed.
private struct Document {
    var head: Block
    var errors: Block
    var warnings: Block
    var notes: Block
    var escalations: Block
    var removals: Block
    var details: Block
    var drift: Block
    /// The list of all actions with headlines only, swapped in as the first step of shortening.
    private var shortDetails: Block

    init(_ plan: Plan, compactRemovals: Bool) {
        let md = MarkdownPlanRenderer.escape
        let code = MarkdownPlanRenderer.code
        let hint = MarkdownPlanRenderer.jsonHint
        let headlines = plan.actions.map { ActionHeadline($0, businessCenterID: plan.businessCenter.id, escape: md) }
        func line(_ headline: ActionHeadline) -> String { "- \(code(headline.symbol)) \(headline.text)\n" }
        func actionsLeftOut(_ kept: Int, _ omitted: Int) -> String {
            kept == 0 ? "- \(omitted) action\(omitted == 1 ? "" : "s") not shown: \(hint)\n"
                : "- … and \(omitted) more action\(omitted == 1 ? "" : "s"): \(hint)\n"
        }

        // Heading, summary, counts.
        let bc = plan.businessCenter
        let title = bc.name.map { "\(md($0)) (\(md(bc.id)))" } ?? md(bc.id)
        var head = "### bcplan plan — \(title)\n\n**\(md(plan.summaryLine))**\n\n"
        if plan.hasChanges {
            head += "| kind | count |\n|:---|---:|\n"
            for (kind, count) in plan.counts { head += "| \(code(kind.rawValue)) | \(count) |\n" }
            head += "\n"
        }
        self.head = Block(opening: head)

        // Diagnostics, one alert each for errors, warnings and notes.
        let diagnostics = plan.diagnostics.sortedForDisplay()
        func alert(_ severity: Severity, _ kind: String, _ title: (Int) -> String, _ noun: String) -> Block {
            let found = diagnostics.filter { $0.severity == severity }
            guard !found.isEmpty else { return Block() }
            let items = found.map { diagnostic in
                "> - " + (diagnostic.location.map { code($0.description) + " " } ?? "") + md(diagnostic.message) + "\n"
            }
            return Block(opening: "> [!\(kind)]\n> **\(title(found.count))**\n>\n", items: items, closing: "\n") {
                _, omitted in "> - … and \(omitted) more \(noun)\(omitted == 1 ? "" : "s"): \(hint)\n"
            }
        }
        errors = alert(.error, "CAUTION", { "\($0) error\($0 == 1 ? "" : "s"): the plan cannot be applied." }, "error")
        warnings = alert(.warning, "WARNING", { "\($0) warning\($0 == 1 ? "" : "s"):" }, "warning")
        notes = alert(.info, "NOTE", { "\($0) note\($0 == 1 ? "" : "s"):" }, "note")

        // Escalations and removals.
        let grants = headlines.filter { $0.action.privilege == .grant }
        let reductions = headlines.filter { $0.action.privilege == .reduce }
        if plan.hasChanges {
            escalations = Block(opening: "#### Privilege escalations (\(grants.count))\n\n"
                                    + (grants.isEmpty ? "None.\n" : ""),
                                items: grants.map(line), closing: "\n", omission: actionsLeftOut)
            let items = compactRemovals
                ? reductions.map { "- \(code($0.action.kind.rawValue)) \($0.compact)\n" }
                : reductions.map(line)
            removals = Block(opening: "#### Removals (\(reductions.count))\n\n" + (reductions.isEmpty ? "None.\n" : ""),
                             items: items, closing: "\n")
        } else {
            escalations = Block()
            removals = Block()
        }

        // All actions, collapsed.
        if plan.hasChanges {
            let opening = "<details><summary>All \(plan.actions.count) action\(plan.actions.count == 1 ? "" : "s")"
                + "</summary>\n\n"
            let full = headlines.map { headline in
                line(headline) + Self.details(of: headline.action).joined()
            }
            details = Block(opening: opening, items: full, closing: "\n</details>\n\n", omission: actionsLeftOut)
            shortDetails = Block(opening: opening, items: headlines.map(line), closing: "\n</details>\n\n",
                                 omission: actionsLeftOut)
        } else {
            details = Block()
            shortDetails = Block()
        }

        // Drift, collapsed.
        if plan.drift.isEmpty {
            drift = Block()
        } else {
            let count = plan.drift.count
            let items = plan.drift.map { entry in
                "- \(code(TextPlanRenderer.symbol(of: entry))) \(md(TextPlanRenderer.words(of: entry)))\n"
            }
            drift = Block(
                opening: "<details><summary>Drift: \(count) change\(count == 1 ? "" : "s") since the state was recorded</summary>\n\n"
                    + "The Business Center changed since the state was recorded (by hand, or by an apply that was interrupted):\n\n",
                items: items, closing: "\n</details>\n\n"
            ) { kept, omitted in
                kept == 0 ? "- \(omitted) change\(omitted == 1 ? "" : "s") not shown: \(hint)\n"
                    : "- … and \(omitted) more: \(hint)\n"
            }
        }
    }

    /// The detail lines under an action in the list of all actions.
    private static func details(of action: PlanAction) -> [String] {
        let md = MarkdownPlanRenderer.escape
        var lines = ["  - reason: \(md(action.reason))\n"]
        if let source = action.source { lines.append("  - source: \(md(source))\n") }
        if !action.dependsOn.isEmpty {
            lines.append("  - depends on: " + action.dependsOn.map(MarkdownPlanRenderer.code).joined(separator: ", ") + "\n")
        }
        if action.privilege != .none { lines.append("  - privilege: \(action.privilege.rawValue)\n") }
        if let manual = action.manual {
            lines.append("  - manual: a person must do this in Business Center:\n")
            for (index, step) in manual.steps.enumerated() { lines.append("    \(index + 1). \(md(step))\n") }
        }
        return lines
    }

    private var blocks: [Block] { [head, errors, warnings, notes, escalations, removals, details, drift] }

    var length: Int { blocks.reduce(0) { $0 + $1.length } - 1 }

    /// The comment, ending with one line break.
    var text: String {
        var out = blocks.map(\.text).joined()
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// Shortens what may be shortened, in order, until the comment fits or only removals are left.
    mutating func fit(within budget: Int) {
        guard length > budget else { return }
        details = shortDetails
        let order: [WritableKeyPath<Document, Block>] = [\.details, \.drift, \.notes, \.warnings, \.escalations, \.errors]
        for path in order where length > budget {
            let others = length - self[keyPath: path].length
            self[keyPath: path].shrink(toFit: budget - others)
        }
    }
}
