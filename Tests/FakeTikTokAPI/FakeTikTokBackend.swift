import BCPlanCore
import Foundation
import Synchronization

/// The fake API's state and routes, behind `LoopbackHTTPServer`. Every route is an entry of
/// `TikTokEndpoints`, and every request is checked against it first.
final class FakeTikTokBackend: Sendable {
    private struct State {
        var snapshot: Snapshot
        var counters = FakeTikTokAPI.Counters()
        var random: SplitMix64
        /// Arrival times of the requests admitted in the last second.
        var window: [ContinuousClock.Instant] = []
        var sequence = 0
        var writes = 0
        var heldOnce = false
        var scripted = 0
    }

    private let options: FakeTikTokAPI.Options
    private let state: Mutex<State>
    private let held = DispatchSemaphore(value: 0)

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
            for index in state.snapshot.assets.indices {
                guard let requested = state.snapshot.assets[index].requested else { continue }
                state.snapshot.assets[index].access = requested
                state.snapshot.assets[index].requested = nil
            }
        }
    }

    func releaseHeldWrite() { held.signal() }

    // MARK: Dispatch

    /// The answer to `request`; nil cuts the connection (a lost answer).
    func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response? {
        let (response, hold) = state.withLock { state in respond(request, &state) }
        if hold { _ = held.wait(timeout: .now() + 120) }
        return response
    }

    private func respond(_ request: LoopbackHTTPServer.Request, _ state: inout State) -> (LoopbackHTTPServer.Response?, Bool) {
        state.sequence += 1
        state.counters.requests += 1
        let requestID = "fake-\(state.sequence)"
        let path = String(request.path.dropFirst(FakeTikTokAPI.basePath.count))
        guard request.path.hasPrefix(FakeTikTokAPI.basePath), let method = TikTokEndpoint.Method(rawValue: request.method),
              let endpoint = TikTokEndpoints.endpoint(method, path) else {
            return (Self.answer(40400, "The endpoint \(request.method) \(request.path) does not exist.", requestID: requestID, status: 404), false)
        }
        state.counters.byEndpoint[endpoint.description, default: 0] += 1
        guard request.headers["access-token"] == options.token else {
            state.counters.rejectedTokens += 1
            return (Self.answer(40105, "The access token is invalid or has been revoked.", requestID: requestID), false)
        }
        if let code = options.refusedEndpoints[endpoint.description] {
            return (Self.answer(code, "No permission for \(endpoint.path) (refused by the test).", requestID: requestID), false)
        }
        if state.scripted < options.scriptedCodes.count {
            let code = options.scriptedCodes[state.scripted]
            state.scripted += 1
            return (Self.answer(code, "Scripted answer \(code).", requestID: requestID), false)
        }
        let now = ContinuousClock.now
        if let limit = options.requestsPerSecond {
            state.window.removeAll { $0.duration(to: now) >= options.quotaWindow }
            guard state.window.count < limit else {
                state.counters.quotaExceeded += 1
                return (Self.answer(40100, "Too many requests: the app's limit is \(limit) per second.", requestID: requestID), false)
            }
            state.window.append(now)
        }
        if options.randomRateLimitRate > 0, Self.chance(&state.random) < options.randomRateLimitRate {
            state.counters.injectedRateLimits += 1
            return (Self.answer(40100, "Too many requests (injected).", requestID: requestID), false)
        }
        if options.internalErrorRate > 0, Self.chance(&state.random) < options.internalErrorRate {
            state.counters.injectedInternalErrors += 1
            return (Self.answer(50000, "Internal error (injected).", requestID: requestID), false)
        }
        let fields: [String: JSONValue]
        switch method {
        case .get:
            var query: [String: JSONValue] = [:]
            for (name, value) in request.query {
                guard query[name] == nil else {
                    return (invalid(&state, "\(name): Given more than once.", requestID: requestID), false)
                }
                query[name] = .string(value)
            }
            fields = query
        case .post:
            guard request.headers["content-type"]?.hasPrefix("application/json") == true,
                  case .object(let body)? = try? JSONParser.parse(Array(request.body)) else {
                return (invalid(&state, "The request body must be a JSON object.", requestID: requestID), false)
            }
            fields = body
        }
        if let problem = endpoint.problem(with: fields, fromQuery: method == .get) {
            return (invalid(&state, problem, requestID: requestID), false)
        }
        if let bc = fields["bc_id"]?.stringValue, bc != state.snapshot.businessCenter.id {
            return (Self.answer(40001, "No permission to operate Business Center \(bc).", requestID: requestID), false)
        }
        if method == .get {
            do throws(FakeAPIRefusal) {
                let page = fields["page"]?.stringValue.flatMap { Int($0) } ?? 1
                let pageSize = fields["page_size"]?.stringValue.flatMap { Int($0) } ?? 10
                let rows = try Self.rows(endpoint, Self.decodedQuery(fields), snapshot: state.snapshot, options: options)
                return (Self.list(rows, page: page, pageSize: pageSize, requestID: requestID), false)
            } catch {
                return (refusal(&state, error, requestID: requestID), false)
            }
        }
        return write(endpoint, fields, &state, requestID: requestID)
    }

    /// A write: judged by the platform rules, then applied, answered, or its answer lost or held.
    private func write(
        _ endpoint: TikTokEndpoint, _ fields: [String: JSONValue], _ state: inout State, requestID: String
    ) -> (LoopbackHTTPServer.Response?, Bool) {
        state.writes += 1
        let losesAnswer = options.loseEveryNthWriteAnswer.map { state.writes % $0 == 0 } ?? false
        if losesAnswer {
            state.counters.lostAnswers += 1
            guard options.applyBeforeLosingAnswer else { return (nil, false) }
        }
        do throws(FakeAPIRefusal) {
            var editor = SnapshotEditor(state.snapshot, enforcingRules: true)
            let before = state.snapshot
            for action in try actions(endpoint.path, fields, snapshot: state.snapshot) {
                do throws(PlatformRuleViolation) {
                    try editor.apply(action, now: options.now)
                } catch {
                    throw FakeAPIRefusal(code: 40001, message: error.message)
                }
            }
            if endpoint == TikTokEndpoints.invite {
                for email in fields["emails"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                    state.counters.invitationCalls[email.lowercased(), default: 0] += 1
                    if !before.members.contains(where: { $0.normalizedEmail == email.lowercased() }) {
                        state.counters.invitations[email.lowercased(), default: 0] += 1
                    }
                }
            }
            state.snapshot = editor.snapshot
        } catch {
            return (refusal(&state, error, requestID: requestID), false)
        }
        if losesAnswer {
            state.counters.lostAnswersApplied += 1
            return (nil, false)
        }
        let hold = options.holdAfterWrite == endpoint.path && !state.heldOnce
        if hold {
            state.heldOnce = true
            state.counters.holding = true
        }
        return (Self.answer(0, "OK", requestID: requestID, data: .object([:])), hold)
    }

    private func refusal(_ state: inout State, _ error: FakeAPIRefusal, requestID: String) -> LoopbackHTTPServer.Response {
        if error.code == 40002 { return invalid(&state, error.message, requestID: requestID) }
        state.counters.refusedWrites.append(error.message)
        return Self.answer(error.code, error.message, requestID: requestID)
    }

    private func invalid(_ state: inout State, _ message: String, requestID: String) -> LoopbackHTTPServer.Response {
        state.counters.invalidRequests.append(message)
        return Self.answer(40002, message, requestID: requestID)
    }

    private static func chance(_ random: inout SplitMix64) -> Double { Double(random.next() >> 11) / Double(1 << 53) }

    static func answer(
        _ code: Int, _ message: String, requestID: String, data: JSONValue = .null, status: Int = 200
    ) -> LoopbackHTTPServer.Response {
        let body = JSONValue.object(["code": .int(code), "message": .string(message), "request_id": .string(requestID), "data": data])
        return LoopbackHTTPServer.Response(status: status, body: Data(body.compact().utf8))
    }

    /// Query values with `filtering` parsed (the table check has passed, so it is valid JSON).
    private static func decodedQuery(_ fields: [String: JSONValue]) -> [String: JSONValue] {
        var decoded = fields
        if let text = fields["filtering"]?.stringValue { decoded["filtering"] = try? JSONParser.parse(Array(text.utf8)) }
        return decoded
    }

    private static func list(_ rows: [JSONValue], page: Int, pageSize: Int, requestID: String) -> LoopbackHTTPServer.Response {
        let start = min((max(page, 1) - 1) * pageSize, rows.count)
        let slice = Array(rows[start..<min(start + pageSize, rows.count)])
        let totalPages = (rows.count + pageSize - 1) / pageSize
        let data = JSONValue.object([
            "list": .array(slice),
            "page_info": .object(["page": .int(page), "page_size": .int(pageSize), "total_number": .int(rows.count),
                                  "total_page": .int(totalPages)]),
        ])
        return answer(0, "OK", requestID: requestID, data: data)
    }

    /// A stable 19-digit user id for an e-mail (FNV-1a).
    static func userID(for email: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in email.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let digits = String(hash % 100_000_000_000_000_000)
        return "69" + String(repeating: "0", count: 17 - digits.count) + digits
    }
}
