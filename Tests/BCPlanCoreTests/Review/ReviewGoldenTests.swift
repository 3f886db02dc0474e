@testable import BCPlanCore
import Foundation
import Testing

/// Each folder under Fixtures/review is one config: `example.txt` naming a folder of `examples/`
/// (reviewed at the examples' documented time, 2026-11-21T12:00:00Z), or its own `bcplan.yaml`
/// and `now.txt`. The expected reviews are `expected.txt`, `.md` and `.json`.
@Suite struct ReviewGoldenTests {
    static let cases = Fixtures.cases(in: "review")
    static let formats: [(ReviewFormat, String)] = [(.text, "txt"), (.markdown, "md"), (.json, "json")]

    static func inputs(_ name: String) throws -> (config: Config, now: Date) {
        let folder = Fixtures.root.appendingPathComponent("review").appendingPathComponent(name)
        var configURL = folder.appendingPathComponent("bcplan.yaml")
        var path = "bcplan.yaml"
        var nowText = "2026-11-21T12:00:00Z"
        if let example = try? String(contentsOf: folder.appendingPathComponent("example.txt"), encoding: .utf8) {
            path = "examples/\(example.trimmingCharacters(in: .whitespacesAndNewlines))/bcplan.yaml"
            configURL = AuditGoldenTests.repositoryRoot.appendingPathComponent(path)
        } else {
            nowText = try String(contentsOf: folder.appendingPathComponent("now.txt"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let loaded = ConfigLoader.decode(bytes: try [UInt8](Data(contentsOf: configURL)), path: path)
        let config = try #require(loaded.config, "\(name): \(loaded.diagnostics)")
        return (config, try #require(Clock.parse(nowText)))
    }

    static func review(_ name: String, shuffled: Bool = false) throws -> AccessReview {
        var (config, now) = try inputs(name)
        if shuffled {
            var generator = SplitMix64(seed: UInt64(name.utf8.count) &* 131)
            config.members.shuffle(using: &generator)
            config.partners.shuffle(using: &generator)
            config.assets.shuffle(using: &generator)
            for index in config.members.indices { config.members[index].assets.shuffle(using: &generator) }
            for index in config.partners.indices { config.partners[index].shares.shuffle(using: &generator) }
        }
        return AccessReview(config: config, now: now)
    }

    @Test func everyExampleHasAGoldenCase() {
        #expect(Fixtures.examples.count >= 4)
        for example in Fixtures.examples { #expect(Self.cases.contains(example), "no Fixtures/review/\(example)") }
    }

    @Test(arguments: cases)
    func reviewMatchesGoldenFiles(_ name: String) throws {
        let folder = Fixtures.root.appendingPathComponent("review").appendingPathComponent(name)
        let review = try Self.review(name)
        for (format, suffix) in Self.formats {
            Golden.check(format.renderer.render(review), against: folder.appendingPathComponent("expected.\(suffix)"))
        }
    }

    /// Shuffling every input list must not change one byte of any format.
    @Test(arguments: cases)
    func reviewIsDeterministic(_ name: String) throws {
        let plain = try Self.review(name)
        let shuffled = try Self.review(name, shuffled: true)
        for (format, _) in Self.formats {
            #expect(format.renderer.render(plain) == format.renderer.render(shuffled), "\(format)")
        }
    }

    /// The crafted case holds every kind of entry, due or not, reviewed on its own or with its
    /// parent, and expired at each level.
    @Test func reviewTellsDueFromReviewedAndExpired() throws {
        let review = try Self.review("owners-and-expiries")
        let due = review.groups.flatMap(\.entries)
        #expect(Set(due.map(\.kind)) == Set(ReviewEntry.Kind.allCases))
        #expect(Set(review.expired.map(\.kind)) == Set(ReviewEntry.Kind.allCases))
        #expect(review.groups.last?.owner == nil)
        #expect(review.dueCount < review.entryCount)
        // Reviewed exactly review_every_days ago is due; a day less is not.
        #expect(due.contains { $0.member == "due.today@acme.example" })
        #expect(!due.contains { $0.kind == .member && $0.member == "fresh@acme.example" })
        #expect(due.contains { $0.kind == .grant && $0.member == "fresh@acme.example" })
    }
}
