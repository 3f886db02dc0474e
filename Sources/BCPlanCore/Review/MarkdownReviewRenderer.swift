/// The access review as markdown ready to paste into an issue: a task list per owner, so each
/// entry can be ticked once its owner confirms it, with the `reviewed:` line to add to the file.
public struct MarkdownReviewRenderer: ReviewRenderer {
    public init() {}

    public func render(_ review: AccessReview) -> String {
        let escape = MarkdownPlanRenderer.escape
        let code = MarkdownPlanRenderer.code
        var out = "## Access review: \(escape(review.title))\n\n"
        out += escape(review.summaryLine) + " As of \(Clock.day(review.now)), policy.review\\_every\\_days: \(review.everyDays).\n"
        if review.dueCount > 0 {
            out += "\nAsk each owner to confirm the access they vouch for; for each entry that stays, set "
                + "\(code("reviewed: \(Clock.day(review.now))")) on it in the config and tick it here. "
                + "Remove what is no longer needed, or give it an \(code("expires:")).\n"
        }
        for group in review.groups {
            out += "\n### " + (group.owner.map(code) ?? "No owner") + " (\(group.entries.count) due)\n\n"
            for entry in group.entries {
                out += "- [ ] \(Self.subject(entry)): \(escape(review.standing(of: entry))), \(code(entry.location.description))\n"
                if !entry.covers.isEmpty {
                    out += "  - \(entry.kind == .partner ? "shares" : "assets"): "
                        + entry.covers.map { "\(Self.asset($0.asset)) \(escape($0.permission.description))" }.joined(separator: ", ") + "\n"
                }
                if let reason = entry.terms.reason { out += "  - for: \(escape(reason))\n" }
                if let expires = entry.terms.expires { out += "  - expires \(expires)\n" }
            }
        }
        if !review.expired.isEmpty {
            out += "\n### Expired and still declared (\(review.expired.count))\n\n"
            out += "Plans remove this access; the entries can be deleted from the config.\n\n"
            for entry in review.expired {
                out += "- \(Self.subject(entry)): expired on \(entry.terms.expires?.description ?? "?"), "
                    + "\(code(entry.location.description))\n"
            }
        }
        return out
    }

    /// `**partner** Blue Agency (`7000000000000000099`)`, `**grant** of us-main to ben@…: operator`:
    /// partners by name with the id after it, as the text review and plans write them.
    static func subject(_ entry: ReviewEntry) -> String {
        let escape = MarkdownPlanRenderer.escape
        let code = MarkdownPlanRenderer.code
        switch entry.kind {
        case .member:
            return "**member** \(code(entry.member ?? "")) (\(escape(entry.roles?.description ?? "")))"
        case .partner:
            return "**partner** \(partner(entry))"
        case .grant:
            return "**grant** of \(entry.holding.map { asset($0.asset) } ?? "") to \(code(entry.member ?? "")): "
                + escape(entry.holding?.permission.description ?? "")
        case .share:
            return "**share** of \(entry.holding.map { asset($0.asset) } ?? "") with partner \(partner(entry)): "
                + escape(entry.holding?.permission.description ?? "")
        }
    }

    /// `` Blue Agency (`7000000000000000099`) ``, or the id alone when the config names no partner.
    static func partner(_ entry: ReviewEntry) -> String {
        let id = MarkdownPlanRenderer.code(entry.partner ?? "")
        guard let name = entry.partnerName, !name.isEmpty else { return id }
        return "\(MarkdownPlanRenderer.escape(name)) (\(id))"
    }

    /// `` `us-main` (ad_account 7100000000000000001) ``.
    static func asset(_ asset: PlanAssetRef) -> String {
        asset.key.map { "\(MarkdownPlanRenderer.code($0)) (\(asset.type.rawValue) \(asset.id))" }
            ?? MarkdownPlanRenderer.code("\(asset.type.rawValue) \(asset.id)")
    }
}
