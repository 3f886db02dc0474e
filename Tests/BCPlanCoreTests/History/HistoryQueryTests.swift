@testable import BCPlanCore
import Foundation
import Testing

@Suite struct HistoryQueryTests {
    static let config = AccessHistoryTests.config
    static let us = AccessHistoryTests.us

    static func resolve(_ query: HistoryQuery, known: Set<AssetRef> = []) -> Result<String, CommandFailure> {
        Result { () throws(CommandFailure) in
            let (subject, window) = try query.resolved(config: config, knownAssets: known)
            return "\(subject) \(window)"
        }
    }

    static func message(_ query: HistoryQuery, known: Set<AssetRef> = []) -> String? {
        guard case .failure(let failure) = resolve(query, known: known) else { return nil }
        #expect(failure.exitCode == ExitStatus.usage)
        return failure.message
    }

    @Test func subjectsAndWindowsResolve() throws {
        let (subject, window) = try HistoryQuery(asset: "us-main", at: "2027-01-15").resolved(config: Self.config, knownAssets: [])
        #expect(subject == .asset(Self.us))
        #expect(window == .at(Clock.parseDay("2027-01-15")!))
        let byID = try HistoryQuery(asset: "7100000000000000001", since: "2027-01-01T00:00:00+01:00")
            .resolved(config: Self.config, knownAssets: [])
        #expect(byID.0 == .asset(Self.us))
        #expect(byID.1 == .between(since: Clock.parse("2026-12-31T23:00:00Z"), until: nil))
        let gone = AssetRef(type: .catalog, id: "7200000000000000009")
        #expect(try HistoryQuery(asset: gone.id).resolved(config: Self.config, knownAssets: [gone]).0 == .asset(gone))
        #expect(try HistoryQuery(member: "Ben@Acme.example").resolved(config: Self.config, knownAssets: []).0 == .member("ben@acme.example"))
        #expect(try HistoryQuery().resolved(config: Self.config, knownAssets: []) == (.everything, .always))
    }

    @Test func mistakesAreUsageErrorsSayingWhat() {
        #expect(Self.message(HistoryQuery(member: "a@b.example", partner: "1")) ==
            "error: history answers for one member, one partner or one asset at a time; --member and --partner were given\n")
        #expect(Self.message(HistoryQuery(at: "2027-01-01", until: "2027-02-01")) ==
            "error: --at asks about one moment, --since and --until about a window; give one or the other\n")
        #expect(Self.message(HistoryQuery(since: "2027-02-01", until: "2027-01-01")) ==
            "error: --until 2027-01-01 is not after --since 2027-02-01\n")
        #expect(Self.message(HistoryQuery(at: "yesterday")) ==
            "error: --at yesterday is not a day (2027-01-15, its start in UTC) or an RFC 3339 time (2027-01-15T09:00:00Z)\n")
        #expect(Self.message(HistoryQuery(partner: "Blue")) == "error: --partner Blue is not a Business Center id (a string of digits)\n")
        #expect(Self.message(HistoryQuery(asset: "us-mian")) ==
            "error: --asset us-mian is neither an asset key of bcplan.yaml (did you mean 'us-main'?) nor the id of an asset it declares or the record holds\n")
        let twins: Set<AssetRef> = [AssetRef(type: .catalog, id: "42"), AssetRef(type: .adAccount, id: "42")]
        #expect(Self.message(HistoryQuery(asset: "42"), known: twins) ==
            "error: --asset 42 is the id of 2 assets (ad_account, catalog); name it by its key\n")
    }
}
