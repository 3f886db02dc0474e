import Foundation
import Testing

/// Compares text with a golden file; `BCPLAN_RECORD=1` rewrites the file and fails the test so
/// that nobody records by accident.
enum Golden {
    static var recording: Bool { ProcessInfo.processInfo.environment["BCPLAN_RECORD"] == "1" }

    static func check(_ actual: String, against url: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        if recording {
            // Record into the source tree, not the copied bundle.
            let target = sourceTreeURL(for: url)
            try? actual.write(to: target, atomically: true, encoding: .utf8)
            Issue.record("recorded \(target.path); run again without BCPLAN_RECORD", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(url.lastPathComponent); run with BCPLAN_RECORD=1",
                         sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("\(url.path) differs:\n\(lineDiff(expected: expected, actual: actual))",
                         sourceLocation: sourceLocation)
        }
    }

    /// A minimal line diff: the lines that differ, by line number.
    static func lineDiff(expected: String, actual: String) -> String {
        let left = expected.components(separatedBy: "\n")
        let right = actual.components(separatedBy: "\n")
        var out: [String] = []
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? left[index] : "<none>"
            let r = index < right.count ? right[index] : "<none>"
            if l != r { out.append("line \(index + 1):\n  - \(l)\n  + \(r)") }
        }
        return out.joined(separator: "\n")
    }

    /// The Fixtures folder in the source tree (the test bundle holds a copy).
    static func sourceTreeURL(for url: URL) -> URL {
        let path = url.path
        guard let range = path.range(of: "/Fixtures/") else { return url }
        let relative = String(path[range.lowerBound...])
        return fixturesSourceRoot.deletingLastPathComponent().appendingPathComponent(String(relative.dropFirst()))
    }

    static let fixturesSourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
}

/// Where the test fixtures are: the copy in the test bundle.
enum Fixtures {
    static var root: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    }

    /// The examples that are one Business Center (a `bcplan.yaml`; examples/gitops is a folder of
    /// configs), sorted: each needs a golden case of every report.
    static var examples: [String] {
        let root = AuditGoldenTests.repositoryRoot.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { name in
            FileManager.default.fileExists(atPath: root.appendingPathComponent(name).appendingPathComponent("bcplan.yaml").path)
        }.sorted()
    }

    static func cases(in folder: String) -> [String] {
        let url = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }
}
