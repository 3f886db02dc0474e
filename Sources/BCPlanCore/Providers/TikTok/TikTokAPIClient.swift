import Foundation
import Synchronization

/// Requests to TikTok's API for Business v1.3, each built from its entry in `TikTokEndpoints`: the
/// `Access-Token` header, query strings and JSON bodies, the `{code, message, request_id, data}`
/// envelope, paging, the app's request quota, and the codes that say "try again" (DESIGN §3).
///
/// A request the endpoint's definition refuses is not sent. The token is sent in one header and
/// nowhere else: every message this type produces is passed through `redacted(_:)`, so not even a
/// server that echoes it gets it into an error.
final class TikTokAPIClient: Sendable {
    let baseURL: String
    let token: String?
    let tokenVariable: String
    let http: any HTTPClient
    /// Every request, read or write, takes a slot: the quota holds for the whole run.
    let pacer: TokenBucket?
    let readRetry: RetryPolicy
    /// Per endpoint ("GET /bc/member/get/"), for `doctor`.
    private let statistics = Mutex<[String: TikTokCallStatistics]>([:])

    /// The quota is the app's requests per second; calls go out at 1.1× their spacing, so jitter
    /// between here and TikTok's counter never tips a burst over it.
    static let quotaHeadroom = 1.1

    init(baseURL: String, token: String?, tokenVariable: String, http: any HTTPClient, requestsPerSecond: Double,
         readRetry: RetryPolicy = .standard) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.tokenVariable = tokenVariable
        self.http = http
        pacer = TokenBucket(rate: requestsPerSecond / Self.quotaHeadroom)
        self.readRetry = readRetry
    }

    /// What a successful call returned.
    struct Answer: Sendable {
        var data: JSONValue
        var requestID: String?
    }

    /// What every endpoint met so far, by "METHOD /path/".
    var callStatistics: [String: TikTokCallStatistics] { statistics.withLock { $0 } }

    // MARK: Calls

    /// A GET, retried on transient codes within `readRetry` (a read changes nothing, so repeating
    /// it is always safe).
    func get(_ endpoint: TikTokEndpoint, _ fields: [String: JSONValue]) async throws(ProviderError) -> JSONValue {
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            do {
                return try await send(endpoint, fields).data
            } catch let error where error.isTransient && attempt < readRetry.maxAttempts {
                try? await Task.sleep(for: readRetry.delay(after: attempt, using: &generator))
                attempt += 1
            } catch {
                statistics.withLock { $0[endpoint.description, default: TikTokCallStatistics()].failure = error.message }
                throw error
            }
        }
    }

    /// Every row of a paged list: `data.list` of page 1, 2, … up to `data.page_info.total_page`,
    /// at the largest page size the endpoint takes.
    func pages(_ endpoint: TikTokEndpoint, _ fields: [String: JSONValue]) async throws(ProviderError) -> [JSONValue] {
        let pageSize = endpoint.pageSizeLimit ?? 10
        var rows: [JSONValue] = []
        var page = 1
        while true {
            var query = fields
            query["page"] = .int(page)
            query["page_size"] = .int(pageSize)
            let data = try await get(endpoint, query)
            guard let list = data["list"]?.arrayValue else {
                throw ProviderError(redacted("the TikTok API's answer to \(endpoint) has no data.list"))
            }
            rows += list
            let totalPages = data["page_info"]?["total_page"]?.intValue ?? page
            if page >= totalPages || list.isEmpty { return rows }
            page += 1
        }
    }

    /// A POST with a JSON body. Not retried here: the provider decides, knowing the action. An
    /// answer that never came (timed out, connection cut after sending) throws with
    /// `outcomeUnknown`: the write may or may not have happened.
    func post(_ endpoint: TikTokEndpoint, _ fields: [String: JSONValue]) async throws(ProviderError) -> Answer {
        try await send(endpoint, fields)
    }

    // MARK: One request

    private func send(_ endpoint: TikTokEndpoint, _ fields: [String: JSONValue]) async throws(ProviderError) -> Answer {
        guard let token else {
            throw ProviderError("no TikTok access token: set the environment variable \(tokenVariable) (provider.token_env) to a token from TikTok's developer portal")
        }
        if let problem = endpoint.problem(with: fields, fromQuery: false) {
            throw ProviderError(redacted(
                "bcplan will not send \(endpoint) with \(problem.hasSuffix(".") ? String(problem.dropLast()) : problem): TikTok's definition (\(endpoint.source)) refuses it"))
        }
        var headers = ["Access-Token": token, "Accept": "application/json"]
        var bodyData: Data?
        let url: URL?
        switch endpoint.method {
        case .get:
            url = self.url(endpoint.path, Self.query(fields))
        case .post:
            url = self.url(endpoint.path, [])
            headers["Content-Type"] = "application/json"
            bodyData = Data(JSONValue.object(fields).compact().utf8)
        }
        guard let url else {
            throw ProviderError(redacted("the TikTok API base URL \(baseURL) does not make a valid URL with \(endpoint.path)"))
        }
        await pacer?.take()
        statistics.withLock { $0[endpoint.description, default: TikTokCallStatistics()].requests += 1 }
        let response: HTTPResponse
        do {
            // A write goes on a connection of its own, so a lost answer is known at once and the
            // write read back without delay (see CurlHTTPClient).
            response = try await http.send(HTTPRequest(
                method: endpoint.method.rawValue, url: url, headers: headers, body: bodyData, freshConnection: endpoint.method == .post))
        } catch {
            var failure = ProviderError(redacted("cannot reach the TikTok API at \(baseURL): \(error.reason)"),
                                        isTransient: !(endpoint.method == .get && error.neverSent))
            failure.outcomeUnknown = endpoint.method == .post && !error.neverSent
            throw failure
        }
        return try answer(response, endpoint: endpoint)
    }

    /// The envelope's verdict: `code` 0 is success; the codes of `TikTokReturnCode.transient` and
    /// HTTP 5xx are worth retrying; a refused token is named; anything else is final.
    private func answer(_ response: HTTPResponse, endpoint: TikTokEndpoint) throws(ProviderError) -> Answer {
        let envelope = try? JSONParser.parse(Array(response.body))
        guard let envelope, let code = envelope["code"]?.intValue else {
            let transient = response.status >= 500 || response.status == 429
            throw ProviderError(
                redacted("the TikTok API answered \(endpoint) with HTTP \(response.status) and no JSON envelope"),
                isTransient: transient)
        }
        let requestID = envelope["request_id"]?.stringValue
        let message = envelope["message"]?.stringValue ?? ""
        if code == 0, response.status < 300 {
            return Answer(data: envelope["data"] ?? .null, requestID: requestID)
        }
        if TikTokReturnCode.rateLimited.contains(code) {
            statistics.withLock { $0[endpoint.description, default: TikTokCallStatistics()].rateLimited += 1 }
        }
        if let why = TikTokReturnCode.tokenRefusal(code) {
            throw ProviderError(redacted(
                "the TikTok API rejected the access token in \(tokenVariable) (\(why); code \(code): \(message)); create a new one in TikTok's developer portal"),
                requestID: requestID)
        }
        if TikTokReturnCode.transient.contains(code) {
            throw ProviderError(redacted("\(TikTokReturnCode.transientReason(code)) (code \(code): \(message))"),
                                isTransient: true, requestID: requestID)
        }
        throw ProviderError(redacted("the TikTok API refused \(endpoint) (code \(code): \(message))"),
                            isTransient: response.status >= 500, requestID: requestID)
    }

    /// Query parameters in name order: integers as digits, objects as their compact JSON.
    private static func query(_ fields: [String: JSONValue]) -> [(String, String)] {
        fields.keys.sorted().map { name in
            switch fields[name]! {
            case .string(let text): (name, text)
            case let other: (name, other.compact())
            }
        }
    }

    private func url(_ path: String, _ query: [(String, String)]) -> URL? {
        var text = baseURL + path
        if !query.isEmpty {
            text += "?" + query.map { Self.escape($0.0) + "=" + Self.escape($0.1) }.joined(separator: "&")
        }
        return URL(string: text)
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// `text` with every occurrence of the token replaced.
    func redacted(_ text: String) -> String {
        guard let token, !token.isEmpty else { return text }
        return text.replacingOccurrences(of: token, with: "[redacted]")
    }
}
