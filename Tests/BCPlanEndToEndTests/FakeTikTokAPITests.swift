import BCPlanCore
import FakeTikTokAPI
import Foundation
import Testing

/// The fake is only worth testing against if it refuses what the real API refuses: these requests
/// are each wrong in one way, and each gets the real API's code.
@Suite struct FakeTikTokAPITests {
    let fake: FakeTikTokAPI
    let http = CurlHTTPClient(timeout: .seconds(10))

    init() throws {
        fake = try FakeTikTokAPI(GeneratedBusinessCenter.seed, options: FakeTikTokAPI.Options(token: "t0ken"))
    }

    private func code(_ method: String, _ pathAndQuery: String, body: String? = nil, token: String? = "t0ken") async throws -> (Int, String) {
        var headers: [String: String] = [:]
        if let token { headers["Access-Token"] = token }
        if body != nil { headers["Content-Type"] = "application/json" }
        let response = try await http.send(HTTPRequest(
            method: method, url: URL(string: fake.baseURL + pathAndQuery)!, headers: headers, body: body.map { Data($0.utf8) }))
        let envelope = try JSONParser.parse(Array(response.body))
        return (envelope["code"]?.intValue ?? -1, envelope["message"]?.stringValue ?? "")
    }

    @Test func wrongRequestsGetTheRealCodes() async throws {
        let bc = GeneratedBusinessCenter.id
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)&page_size=20").0 == 0)
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)&page_size=21") == (40002, "page_size: Must be at most 20."))
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)&page_size=twenty") == (40002, "page_size: Not a valid integer."))
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)&colour=red") == (40002, "Unknown field: colour"))
        #expect(try await code("GET", "/bc/member/get/") == (40002, "bc_id: Missing data for required field."))
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)", token: nil).0 == 40105)
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)", token: "other").0 == 40105)
        #expect(try await code("GET", "/bc/member/get/?bc_id=1").0 == 40001)
        // The selector of /bc/get/ is bc_id; there is no filtering.bc_ids (bc_get.yml).
        let filtering = #"{"bc_ids":["\#(bc)"]}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(try await code("GET", "/bc/get/?filtering=\(filtering)") == (40002, "Unknown field: filtering.bc_ids"))
        #expect(try await code("GET", "/bc/get/?bc_id=\(bc)").0 == 0)
        #expect(try await code("POST", "/bc/member/invite/", body: #"{"bc_id":"\#(bc)","emails":"x@acme.example","user_role":"STANDARD","asset_ids":[]}"#)
            == (40002, "emails: Not a valid list."))
        #expect(try await code("POST", "/bc/member/invite/", body: #"{"bc_id":"\#(bc)","emails":["x@acme.example"],"user_role":"OWNER","asset_ids":[]}"#)
            == (40002, "user_role: 'OWNER' is not accepted; expected one of: ADMIN, STANDARD."))
        // asset_ids is required (extra_rule.required in bc_member_invite.yml).
        #expect(try await code("POST", "/bc/member/invite/", body: #"{"bc_id":"\#(bc)","emails":["x@acme.example"],"user_role":"STANDARD"}"#)
            == (40002, "asset_ids: Missing data for required field."))
        let catalogAsAdvertiser = #"{"bc_id":"\#(bc)","user_id":"6900000000000000101","asset_type":"CATALOG","asset_id":"\#(GeneratedBusinessCenter.catalog.id)","advertiser_role":"ADMIN"}"#
        #expect(try await code("POST", "/bc/asset/assign/", body: catalogAsAdvertiser) == (40002, "advertiser_role: Not allowed for asset_type CATALOG."))
        // A rule of the platform: only a pending invitation is deleted by e-mail; m01 has accepted.
        let pending = #"{"bc_id":"\#(bc)","user_email":"m01@acme.example"}"#
        #expect(try await code("POST", "/bc/member/delete/", body: pending).0 == 40001)
        #expect(try await code("POST", "/bc/member/nonsense/", body: "{}").0 == 40400)
        #expect(fake.snapshot == GeneratedBusinessCenter.seed, "a refused request changes nothing")
        #expect(fake.counters.invalidRequests.count == 9)
    }

    /// For every endpoint of the table and every enumerated parameter: each value TikTok's
    /// definition lists but marks `is_valid: false` there, and a value it does not list at all, is
    /// refused with 40002 naming the field; nothing changes.
    @Test(arguments: TikTokEndpoints.all.map(\.description))
    func everyValueTheDefinitionRefusesIsRefused(_ name: String) async throws {
        let endpoint = try #require(TikTokEndpoints.all.first { $0.description == name })
        let base = Self.validFields(endpoint.parameters)
        var probes: [(field: String, value: String, fields: [String: JSONValue])] = []
        for (path, enumeration) in Self.enumerations(endpoint.parameters, prefix: []) {
            for value in enumeration.refused + ["NOT_A_TIKTOK_VALUE"] {
                probes.append((path.joined(separator: "."), value, Self.setting(base, at: path, to: .string(value), in: endpoint.parameters)))
            }
        }
        // Only these take no enumerated value at all.
        #expect(probes.isEmpty == ["GET /bc/partner/get/", "POST /bc/member/delete/", "POST /bc/partner/delete/"].contains(name))
        for probe in probes {
            let (status, message) = try await send(endpoint, probe.fields)
            #expect(status == 40002, "\(endpoint) \(probe.field)=\(probe.value): \(message)")
            #expect(message.hasPrefix(probe.field), "\(endpoint) \(probe.field)=\(probe.value): \(message)")
        }
        #expect(fake.counters.invalidRequests.count == probes.count)
        #expect(fake.snapshot == GeneratedBusinessCenter.seed)
    }

    @Test func theQuotaCountsEveryRequestInItsWindow() async throws {
        var options = FakeTikTokAPI.Options(token: "t0ken", requestsPerSecond: 3)
        // A window no run outlasts: in a full, parallel test run this task can wait a minute
        // between two of its requests.
        options.quotaWindow = .seconds(3600)
        let limited = try FakeTikTokAPI(GeneratedBusinessCenter.seed, options: options)
        defer { limited.stop() }
        var codes: [Int] = []
        for _ in 0..<5 {
            let response = try await http.send(HTTPRequest(
                method: "GET", url: URL(string: limited.baseURL + "/bc/partner/get/?bc_id=\(GeneratedBusinessCenter.id)")!,
                headers: ["Access-Token": "t0ken"]))
            codes.append(try JSONParser.parse(Array(response.body))["code"]?.intValue ?? -1)
        }
        #expect(codes == [0, 0, 0, 40100, 40100])
        #expect(limited.counters.quotaExceeded == 2)
    }

    // MARK: Requests built from the table

    private func send(_ endpoint: TikTokEndpoint, _ fields: [String: JSONValue]) async throws -> (Int, String) {
        switch endpoint.method {
        case .get:
            let query = fields.keys.sorted().map { name -> String in
                let text = fields[name]!.stringValue ?? fields[name]!.compact()
                return name + "=" + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            }.joined(separator: "&")
            return try await code("GET", endpoint.path + "?" + query)
        case .post:
            return try await code("POST", endpoint.path, body: JSONValue.object(fields).compact())
        }
    }

    /// Every required parameter with a value the definition takes.
    static func validFields(_ parameters: [TikTokParameter]) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        for parameter in parameters where parameter.required {
            fields[parameter.name] = parameter.name == "bc_id" ? .string(GeneratedBusinessCenter.id) : sample(parameter.value)
        }
        return fields
    }

    static func sample(_ value: TikTokParameter.Value) -> JSONValue {
        switch value {
        case .text(.int64): .string("7100000000000000001")
        case .text(.email): .string("someone@acme.example")
        case .text(.plain): .string("x")
        case .integer(let minimum, _): .int(minimum ?? 1)
        case .enumeration(let values): .string(values.accepted[0])
        case .list(let item, let minCount, _): .array(Array(repeating: sample(item), count: minCount ?? 0))
        case .object(let members): .object(validFields(members))
        }
    }

    /// Every enumerated parameter, by its path of names; a list of enumerations counts as one.
    static func enumerations(_ parameters: [TikTokParameter], prefix: [String]) -> [([String], TikTokEnumeration)] {
        parameters.flatMap { parameter -> [([String], TikTokEnumeration)] in
            switch parameter.value {
            case .enumeration(let values): [(prefix + [parameter.name], values)]
            case .list(.enumeration(let values), _, _): [(prefix + [parameter.name], values)]
            case .object(let members): enumerations(members, prefix: prefix + [parameter.name])
            default: []
            }
        }
    }

    /// `fields` with the value at `path` set; a list parameter gets a one-item list.
    static func setting(
        _ fields: [String: JSONValue], at path: [String], to value: JSONValue, in parameters: [TikTokParameter]
    ) -> [String: JSONValue] {
        var copy = fields
        let parameter = parameters.first { $0.name == path[0] }
        switch parameter?.value {
        case .object(let members)?:
            guard case .object(let inner) = copy[path[0]] ?? .object([:]) else { return copy }
            copy[path[0]] = .object(setting(inner, at: Array(path.dropFirst()), to: value, in: members))
        case .list?:
            copy[path[0]] = .array([value])
        default:
            copy[path[0]] = value
        }
        return copy
    }
}
