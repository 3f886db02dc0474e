import BCPlanCore
import FakeTikTokAPI
import Foundation
import Testing

/// The fake is only worth testing against if it refuses what the real API refuses: these requests
/// are each wrong in one way, and each gets the real API's code.
@Suite struct FakeTikTokAPITests {
    let fake: FakeTikTokAPI
    let http = URLSessionHTTPClient(timeout: 10)

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
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)&page_size=21") == (40002, "page_size: Must be between 1 and 20."))
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)&page_size=twenty") == (40002, "page_size: Not a valid integer."))
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)&colour=red") == (40002, "Unknown field: colour"))
        #expect(try await code("GET", "/bc/member/get/") == (40002, "bc_id: Missing data for required field."))
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)", token: nil).0 == 40105)
        #expect(try await code("GET", "/bc/member/get/?bc_id=\(bc)", token: "other").0 == 40105)
        #expect(try await code("GET", "/bc/member/get/?bc_id=1").0 == 40001)
        #expect(try await code("POST", "/bc/member/invite/", body: #"{"bc_id":"\#(bc)","emails":"x@acme.example","user_role":"STANDARD"}"#)
            == (40002, "emails: Not a valid list of strings."))
        #expect(try await code("POST", "/bc/member/invite/", body: #"{"bc_id":"\#(bc)","emails":["x@acme.example"],"user_role":"OWNER"}"#)
            == (40002, "user_role: Must be one of: ADMIN, STANDARD."))
        #expect(try await code("POST", "/bc/member/invite/", body: #"{"bc_id":"\#(bc)","emails":["x@acme.example"],"user_role":"STANDARD","asset_ids":["\#(GeneratedBusinessCenter.ad1.id)"]}"#)
            == (40002, "advertiser_role: Required when asset_ids is given."))
        let assignPixel = #"{"bc_id":"\#(bc)","user_id":"6900000000000000101","asset_type":"PIXEL","asset_id":"\#(GeneratedBusinessCenter.pixel.id)"}"#
        #expect(try await code("POST", "/bc/asset/assign/", body: assignPixel).0 == 40002)
        let catalogAsAdvertiser = #"{"bc_id":"\#(bc)","user_id":"6900000000000000101","asset_type":"CATALOG","asset_id":"\#(GeneratedBusinessCenter.catalog.id)","advertiser_role":"ADMIN"}"#
        #expect(try await code("POST", "/bc/asset/assign/", body: catalogAsAdvertiser) == (40002, "advertiser_role: Not allowed for asset_type CATALOG."))
        // A rule of the platform: only a pending invitation is deleted by e-mail; m01 has accepted.
        let pending = #"{"bc_id":"\#(bc)","user_email":"m01@acme.example"}"#
        #expect(try await code("POST", "/bc/member/delete/", body: pending).0 == 40001)
        #expect(try await code("POST", "/bc/member/nonsense/", body: "{}").0 == 40400)
        #expect(fake.snapshot == GeneratedBusinessCenter.seed, "a refused request changes nothing")
    }

    @Test func theQuotaCountsEveryRequestInItsWindow() async throws {
        var options = FakeTikTokAPI.Options(token: "t0ken", requestsPerSecond: 3)
        options.quotaWindow = .seconds(60)
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
}
