@testable import BCPlanCore
import Foundation
import Testing

/// The endpoint table as `Tests/TikTokSDK/check_endpoints.py` reads it, and what the table itself
/// must hold for the provider to be built on it.
@Suite struct TikTokEndpointTableTests {
    static let rendering = ConfigSchemaTests.repositoryRoot.appendingPathComponent("Tests/TikTokSDK/endpoints.json")

    /// `BCPLAN_RECORD=1` rewrites the file (and fails, so nobody records by accident).
    @Test func theCommittedRenderingIsTheTable() throws {
        let rendered = JSONValue.object(["endpoints": .array(TikTokEndpoints.all.map(Self.json))]).rendered()
        if Golden.recording {
            try rendered.write(to: Self.rendering, atomically: true, encoding: .utf8)
            Issue.record("recorded \(Self.rendering.path); run again without BCPLAN_RECORD")
            return
        }
        let committed = try String(contentsOf: Self.rendering, encoding: .utf8)
        #expect(committed == rendered, "Tests/TikTokSDK/endpoints.json is stale: run this test with BCPLAN_RECORD=1")
    }

    @Test func everyEndpointCitesItsDefinitionAndEveryPagedOneIsBounded() {
        #expect(Set(TikTokEndpoints.all.map(\.description)).count == TikTokEndpoints.all.count)
        for endpoint in TikTokEndpoints.all {
            #expect(endpoint.source == "yml_files/bc_" + endpoint.path.dropFirst(4).dropLast().replacingOccurrences(of: "/", with: "_") + ".yml",
                    "\(endpoint)")
            #expect((endpoint.method == .get) == (endpoint.pageSizeLimit != nil), "\(endpoint)")
            #expect((endpoint.method == .get) == !endpoint.rows.isEmpty, "\(endpoint)")
        }
    }

    @Test func refusalsAreWordedAsTheAPIDoes() {
        let partnerAssets = TikTokEndpoints.partnerAssets
        let good: [String: JSONValue] = ["bc_id": .string("7000000000000000001"), "partner_id": .string("7300000000000000001"),
                                         "asset_type": .string("ADVERTISER"), "share_type": .string("SHARING"),
                                         "page": .string("1"), "page_size": .string("50")]
        #expect(partnerAssets.problem(with: good, fromQuery: true) == nil)
        var wrong = good
        wrong["asset_type"] = .string("TT_ACCOUNT")
        #expect(partnerAssets.problem(with: wrong, fromQuery: true)
            == "asset_type: 'TT_ACCOUNT' is not accepted; expected one of: ADVERTISER, CATALOG, DOMAIN.")
        wrong = good
        wrong["page_size"] = .string("51")
        #expect(partnerAssets.problem(with: wrong, fromQuery: true) == "page_size: Must be at most 50.")
        wrong = good
        wrong["share_type"] = nil
        #expect(partnerAssets.problem(with: wrong, fromQuery: true) == "share_type: Missing data for required field.")
        wrong = good
        wrong["filtering"] = .string(#"{"bc_ids":["7000000000000000001"]}"#)
        #expect(partnerAssets.problem(with: wrong, fromQuery: true) == "Unknown field: filtering.bc_ids")
        wrong = good
        wrong["partner_id"] = .string("CPIXEL1")
        #expect(partnerAssets.problem(with: wrong, fromQuery: true) == "partner_id: 'CPIXEL1' is not a valid int64.")
        let invite = TikTokEndpoints.invite
        let noAssets: [String: JSONValue] = ["bc_id": .string("7000000000000000001"), "emails": .array([.string("a@acme.example")])]
        #expect(invite.problem(with: noAssets, fromQuery: false) == "asset_ids: Missing data for required field.")
        var withEmpty = noAssets
        withEmpty["asset_ids"] = .array([])
        #expect(invite.problem(with: withEmpty, fromQuery: false) == nil, "no minimum length: an empty list is given")
        withEmpty["emails"] = .array([.string("not-an-address")])
        #expect(invite.problem(with: withEmpty, fromQuery: false) == "emails[0]: 'not-an-address' is not a valid email.")
    }

    // MARK: The rendering

    static func json(_ endpoint: TikTokEndpoint) -> JSONValue {
        .object([
            "method": .string(endpoint.method.rawValue), "path": .string(endpoint.path), "source": .string(endpoint.source),
            "purpose": .string(endpoint.purpose),
            "parameters": .array(endpoint.parameters.map(json)),
            "rows": .array(endpoint.rows.map { row in
                var object: [String: JSONValue] = ["name": .string(row.name)]
                if let source = row.source { object["source"] = .string(source) }
                return .object(object)
            }),
        ])
    }

    static func json(_ parameter: TikTokParameter) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(parameter.name), "required": .bool(parameter.required), "value": json(parameter.value),
        ]
        if let source = parameter.source { object["source"] = .string(source) }
        return .object(object)
    }

    static func json(_ value: TikTokParameter.Value) -> JSONValue {
        let optional = { (number: Int?) in number.map(JSONValue.int) ?? .null }
        switch value {
        case .text(let format):
            return .object(["text": .string(format.rawValue)])
        case .integer(let minimum, let maximum):
            return .object(["integer": .object(["minimum": optional(minimum), "maximum": optional(maximum)])])
        case .enumeration(let values):
            return .object(["enumeration": .object([
                "package": .string(values.package), "accepted": .array(values.accepted.map(JSONValue.string)),
                "refused": .array(values.refused.map(JSONValue.string)),
            ])])
        case .list(let item, let minCount, let maxCount):
            return .object(["list": .object(["of": json(item), "min_count": optional(minCount), "max_count": optional(maxCount)])])
        case .object(let members):
            return .object(["object": .array(members.map(json))])
        }
    }
}
