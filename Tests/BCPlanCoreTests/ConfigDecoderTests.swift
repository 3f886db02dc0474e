@testable import BCPlanCore
import Foundation
import Testing

@Suite struct ConfigDecoderTests {
    private func load(_ text: String, path: String = "dir/bcplan.yaml") -> ConfigLoader.Result {
        ConfigLoader.decode(bytes: Array(text.utf8), path: path)
    }

    @Test func decodesEverySectionOfTheDesignExample() throws {
        let result = load("""
            version: 1
            business_center:
              id: "7000000000000000001"
              name: Acme Retail
            provider:
              kind: mock
              store: acme.mock.json
              caller: Ana@acme.example
              latency_ms: 20
              requests_per_second: 50
              transient_failure_rate: 0.1
              seed: 42
            state: /var/lib/acme.state.json
            policy:
              min_admins: 3
              max_revoke_fraction: 0.5
              unmanaged: keep
              protected: [ana@acme.example, "7000000000000000099"]
              invites:
                expire_after_days: 30
                resend_after_days: 7
                max_resends: 2
                on_exhausted: revoke
            assets:
              - key: us-main
                type: ad_account
                id: "7100000000000000001"
                name: Acme US
              - key: client-us
                type: ad_account
                id: "7100000000000000777"
                owner: "7000000000000000555"
                access: operator
              - key: acme-tiktok
                type: tiktok_account
                id: "6900000000000000001"
              - key: web-pixel
                type: pixel
                id: "C9ABCDEF0123456789"
            members:
              - email: ana@acme.example
                role: admin
                finance: manager
              - email: Ben@Acme.example
                role: standard
                assets:
                  us-main: operator
                  acme-tiktok: [post, live, post2]
            partners:
              - bc_id: "7000000000000000099"
                name: Blue Agency
                media_agency: true
                shares:
                  us-main: operator
                  web-pixel: use
            """)
        // One mistake left in on purpose: the decoder must still report it alone.
        #expect(result.diagnostics.map(\.description) == [
            "dir/bcplan.yaml:48:33: error: 'post2' is not a permission for a tiktok_account (did you mean 'post'?); expected one of: post, live, direct_message",
        ])
        let fixed = load(String(decoding: result.bytes, as: UTF8.self).replacingOccurrences(of: ", post2", with: ""))
        let config = try #require(fixed.config, "\(fixed.diagnostics)")
        #expect(config.businessCenterID == "7000000000000000001")
        #expect(config.businessCenterName == "Acme Retail")
        #expect(config.provider.storePath == "dir/acme.mock.json")
        #expect(config.provider.caller == "ana@acme.example")
        #expect(config.provider.latencyMilliseconds == 20)
        #expect(config.provider.requestsPerSecond == 50)
        #expect(config.provider.transientFailureRate == 0.1)
        #expect(config.provider.seed == 42)
        #expect(config.state == .file(path: "/var/lib/acme.state.json", displayPath: "/var/lib/acme.state.json"))
        #expect(config.policy.minAdmins == 3)
        #expect(config.policy.maxAdmins == 20)
        #expect(config.policy.unmanaged == .keep)
        #expect(config.policy.protected == ["ana@acme.example", "7000000000000000099"])
        #expect(config.policy.invites.resendAfterDays == 7)
        #expect(config.policy.invites.onExhausted == .revoke)
        #expect(config.assets.map(\.key) == ["us-main", "client-us", "acme-tiktok", "web-pixel"])
        #expect(config.assets[1].owner == "7000000000000000555")
        #expect(config.assets[1].access == .level("operator"))
        #expect(config.members[1].email == "Ben@Acme.example")
        #expect(config.members[1].normalizedEmail == "ben@acme.example")
        #expect(config.members[1].assets.map(\.permission) == [.level("operator"), .set(["live", "post"])])
        #expect(config.partners[0].mediaAgency)
        #expect(config.partners[0].shares.map(\.assetKey) == ["us-main", "web-pixel"])
    }

    @Test func defaultsApplyWhenSectionsAreAbsent() throws {
        let config = try #require(load("version: 1\nbusiness_center: {id: \"1\"}\n", path: "bcplan.yaml").config)
        #expect(config.provider.kind == .mock)
        #expect(config.provider.storePath == "bcplan.mock.json")
        #expect(config.state == .file(path: "bcplan.state.json", displayPath: "bcplan.state.json"))
        #expect(config.policy == Policy())
        #expect(config.policy.minAdmins == 2 && config.policy.maxRevokeFraction == 0.25)
        #expect(config.policy.invites.expireAfterDays == 30 && config.policy.invites.maxResends == 3)
        #expect(config.members.isEmpty && config.partners.isEmpty && config.assets.isEmpty)
    }

    @Test func ownerEqualToThisBusinessCenterMeansSelf() throws {
        let config = try #require(load("""
            version: 1
            business_center: {id: "7"}
            assets:
              - {key: a, type: ad_account, id: "1", owner: "7"}
              - {key: b, type: catalog, id: "2", owner: self}
            """).config)
        #expect(config.assets.allSatisfy { $0.owner == nil })
    }

    @Test func tiktokProviderTakesItsOwnKeys() throws {
        let config = try #require(load("""
            version: 1
            business_center: {id: "7"}
            provider: {kind: tiktok, base_url: "https://sandbox-ads.tiktok.com/open_api/v1.3", token_env: TIKTOK_SANDBOX_TOKEN}
            """).config)
        #expect(config.provider.kind == .tiktok)
        #expect(config.provider.baseURL == "https://sandbox-ads.tiktok.com/open_api/v1.3")
        #expect(config.provider.tokenEnvironmentVariable == "TIKTOK_SANDBOX_TOKEN")
        #expect(ProviderConfig.tiktokBaseURL(config.provider, environment: [:]) == config.provider.baseURL)
        #expect(ProviderConfig.tiktokBaseURL(config.provider, environment: ["BCPLAN_TIKTOK_BASE_URL": "http://127.0.0.1:1/x"]) == "http://127.0.0.1:1/x")
    }

    /// The config cannot choose where the token goes, nor which variable is sent as the token.
    @Test func aBaseURLOtherThanTikTokAndAForeignTokenVariableAreLocatedErrors() throws {
        let result = load("""
            version: 1
            business_center: {id: "7"}
            provider:
              kind: tiktok
              base_url: http://127.0.0.1:8765/open_api/v1.3
              token_env: HOME
            """)
        #expect(result.config == nil)
        #expect(result.diagnostics.map(\.description) == [
            "dir/bcplan.yaml:5:13: error: provider.base_url 'http://127.0.0.1:8765/open_api/v1.3' is not TikTok's API: a config sends the access token only to https://business-api.tiktok.com/open_api/v1.3 or https://sandbox-ads.tiktok.com/open_api/v1.3; another endpoint (a proxy, a test fake) is set by whoever runs bcplan, in the environment variable BCPLAN_TIKTOK_BASE_URL",
            "dir/bcplan.yaml:6:14: error: provider.token_env 'HOME' is not a token variable: its name must begin with BCPLAN_ or TIKTOK_ (e.g. BCPLAN_TIKTOK_TOKEN), so a config cannot have another variable sent as the token",
        ])
    }

    /// Every key of `provider:` is every kind's or exactly one kind's own, and a kind refuses the
    /// other kinds' own keys and nothing else: a new kind cannot be checked with another's rules.
    @Test(arguments: ProviderKind.allCases)
    func eachProviderKindRefusesTheOtherKindsKeysAndOnlyThose(_ kind: ProviderKind) {
        let shared: Set = ["kind", "caller", "requests_per_second"]
        for key in ConfigSchema.provider.keys {
            let owners = ProviderKind.allCases.filter { $0.ownKeys.contains(key) }
            #expect(shared.contains(key) ? owners.isEmpty : owners.count == 1, "\(key) belongs to \(owners)")
            #expect(kind.refuses(key) == !(shared.contains(key) || owners.contains(kind)), "\(kind) and \(key)")
        }
        #expect(Set(ProviderKind.allCases.flatMap(\.ownKeys)).isSubset(of: ConfigSchema.provider.keys))
    }

    @Test func postgresStateTakesItsWorkspaceFromTheBusinessCenterUnlessNamed() throws {
        let header = "version: 1\nbusiness_center: {id: \"7000000000000000001\"}\n"
        let defaults = try #require(load(header + "state: {backend: postgres}\n").config)
        #expect(defaults.state == .postgres(PostgresStateLocation(workspace: "7000000000000000001")))
        let named = try #require(load(header + "state: {backend: postgres, url_env: BCPLAN_TEAM_DB, schema: acme, workspace: eu-1}\n").config)
        #expect(named.state == .postgres(PostgresStateLocation(urlVariable: "BCPLAN_TEAM_DB", schema: "acme", workspace: "eu-1")))
        let file = try #require(load(header + "state: {backend: file, path: s.json}\n").config)
        #expect(file.state == .file(path: "dir/s.json", displayPath: "s.json"))
    }

    /// As for providers: every key of `state:` but `backend` is exactly one backend's own, and a
    /// backend refuses the others' own keys and nothing else.
    @Test(arguments: StateBackendKind.allCases)
    func eachStateBackendRefusesTheOtherBackendsKeysAndOnlyThose(_ backend: StateBackendKind) {
        for key in ConfigSchema.state.keys {
            let owners = StateBackendKind.allCases.filter { $0.ownKeys.contains(key) }
            #expect(key == "backend" ? owners.isEmpty : owners.count == 1, "\(key) belongs to \(owners)")
            #expect(backend.refuses(key) == !(key == "backend" || owners.contains(backend)), "\(backend) and \(key)")
        }
        #expect(Set(StateBackendKind.allCases.flatMap(\.ownKeys)).isSubset(of: ConfigSchema.state.keys))
    }

    @Test func decodesOwnersExpiriesReviewsAndTheirPolicy() throws {
        let result = load("""
            version: 1
            business_center:
              id: "7000000000000000001"
            policy:
              expiry_warning_days: 7
              max_grant_days: 120
              require_owner: true
              require_member_owner: true
              review_every_days: 30
              member_domains: [Acme.example]
              max_partner_permission: {ad_account: operator, tiktok_account: [post, live]}
            assets:
              - key: us-main
                type: ad_account
                id: "7100000000000000001"
            members:
              - email: ana@acme.example
                role: admin
                owner: Bob@acme.example
                reviewed: 2026-10-01
              - email: bob@acme.example
                role: admin
                owner: ana@acme.example
              - email: kim@freelance.example
                role: standard
                external: true
                owner: ana@acme.example
                reason: PO-311
                expires: 2027-03-31T18:00:00+02:00
                assets:
                  us-main: {permission: analyst, expires: 2027-01-15, reviewed: 2026-11-01}
            partners:
              - bc_id: "7000000000000000099"
                owner: ana@acme.example
                expires: 2027-02-28
                shares:
                  us-main: operator
            """)
        let config = try #require(result.config, "\(result.diagnostics)")
        let policy = config.policy
        #expect(policy.expiryWarningDays == 7 && policy.maxGrantDays == 120 && policy.reviewEveryDays == 30)
        #expect(policy.requireOwner && policy.requireMemberOwner)
        #expect(policy.memberDomains == ["acme.example"])
        #expect(policy.maxPartnerPermission == [.adAccount: .level("operator"), .tiktokAccount: .makeSet(["live", "post"])])
        #expect(config.members[0].terms.owner == "bob@acme.example")
        #expect(config.members[0].terms.reviewed?.description == "2026-10-01")
        let kim = config.members[2]
        #expect(kim.external && kim.terms.reason == "PO-311")
        #expect(kim.terms.expires?.description == "2027-03-31T16:00:00Z")
        #expect(kim.terms.expires?.location.line == 29)
        let grant = kim.assets[0].terms.within(kim.terms)
        #expect(grant.expires?.description == "2027-01-15" && grant.owner == "ana@acme.example")
        #expect(grant.reviewed?.description == "2026-11-01" && grant.reason == "PO-311")
        let share = config.partners[0].shares[0].terms.within(config.partners[0].terms)
        #expect(share.expires?.description == "2027-02-28" && share.owner == "ana@acme.example")
    }
}
