import Foundation
import Testing

/// The GitOps schedule's review step (`Review who has access` in both workflows of
/// examples/gitops), its script run as the workflow holds it, with the built bcplan on PATH, on a
/// copy of the configs it reviews: it writes the issue's markdown and says 2 (something is due).
@Suite struct GitOpsReviewStepTests {
    /// The `run: |` block of the step named `name`, unindented.
    static func script(of name: String, in workflow: String) throws -> String {
        let lines = workflow.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "      - name: \(name)"), "no step '\(name)'")
        let run = try #require(lines[start...].firstIndex(of: "        run: |"), "step '\(name)' has no run block")
        var body: [String] = []
        for line in lines[(run + 1)...] {
            guard line.hasPrefix("          ") || line.isEmpty else { break }
            body.append(String(line.dropFirst(min(10, line.count))))
        }
        return body.joined(separator: "\n")
    }

    @Test(arguments: [("bcplan.yml", "business-centers"), ("bcplan-postgres.yml", "business-centers-postgres")])
    func theReviewStepWritesTheIssueAndSaysWhetherAnythingIsDue(_ workflow: String, _ configs: String) throws {
        let example = BinaryRunner.repositoryRoot.appendingPathComponent("examples/gitops")
        let text = try String(contentsOf: example.appendingPathComponent(".github/workflows/\(workflow)"), encoding: .utf8)
        let script = try Self.script(of: "Review who has access", in: text)
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: example.appendingPathComponent(configs), to: folder.appendingPathComponent(configs))
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("bcplan"), withDestinationURL: BinaryRunner.binary)
        try BinaryRunner.write(script, "review.sh", in: folder)
        let output = folder.appendingPathComponent("github-output")
        let outcome = try BinaryRunner.run(
            ["bash", "-e", "review.sh"], in: folder,
            environment: ["PATH": bin.path + ":/usr/bin:/bin", "BCPLAN_CONFIGS": configs, "GITHUB_OUTPUT": output.path,
                          "BCPLAN_NOW": "2026-11-21T12:00:00Z"],
            executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try String(contentsOf: output, encoding: .utf8) == "exitcode=2\n")
        let markdown = try BinaryRunner.read("review.md", in: folder)
        #expect(markdown.hasPrefix("## bcplan: Total: 2 Business Centers: 2 with access due for review ("), "\(markdown.prefix(300))")
        #expect(markdown.contains("\n## Access review: Northwind Outdoor (7301846290153840001)\n"))
        #expect(markdown.contains("- [ ] **partner** "))
        #expect(outcome.stdout == markdown, "the run's log shows the issue's text")
    }
}
