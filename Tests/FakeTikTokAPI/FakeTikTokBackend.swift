import BCPlanCore
import Foundation
import Synchronization

/// The fake API's state and routes, behind `LoopbackHTTPServer`.
final class FakeTikTokBackend: Sendable {
    private struct State {
        var snapshot: Snapshot
        var counters = FakeTikTokAPI.Counters()
        var random: SplitMix64
        /// Arrival times of the requests admitted in the last second.
        var window: [ContinuousClock.Instant] = []
        var sequence = 0
    }

    private let options: FakeTikTokAPI.Options
    private let state: Mutex<State>

    init(_ snapshot: Snapshot, options: FakeTikTokAPI.Options) {
        self.options = options
        state = Mutex(State(snapshot: snapshot, random: SplitMix64(seed: options.seed)))
    }

    var snapshot: Snapshot { state.withLock { $0.snapshot } }
    var counters: FakeTikTokAPI.Counters { state.withLock { $0.counters } }

    func acceptAll() {
        state.withLock { state in
            for index in state.snapshot.members.indices where state.snapshot.members[index].status == .pending {
                state.snapshot.members[index].status = .active
                state.snapshot.members[index].userID = Self.userID(for: state.snapshot.members[index].normalizedEmail)
            }
            for index in state.snapshot.partners.indices { state.snapshot.partners[index].status = .active }
        }
    }

    // MARK: Dispatch

    private typealias Route = (method: String, spec: [String: FakeAPIField], required: Set<String>, pageLimit: Int?)

    private static let assetTypes = AssetType.allCases.map(TikTokVocabulary.assetType)
    private static let roleFields: [String: FakeAPIField] = [
        "advertiser_role": .enumeration(["ADMIN", "OPERATOR", "ANALYST"]),
        "catalog_role": .enumeration(["ADMIN", "AD_PROMOTE"]),
        "tt_account_roles": .enumerations(["POST", "LIVE", "DIRECT_MESSAGE"]),
    ]

    private static let routes: [String: Route] = {
        let paging: [String: FakeAPIField] = ["page": .integer(max: 100_000)]
        func list(_ fields: [String: FakeAPIField], required: Set<String>, limit: Int) -> Route {
            ("GET", fields.merging(paging) { $1 }.merging(["page_size": .integer(max: limit)]) { $1 }, required, limit)
        }
        func write(_ fields: [String: FakeAPIField], required: Set<String>) -> Route { ("POST", fields, required, nil) }
        let type = FakeAPIField.enumeration(assetTypes)
        return [
            "/bc/get/": list(["filtering": .jsonObject(["bc_ids": .strings(maxCount: 50)])], required: [], limit: 50),
            "/bc/member/get/": list(["bc_id": .string], required: ["bc_id"], limit: 20),
            "/bc/partner/get/": list(["bc_id": .string], required: ["bc_id"], limit: 50),
            "/bc/partner/asset/get/": list(
                ["bc_id": .string, "partner_id": .string, "asset_type": type, "share_type": .enumeration(["SHARING", "SHARED"])],
                required: ["bc_id", "partner_id", "asset_type", "share_type"], limit: 50),
            "/bc/asset/admin/get/": list(["bc_id": .string, "asset_type": type], required: ["bc_id", "asset_type"], limit: 50),
            "/bc/asset/member/get/": list(
                ["bc_id": .string, "asset_type": type, "asset_id": .string], required: ["bc_id", "asset_type", "asset_id"], limit: 20),
            "/bc/member/invite/": write(
                ["bc_id": .string, "emails": .strings(maxCount: 50), "user_role": .enumeration(["ADMIN", "STANDARD"]),
                 "asset_ids": .strings(maxCount: 50), "advertiser_role": roleFields["advertiser_role"]!,
                 "ext_user_role": .object(["finance_role": .enumeration(["MANAGER", "ANALYST"])])],
                required: ["bc_id", "emails", "user_role"]),
            "/bc/member/update/": write(
                ["bc_id": .string, "user_id": .string, "user_role": .enumeration(["ADMIN", "STANDARD"]),
                 "ext_user_role": .object(["finance_role": .enumeration(["MANAGER", "ANALYST"])])],
                required: ["bc_id", "user_id", "user_role"]),
            "/bc/member/delete/": write(["bc_id": .string, "user_id": .string, "user_email": .string], required: ["bc_id"]),
            "/bc/partner/add/": write(
                ["bc_id": .string, "partner_id": .string, "asset_type": type, "asset_ids": .strings(maxCount: 50)]
                    .merging(roleFields) { $1 },
                required: ["bc_id", "partner_id", "asset_type", "asset_ids"]),
            "/bc/partner/delete/": write(["bc_id": .string, "partner_id": .string], required: ["bc_id", "partner_id"]),
            "/bc/partner/asset/delete/": write(
                ["bc_id": .string, "partner_id": .string, "asset_type": type, "asset_ids": .strings(maxCount: 50)],
                required: ["bc_id", "partner_id", "asset_type", "asset_ids"]),
            "/bc/asset/assign/": write(
                ["bc_id": .string, "user_id": .string, "asset_type": type, "asset_id": .string].merging(roleFields) { $1 },
                required: ["bc_id", "user_id", "asset_type", "asset_id"]),
            "/bc/asset/unassign/": write(
                ["bc_id": .string, "user_id": .string, "asset_type": type, "asset_id": .string],
                required: ["bc_id", "user_id", "asset_type", "asset_id"]),
        ]
    }()

    func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        state.withLock { state in
            state.sequence += 1
            state.counters.requests += 1
            let requestID = "fake-\(state.sequence)"
            guard request.path.hasPrefix(FakeTikTokAPI.basePath),
                  let route = Self.routes[String(request.path.dropFirst(FakeTikTokAPI.basePath.count))],
                  route.method == request.method else {
                return Self.answer(40400, "The endpoint \(request.method) \(request.path) does not exist.", requestID: requestID, status: 404)
            }
            let path = String(request.path.dropFirst(FakeTikTokAPI.basePath.count))
            state.counters.byEndpoint["\(request.method) \(path)", default: 0] += 1
            guard request.headers["access-token"] == options.token else {
                state.counters.rejectedTokens += 1
                return Self.answer(40105, "The access token is invalid or has been revoked.", requestID: requestID)
            }
            let now = ContinuousClock.now
            if let limit = options.requestsPerSecond {
                state.window.removeAll { $0.duration(to: now) >= options.quotaWindow }
                guard state.window.count < limit else {
                    state.counters.quotaExceeded += 1
                    return Self.answer(40100, "Too many requests: the app's limit is \(limit) per second.", requestID: requestID)
                }
                state.window.append(now)
            }
            if options.randomRateLimitRate > 0, Self.chance(&state.random) < options.randomRateLimitRate {
                state.counters.injectedRateLimits += 1
                return Self.answer(40100, "Too many requests (injected).", requestID: requestID)
            }
            if options.internalErrorRate > 0, Self.chance(&state.random) < options.internalErrorRate {
                state.counters.injectedInternalErrors += 1
                return Self.answer(50000, "Internal error (injected).", requestID: requestID)
            }
            let fields: [String: JSONValue]
            if request.method == "GET" {
                var query: [String: JSONValue] = [:]
                for (name, value) in request.query {
                    guard query[name] == nil else {
                        return invalid(&state, "\(name): Given more than once.", requestID: requestID)
                    }
                    query[name] = .string(value)
                }
                fields = query
            } else {
                guard request.headers["content-type"]?.hasPrefix("application/json") == true,
                      case .object(let body)? = try? JSONParser.parse(Array(request.body)) else {
                    return invalid(&state, "The request body must be a JSON object.", requestID: requestID)
                }
                fields = body
            }
            if let problem = FakeAPIField.check(fields, spec: route.spec, required: route.required, query: request.method == "GET") {
                return invalid(&state, problem, requestID: requestID)
            }
            if let bc = fields["bc_id"]?.stringValue, bc != state.snapshot.businessCenter.id {
                return Self.answer(40001, "No permission to operate Business Center \(bc).", requestID: requestID)
            }
            if let pageLimit = route.pageLimit {
                let page = fields["page"]?.stringValue.flatMap { Int($0) } ?? 1
                let pageSize = fields["page_size"]?.stringValue.flatMap { Int($0) } ?? 10
                return list(path, fields, snapshot: state.snapshot, page: page, pageSize: min(pageSize, pageLimit), requestID: requestID)
            }
            do throws(FakeAPIRefusal) {
                var editor = SnapshotEditor(state.snapshot, enforcingRules: true)
                let before = state.snapshot
                for action in try actions(path, fields, snapshot: state.snapshot) {
                    do throws(PlatformRuleViolation) {
                        try editor.apply(action, now: options.now)
                    } catch {
                        throw FakeAPIRefusal(code: 40001, message: error.message)
                    }
                }
                if path == "/bc/member/invite/" {
                    for email in fields["emails"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    where !before.members.contains(where: { $0.normalizedEmail == email.lowercased() }) {
                        state.counters.invitations[email.lowercased(), default: 0] += 1
                    }
                }
                state.snapshot = editor.snapshot
                return Self.answer(0, "OK", requestID: requestID, data: .object([:]))
            } catch {
                if error.code == 40002 { return invalid(&state, error.message, requestID: requestID) }
                state.counters.refusedWrites.append(error.message)
                return Self.answer(error.code, error.message, requestID: requestID)
            }
        }
    }

    private func invalid(_ state: inout State, _ message: String, requestID: String) -> LoopbackHTTPServer.Response {
        state.counters.invalidRequests.append(message)
        return Self.answer(40002, message, requestID: requestID)
    }

    private static func chance(_ random: inout SplitMix64) -> Double { Double(random.next() >> 11) / Double(1 << 53) }

    private static func answer(
        _ code: Int, _ message: String, requestID: String, data: JSONValue = .null, status: Int = 200
    ) -> LoopbackHTTPServer.Response {
        let body = JSONValue.object(["code": .int(code), "message": .string(message), "request_id": .string(requestID), "data": data])
        return LoopbackHTTPServer.Response(status: status, body: Data(body.compact().utf8))
    }

    // MARK: Reads

    private func list(
        _ path: String, _ fields: [String: JSONValue], snapshot: Snapshot, page: Int, pageSize: Int, requestID: String
    ) -> LoopbackHTTPServer.Response {
        let rows = Self.rows(path, fields, snapshot: snapshot)
        let start = min((page - 1) * pageSize, rows.count)
        let slice = Array(rows[start..<min(start + pageSize, rows.count)])
        let totalPages = (rows.count + pageSize - 1) / pageSize
        let data = JSONValue.object([
            "list": .array(slice),
            "page_info": .object(["page": .int(page), "page_size": .int(pageSize), "total_number": .int(rows.count),
                                  "total_page": .int(totalPages)]),
        ])
        return Self.answer(0, "OK", requestID: requestID, data: data)
    }

    private static func rows(_ path: String, _ fields: [String: JSONValue], snapshot: Snapshot) -> [JSONValue] {
        let ownID = snapshot.businessCenter.id
        let type = fields["asset_type"]?.stringValue.flatMap(TikTokVocabulary.assetType(api:))
        switch path {
        case "/bc/get/":
            var wanted: [String]?
            if let text = fields["filtering"]?.stringValue, let filter = try? JSONParser.parse(Array(text.utf8)) {
                wanted = filter["bc_ids"]?.arrayValue?.compactMap(\.stringValue)
            }
            guard wanted.map({ $0.contains(ownID) }) ?? true else { return [] }
            return [.object(["bc_info": .object(["bc_id": .string(ownID), "name": .string(snapshot.businessCenter.name ?? "")]),
                             "user_role": .string("ADMIN")])]
        case "/bc/member/get/":
            return snapshot.members.sorted { $0.normalizedEmail < $1.normalizedEmail }.map(memberRow)
        case "/bc/partner/get/":
            return snapshot.partners.sorted { $0.bcID < $1.bcID }.map { partner in
                .object(["bc_id": .string(partner.bcID), "bc_name": .string(partner.name ?? ""),
                         "relation_status": .string(partner.status == .active ? "BOUND" : "PENDING")])
            }
        case "/bc/partner/asset/get/":
            guard let type, let partner = snapshot.partners.first(where: { $0.bcID == fields["partner_id"]?.stringValue }) else { return [] }
            return partner.shares.filter { $0.type == type }.sorted().map { share in
                var row: [String: JSONValue] = ["asset_id": .string(share.id), "asset_type": fields["asset_type"]!,
                                                "asset_name": .string(name(of: share.assetRef, in: snapshot))]
                row.merge(TikTokVocabulary.permissionFields(share.permission, for: type)) { $1 }
                return .object(row)
            }
        case "/bc/asset/admin/get/":
            guard let type else { return [] }
            return snapshot.assets.filter { $0.type == type && ($0.ownerBCID == ownID || $0.access != nil) }
                .sorted { $0.id < $1.id }.map { asset in
                    let owned = asset.ownerBCID == ownID
                    var row: [String: JSONValue] = [
                        "asset_id": .string(asset.id), "asset_name": .string(asset.name ?? ""), "asset_type": fields["asset_type"]!,
                        "relation_type": .string(owned ? "OWNER_BC" : "OWNER_PARTNER"),
                        "owner_bc_id": .string(asset.ownerBCID),
                        "owner_bc_name": .string(owned ? snapshot.businessCenter.name ?? "" : snapshot.partners.first { $0.bcID == asset.ownerBCID }?.name ?? ""),
                    ]
                    if let access = asset.access { row.merge(TikTokVocabulary.permissionFields(access, for: type)) { $1 } }
                    return .object(row)
                }
        case "/bc/asset/member/get/":
            guard let type, let id = fields["asset_id"]?.stringValue else { return [] }
            let ref = AssetRef(type: type, id: id)
            return snapshot.members.sorted { $0.normalizedEmail < $1.normalizedEmail }.compactMap { member in
                guard let grant = member.assets.first(where: { $0.assetRef == ref }) else { return nil }
                guard case .object(var row) = memberRow(member) else { return nil }
                row["user_role"] = nil
                row["ext_user_role"] = nil
                row.merge(TikTokVocabulary.permissionFields(grant.permission, for: type)) { $1 }
                return .object(row)
            }
        default:
            return []
        }
    }

    private static func memberRow(_ member: MemberRecord) -> JSONValue {
        var extended: [String: JSONValue] = [:]
        if let finance = member.finance { extended["finance_role"] = .string(TikTokVocabulary.finance(finance)) }
        return .object([
            "user_id": .string(member.status == .active ? member.userID ?? userID(for: member.normalizedEmail) : ""),
            "user_name": .string(String(member.email.split(separator: "@").first ?? "")),
            "user_email": .string(member.email), "user_role": .string(TikTokVocabulary.role(member.role)),
            "relation_status": .string(member.status == .active ? "BOUND" : "PENDING"),
            "ext_user_role": .object(extended),
        ])
    }

    private static func name(of ref: AssetRef, in snapshot: Snapshot) -> String {
        snapshot.assets.first { $0.ref == ref }?.name ?? ""
    }

    /// A stable 19-digit user id for an e-mail (FNV-1a).
    static func userID(for email: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in email.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let digits = String(hash % 100_000_000_000_000_000)
        return "69" + String(repeating: "0", count: 17 - digits.count) + digits
    }
}
