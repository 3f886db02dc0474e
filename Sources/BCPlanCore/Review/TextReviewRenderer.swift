/// The access review for a terminal: the summary, then per owner each entry due with what it
/// holds, its reason and end, and where it is declared; then what expired and is still declared.
/// Control characters in names and reasons are shown escaped.
public struct TextReviewRenderer: ReviewRenderer {
    public init() {}

    public func render(_ review: AccessReview) -> String {
        var out = ""
        func line(_ text: String = "") { out += TextPlanRenderer.clean(text) + "\n" }
        line("Access review of \(review.title) on \(Clock.day(review.now)) (policy.review_every_days: \(review.everyDays))")
        line(review.summaryLine)
        for group in review.groups {
            line()
            line("\(group.owner ?? "No owner"): \(group.entries.count) due")
            for entry in group.entries {
                line("  \(entry.subject): \(review.standing(of: entry))")
                for detail in Self.details(entry) { line("    \(detail)") }
            }
        }
        if !review.expired.isEmpty {
            line()
            line("Expired and still declared (plans remove this access; the entries can be deleted):")
            for entry in review.expired {
                line("  \(entry.subject): expired on \(entry.terms.expires?.description ?? "?")")
                line("    \(entry.location)")
            }
        }
        return out
    }

    /// What an entry holds, why and until when, and where it is declared: one line each.
    static func details(_ entry: ReviewEntry) -> [String] {
        var lines: [String] = []
        if !entry.covers.isEmpty {
            lines.append((entry.kind == .partner ? "shares " : "assets ") + entry.covers.map(\.display).joined(separator: "; "))
        }
        var terms: [String] = []
        if let reason = entry.terms.reason { terms.append("for: \(reason)") }
        if let expires = entry.terms.expires { terms.append("expires \(expires)") }
        if !terms.isEmpty { lines.append(terms.joined(separator: "; ")) }
        lines.append(entry.location.description)
        return lines
    }
}
