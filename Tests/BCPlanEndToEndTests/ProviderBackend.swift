import BCPlanCore
import FakeTikTokAPI
import Foundation
import Testing

/// Where an end-to-end test's Business Center lives: the embedded mock provider (a store file) or
/// the strict fake of TikTok's API on 127.0.0.1, driven through `kind: tiktok`. The same test
/// runs against both.
enum ProviderBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case mock
    case fake

    var description: String { rawValue }

    static let tokenVariable = "BCPLAN_TEST_TOKEN"
}

/// One Business Center of a test, seeded with a snapshot, behind one backend.
final class BackendFixture {
    let backend: ProviderBackend
    let folder: URL
    let token = "tok-" + UUID().uuidString.lowercased()
    private(set) var fake: FakeTikTokAPI?

    /// - Parameters:
    ///   - fakeOptions: adjusts the fake (quota, injected failures); the token is set here.
    init(_ backend: ProviderBackend, seed: Snapshot, fakeOptions: (inout FakeTikTokAPI.Options) -> Void = { _ in }) throws {
        self.backend = backend
        folder = try BinaryRunner.temporaryFolder()
        switch backend {
        case .mock:
            try JSONValue.object(seed.jsonMembers).rendered().write(to: folder.appendingPathComponent("store.json"), atomically: true, encoding: .utf8)
        case .fake:
            var options = FakeTikTokAPI.Options(token: token)
            fakeOptions(&options)
            fake = try FakeTikTokAPI(seed, options: options)
        }
    }

    /// Every fixture's fake checks, as the test ends, that bcplan sent it nothing TikTok's
    /// definitions refuse (40002): over the whole suite, the provider never sends such a request.
    deinit {
        if let fake {
            let refused = fake.counters.invalidRequests
            #expect(refused.isEmpty, "bcplan sent requests TikTok's definitions refuse: \(refused)")
            fake.stop()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The config's `provider:` line, one line for both backends so every location in the plan
    /// is the same. `extra` goes inside the braces (e.g. `requests_per_second: 10`).
    func providerLine(caller: String? = nil, extra: String? = nil) -> String {
        var fields: [String]
        switch backend {
        case .mock: fields = ["kind: mock", "store: store.json"]
        case .fake: fields = ["kind: tiktok", "token_env: \(ProviderBackend.tokenVariable)"]
        }
        if let caller { fields.append("caller: \(caller)") }
        if let extra { fields.append(extra) }
        return "provider: {" + fields.joined(separator: ", ") + "}"
    }

    /// The environment a user running against this backend has: the clock, the token, and (for
    /// the fake) where the TikTok provider is pointed, which only the environment can say.
    var environment: [String: String] {
        var environment = ["BCPLAN_NOW": "2026-11-21T09:00:00Z", ProviderBackend.tokenVariable: token]
        if let fake { environment[ProviderConfig.baseURLOverride] = fake.baseURL }
        return environment
    }

    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> BinaryRunner.Outcome {
        try BinaryRunner.run(arguments, in: folder, environment: environment.merging(extra) { $1 })
    }

    /// The other side accepts every pending invitation and partner request.
    func acceptAll() throws {
        switch backend {
        case .mock:
            let accepted = try run(["mock", "accept", "--all"])
            precondition(accepted.status == 0, accepted.stderr)
        case .fake:
            fake!.acceptAll()
        }
    }

    /// Every file the runs left, with its text, to search for secrets.
    func filesLeft() throws -> [String: String] {
        try BinaryRunner.snapshot(of: folder).mapValues { String(decoding: $0, as: UTF8.self) }
    }
}
