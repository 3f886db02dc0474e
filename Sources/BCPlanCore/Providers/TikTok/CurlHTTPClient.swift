import CCurlOnDemand
import Foundation

/// HTTP through libcurl, loaded at the first request (`CCurlOnDemand`): a run that sends nothing
/// does not load libcurl and the libraries it needs, which cost every start-up ~6 ms when linked.
/// No cache, no cookies (libcurl keeps neither unless asked), a timeout for the whole request,
/// libcurl's TLS defaults (the system's CA store, peer and host name verified).
///
/// Connections are kept between requests and reused. A request that wants a fresh connection gets
/// one of its own, closed after it (CURLOPT_FRESH_CONNECT, CURLOPT_FORBID_REUSE): when a kept
/// connection is cut under a write, the loss may be noticed late; on its own connection it is
/// reported at once.
///
/// `curl_easy_perform` blocks, so it runs on a thread of its own, never on Swift's cooperative pool
/// nor on Dispatch's (whose threads are added slowly when they block: requests would queue).
/// A cancelled task sets the transfer's flag, which libcurl's progress callback reads (at least
/// about once a second): the request ends within that and throws "the request was cancelled".
public final class CurlHTTPClient: HTTPClient {
    private let timeout: Duration
    private let pool = Pool()

    public init(timeout: Duration = .seconds(30)) {
        self.timeout = timeout
    }

    public func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        if let why = bcplan_curl_load_error() {
            throw HTTPClientError(
                "libcurl.so.4 could not be loaded (\(String(cString: why))); install libcurl4: apt-get install libcurl4", neverSent: true)
        }
        var lines: [String] = []
        for name in request.headers.keys.sorted() {
            let value = request.headers[name] ?? ""
            // A line break would end the header and start another: refused rather than sent.
            guard !"\(name)\(value)".unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw HTTPClientError("the header \(name) holds a line break", neverSent: true)
            }
            lines.append("\(name): \(value)")
        }
        if request.freshConnection { lines.append("Connection: close") }
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        guard let transfer = Transfer(request, headerLines: lines, timeoutMilliseconds: Int(milliseconds)) else {
            throw HTTPClientError("out of memory", neverSent: true)
        }
        let pool = pool
        let code = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: transfer.perform(on: pool)) }.start()
            }
        } onCancel: {
            transfer.cancel()
        }
        if let error = Self.describe(code: code) { throw error }
        guard transfer.status > 0 else { throw HTTPClientError("the answer was not HTTP", neverSent: false) }
        return HTTPResponse(status: transfer.status, body: transfer.body)
    }

    /// The error for a CURLcode, with the meaning of each as libcurl-errors(3) gives it
    /// (https://curl.se/libcurl/c/libcurl-errors.html); nil for CURLE_OK. The codes are libcurl's
    /// ABI: numbered once, never renumbered. Our text says what happened without the URL.
    ///
    /// `neverSent` only where the request cannot have reached the server: the name did not resolve,
    /// no connection was made, the TLS handshake (before any HTTP is sent) failed, or the URL was
    /// never usable. A timeout may fall after sending, so it is not one of them.
    static func describe(code: Int32) -> HTTPClientError? {
        switch code {
        case 0: // CURLE_OK
            nil
        case 1, 3: // CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT
            HTTPClientError("the URL is not usable", neverSent: true)
        case 5, 6: // CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST
            HTTPClientError("the host name could not be resolved", neverSent: true)
        case 7: // CURLE_COULDNT_CONNECT: "Failed to connect() to host or proxy."
            HTTPClientError("could not connect to the server", neverSent: true)
        case 35, 53, 54, 58, 59, 60, 64, 66, 77, 82, 83, 90, 91, 98:
            // CURLE_SSL_CONNECT_ERROR ("somewhere in the SSL/TLS handshake"), CURLE_SSL_ENGINE_NOTFOUND,
            // CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CERTPROBLEM (local client certificate),
            // CURLE_SSL_CIPHER, CURLE_PEER_FAILED_VERIFICATION, CURLE_USE_SSL_FAILED,
            // CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE,
            // CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            // CURLE_SSL_CLIENTCERT: all before the first byte of HTTP goes out.
            HTTPClientError("the secure connection failed (TLS)", neverSent: true)
        case 28: // CURLE_OPERATION_TIMEDOUT
            HTTPClientError("no answer within the timeout", neverSent: false)
        case 18, 52, 55, 56, 92, 95:
            // CURLE_PARTIAL_FILE (answer shorter than announced), CURLE_GOT_NOTHING ("Nothing was
            // returned from the server"), CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_HTTP2_STREAM,
            // CURLE_HTTP3: the connection failed once the request was on its way.
            HTTPClientError("the connection was lost", neverSent: false)
        case 8: // CURLE_WEIRD_SERVER_REPLY
            HTTPClientError("the answer was not HTTP", neverSent: false)
        case 42: // CURLE_ABORTED_BY_CALLBACK: our progress callback saw the task cancelled.
            HTTPClientError("the request was cancelled", neverSent: false)
        default:
            HTTPClientError("the request failed (curl error \(code))", neverSent: false)
        }
    }

    /// This client's kept handles and connections (`bcplan_curl_pool`), closed with the client.
    ///
    /// `@unchecked Sendable`: the C pool takes its own lock for every use.
    private final class Pool: @unchecked Sendable {
        /// nil only when out of memory: then nothing is kept (the C side takes NULL so).
        let pointer: OpaquePointer? = bcplan_curl_pool_new()

        deinit { bcplan_curl_pool_free(pointer) }
    }

    /// One request's C transfer, freed when the last of the performing closure and the
    /// cancellation handler lets go of it.
    ///
    /// `@unchecked Sendable`: `cancel()` is an atomic store, safe from any thread; everything else
    /// is read only after `perform()` has returned on its thread (the continuation orders it).
    private final class Transfer: @unchecked Sendable {
        private let pointer: OpaquePointer

        init?(_ request: HTTPRequest, headerLines: [String], timeoutMilliseconds: Int) {
            let copies = headerLines.map { strdup($0) }
            defer { copies.forEach { free($0) } }
            let made: OpaquePointer? = copies.map { UnsafePointer($0) }.withUnsafeBufferPointer { lines in
                (request.body ?? Data()).withUnsafeBytes { body in
                    bcplan_curl_transfer_new(request.method, request.url.absoluteString, lines.baseAddress, lines.count,
                                             request.body == nil ? 0 : 1, body.baseAddress, body.count,
                                             timeoutMilliseconds, request.freshConnection ? 1 : 0)
                }
            }
            guard let made, !copies.contains(nil) else {
                bcplan_curl_transfer_free(made)
                return nil
            }
            pointer = made
        }

        deinit { bcplan_curl_transfer_free(pointer) }

        func perform(on pool: Pool) -> Int32 { bcplan_curl_transfer_perform(pointer, pool.pointer) }

        func cancel() { bcplan_curl_transfer_cancel(pointer) }

        var status: Int { bcplan_curl_transfer_status(pointer) }

        var body: Data {
            var length = 0
            guard let bytes = bcplan_curl_transfer_body(pointer, &length) else { return Data() }
            return Data(bytes: bytes, count: length)
        }
    }
}
