/// The access history as JSON (`format_version` 1): the machine contract of `bcplan history`.
public struct JSONHistoryRenderer: HistoryRenderer {
    public init() {}

    public func render(_ history: AccessHistory) -> String {
        Self.document(history).rendered()
    }

    public static func document(_ history: AccessHistory) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        func asset(_ ref: AssetRef) -> JSONValue {
            .object(["type": .string(ref.type.rawValue), "id": .string(ref.id), "key": optional(history.keys[ref])])
        }
        func revision(_ revision: HistoryRevision) -> JSONValue {
            .object([
                "time": .string(revision.timeText), "serial": .int(revision.serial),
                "operation": .string(revision.operation), "actor": .string(revision.actor),
                "cause": .string(revision.causeName), "action": optional(revision.action),
            ])
        }
        var query: [String: JSONValue] = ["member": .null, "partner": .null, "asset": .null, "at": .null, "since": .null, "until": .null]
        switch history.subject {
        case .everything: break
        case .member(let email): query["member"] = .string(email)
        case .partner(let id): query["partner"] = .string(id)
        case .asset(let ref): query["asset"] = asset(ref)
        }
        switch history.window {
        case .always: break
        case .at(let moment): query["at"] = .string(Clock.format(moment))
        case .between(let since, let until):
            query["since"] = optional(since.map(Clock.format))
            query["until"] = optional(until.map(Clock.format))
        }
        return .object([
            "format_version": .int(1),
            "bcplan_version": .string(BCPlanVersion.current),
            "business_center": .object(["id": .string(history.businessCenter.id), "name": optional(history.businessCenter.name)]),
            "query": .object(query),
            "record": .object([
                "first": optional(history.firstRecord?.timeText),
                "last": optional(history.lastRecord?.timeText),
                "writes": .int(history.revisions),
            ]),
            "intervals": .array(history.intervals.map { interval in
                let path = interval.path
                return .object([
                    "asset": asset(interval.key.asset),
                    "asset_name": optional(history.names[interval.key.asset]),
                    "principal": .object([
                        "type": .string(path.principalKind.rawValue), "id": .string(path.principalID),
                        "name": optional(path.principalName), "status": .string(path.status.rawValue),
                    ]),
                    "via": .string(path.route.rawValue),
                    "permission": path.permission?.json ?? .string("full"),
                    "from": revision(interval.start),
                    "until": interval.end.map(revision) ?? .null,
                ])
            }),
        ])
    }
}
