@testable import BCPlanCore
import Foundation
import Testing

/// `Fixtures/export/<example>/expected.yaml` is what `bcplan export` writes for that example, and
/// `expected.notes` what it says on stderr.
@Suite struct ExportTests {
    static let examples = Fixtures.cases(in: "export")
    static let environment = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    @Test func everyExampleHasAGoldenCase() {
        #expect(Fixtures.examples == Self.examples)
    }

    @Test(arguments: examples)
    func exportMatchesGoldenFile(_ name: String) async throws {
        let config = AuditGoldenTests.repositoryRoot.appendingPathComponent("examples/\(name)/bcplan.yaml").path
        let result = try await ExportSession.run(ExportSession.Request(configPath: config, environment: Self.environment))
        let folder = Fixtures.root.appendingPathComponent("export").appendingPathComponent(name)
        Golden.check(result.text, against: folder.appendingPathComponent("expected.yaml"))
        Golden.check(result.notes.map { $0 + "\n" }.joined(), against: folder.appendingPathComponent("expected.notes"))
        #expect(result.writtenTo == nil)
    }

    /// Names that YAML would read as something else, or that need escapes, come back unchanged.
    @Test func awkwardNamesSurviveTheRoundTrip() throws {
        let names = [
            "Acme: US", "#1 account", "@brand", "- dash", "true", "null", "123", "1e5", "Café Müller", "line\nbreak",
            "tab\there", " padded ", "quote \"x\" and \\ backslash", "it's", "[flow]", "{map}", "a, b", "ünïcödé ✓",
            "Summit Ads", "Summit Ads", "summit ads!", "", "%percent", "*star", "&anchor", "!tag", "|pipe", ">fold",
            "zero\u{0}width", "bell\u{7}",
        ]
        let ownID = "7000000000000000001"
        let assets = names.enumerated().map { index, name in
            AssetRecord(type: .adAccount, id: String(7_100_000_000_000_000_100 + index), name: name.isEmpty ? nil : name, ownerBCID: ownID)
        }
        let partners = names.enumerated().map { index, name in
            PartnerRecord(bcID: String(7_000_000_000_000_000_100 + index), name: name.isEmpty ? nil : name, status: .active,
                          shares: [AssetPermissionRecord(type: .adAccount, id: assets[index].id, permission: .level("analyst"))])
        }
        let members = [
            MemberRecord(email: "Ana@Acme.example", status: .active, role: .admin),
            MemberRecord(email: "o'neil@acme.example", status: .active, role: .admin),
            MemberRecord(email: "-dash@acme.example", status: .pending, role: .standard, invitedAt: "2026-11-01T00:00:00Z",
                         assets: [AssetPermissionRecord(type: .adAccount, id: assets[0].id, permission: .level("operator"))]),
        ]
        let snapshot = Snapshot(
            businessCenter: BusinessCenterInfo(id: ownID, name: "Acme: \"Retail\" #1"), members: members,
            partners: partners, assets: assets)
        var settings = ConfigExporter.Settings(
            schemaReference: "bcplan.schema.json", provider: ProviderConfig(storePath: "s.json", storeDisplayPath: "my store.json"),
            storePath: "../my store.json", state: .file(path: "odd.json", displayPath: "state: odd.json"), policy: Policy())
        settings.policy.protected = ["ana@acme.example", "7000000000000000100"]
        let text = ConfigExporter.export(snapshot, settings: settings).text
        let loaded = ConfigLoader.decode(bytes: Array(text.utf8), path: "exported.yaml")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.description))")
        guard let config = loaded.config else { return }

        #expect(config.businessCenterName == snapshot.businessCenter.name)
        #expect(config.provider.storeDisplayPath == "../my store.json")
        #expect(config.state.description == "state: odd.json")
        #expect(config.policy.protected == settings.policy.protected)
        let byID = Dictionary(uniqueKeysWithValues: config.assets.map { ($0.id, $0) })
        for asset in assets { #expect(byID[asset.id]?.name == asset.name, "\(asset.name ?? "nil")") }
        let partnersByID = Dictionary(uniqueKeysWithValues: config.partners.map { ($0.bcID, $0) })
        for partner in partners {
            #expect(partnersByID[partner.bcID]?.name == partner.name)
            #expect(partnersByID[partner.bcID]?.shares.count == 1)
        }
        #expect(config.members.map(\.email).sorted() == members.map(\.email).sorted())
        #expect(Set(config.assets.map(\.key)).count == assets.count, "keys are unique")
        for asset in config.assets { #expect(ConfigSchema.assetKey.accepts(asset.key[...]), "\(asset.key)") }
    }

    /// Comments carry platform text (the Business Center's name, owner ids); YAML allows no
    /// control character in a comment, so they are flattened and the export still loads.
    @Test func controlCharactersInCommentedTextAreFlattened() throws {
        let ownID = "7000000000000000001"
        let foreign = AssetRecord(type: .adAccount, id: "7100000000000000777", name: "Client", ownerBCID: "70000000\u{7}00000009")
        let snapshot = Snapshot(
            businessCenter: BusinessCenterInfo(id: ownID, name: "Acme\u{7}\u{2028}Retail\u{85}"),
            members: [MemberRecord(email: "ana@acme.example", status: .active, role: .admin)],
            partners: [PartnerRecord(bcID: "7000000000000000100", name: "Agency", status: .active,
                                     shares: [AssetPermissionRecord(type: .adAccount, id: foreign.id, permission: .level("analyst"))])],
            assets: [foreign])
        let settings = ConfigExporter.Settings(
            schemaReference: "bcplan.schema.json", provider: ProviderConfig(storePath: "s.json", storeDisplayPath: "s.json"),
            storePath: "s.json", state: .file(path: "state.json", displayPath: "state.json"), policy: Policy())
        let text = ConfigExporter.export(snapshot, settings: settings).text
        #expect(text.contains("# Written by `bcplan export` from the live Business Center Acme  Retail  (7000000000000000001)."), "\(text)")
        #expect(text.contains("    # not exported: "), "\(text)")
        let loaded = ConfigLoader.decode(bytes: Array(text.utf8), path: "exported.yaml")
        #expect(!loaded.diagnostics.contains { $0.message.contains("control characters") }, "\(loaded.diagnostics.map(\.description))")
    }

    /// Owners, reasons, ends and reviews come over from the config; an owner who is no member and
    /// a rule the Business Center already breaks do not (a comment and a note say so), so the
    /// export still validates.
    @Test func declaredTermsAreCarriedAndBrokenRulesAreNot() throws {
        let ownID = "7000000000000000001"
        let us = AssetRecord(type: .adAccount, id: "7100000000000000001", name: "Acme US", ownerBCID: ownID)
        let snapshot = Snapshot(
            businessCenter: BusinessCenterInfo(id: ownID, name: "Acme"),
            members: [
                MemberRecord(email: "ana@acme.example", status: .active, role: .admin),
                MemberRecord(email: "kim@freelance.example", status: .active, role: .standard,
                             assets: [AssetPermissionRecord(type: .adAccount, id: us.id, permission: .level("operator"))]),
            ],
            partners: [
                PartnerRecord(bcID: "7000000000000000099", name: "Blue", status: .active,
                              shares: [AssetPermissionRecord(type: .adAccount, id: us.id, permission: .level("admin"))]),
                PartnerRecord(bcID: "7000000000000000088", name: "Lumen", status: .active, shares: []),
            ],
            assets: [us])
        let source = ConfigLoader.decode(bytes: Array("""
            version: 1
            business_center:
              id: "7000000000000000001"
            policy:
              require_owner: true
              member_domains: [acme.example]
              max_partner_permission: {ad_account: operator}
              review_every_days: 30
            assets:
              - key: us
                type: ad_account
                id: "7100000000000000001"
            members:
              - email: ana@acme.example
                role: admin
              - email: gone@acme.example
                role: admin
              - email: kim@freelance.example
                role: standard
                external: true
                owner: gone@acme.example
                expires: 2027-01-31
                assets:
                  us: {permission: operator, reason: "PO-1: edits", reviewed: 2026-11-01T10:00:00Z}
            partners:
              - bc_id: "7000000000000000099"
                owner: ana@acme.example
                reason: CAMP-42
                shares:
                  us: operator
              - bc_id: "7000000000000000088"
                owner: ana@acme.example
            """.utf8), path: "bcplan.yaml")
        let config = try #require(source.config, "\(source.diagnostics)")
        let settings = ConfigExporter.Settings(
            schemaReference: "bcplan.schema.json", provider: ProviderConfig(storePath: "s.json", storeDisplayPath: "s.json"),
            storePath: "s.json", state: .file(path: "state.json", displayPath: "state.json"), policy: config.policy, declared: DeclaredTerms(config))
        let (text, notes, _) = ConfigExporter.export(snapshot, settings: settings)
        #expect(text.contains("  require_owner: true\n"), "\(text)")
        #expect(text.contains("  review_every_days: 30\n"))
        #expect(text.contains("  # member_domains: [acme.example]   (not carried over: kim@freelance.example is outside them)\n"), "\(text)")
        #expect(text.contains("  # max_partner_permission: {ad_account: operator}   (not carried over: partner 7000000000000000099 holds admin on ad_account 7100000000000000001)\n"))
        #expect(text.contains("    # owner gone@acme.example is not a member of the Business Center, so it is not exported\n"))
        #expect(text.contains("      acme-us:\n        permission: operator\n        reason: \"PO-1: edits\"\n        reviewed: 2026-11-01T10:00:00Z\n"), "\(text)")
        #expect(text.contains("    owner: ana@acme.example\n    reason: CAMP-42\n"))
        #expect(!text.contains("external: true"), "an external member without an exportable owner would not validate")
        #expect(notes.count == 3, "\(notes)")
        let reread = ConfigLoader.decode(bytes: Array(text.utf8), path: "exported.yaml")
        let exported = try #require(reread.config, "\(reread.diagnostics.map(\.description))")
        #expect(exported.members.first { $0.email == "kim@freelance.example" }?.terms.expires?.description == "2027-01-31")
        #expect(exported.policy.requireOwner && exported.policy.memberDomains.isEmpty && exported.policy.reviewEveryDays == 30)
    }

    @Test func keysAreReadableAndUnique() {
        func asset(_ id: String, _ name: String?, _ type: AssetType = .adAccount) -> AssetRecord {
            AssetRecord(type: type, id: id, name: name, ownerBCID: "1")
        }
        let keys = AssetKeys.keys(for: [
            asset("7100000000000000101", "Northwind US"), asset("7100000000000000102", "Summit Ads"),
            asset("7100000000000000202", "Summit  ads"), asset("7100000000000000303", nil),
            asset("7100000000000000404", "Café Müller"), asset("CABC123", "Summit Ads", .pixel),
            asset("7100000000000000505", "!!!"), asset("7100000000000000606", "123"), asset("7100000000000000707", "True"),
        ])
        #expect(keys[AssetRef(type: .adAccount, id: "7100000000000000101")] == "northwind-us")
        #expect(keys[AssetRef(type: .adAccount, id: "7100000000000000102")] == "summit-ads-0102")
        #expect(keys[AssetRef(type: .adAccount, id: "7100000000000000202")] == "summit-ads-0202")
        #expect(keys[AssetRef(type: .pixel, id: "CABC123")] == "summit-ads-c123")
        #expect(keys[AssetRef(type: .adAccount, id: "7100000000000000303")] == "ad-account-0303")
        #expect(keys[AssetRef(type: .adAccount, id: "7100000000000000404")] == "cafe-muller")
        #expect(keys[AssetRef(type: .adAccount, id: "7100000000000000505")] == "ad-account-0505")
        #expect(keys[AssetRef(type: .adAccount, id: "7100000000000000606")] == "ad-account-123")
        #expect(keys[AssetRef(type: .adAccount, id: "7100000000000000707")] == "ad-account-true")
    }

    @Test func pathsAreRebasedForAnExportWrittenElsewhere() {
        #expect(ExportPaths.rebase("store.json", configPath: "a/bcplan.yaml", outPath: nil) == "store.json")
        #expect(ExportPaths.rebase("store.json", configPath: "a/bcplan.yaml", outPath: "a/new.yaml") == "store.json")
        #expect(ExportPaths.rebase("store.json", configPath: "a/bcplan.yaml", outPath: "a/b/new.yaml") == "../store.json")
        #expect(ExportPaths.rebase("../s/state.json", configPath: "a/bcplan.yaml", outPath: "new.yaml") == "s/state.json")
        #expect(ExportPaths.rebase("/abs/state.json", configPath: "a/bcplan.yaml", outPath: "x/new.yaml") == "/abs/state.json")
    }
}
