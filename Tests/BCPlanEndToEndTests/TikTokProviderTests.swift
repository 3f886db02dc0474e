import BCPlanCore
import FakeTikTokAPI
import Foundation
import Testing

/// `kind: tiktok` end to end: the built binary against the strict fake of TikTok's API, and the
/// same runs against the mock provider to show both give the same result.
@Suite struct TikTokProviderTests {
    /// plan → apply → (the other side accepts) → apply → plan shows no changes (against the fake:
    /// only what TikTok's API cannot do, as manual steps), on 49 members.
    @Test(arguments: ProviderBackend.allCases)
    func planApplyThenNoChanges(_ backend: ProviderBackend) throws {
        let fixture = try BackendFixture(backend, seed: GeneratedBusinessCenter.seed)
        try BinaryRunner.write(GeneratedBusinessCenter.config(providerLine: fixture.providerLine(extra: "requests_per_second: 100")),
                               "bcplan.yaml", in: fixture.folder)
        let planned = try fixture.run(["plan", "--detailed-exitcode"])
        #expect(planned.status == 2, "\(planned.stderr)")
        #expect(planned.stdout.contains("14 to invite"), "\(planned.stdout)")
        let applied = try fixture.run(["apply", "--auto-approve"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        try fixture.acceptAll()
        let second = try fixture.run(["apply", "--auto-approve"])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        let final = try fixture.run(["plan", "--detailed-exitcode", "--format", "json"])
        let left = try JSONParser.parse(Array(final.stdout.utf8))["actions"]?.arrayValue ?? []
        switch backend {
        case .mock:
            #expect(final.status == 0, "\(final.stdout)\(final.stderr)")
            #expect(left.isEmpty)
        case .fake:
            // Partner shares of a TikTok account, a catalog and a pixel, and access to the asset the
            // agency refused: TikTok's API has no call for them.
            #expect(final.status == 2, "\(final.stdout)\(final.stderr)")
            #expect(left.compactMap { $0["id"]?.stringValue } == [
                "request_access:ad_account:\(GeneratedBusinessCenter.agencyRejected.id)",
                "share:\(GeneratedBusinessCenter.studio):catalog:\(GeneratedBusinessCenter.catalog.id)",
                "share:\(GeneratedBusinessCenter.studio):pixel:\(GeneratedBusinessCenter.pixel.id)",
                "share:\(GeneratedBusinessCenter.studio):tiktok_account:\(GeneratedBusinessCenter.tiktok.id)",
            ], "\(final.stdout)")
            #expect(left.allSatisfy { $0["manual"]?["steps"]?.arrayValue?.isEmpty == false }, "\(final.stdout)")
            let counters = fixture.fake!.counters
            #expect(counters.refusedWrites.isEmpty, "\(counters.refusedWrites)")
            #expect(counters.rejectedTokens == 0)
            #expect(counters.invitations.count == 14 && counters.invitations.values.allSatisfy { $0 == 1 }, "\(counters.invitations)")
            #expect(counters.invitationCalls == counters.invitations, "no e-mail invited twice")
            #expect(counters.byEndpoint["POST /bc/member/invite/"] == 1, "one call invites all 14: \(counters.byEndpoint)")
            #expect(counters.byEndpoint["POST /bc/asset/assign/"] ?? 0 >= 4, "pixel, TikTok account, catalog and ad accounts: \(counters.byEndpoint)")
        }
    }

    /// `refresh` records exactly the fake's Business Center: owners, access, statuses, every grant.
    /// (TikTok does not say when an invitation was sent nor whether a partner is a media agency.)
    @Test func refreshRecordsExactlyTheFakesBusinessCenter() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.seed)
        try BinaryRunner.write(GeneratedBusinessCenter.config(providerLine: fixture.providerLine(extra: "requests_per_second: 100")),
                               "bcplan.yaml", in: fixture.folder)
        for round in 0..<2 {
            let refreshed = try fixture.run(["refresh"])
            #expect(refreshed.status == 0, "\(refreshed.stderr)")
            let state = try JSONParser.parse(Array(try Data(contentsOf: fixture.folder.appendingPathComponent("bcplan.state.json"))))
            let recorded = try Snapshot(json: state, path: "bcplan.state.json")
            #expect(Self.comparable(recorded) == Self.comparable(fixture.fake!.snapshot), "round \(round)")
            // Pending at first; the agency approves it with the rest.
            #expect(recorded.assets.contains { $0.ref == GeneratedBusinessCenter.agencyPending
                && ($0.requested, $0.access) == (round == 0 ? (.level("analyst"), nil) : (nil, .level("analyst"))) })
            #expect(recorded.assets.contains { $0.ref == GeneratedBusinessCenter.agencyRejected && $0.requested == nil && $0.access == nil })
            #expect(recorded.assets.contains { $0.ref == GeneratedBusinessCenter.agencyTikTok && $0.ownerBCID == GeneratedBusinessCenter.agency })
            // Again after an apply and the other side's answers.
            if round == 0 {
                #expect(try fixture.run(["apply", "--auto-approve"]).status == 0)
                fixture.fake!.acceptAll()
            }
        }
    }

    /// A partner's TikTok account is known to be held, not with which permissions, and another
    /// Business Center's TikTok account has no owner in TikTok's rows: an export for onboarding
    /// says so in comments instead of writing what nobody read, and stays valid.
    @Test func anExportLeavesTheUnreadablePartnerPermissionsToAPerson() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.seed)
        try BinaryRunner.write(GeneratedBusinessCenter.adminsConfig(fixture.providerLine(extra: "requests_per_second: 100")),
                               "bcplan.yaml", in: fixture.folder)
        let exported = try fixture.run(["export", "--out", "exported.yaml"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let text = try BinaryRunner.read("exported.yaml", in: fixture.folder)
        #expect(text.contains(": held, with permissions the provider cannot read; declare them"), "\(text)")
        // The agency's TikTok account: TikTok's rows name no owner for it, and this config declares none.
        #expect(text.contains("# not exported: tiktok_account \(GeneratedBusinessCenter.agencyTikTok.id) (@agency): owned by a Business Center the provider does not name"), "\(text)")
        #expect(try fixture.run(["validate", "-c", "exported.yaml"]).status == 0)
    }

    /// A snapshot without what the API does not tell.
    static func comparable(_ snapshot: Snapshot) -> Snapshot {
        var copy = snapshot.normalized()
        for index in copy.members.indices {
            copy.members[index].invitedAt = nil
            copy.members[index].resends = 0
        }
        for index in copy.partners.indices { copy.partners[index].mediaAgency = false }
        return copy
    }

    /// The fake reads back what the mock store holds: the first plans hold the same actions, only
    /// what TikTok's API cannot do becomes manual.
    @Test func theFirstPlanIsTheSameAgainstTheMockAndTheFake() throws {
        var outputs: [[JSONValue]] = []
        for backend in ProviderBackend.allCases {
            let fixture = try BackendFixture(backend, seed: GeneratedBusinessCenter.seed)
            try BinaryRunner.write(GeneratedBusinessCenter.config(providerLine: fixture.providerLine(extra: "requests_per_second: 100")),
                                   "bcplan.yaml", in: fixture.folder)
            let planned = try fixture.run(["plan", "--format", "json"])
            #expect(planned.status == 0, "\(planned.stderr)")
            outputs.append(try JSONParser.parse(Array(planned.stdout.utf8))["actions"]?.arrayValue ?? [])
        }
        let ids = outputs.map { $0.compactMap { $0["id"]?.stringValue } }
        #expect(ids[0] == ids[1])
        #expect(ids[0].count == 33, "\(ids[0])")
        let manualOnFake = Set(outputs[1].filter { $0["manual"] != .null }.compactMap { $0["id"]?.stringValue })
        #expect(outputs[0].allSatisfy { $0["manual"] == .null })
        #expect(manualOnFake == [
            "request_access:ad_account:\(GeneratedBusinessCenter.agencyRejected.id)",
            "share:\(GeneratedBusinessCenter.studio):catalog:\(GeneratedBusinessCenter.catalog.id)",
            "share:\(GeneratedBusinessCenter.studio):pixel:\(GeneratedBusinessCenter.pixel.id)",
            "share:\(GeneratedBusinessCenter.studio):tiktok_account:\(GeneratedBusinessCenter.tiktok.id)",
        ])
    }

    /// Every example against the fake: what the API cannot do stays as manual steps, the rest converges.
    @Test(arguments: ["brand-with-agency", "reclaim-from-agency", "agency-side"])
    func everyExampleAgainstTheFakeLeavesOnlyManualSteps(_ example: String) throws {
        let source = BinaryRunner.repositoryRoot.appendingPathComponent("examples/\(example)")
        var config = try String(contentsOf: source.appendingPathComponent("bcplan.yaml"), encoding: .utf8)
        let storeName = try #require(try FileManager.default.contentsOfDirectory(atPath: source.path).first { $0.hasSuffix(".mock.json") })
        var store = try String(contentsOf: source.appendingPathComponent(storeName), encoding: .utf8)
        // The examples name pixels by their code (C…); TikTok's API takes a pixel's numeric asset id.
        for (number, code) in Set(try Snapshot(json: JSONParser.parse(Array(store.utf8)), path: "").assets
            .filter { $0.type == .pixel && !$0.id.allSatisfy(\.isNumber) }.map(\.id)).sorted().enumerated() {
            store = store.replacingOccurrences(of: code, with: "740000000000000000\(number)")
            config = config.replacingOccurrences(of: code, with: "740000000000000000\(number)")
        }
        let seed = try Snapshot(json: JSONParser.parse(Array(store.utf8)), path: "")
        let fixture = try BackendFixture(.fake, seed: seed)
        let provider = "  kind: tiktok\n  token_env: \(ProviderBackend.tokenVariable)\n  requests_per_second: 50\n"
        let rewritten = config.replacingOccurrences(of: "  kind: mock\n  store: \(storeName)\n", with: provider)
        #expect(rewritten != config)
        try BinaryRunner.write(rewritten, "bcplan.yaml", in: fixture.folder)
        // The API cannot transfer an asset back (reclaim) or request access (agency-side): apply does
        // the rest and lists the steps for a person. Where a share waits for the transfer, the run
        // is incomplete (exit 1).
        let needsPerson = example != "brand-with-agency"
        let status: Int32 = example == "reclaim-from-agency" ? 1 : 0
        let applied = try fixture.run(["apply", "--auto-approve"])
        #expect(applied.status == status, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("Left for a person") == needsPerson, "\(applied.stdout)")
        fixture.fake!.acceptAll()
        #expect(try fixture.run(["apply", "--auto-approve"]).status == status)
        let final = try fixture.run(["plan", "--format", "json", "--detailed-exitcode"])
        #expect(final.status == (needsPerson ? 2 : 0), "\(final.stderr)")
        let remaining = try JSONParser.parse(Array(final.stdout.utf8))["actions"]?.arrayValue ?? []
        let manual = Set(remaining.filter { $0["manual"] != .null }.compactMap { $0["id"]?.stringValue })
        #expect(manual.isEmpty != needsPerson, "\(manual)")
        for action in remaining where action["manual"] == .null {
            let waitsFor = action["depends_on"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(!waitsFor.isEmpty && waitsFor.allSatisfy(manual.contains), "neither manual nor waiting for a manual step: \(action["id"]?.stringValue ?? "")")
        }
        #expect(fixture.fake!.counters.invalidRequests.isEmpty, "\(fixture.fake!.counters.invalidRequests)")
        #expect(fixture.fake!.counters.refusedWrites.isEmpty, "\(fixture.fake!.counters.refusedWrites)")
    }

    @Test func aMissingTokenFailsNamingTheVariable() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.seed)
        try BinaryRunner.write(GeneratedBusinessCenter.config(providerLine: fixture.providerLine()), "bcplan.yaml", in: fixture.folder)
        let planned = try fixture.run(["plan"], environment: [ProviderBackend.tokenVariable: ""])
        #expect(planned.status == 1)
        #expect(planned.stdout.isEmpty)
        #expect(planned.stderr == "error: no TikTok access token: set the environment variable \(ProviderBackend.tokenVariable) (provider.token_env) to a token from TikTok's developer portal\n")
        #expect(fixture.fake!.counters.requests == 0)
    }

    @Test func anUnreachableAPIIsOneSentence() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.seed)
        let baseURL = fixture.fake!.baseURL
        fixture.fake!.stop()
        try BinaryRunner.write(GeneratedBusinessCenter.config(providerLine: fixture.providerLine()), "bcplan.yaml", in: fixture.folder)
        for command in [["plan"], ["apply", "--auto-approve"], ["refresh"]] {
            let outcome = try fixture.run(command)
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stderr == "error: cannot reach the TikTok API at \(baseURL): could not connect to the server\n", "\(command)")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("bcplan.state.json").path))
    }

    @Test func aRejectedTokenIsNamedAndNeverPrinted() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.seed)
        try BinaryRunner.write(GeneratedBusinessCenter.config(providerLine: fixture.providerLine()), "bcplan.yaml", in: fixture.folder)
        let wrong = "wrong-" + fixture.token
        let planned = try fixture.run(["plan"], environment: [ProviderBackend.tokenVariable: wrong])
        #expect(planned.status == 1)
        #expect(planned.stderr.hasPrefix("error: the TikTok API rejected the access token in \(ProviderBackend.tokenVariable) (invalid or revoked; code 40105"), "\(planned.stderr)")
        #expect(!planned.stderr.contains(wrong) && !planned.stdout.contains(wrong))
    }

    /// Every command, successes and failures, and every file they leave: the token is nowhere.
    @Test func theTokenAppearsInNoOutputAndNoFile() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.seed) { $0.internalErrorRate = 0.05 }
        try BinaryRunner.write(GeneratedBusinessCenter.config(providerLine: fixture.providerLine(extra: "requests_per_second: 50")),
                               "bcplan.yaml", in: fixture.folder)
        var outputs: [BinaryRunner.Outcome] = []
        outputs.append(try fixture.run(["validate"]))
        outputs.append(try fixture.run(["plan", "--out", "plan.json"]))
        outputs.append(try fixture.run(["show", "plan.json", "--format", "markdown"]))
        outputs.append(try fixture.run(["apply", "plan.json"]))
        outputs.append(try fixture.run(["refresh"]))
        outputs.append(try fixture.run(["log"]))
        outputs.append(try fixture.run(["plan", "--format", "json"]))
        outputs.append(try fixture.run(["plan"], environment: [ProviderBackend.tokenVariable: fixture.token + "x"]))
        #expect(outputs[3].status == 0, "\(outputs[3].stdout)\(outputs[3].stderr)")
        #expect(outputs.last!.status == 1)
        for outcome in outputs {
            #expect(!outcome.stdout.contains(fixture.token) && !outcome.stderr.contains(fixture.token))
        }
        let files = try fixture.filesLeft()
        #expect(files.keys.contains("bcplan.state.json") && files.keys.contains("plan.json") && files.keys.contains("bcplan.state.audit.jsonl"))
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            #expect(!text.contains(fixture.token), "\(name)")
        }
    }

    /// An apply killed with SIGKILL in the middle, then finished: the token is in no file it left.
    @Test func aKilledApplyLeavesNoTokenBehind() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.seed)
        try BinaryRunner.write(GeneratedBusinessCenter.config(providerLine: fixture.providerLine(extra: "requests_per_second: 8")),
                               "bcplan.yaml", in: fixture.folder)
        let process = try BinaryRunner.start(["apply", "--auto-approve"], in: fixture.folder, label: "killed", environment: fixture.environment)
        let deadline = Date().addingTimeInterval(30)
        while fixture.fake!.counters.byEndpoint.keys.filter({ $0.hasPrefix("POST") }).isEmpty, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let finished = try fixture.run(["apply", "--auto-approve"])
        #expect(finished.status == 0, "\(finished.stdout)\(finished.stderr)")
        for (name, text) in try fixture.filesLeft().sorted(by: { $0.key < $1.key }) {
            #expect(!text.contains(fixture.token), "\(name)")
        }
    }

    /// 100 unbatchable actions against a fake that allows 10 requests in any second: none refused.
    @Test func anApplyAtTheQuotaNeverTripsIt() throws {
        let fixture = try BackendFixture(.fake, seed: Self.hundredMembers) { $0.requestsPerSecond = 10 }
        try BinaryRunner.write(Self.hundredAssignments(fixture.providerLine(extra: "requests_per_second: 10")), "bcplan.yaml", in: fixture.folder)
        let applied = try fixture.run(["apply", "--auto-approve", "--parallelism", "8"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("Apply complete: 100 done"), "\(applied.stdout)")
        #expect(fixture.fake!.counters.quotaExceeded == 0)
        #expect(try fixture.run(["plan", "--detailed-exitcode"]).status == 0)
        #expect(fixture.fake!.counters.quotaExceeded == 0)
    }

    /// A fake that answers 40100 and 50000 at random: retries converge, nothing is done twice.
    @Test func randomRateLimitsAndInternalErrorsConverge() throws {
        let fixture = try BackendFixture(.fake, seed: Self.hundredMembers) {
            $0.randomRateLimitRate = 0.2
            $0.internalErrorRate = 0.05
            $0.seed = 7
        }
        try BinaryRunner.write(Self.hundredAssignments(fixture.providerLine(extra: "requests_per_second: 100")), "bcplan.yaml", in: fixture.folder)
        let applied = try fixture.run(["apply", "--auto-approve", "--parallelism", "8"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("Apply complete: 100 done"), "\(applied.stdout)")
        let counters = fixture.fake!.counters
        #expect(counters.injectedRateLimits > 10)
        #expect(counters.injectedInternalErrors > 0)
        #expect(counters.byEndpoint["POST /bc/asset/assign/"]! >= 100)
        #expect(try fixture.run(["plan", "--detailed-exitcode"]).status == 0)
    }

    /// Two admins and 100 standard members, none with the catalog; only ad accounts and the
    /// catalog (TikTok accounts and pixels cost two reads per member).
    static var hundredMembers: Snapshot {
        var seed = GeneratedBusinessCenter.seed
        seed.partners = []
        seed.assets = seed.assets.filter { $0.ownerBCID == GeneratedBusinessCenter.id && ($0.type == .adAccount || $0.type == .catalog) }
        seed.members = seed.members.filter { $0.role == .admin }
        for number in 1...100 {
            seed.members.append(MemberRecord(email: "s\(number)@acme.example", userID: "\(6_900_000_000_000_001_000 + number)", status: .active, role: .standard))
        }
        return seed
    }

    /// Each of the 100 members gets the catalog: 100 assign calls, which the API takes one by one.
    static func hundredAssignments(_ providerLine: String) -> String {
        var text = """
            version: 1
            business_center: {id: "\(GeneratedBusinessCenter.id)", name: Acme}
            \(providerLine)
            state: bcplan.state.json
            assets:
              - {key: catalog, type: catalog, id: "\(GeneratedBusinessCenter.catalog.id)"}
            members:
              - {email: ana@acme.example, role: admin, finance: manager}
              - {email: bo@acme.example, role: admin}

            """
        for number in 1...100 { text += "  - {email: s\(number)@acme.example, role: standard, assets: {catalog: ad_promote}}\n" }
        return text
    }
}
