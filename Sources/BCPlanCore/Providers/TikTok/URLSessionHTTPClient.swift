import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP through Foundation's URLSession (libcurl on Linux): no cache, no cookies, a per-request
/// timeout.
///
/// A request that wants a fresh connection goes through a second session whose connections are
/// all closed after their one request: on Linux, when a connection kept alive from an earlier
/// request is cut under a new one, URLSession spins until the timeout and reports "timed out";
/// on a connection of its own the loss is reported at once.
public final class URLSessionHTTPClient: HTTPClient {
    private let session: URLSession
    private let oneShot: URLSession

    public init(timeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
        oneShot = URLSession(configuration: configuration)
    }

    public func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for name in request.headers.keys.sorted() {
            urlRequest.setValue(request.headers[name], forHTTPHeaderField: name)
        }
        if request.freshConnection { urlRequest.setValue("close", forHTTPHeaderField: "Connection") }
        urlRequest.httpBody = request.body
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await (request.freshConnection ? oneShot : session).data(for: urlRequest)
        } catch let error as URLError {
            throw Self.describe(error)
        } catch {
            throw HTTPClientError("the request failed", neverSent: false)
        }
        guard let http = response as? HTTPURLResponse else {
            throw HTTPClientError("the answer was not HTTP", neverSent: false)
        }
        return HTTPResponse(status: http.statusCode, body: data)
    }

    /// URLError's own text can quote the URL; ours says what happened and nothing else.
    private static func describe(_ error: URLError) -> HTTPClientError {
        switch error.code {
        case .cannotConnectToHost: HTTPClientError("could not connect to the server", neverSent: true)
        case .cannotFindHost, .dnsLookupFailed: HTTPClientError("the host name could not be resolved", neverSent: true)
        case .notConnectedToInternet: HTTPClientError("this machine is not connected to a network", neverSent: true)
        case .timedOut: HTTPClientError("no answer within the timeout", neverSent: false)
        case .networkConnectionLost: HTTPClientError("the connection was lost", neverSent: false)
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            HTTPClientError("the secure connection failed (TLS)", neverSent: true)
        case .badURL, .unsupportedURL: HTTPClientError("the URL is not usable", neverSent: true)
        default: HTTPClientError("the request failed (URL error \(error.code.rawValue))", neverSent: false)
        }
    }
}
