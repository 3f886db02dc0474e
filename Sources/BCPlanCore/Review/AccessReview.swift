import Foundation

/// What `bcplan review` reports for one config: the declared access whose last review is older
/// than `policy.review_every_days`, or that was never reviewed, grouped by the owner who vouches
/// for it; and the access that has expired but is still declared.
///
/// Members and partners are entries. A grant or share is one too when it names its own owner (then
/// only its own `reviewed` counts) or its own `reviewed` (then the later of its and its parent's);
/// otherwise it is reviewed with its member or partner and listed on that entry.
///
/// A pure function of the config and the time: it reads neither the state nor the Business
/// Center. Owners are in alphabetical order with "no owner" last; entries by kind (partners,
/// shares, members, grants), then subject.
public struct AccessReview: Sendable {
    /// The entries one owner vouches for; `owner` nil for those nobody does.
    public struct OwnerGroup: Sendable {
        public var owner: String?
        public var entries: [ReviewEntry]
    }

    public var businessCenter: BusinessCenterInfo
    public var now: Date
    public var everyDays: Int
    /// Entries still in force (expired ones aside), due or not.
    public var entryCount: Int
    public var groups: [OwnerGroup]
    /// Ended, still declared: plans remove this access; the entries can go.
    public var expired: [ReviewEntry]

    public init(config: Config, now: Date) {
        businessCenter = BusinessCenterInfo(id: config.businessCenterID, name: config.businessCenterName)
        self.now = now
        everyDays = config.policy.reviewEveryDays
        let assets = Dictionary(config.assets.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        func holding(_ grant: AssetGrant) -> ReviewEntry.Holding? {
            assets[grant.assetKey].map {
                ReviewEntry.Holding(asset: PlanAssetRef(type: $0.type, id: $0.id, key: $0.key), permission: grant.permission)
            }
        }
        var entries: [ReviewEntry] = []
        var expired: [ReviewEntry] = []
        func collect(_ parent: ReviewEntry, grants: [AssetGrant], kind: ReviewEntry.Kind) {
            if parent.terms.isExpired(at: now) {
                expired.append(parent)
                return
            }
            var parent = parent
            for grant in grants {
                guard let held = holding(grant) else { continue }
                let terms = grant.terms.within(parent.terms)
                var entry = parent
                entry.kind = kind
                entry.holding = held
                entry.covers = []
                entry.terms = terms
                // An owner of its own reviews it on their own: the parent's review does not count.
                if grant.terms.owner != nil { entry.terms.reviewed = grant.terms.reviewed }
                entry.location = grant.location
                if terms.isExpired(at: now) {
                    expired.append(entry)
                } else if grant.terms.owner != nil || grant.terms.reviewed != nil {
                    entries.append(entry)
                } else {
                    parent.covers.append(held)
                }
            }
            parent.covers.sort { $0.asset.ref < $1.asset.ref }
            entries.append(parent)
        }
        for member in config.members {
            collect(ReviewEntry(
                kind: .member, member: member.normalizedEmail, roles: MemberRoles(role: member.role, finance: member.finance),
                covers: [], terms: member.terms, location: member.location), grants: member.assets, kind: .grant)
        }
        for partner in config.partners {
            collect(ReviewEntry(
                kind: .partner, partner: partner.bcID, partnerName: partner.name, covers: [], terms: partner.terms,
                location: partner.location), grants: partner.shares, kind: .share)
        }
        entryCount = entries.count
        let due = entries.filter { entry in entry.dueOn(everyDays: config.policy.reviewEveryDays).map { $0 <= now } ?? true }
        let byOwner = Dictionary(grouping: due, by: \.terms.owner)
        let owners = byOwner.keys.compactMap { $0 }.sorted() + (byOwner[nil] == nil ? [] : [nil])
        groups = owners.map { owner in
            OwnerGroup(owner: owner, entries: byOwner[owner]!.sorted { $0.sortKey < $1.sortKey })
        }
        self.expired = expired.sorted { $0.sortKey < $1.sortKey }
    }

    /// Entries due for review.
    public var dueCount: Int { groups.reduce(0) { $0 + $1.entries.count } }

    /// `Acme Retail (7000000000000000001)`, or the id alone.
    public var title: String {
        businessCenter.name.map { "\($0) (\(businessCenter.id))" } ?? businessCenter.id
    }

    /// `3 of 9 entries are due for review.`, or that nothing is.
    public var summaryLine: String {
        guard dueCount > 0 else {
            return entryCount == 0 ? "Nothing is declared, so nothing is due for review."
                : "Nothing is due for review: \(entryCount == 1 ? "the entry was" : "all \(entryCount) entries were") reviewed in the last \(everyDays.counted("day"))."
        }
        return "\(dueCount) of \(entryCount.counted("entry", "entries")) \(dueCount == 1 ? "is" : "are") due for review."
    }

    /// `last reviewed 2026-06-01, due since 2026-08-30 (83 days)` or `never reviewed`.
    public func standing(of entry: ReviewEntry) -> String {
        guard let reviewed = entry.terms.reviewed, let due = entry.dueOn(everyDays: everyDays) else { return "never reviewed" }
        let days = Int((now.timeIntervalSince(due) / 86_400).rounded(.down))
        return "last reviewed \(reviewed), due since \(Clock.day(due)) (\(days.counted("day")) ago)"
    }
}
