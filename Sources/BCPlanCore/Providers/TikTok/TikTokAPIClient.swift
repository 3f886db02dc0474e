import Foundation

/// Requests to TikTok's API for Business v1.3: the `Access-Token` header, query strings and JSON
/// bodies, the `{code, message, request_id, data}` envelope, paging, the app's request quota,
/// and the codes that say "try again" (DESIGN §3).
///
/// The token is sent in one header and nowhere else: every message this type produces is
/// passed through `redacted(_:)`, so not even a server that echoes it gets it into an error.
struct TikTokAPIClient: Sendable {
    let baseURL: String
    let token: String?
    let tokenVariable: String
    let http: any HTTPClient
    /// Every request, read or write, takes a slot: the quota holds for the whole run.
    let pacer: TokenBucket?
    let readRetry: RetryPolicy

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

    // MARK: Calls

    /// A GET, retried on transient codes within `readRetry` (a read changes nothing, so repeating
    /// it is always safe).
    func get(_ path: String, _ query: [(String, String)]) async throws(ProviderError) -> JSONValue {
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            do {
                return try await send("GET", path, query: query, body: nil).data
            } catch let error where error.isTransient && attempt < readRetry.maxAttempts {
                try? await Task.sleep(for: readRetry.delay(after: attempt, using: &generator))
                attempt += 1
            }
        }
    }

    /// Every row of a paged list: `data.list` of page 1, 2, … up to `data.page_info.total_page`.
    func pages(_ path: String, _ query: [(String, String)], pageSize: Int) async throws(ProviderError) -> [JSONValue] {
        var rows: [JSONValue] = []
        var page = 1
        while true {
            let data = try await get(path, query + [("page", String(page)), ("page_size", String(pageSize))])
            guard let list = data["list"]?.arrayValue else {
                throw ProviderError(redacted("the TikTok API's answer to GET \(path) has no data.list"))
            }
            rows += list
            let totalPages = data["page_info"]?["total_page"]?.intValue ?? page
            if page >= totalPages || list.isEmpty { return rows }
            page += 1
        }
    }

    /// A POST with a JSON body. Not retried here: the executor decides, knowing the action.
    func post(_ path: String, _ body: [String: JSONValue]) async throws(ProviderError) -> Answer {
        try await send("POST", path, query: [], body: .object(body))
    }

    // MARK: One request

    private func send(_ method: String, _ path: String, query: [(String, String)], body: JSONValue?) async throws(ProviderError) -> Answer {
        guard let token else {
            throw ProviderError("no TikTok access token: set the environment variable \(tokenVariable) (provider.token_env) to a token from TikTok's developer portal")
        }
        guard let url = url(path, query) else {
            throw ProviderError(redacted("provider.base_url \(baseURL) does not make a valid URL with \(path)"))
        }
        var headers = ["Access-Token": token, "Accept": "application/json"]
        var bodyData: Data?
        if let body {
            headers["Content-Type"] = "application/json"
            bodyData = Data(body.compact().utf8)
        }
        await pacer?.take()
        let response: HTTPResponse
        do {
            response = try await http.send(HTTPRequest(method: method, url: url, headers: headers, body: bodyData))
        } catch {
            throw ProviderError(redacted("cannot reach the TikTok API at \(baseURL): \(error.reason)"), isTransient: !(method == "GET" && error.neverSent))
        }
        return try answer(response, method: method, path: path)
    }

    /// The envelope's verdict: `code` 0 is success; 40100 (rate limit), 50000 and 50002 (internal
    /// errors) and HTTP 5xx are worth retrying; 40105 is a rejected token; anything else is final.
    private func answer(_ response: HTTPResponse, method: String, path: String) throws(ProviderError) -> Answer {
        let envelope = try? JSONParser.parse(Array(response.body))
        guard let envelope, let code = envelope["code"]?.intValue else {
            let transient = response.status >= 500 || response.status == 429
            throw ProviderError(
                redacted("the TikTok API answered \(method) \(path) with HTTP \(response.status) and no JSON envelope"),
                isTransient: transient)
        }
        let requestID = envelope["request_id"]?.stringValue
        let message = envelope["message"]?.stringValue ?? ""
        if code == 0, response.status < 300 {
            return Answer(data: envelope["data"] ?? .null, requestID: requestID)
        }
        switch code {
        case 40105:
            throw ProviderError(redacted(
                "the TikTok API rejected the access token in \(tokenVariable) (code 40105: \(message)); create a new one in TikTok's developer portal"),
                requestID: requestID)
        case 40100:
            throw ProviderError(redacted("the TikTok API is rate limiting this app (code 40100: \(message))"), isTransient: true, requestID: requestID)
        case 50000, 50002:
            throw ProviderError(redacted("the TikTok API failed internally (code \(code): \(message))"), isTransient: true, requestID: requestID)
        default:
            let transient = response.status >= 500
            throw ProviderError(redacted("the TikTok API refused \(method) \(path) (code \(code): \(message))"),
                                isTransient: transient, requestID: requestID)
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
