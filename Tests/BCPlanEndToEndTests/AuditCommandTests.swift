import Foundation
import Testing

@Suite struct AuditCommandTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    @Test(arguments: ["text", "markdown", "csv", "json", "dot"])
    func everyFormatPrintsTheReportAndWritesNothing(_ format: String) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        let outcome = try BinaryRunner.run(["audit", "--format", format], in: folder, environment: Self.now)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        switch format {
        case "text": #expect(outcome.stdout.hasPrefix("Access audit of Northwind Outdoor (7301846290153840001)\n"))
        case "markdown": #expect(outcome.stdout.contains("\n```mermaid\nflowchart LR\n"))
        case "csv": #expect(outcome.stdout.hasPrefix("asset_type,asset_id,asset_key,asset_name,asset_owner_bc_id,principal_type,principal,principal_name,principal_status,via,permission,risk\r\n"))
        case "json":
            let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            #expect(document["format_version"] as? Int == 1)
            #expect((document["access"] as? [Any])?.count == 41)
        default: #expect(outcome.stdout.hasPrefix("digraph access {\n"))
        }
        #expect(try BinaryRunner.snapshot(of: folder) == before)
    }

    @Test func anUnknownFormatIsAUsageError() throws {
        let outcome = try BinaryRunner.run(["audit", "--format", "yaml", "-c", "examples/agency-side/bcplan.yaml"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("yaml"))
    }

    @Test func aMissingConfigIsAnError() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["audit"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("bcplan.yaml: error:") || outcome.stderr.contains("bcplan.yaml"))
    }
}
