import Foundation

/// The one thing the TikTok provider needs from HTTP, kept small so tests and other transports
/// can stand in for libcurl (`CurlHTTPClient`).
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse
}

public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: URL
    /// Sorted by name when sent, so requests are reproducible.
    public var headers: [String: String]
    public var body: Data?
    /// Send on a connection of its own, never one kept from an earlier request (for writes: a
    /// reused connection that is cut under a request is noticed late, see `CurlHTTPClient`).
    public var freshConnection: Bool

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, freshConnection: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.freshConnection = freshConnection
    }
}

public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// A request that got no HTTP response at all.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// Why, in a few words ("could not connect to the server", "timed out").
    public var reason: String
    /// True when the request surely never reached the server (refused, no route, unknown host):
    /// repeating it cannot do anything twice.
    public var neverSent: Bool

    public init(_ reason: String, neverSent: Bool) {
        self.reason = reason
        self.neverSent = neverSent
    }

    public var description: String { reason }
}
