@testable import BCPlanCore
import BCPlanYAML
import Foundation
import Testing

/// The PostgreSQL variant of `examples/gitops`: the same flow as the git variant, but the state
/// and the audit log live in the database named by a secret, and no job writes to the repository.
@Suite struct GitOpsPostgresWorkflowTests {
    static let example = ConfigSchemaTests.repositoryRoot.appendingPathComponent("examples/gitops")

    private func workflow() throws -> YAMLNode {
        let path = ".github/workflows/bcplan-postgres.yml"
        let bytes = [UInt8](try Data(contentsOf: Self.example.appendingPathComponent(path)))
        return try #require(try YAMLParser.parse(bytes, file: path))
    }

    private func steps(_ job: YAMLNode?) -> [YAMLNode] { job?["steps"]?.items ?? [] }

    private func runs(_ job: YAMLNode?) -> [String] { steps(job).compactMap { $0["run"]?.scalarValue } }

    @Test func itPlansAndAppliesItsOwnFolderWhoseConfigsKeepTheStateInPostgreSQL() throws {
        let workflow = try workflow()
        let configs = try #require(workflow["env"]?["BCPLAN_CONFIGS"]?.scalarValue)
        #expect(configs == "business-centers-postgres")
        for trigger in ["pull_request", "push"] {
            #expect(workflow["on"]?[trigger]?["paths"]?.items.compactMap(\.scalarValue).contains("\(configs)/**") == true)
        }
        #expect(workflow["jobs"]?.keys == ["plan", "plan-main", "apply"])
        let folder = Self.example.appendingPathComponent(configs)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.count >= 2)
        var variables = Set<String>()
        for name in names {
            let loaded = ConfigLoader.load(path: folder.appendingPathComponent(name).path)
            let config = try #require(loaded.config, "\(name): \(loaded.diagnostics)")
            guard case .postgres(let location) = config.state else {
                Issue.record("\(name) keeps its state in \(config.state), not in PostgreSQL")
                continue
            }
            variables.insert(location.urlVariable)
        }
        #expect(variables == ["BCPLAN_DATABASE_URL"])
    }

    @Test func noJobWritesToTheRepositoryAndOnlyTheApprovedApplyCanWriteTheState() throws {
        let workflow = try workflow()
        #expect(workflow["permissions"]?["contents"]?.scalarValue == "read")
        let jobs = try #require(workflow["jobs"])
        for name in jobs.keys {
            #expect(jobs[name]?["permissions"]?["contents"]?.scalarValue ?? "read" == "read", "\(name) writes to the repository")
            #expect(!runs(jobs[name]).contains { $0.contains("git push") || $0.contains("git commit") }, "\(name) commits")
            // The database URL comes from a secret, never from the repository.
            for step in steps(jobs[name]) {
                if let url = step["env"]?["BCPLAN_DATABASE_URL"]?.scalarValue {
                    #expect(url.hasPrefix("${{ secrets.") && url.hasSuffix(" }}"), "\(name): \(url)")
                    let writes = url == "${{ secrets.BCPLAN_DATABASE_URL }}"
                    #expect(!writes || name == "apply", "\(name) gets the URL that may write")
                }
            }
        }
        let apply = try #require(jobs["apply"])
        #expect(apply["environment"]?.scalarValue == "business-center")
        #expect(apply["needs"]?.scalarValue == "plan-main")
        #expect(runs(apply).contains(#"bcplan apply plans -c "$BCPLAN_CONFIGS" --lock-timeout 10m"#))
        #expect(!runs(apply).contains { $0.contains("--auto-approve") }, "only the reviewed plans are applied")
        let verify = try #require(steps(apply).last)
        #expect(verify["if"]?.scalarValue == "always()")
        #expect(verify["run"]?.scalarValue?.contains(#"bcplan log --verify -c "$config""#) == true)
        #expect(runs(jobs["plan"]).contains { $0.contains(#"bcplan plan -c "$BCPLAN_CONFIGS" --format markdown --detailed-exitcode > plan.md"#) })
        #expect(runs(jobs["plan-main"]).contains { $0.contains(#"bcplan plan -c "$BCPLAN_CONFIGS" --out plans --detailed-exitcode"#) })
    }
}

private extension YAMLNode {
    subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = kind else { return nil }
        return pairs.first { $0.key.scalarValue == key }?.value
    }

    var keys: [String] {
        guard case .mapping(let pairs) = kind else { return [] }
        return pairs.compactMap(\.key.scalarValue)
    }

    var items: [YAMLNode] {
        guard case .sequence(let items) = kind else { return [] }
        return items
    }
}
