import BCPlanCore
import FakeTikTokAPI
import Foundation
import Testing

/// A pull request that edits the config cannot send the token anywhere (DESIGN §3, "Where the
/// token may go"): a listener on 127.0.0.1 gets no connection at all, whatever command runs.
@Suite struct TokenExfiltrationTests {
    static let token = "secret-" + UUID().uuidString.lowercased()
    static let commands = [["validate"], ["plan"], ["plan", "--format", "markdown"], ["apply", "--auto-approve"], ["refresh"],
                           ["doctor"], ["export"], ["audit"]]

    /// `base_url` pointing at the listener: every command refuses the file, naming the key.
    @Test func aBaseURLThatIsNotTikTokIsRefusedAndTheListenerHearsNothing() throws {
        let listener = try LoopbackHTTPServer { _ in LoopbackHTTPServer.Response(status: 200, body: Data(#"{"code":0}"#.utf8)) }
        defer { listener.stop() }
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = "http://127.0.0.1:\(listener.port)/open_api/v1.3"
        try BinaryRunner.write("""
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            provider:
              kind: tiktok
              base_url: \(url)
              token_env: BCPLAN_TIKTOK_TOKEN
            members:
              - {email: ana@acme.example, role: admin}

            """, "bcplan.yaml", in: folder)
        for command in Self.commands {
            let outcome = try BinaryRunner.run(command, in: folder, environment: ["BCPLAN_TIKTOK_TOKEN": Self.token])
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stderr.contains("bcplan.yaml:5:13: error: provider.base_url '\(url)' is not TikTok's API"), "\(command): \(outcome.stderr)")
            #expect(!outcome.stdout.contains(Self.token) && !outcome.stderr.contains(Self.token))
        }
        #expect(listener.acceptedConnections == 0)
    }

    /// `token_env: HOME` (with the API pointed at the listener, as a test fake would be): refused,
    /// naming the key; nothing is sent, so neither $HOME nor anything else reaches the listener.
    @Test func aTokenVariableOutsideBCPLANAndTIKTOKIsRefusedAndTheListenerHearsNothing() throws {
        let listener = try LoopbackHTTPServer { _ in LoopbackHTTPServer.Response(status: 200, body: Data(#"{"code":0}"#.utf8)) }
        defer { listener.stop() }
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BinaryRunner.write("""
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            provider: {kind: tiktok, token_env: HOME}
            members:
              - {email: ana@acme.example, role: admin}

            """, "bcplan.yaml", in: folder)
        for command in Self.commands {
            let outcome = try BinaryRunner.run(command, in: folder, environment: [
                "HOME": Self.token, ProviderConfig.baseURLOverride: "http://127.0.0.1:\(listener.port)/open_api/v1.3",
            ])
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stderr.contains("bcplan.yaml:3:37: error: provider.token_env 'HOME' is not a token variable"), "\(command): \(outcome.stderr)")
        }
        #expect(listener.acceptedConnections == 0)
    }
}
