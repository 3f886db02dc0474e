import BCPlanCore
import FakeTikTokAPI
import Foundation
import Synchronization
import Testing

/// The TikTok provider's transport against servers that answer, refuse, hang up and hang: what
/// arrives, which failures count as never sent (safe to repeat), timeouts and cancellation.
@Suite struct CurlHTTPClientTests {
    private func request(_ url: String, method: String = "GET", headers: [String: String] = [:], body: Data? = nil,
                         freshConnection: Bool = false) -> HTTPRequest {
        HTTPRequest(method: method, url: URL(string: url)!, headers: headers, body: body, freshConnection: freshConnection)
    }

    private func failure(_ client: CurlHTTPClient, _ request: HTTPRequest) async -> HTTPClientError? {
        do {
            _ = try await client.send(request)
            return nil
        } catch {
            return error
        }
    }

    @Test func headersAreSentSortedByNameAndTheBodyAsIs() async throws {
        let server = try RawLoopbackServer(.answer("HTTP/1.1 201 Created\r\nContent-Length: 11\r\n\r\n{\"code\":0}\n"))
        defer { server.stop() }
        let body = Data(#"{"b":"ü","a":[1,2]}"#.utf8)
        let response = try await CurlHTTPClient().send(request(
            server.baseURL + "/open_api/v1.3/bc/member/invite/?x=1", method: "POST",
            headers: ["Content-Type": "application/json", "Access-Token": "t0ken", "Accept": "application/json"], body: body))
        #expect(response == HTTPResponse(status: 201, body: Data("{\"code\":0}\n".utf8)))
        let sent = server.requestBytes
        let lines = sent.components(separatedBy: "\r\n")
        #expect(lines.first == "POST /open_api/v1.3/bc/member/invite/?x=1 HTTP/1.1")
        let ours = lines.filter { ["Accept:", "Access-Token:", "Content-Type:"].contains(where: $0.hasPrefix) }
        #expect(ours == ["Accept: application/json", "Access-Token: t0ken", "Content-Type: application/json"])
        #expect(lines.contains("Content-Length: \(body.count)"))
        #expect(!sent.contains("Expect:"), "no 100-continue round trip before the body")
        #expect(sent.hasSuffix("\r\n\r\n" + String(decoding: body, as: UTF8.self)))
    }

    @Test func aLineBreakInAHeaderIsRefusedUnsent() async throws {
        let server = try RawLoopbackServer(.closeAfterRequest)
        defer { server.stop() }
        let error = await failure(CurlHTTPClient(), request(server.baseURL + "/", headers: ["Access-Token": "t\r\nX-Injected: 1"]))
        #expect(error?.reason == "the header Access-Token holds a line break")
        #expect(error?.neverSent == true)
        #expect(server.requestCount == 0)
    }

    @Test func connectionsAreReusedUnlessAFreshOneIsAsked() async throws {
        let server = try LoopbackHTTPServer { _ in LoopbackHTTPServer.Response(status: 200, body: Data("{}".utf8)) }
        defer { server.stop() }
        let client = CurlHTTPClient()
        let url = "http://127.0.0.1:\(server.port)/"
        // libcurl closes a connection idle for 118 s (CURLOPT_MAXAGE_CONN(3)); in the full suite this
        // task can wait that long between two requests (other tests hold the cooperative pool), and
        // then a new connection is right. Each such wait allows one more. The wait is measured from
        // the start of the previous request: its end, when the connection was last used, can come
        // long before this task resumes, so the time after the resume would miss the idle time.
        var lastKeptUse: ContinuousClock.Instant?
        var allowedExtra = 0
        func sendOnKeptConnection() async throws {
            let start = ContinuousClock.now
            if let lastKeptUse, start - lastKeptUse > .seconds(100) { allowedExtra += 1 }
            lastKeptUse = start
            _ = try await client.send(request(url))
        }
        for _ in 0..<3 { try await sendOnKeptConnection() }
        #expect((1...1 + allowedExtra).contains(server.acceptedConnections), "three requests in turn on one kept connection")
        let beforeFresh = server.acceptedConnections
        for _ in 0..<2 { _ = try await client.send(request(url, method: "POST", body: Data("{}".utf8), freshConnection: true)) }
        #expect(server.acceptedConnections == beforeFresh + 2, "each fresh request on a connection of its own")
        try await sendOnKeptConnection()
        #expect((3...3 + allowedExtra).contains(server.acceptedConnections), "the kept connection is still there for the next request")
    }

    @Test func aFreshConnectionAsksTheServerToCloseIt() async throws {
        let server = try RawLoopbackServer(.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"))
        defer { server.stop() }
        _ = try await CurlHTTPClient().send(request(server.baseURL + "/", freshConnection: true))
        #expect(server.requestBytes.contains("\r\nConnection: close\r\n"))
    }

    @Test func aRefusedConnectionWasNeverSent() async throws {
        let server = try RawLoopbackServer(.refuse)
        defer { server.stop() }
        let error = await failure(CurlHTTPClient(), request(server.baseURL + "/"))
        #expect(error?.reason == "could not connect to the server")
        #expect(error?.neverSent == true)
    }

    @Test func anUnknownHostWasNeverSent() async throws {
        // .invalid never resolves (RFC 2606 §2).
        let error = await failure(CurlHTTPClient(), request("http://bcplan.invalid/"))
        #expect(error?.reason == "the host name could not be resolved")
        #expect(error?.neverSent == true)
    }

    @Test func aURLCurlCannotUseWasNeverSent() async throws {
        let error = await failure(CurlHTTPClient(), request("file:///etc/passwd"))
        #expect(error?.reason == "the URL is not usable")
        #expect(error?.neverSent == true)
    }

    @Test func aServerThatHangsUpWithoutAnsweringMayHaveDoneIt() async throws {
        let server = try RawLoopbackServer(.closeAfterRequest)
        defer { server.stop() }
        let error = await failure(CurlHTTPClient(), request(server.baseURL + "/", method: "POST", body: Data("{}".utf8)))
        #expect(error?.reason == "the connection was lost")
        #expect(error?.neverSent == false)
        #expect(server.requestCount == 1)
    }

    @Test func aConnectionResetUnderTheRequestMayHaveDoneIt() async throws {
        // The fake's lost answer: the request is read, then the connection reset (SO_LINGER 0).
        let server = try LoopbackHTTPServer { _ in nil }
        defer { server.stop() }
        let error = await failure(CurlHTTPClient(), request("http://127.0.0.1:\(server.port)/", method: "POST",
                                                             body: Data("{}".utf8), freshConnection: true))
        #expect(error?.reason == "the connection was lost")
        #expect(error?.neverSent == false)
    }

    @Test func noAnswerWithinTheTimeoutMayHaveDoneIt() async throws {
        let server = try RawLoopbackServer(.hold)
        defer { server.stop() }
        let started = ContinuousClock.now
        let error = await failure(CurlHTTPClient(timeout: .milliseconds(500)), request(server.baseURL + "/"))
        let elapsed = ContinuousClock.now - started
        // The server never answers, so only the timeout ends the request. No upper bound on the
        // time: in the full suite, tests that wait on processes hold the cooperative pool's
        // threads and this task may resume seconds after curl returned.
        #expect(error?.reason == "no answer within the timeout")
        #expect(error?.neverSent == false)
        #expect(server.requestCount == 1)
        #expect(elapsed >= .milliseconds(500), "\(elapsed)")
    }

    @Test func cancellingTheTaskAbortsARequestInFlight() async throws {
        let server = try RawLoopbackServer(.hold)
        defer { server.stop() }
        // The timeout is far beyond any wait here: "cancelled" (not "timed out") means the cancel
        // ended it. The bounds are loose for the full suite, where other tests hold the
        // cooperative pool's threads and tasks start and resume late; alone it ends in well
        // under a second.
        let client = CurlHTTPClient(timeout: .seconds(600))
        let task = Task { await failure(client, request(server.baseURL + "/", method: "POST", body: Data("{}".utf8))) }
        let deadline = ContinuousClock.now + .seconds(300)
        while server.requestCount == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(server.requestCount == 1, "the request reached the server")
        let cancelled = ContinuousClock.now
        task.cancel()
        let error = await task.value
        let elapsed = ContinuousClock.now - cancelled
        #expect(error?.reason == "the request was cancelled")
        #expect(error?.neverSent == false, "it reached the server: its effect is unknown")
        // The reason above already says the cancel ended it. No tighter bound on the time: alone it
        // ends in well under a second (libcurl's progress callback runs about once a second while
        // it waits), but in the full suite on two cores this task has resumed two minutes late.
        #expect(elapsed < .seconds(590), "ended \(elapsed) after the cancel, before the 600 s timeout")
    }

    @Test func aTaskCancelledBeforeTheRequestSendsNothing() async throws {
        let server = try RawLoopbackServer(.closeAfterRequest)
        defer { server.stop() }
        let client = CurlHTTPClient()
        let error = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await failure(client, request(server.baseURL + "/"))
        }.value
        #expect(error?.reason == "the request was cancelled")
        #expect(server.requestCount == 0)
    }

    /// libcurl and what it needs (TLS, HTTP/2, IDN, LDAP, Kerberos, ...) are loaded only when the
    /// TikTok provider sends: nothing the binary needs at start-up brings them in, not even
    /// indirectly (ldd resolves the whole closure). `Packaging/build-deb.sh` checks the release build.
    @Test func theBinaryLoadsNoLibcurlAtStartUp() throws {
        let ldd = try BinaryRunner.run([BinaryRunner.binary.path], executable: URL(fileURLWithPath: "/usr/bin/ldd"))
        #expect(ldd.status == 0, "\(ldd.stderr)")
        #expect(ldd.stdout.contains("libyaml-0.so.2"), "ldd lists what the binary needs")
        #expect(!ldd.stdout.contains("libcurl"), "\(ldd.stdout)")
        #expect(!ldd.stdout.contains("FoundationNetworking"), "\(ldd.stdout)")
    }
}
