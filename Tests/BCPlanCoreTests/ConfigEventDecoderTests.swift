@testable import BCPlanCore
import BCPlanYAML
import Foundation
import Testing

/// The config decoded from events (`ConfigEventDecoder`) is the config the node tree gives, for
/// every file it accepts, and it accepts only files without a diagnostic. Every config file of
/// the repository is compared here; the mutation harness (`ConfigFuzzTests`) compares its inputs
/// the same way.
@Suite struct ConfigEventDecoderTests {
    /// Nil when both ways agree (the event path declined, or gave the tree's config and the tree
    /// had no diagnostic); else what differs.
    static func disagreement(_ bytes: [UInt8], path: String = "dir/bcplan.yaml", limits: YAMLLimits = .default) -> String? {
        guard let fast = ConfigLoader.decodeFromEvents(bytes: bytes, path: path, limits: limits) else { return nil }
        let slow = ConfigLoader.decodeFromTree(bytes: bytes, path: path, limits: limits)
        if !slow.diagnostics.isEmpty {
            return "accepted from events, but the tree has \(slow.diagnostics.count) diagnostic(s): \(slow.diagnostics[0].message)"
        }
        guard let expected = slow.config else { return "accepted from events, rejected by the tree" }
        if fast != expected { return "configs differ:\n  events: \(fast)\n  tree:   \(expected)" }
        return nil
    }

    /// Every YAML file under examples/ and Tests/ but TikTok's SDK definitions, and the fuzz corpus.
    static var repositoryConfigs: [URL] {
        let root = AuditGoldenTests.repositoryRoot
        var files: [URL] = []
        for folder in ["examples", "Tests"] {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                let path = url.path
                if path.contains("/TikTokSDK/") { continue }
                if url.pathExtension == "yaml" || path.contains("/fuzz-corpus/") { files.append(url) }
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test func everyConfigOfTheRepositoryDecodesTheSameBothWays() throws {
        let files = Self.repositoryConfigs
        var accepted = 0
        var failures: [String] = []
        for url in files {
            let bytes = try [UInt8](Data(contentsOf: url))
            if let problem = Self.disagreement(bytes) { failures.append("\(url.path): \(problem)") }
            if ConfigLoader.decodeFromEvents(bytes: bytes, path: "dir/bcplan.yaml", limits: .default) != nil { accepted += 1 }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        // Most configs of the repository are valid: the event path must take them, or it is never used.
        #expect(files.count >= 200)
        #expect(accepted >= 60, "the event path accepted only \(accepted) of \(files.count) files")
    }

    @Test func everyExampleIsReadFromEvents() throws {
        let root = AuditGoldenTests.repositoryRoot.appendingPathComponent("examples")
        #expect(!Fixtures.examples.isEmpty)
        for name in Fixtures.examples {
            let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(name).appendingPathComponent("bcplan.yaml")))
            #expect(ConfigLoader.decodeFromEvents(bytes: bytes, path: "bcplan.yaml", limits: .default) != nil, "\(name)")
            #expect(Self.disagreement(bytes) == nil, "\(name)")
        }
    }

    /// Benchmarks/generate.py's config (a 5 % Business Center: 200 members, 50 partners, 500
    /// assets), the shape the benchmarks time.
    @Test func theBenchmarkConfigIsReadFromEvents() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-events-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try TestProcess.run("/usr/bin/env", [
            "python3", AuditGoldenTests.repositoryRoot.appendingPathComponent("Benchmarks/generate.py").path,
            "--out", folder.path, "--scale", "0.05", "--seed", "3",
        ])
        #expect(outcome.status == 0, "\(outcome.output)")
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("bcplan.yaml")))
        let config = ConfigLoader.decodeFromEvents(bytes: bytes, path: "bcplan.yaml", limits: .default)
        #expect(config?.members.count == 200)
        #expect(config?.partners.count == 50)
        #expect(config?.assets.count == 500)
        #expect(Self.disagreement(bytes) == nil)
    }

    /// Every value the event path reads itself, in every form it takes.
    static let everyForm = """
        version: 1
        business_center: {id: "7000000000000000001", name: Acme}
        provider:
          kind: mock
          caller: ana@acme.example
        state: {backend: file, path: acme.state.json}
        policy:
          member_domains: [acme.example]
          require_owner: true
          max_partner_permission: {ad_account: operator, tiktok_account: [post, live]}
        assets:
          - {key: ad-1, type: ad_account, id: "7100000000000000001", name: "Ads 1"}
          - key: ad-2
            type: ad_account
            id: '7100000000000000002'
            owner: "7300000000000000001"
            access: analyst
          - key: ad-3
            type: ad_account
            id: "7100000000000000003"
            owner: self
          - key: ad-4
            type: ad_account
            id: "7100000000000000004"
            owner: "7000000000000000001"
          - key: tt-1
            type: tiktok_account
            id: "6900000000000000001"
            owner: "7300000000000000001"
            access: [post, live, post2]
          - {key: px-1, type: pixel, id: C4ABCDEF0123456789}
          - {key: px-2, type: pixel, id: "7400000000000000001"}
          - key: cat-1
            type: catalog
            id: "7200000000000000001"
            name: |
              Catalog
              one
        members:
          - email: Ana@acme.example
            role: admin
            finance: manager
            reviewed: 2026-10-01
            assets:
              ad-1: admin
              tt-1: [live, post]
              px-2: use
          - email: bo@other.example
            role: standard
            external: true
            owner: ana@acme.example
            reason: "contractor, CAMP-42"
            expires: 2027-03-31T18:00:00Z
            assets: {ad-3: analyst, cat-1: ad_promote}
          - {email: cy@acme.example, role: standard, assets: ~, external: false}
        partners:
          - bc_id: "7300000000000000002"
            name: Agency
            media_agency: true
            owner: ANA@acme.example
            expires: 2027-01-31
            shares:
              ad-1: operator
              "px-1": use
              ad-3: {permission: analyst, owner: bo@other.example, reason: "one campaign", expires: 2026-12-31, reviewed: 2026-11-01}
          - {bc_id: "7300000000000000003", owner: ana@acme.example, shares: ~}
        acknowledge:
          - {warning: partner_admin, reason: agreed, asset: ad-1}

        """

    @Test func everyFormIsReadFromEventsAsFromTheTree() throws {
        // "post2" is not a TikTok permission: first the file as written must be refused both ways.
        let wrong = Array(Self.everyForm.utf8)
        #expect(ConfigLoader.decodeFromEvents(bytes: wrong, path: "dir/bcplan.yaml", limits: .default) == nil)
        #expect(ConfigLoader.decodeFromTree(bytes: wrong, path: "dir/bcplan.yaml", limits: .default).config == nil)

        let bytes = Array(Self.everyForm.replacingOccurrences(of: "post2", with: "direct_message").utf8)
        let fast = try #require(ConfigLoader.decodeFromEvents(bytes: bytes, path: "dir/bcplan.yaml", limits: .default))
        let slow = ConfigLoader.decodeFromTree(bytes: bytes, path: "dir/bcplan.yaml", limits: .default)
        #expect(slow.diagnostics.isEmpty)
        #expect(fast == slow.config)
        #expect(fast.assets.count == 8)
        #expect(fast.assets[3].owner == nil)
        #expect(fast.members[1].terms.expires != nil)
        #expect(fast.partners[0].shares.count == 3)
        #expect(fast.partners[0].shares[2].terms.owner == "bo@other.example")
        #expect(fast.acknowledgements.count == 1)
    }

    /// Valid files the event path leaves to the tree: it reads none of these itself.
    @Test(arguments: [
        ("an anchor and an alias", "  - &m {email: cy@acme.example, role: standard}\n", "  - *m\n"),
        ("a merge key", "  - <<: {role: standard}\n    email: cy@acme.example\n", ""),
        ("a tag", "  - {email: !!str cy@acme.example, role: standard}\n", ""),
        ("policy after the lists", "  - {email: cy@acme.example, role: standard}\n", "policy: {min_admins: 1}\n"),
    ])
    func leavesUnusualFilesToTheTree(_ what: String, _ member: String, _ more: String) throws {
        let text = """
            version: 1
            business_center: {id: "7000000000000000001"}
            assets:
              - {key: ad-1, type: ad_account, id: "7100000000000000001"}
            members:

            """ + member + more
        let bytes = Array(text.utf8)
        #expect(ConfigLoader.decodeFromEvents(bytes: bytes, path: "bcplan.yaml", limits: .default) == nil, "\(what)")
        // The tree reads it (an alias repeats a member, which is the tree's error; the rest are valid).
        let slow = ConfigLoader.decode(bytes: bytes, path: "bcplan.yaml")
        #expect(slow.config != nil || what == "an anchor and an alias", "\(what): \(slow.diagnostics.map(\.message))")
    }

    @Test func limitsAreKeptAsTheTreeKeepsThem() throws {
        let bytes = Array(Self.everyForm.replacingOccurrences(of: "post2", with: "direct_message").utf8)
        for limits in [YAMLLimits(maxDepth: 4), YAMLLimits(maxNodes: 50), YAMLLimits(maxBytes: 100)] {
            #expect(ConfigLoader.decodeFromEvents(bytes: bytes, path: "bcplan.yaml", limits: limits) == nil)
            #expect(ConfigLoader.decode(bytes: bytes, path: "bcplan.yaml", limits: limits).config == nil)
        }
        #expect(ConfigLoader.decodeFromEvents(bytes: bytes, path: "bcplan.yaml", limits: YAMLLimits(maxDepth: 5)) != nil)
    }

    /// Keys the event path reads are the schema's: a key it knew that the schema dropped would be
    /// accepted from events and refused by the tree.
    @Test func readsTheSchemasKeys() {
        #expect(ConfigEventDecoder.assetKeys.sorted() == ConfigSchema.asset.keys.sorted())
        #expect(ConfigEventDecoder.memberKeys.sorted() == ConfigSchema.member.keys.sorted())
        #expect(ConfigEventDecoder.partnerKeys.sorted() == ConfigSchema.partner.keys.sorted())
        #expect(ConfigEventDecoder.grantKeys.sorted() == ConfigSchema.grant.keys.sorted())
        // The terms come in `ConfigSchema.accessTerms` order after the item's own keys.
        #expect(Array(ConfigEventDecoder.memberKeys[4...7]) == ConfigSchema.accessTerms("").map(\.key))
        #expect(Array(ConfigEventDecoder.partnerKeys[4...7]) == ConfigSchema.accessTerms("").map(\.key))
        #expect(Array(ConfigEventDecoder.grantKeys[1...4]) == ConfigSchema.accessTerms("").map(\.key))
    }
}
