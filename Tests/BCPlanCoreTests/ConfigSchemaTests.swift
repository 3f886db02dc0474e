@testable import BCPlanCore
import Foundation
import Testing

@Suite struct ConfigSchemaTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: PublishedSchema.allCases)
    func committedSchemaMatchesTheGeneratedOne(_ schema: PublishedSchema) throws {
        let committed = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("schema/\(schema.fileName)"), encoding: .utf8)
        #expect(
            committed == schema.document.rendered(),
            "schema/\(schema.fileName) is stale: run `swift run bcplan schema \(schema.rawValue) > schema/\(schema.fileName)`")
    }

    @Test func theSchemaFolderHoldsExactlyThePublishedSchemas() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.repositoryRoot.appendingPathComponent("schema").path)
        #expect(names.sorted() == PublishedSchema.allCases.map(\.fileName).sorted())
    }

    /// The hand-written matchers must agree with the patterns published in the schema. (The
    /// pattern of `moment` cannot tell the days of a month: it lets 2027-02-30 through, which
    /// `bcplan validate` refuses, so no such sample is here.)
    @Test(arguments: [
        ConfigSchema.businessCenterID, ConfigSchema.assetID, ConfigSchema.email, ConfigSchema.assetKey,
        ConfigSchema.tokenVariable, ConfigSchema.databaseURLVariable, ConfigSchema.sqlSchema, ConfigSchema.workspace, ConfigSchema.moment, ConfigSchema.domain,
    ].map { ($0.pattern!, $0) })
    func matcherAgreesWithPattern(_ pattern: String, _ spec: StringSchema) throws {
        let regex = try NSRegularExpression(pattern: pattern)
        let samples = [
            "", "7000000000000000001", "123456789012345678901", "70000a", "C9ABCDEF0123456789", "c9-x",
            "ana@acme.example", "Ana.B+x@sub.acme.example", "ana@acme", "@acme.example", "ana@@acme.example",
            "ana@acme..example", "ana @acme.example", "us-main", "us_main.2", "-x", "BCPLAN_TIKTOK_TOKEN", "9X",
            "TIKTOK_TOKEN_2", "BCPLAN_", "HOME", "bcplan_token", "BCPLAN_TIKTOK-TOKEN", "TIKTOK_X",
            "https://business-api.tiktok.com/open_api/v1.3", "http://127.0.0.1:8080", "ftp://x", "https://",
            "x y", "ünïcode", String(repeating: "a", count: 70), "BCPLAN_DATABASE_URL", "BCPLAN_", "bcplan", "bcplan_2",
            "_x", "2x", "Bcplan", "northwind", "acme.eu-1", String(repeating: "w", count: 129),
            "x y", "ünïcode", String(repeating: "a", count: 70), "2027-03-31", "2027-03-31T18:00:00Z",
            "2027-03-31t18:00:00.25+02:00", "2027-3-31", "2027-03-31 18:00", "2027-03-31T18:00Z", "31/03/2027",
            "acme.example", "Acme-Studio.example", "acme", "acme.example.", ".acme.example",
        ]
        for sample in samples {
            let range = NSRange(sample.startIndex..., in: sample)
            let byPattern = regex.firstMatch(in: sample, range: range) != nil
            #expect(spec.accepts(sample[...]) == byPattern, "'\(sample)' against \(pattern)")
        }
    }

    @Test func everyExampleValidatesAgainstTheSchemaWithAnIndependentValidator() throws {
        let examples = try FileManager.default.contentsOfDirectory(
            atPath: Self.repositoryRoot.appendingPathComponent("examples").path
        ).sorted().compactMap { name -> String? in
            let path = Self.repositoryRoot.appendingPathComponent("examples/\(name)/bcplan.yaml").path
            return FileManager.default.fileExists(atPath: path) ? path : nil
        } + ["business-centers", "business-centers-postgres"].flatMap { folder in
            let directory = Self.repositoryRoot.appendingPathComponent("examples/gitops/\(folder)")
            return ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
                .filter { $0.hasSuffix(".yaml") }.map { directory.appendingPathComponent($0).path }
        }
        #expect(examples.count >= 7)
        try runSchemaCheck(expect: "valid", files: examples)
    }

    @Test func invalidFixturesFailBothTheSchemaAndValidate() throws {
        let folder = Fixtures.root.appendingPathComponent("schema-invalid")
        let files = Fixtures.cases(in: "schema-invalid").map { folder.appendingPathComponent($0).path }
        #expect(files.count >= 10)
        try runSchemaCheck(expect: "invalid", files: files)
        for file in files {
            let result = ConfigLoader.load(path: file)
            #expect(result.config == nil, "\(file) passed bcplan validate")
            #expect(result.diagnostics.contains { $0.severity == .error && $0.location != nil })
        }
    }

    private func runSchemaCheck(expect: String, files: [String]) throws {
        let outcome = try TestProcess.run("/usr/bin/env", [
            "python3", Self.repositoryRoot.appendingPathComponent("Tests/check_schema.py").path,
            Self.repositoryRoot.appendingPathComponent("schema/bcplan.schema.json").path, "--expect", expect,
        ] + files)
        #expect(outcome.status == 0, "check_schema.py: \(outcome.output)")
    }
}

@Suite struct ClockTests {
    @Test(arguments: [
        "2026-11-21T12:00:00Z", "2026-02-28T23:59:59Z", "2024-02-29T00:00:00Z", "1999-12-31T23:59:59.250Z",
        "2026-11-21T12:00:00+02:00", "2026-11-21T12:00:00-05:30", "1970-01-01T00:00:00Z",
    ])
    func parsesLikeFoundation(_ text: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        let expected = try #require(formatter.date(from: text))
        let parsed = try #require(Clock.parse(text))
        #expect(abs(parsed.timeIntervalSince(expected)) < 0.001)
    }

    @Test(arguments: [
        "", "yesterday", "2026-11-21", "2026-13-01T00:00:00Z", "2026-11-21T12:00:00", "2026-11-21T12:00:00Zjunk",
        "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "1900-02-29T00:00:00Z",
    ])
    func refusesWhatIsNotRFC3339(_ text: String) {
        #expect(Clock.parse(text) == nil)
    }

    /// A day is the start of that day in UTC; a month's last day and leap days are known.
    @Test func readsDaysAsTheirStartInUTC() throws {
        #expect(Clock.parseDay("2027-03-31") == Clock.parse("2027-03-31T00:00:00Z"))
        #expect(Clock.parseDay("2024-02-29") == Clock.parse("2024-02-29T00:00:00Z"))
        #expect(Clock.parseDay("2000-02-29") != nil)
        #expect(Clock.parseDay("2027-02-29") == nil)
        #expect(Clock.parseDay("2027-3-31") == nil)
        #expect(Clock.parseMoment("2027-03-31") == Clock.parseMoment("2027-03-31T02:00:00+02:00"))
        let moment = try #require(DeclaredTime("2027-03-31T20:00:00+02:00", at: .init(file: "x", line: 1, column: 1)))
        #expect(moment.description == "2027-03-31T18:00:00Z")
        #expect(!moment.isDay)
    }
}
