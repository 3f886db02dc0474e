/// The access review as JSON (`format_version` 1): the machine contract of `bcplan review`.
public struct JSONReviewRenderer: ReviewRenderer {
    public init() {}

    public func render(_ review: AccessReview) -> String {
        Self.document(review).rendered()
    }

    public static func document(_ review: AccessReview) -> JSONValue {
        .object([
            "format_version": .int(1),
            "bcplan_version": .string(BCPlanVersion.current),
            "business_center": .object([
                "id": .string(review.businessCenter.id), "name": review.businessCenter.name.map(JSONValue.string) ?? .null,
            ]),
            "as_of": .string(Clock.format(review.now)),
            "review_every_days": .int(review.everyDays),
            "summary": .object([
                "entries": .int(review.entryCount), "due": .int(review.dueCount), "expired": .int(review.expired.count),
            ]),
            "owners": .array(review.groups.map { group in
                .object([
                    "owner": group.owner.map(JSONValue.string) ?? .null,
                    "entries": .array(group.entries.map { entry(review, $0) }),
                ])
            }),
            "expired": .array(review.expired.map { entry(review, $0) }),
        ])
    }

    static func entry(_ review: AccessReview, _ entry: ReviewEntry) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        func holding(_ held: ReviewEntry.Holding) -> JSONValue {
            .object([
                "asset": .object([
                    "type": .string(held.asset.type.rawValue), "id": .string(held.asset.id), "key": optional(held.asset.key),
                ]),
                "permission": held.permission.json,
            ])
        }
        return .object([
            "kind": .string(entry.kind.rawValue),
            "member": optional(entry.member),
            "role": optional(entry.roles?.role.rawValue),
            "finance": optional(entry.roles?.finance?.rawValue),
            "partner": optional(entry.partner),
            "name": optional(entry.partnerName),
            "holding": entry.holding.map(holding) ?? .null,
            "covers": .array(entry.covers.map(holding)),
            "owner": optional(entry.terms.owner),
            "reason": optional(entry.terms.reason),
            "expires": optional(entry.terms.expires?.description),
            "last_reviewed": optional(entry.terms.reviewed?.description),
            "due_on": optional(entry.dueOn(everyDays: review.everyDays).map(Clock.day)),
            "source": .string(entry.location.description),
        ])
    }
}
