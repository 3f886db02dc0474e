import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 and a free port, for tests: one thread per connection,
/// keep-alive, bodies by Content-Length. Enough for libcurl; not for the Internet. A handler
/// that returns no response cuts the connection instead (a lost answer).
public final class LoopbackHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        /// The path without the query.
        public var path: String
        /// Decoded query parameters, in order, repeats kept.
        public var query: [(String, String)]
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: Data
    }

    public struct Response: Sendable {
        public var status: Int
        public var body: Data

        public init(status: Int, body: Data) {
            self.status = status
            self.body = body
        }
    }

    public let port: Int
    private let listener: Int32
    private let handler: @Sendable (Request) -> Response?
    private let connections = Mutex<Set<Int32>>([])
    private let accepted = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    /// Binds and starts accepting; `handler` runs on the connection's thread.
    public init(handler: @escaping @Sendable (Request) -> Response?) throws {
        let (fd, port) = try LoopbackSocket.bind(backlog: 64, reuseAddress: true)
        self.port = port
        listener = fd
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Connections accepted so far (whether or not a request came on them).
    public var acceptedConnections: Int { accepted.load(ordering: .sequentiallyConsistent) }

    /// Stops accepting and closes every open connection.
    public func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in connections.withLock({ $0 }) { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .sequentiallyConsistent) {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else {
                if errno == EINTR { continue }
                return
            }
            accepted.add(1, ordering: .sequentiallyConsistent)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            connections.withLock { _ = $0.insert(fd) }
            let thread = Thread { [self] in
                serve(fd)
                connections.withLock { _ = $0.remove(fd) }
                close(fd)
            }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        var buffer = [UInt8]()
        while true {
            guard let (request, rest) = readRequest(fd, buffer: buffer) else { return }
            buffer = rest
            guard let response = handler(request) else {
                // A lost answer: reset the connection, as a dropped route or a crashed proxy does.
                var reset = linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
                return
            }
            guard write(fd, response) else { return }
            if request.headers["connection"]?.lowercased() == "close" { return }
        }
    }

    /// Reads one request; nil at the end of the connection or on a malformed request.
    private func readRequest(_ fd: Int32, buffer: [UInt8]) -> (Request, [UInt8])? {
        var data = buffer
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = Self.find(separator, in: data)
            if headerEnd == nil {
                guard data.count < 1 << 20, receive(fd, into: &data) else { return nil }
            }
        }
        let head = String(decoding: data[..<headerEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headerEnd! + 4
        while data.count < bodyStart + length {
            guard receive(fd, into: &data) else { return nil }
        }
        let target = String(requestLine[1])
        let (path, query) = Self.split(target)
        let request = Request(
            method: String(requestLine[0]), path: path, query: query, headers: headers,
            body: Data(data[bodyStart..<bodyStart + length]))
        return (request, Array(data[(bodyStart + length)...]))
    }

    private func receive(_ fd: Int32, into data: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        data += chunk[..<count]
        return true
    }

    private func write(_ fd: Int32, _ response: Response) -> Bool {
        let reason = response.status == 200 ? "OK" : "Error"
        let head = "HTTP/1.1 \(response.status) \(reason)\r\nContent-Type: application/json\r\nContent-Length: \(response.body.count)\r\nConnection: keep-alive\r\n\r\n"
        let bytes = Array(head.utf8) + Array(response.body)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private static func split(_ target: String) -> (String, [(String, String)]) {
        guard let mark = target.firstIndex(of: "?") else { return (target, []) }
        let path = String(target[..<mark])
        let pairs = target[target.index(after: mark)...].split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
        return (path, pairs)
    }
}
