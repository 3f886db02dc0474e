@testable import BCPlanCore
import Foundation
import Testing

/// The mock provider commits a request as one journal line with its changes; the store file is
/// written once at `finish`, and anyone reading in between sees the journal replayed.
@Suite struct MockStoreFileTests {
    private typealias F = ApplyFixtures

    @Test func requestsCommitToTheJournalAndTheStoreIsWrittenOnceAtTheEnd() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-mock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let storePath = folder.appendingPathComponent("store.json").path
        let base = F.snapshot(members: [F.member("ana@acme.example", .admin), F.member("bo@acme.example", .admin)],
                              assets: [F.adAccount("7100000000000000001")])
        var document = base.jsonMembers
        document["requests_committed"] = .int(0)
        try JSONValue.object(document).rendered().write(toFile: storePath, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: storePath))
        let provider = MockProvider(storePath: storePath, businessCenterID: F.ownID)
        for index in 0..<3 {
            _ = try await provider.perform(ProviderCall([F.invite("n\(index)@acme.example", assets: [("7100000000000000001", "analyst")])]))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: storePath)) == before, "the store is not rewritten per call")
        let journal = try String(contentsOfFile: folder.appendingPathComponent("store.requests.jsonl").path, encoding: .utf8)
        #expect(journal.split(separator: "\n").count == 3)
        // Another reader replays the journal.
        let reader = MockProvider(storePath: storePath, businessCenterID: F.ownID)
        let live = try await reader.read()
        #expect(live.members.map(\.email) == ["ana@acme.example", "bo@acme.example", "n0@acme.example", "n1@acme.example", "n2@acme.example"])
        #expect(live.members[4].assets.map(\.id) == ["7100000000000000001"])
        // The other side answers from another process: the store takes in the journal and the answer.
        #expect(try reader.respond(to: ["n1@acme.example"], all: false, accept: true) == ["invitation of n1@acme.example accepted"])
        _ = try await provider.perform(ProviderCall([F.revoke("n0@acme.example")]))
        #expect(provider.finish() == nil)
        let stored = try #require(try JSONFile.read(JSONDocument.self, from: storePath, what: "store")?.value)
        #expect(stored["requests_committed"]?.intValue == 4)
        let snapshot = try Snapshot(json: stored, path: "")
        #expect(snapshot.members.map { "\($0.email) \($0.status.rawValue)" }
            == ["ana@acme.example active", "bo@acme.example active", "n1@acme.example active", "n2@acme.example pending"])
        #expect(try await MockProvider(storePath: storePath, businessCenterID: F.ownID).read() == snapshot)
    }
}
