import Foundation
import FakeTikTokAPI
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 that does to each connection exactly what a test asks, below HTTP:
/// close it unanswered, hold it open, or answer with fixed bytes, and keeps the request bytes as
/// they came (header order included). `LoopbackHTTPServer` speaks HTTP properly; this one misbehaves.
final class RawLoopbackServer: Sendable {
    enum Behaviour: Sendable {
        /// Bound but not listening: every connection is refused, and the port stays taken, so no
        /// other test's server can get it meanwhile.
        case refuse
        /// Read the request head, then close without a byte of answer (FIN, not reset).
        case closeAfterRequest
        /// Read the request head and answer nothing until the server is stopped.
        case hold
        /// Read the request (head and `Content-Length` body), then send these bytes and close.
        case answer(String)
    }

    let port: Int
    private let listener: Int32
    private let behaviour: Behaviour
    private let received = Mutex<[UInt8]>([])
    private let requests = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    init(_ behaviour: Behaviour) throws {
        // Refusing: bound but not listening, so a connection is refused.
        let refuses = if case .refuse = behaviour { true } else { false }
        let (fd, port) = try LoopbackSocket.bind(backlog: refuses ? nil : 8)
        self.port = port
        listener = fd
        self.behaviour = behaviour
        if case .refuse = behaviour { return }
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { stop() }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The bytes of every request so far, as they arrived.
    var requestBytes: String { String(decoding: received.withLock { $0 }, as: UTF8.self) }

    /// Requests whose head has arrived.
    var requestCount: Int { requests.load(ordering: .sequentiallyConsistent) }

    func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .sequentiallyConsistent) {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else {
                if errno == EINTR { continue }
                return
            }
            Thread { [self] in
                serve(fd)
                close(fd)
            }.start()
        }
    }

    private func serve(_ fd: Int32) {
        var data: [UInt8] = []
        while !headComplete(data) {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            data += chunk[..<count]
        }
        received.withLock { $0 += data }
        requests.add(1, ordering: .sequentiallyConsistent)
        switch behaviour {
        case .refuse, .closeAfterRequest:
            return
        case .hold:
            while !stopped.load(ordering: .sequentiallyConsistent) { usleep(10_000) }
        case .answer(let text):
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            shutdown(fd, Int32(SHUT_WR))
        }
    }

    /// The head and the body its Content-Length announces are all in.
    private func headComplete(_ data: [UInt8]) -> Bool {
        let text = String(decoding: data, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length
    }
}
