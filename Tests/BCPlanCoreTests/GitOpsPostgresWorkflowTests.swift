@testable import BCPlanCore
import BCPlanYAML
import Foundation
import Testing

/// The PostgreSQL variant of `examples/gitops`: the flow of the git variant (`GitOpsWorkflowTests`
/// checks both workflows alike), but the state and the audit log live in the database named by a
/// secret, and no job writes to the repository.
@Suite struct GitOpsPostgresWorkflowTests {
    static let example = ConfigSchemaTests.repositoryRoot.appendingPathComponent("examples/gitops")

    private func workflow() throws -> YAMLNode {
        let path = GitOpsWorkflow.postgres.path
        let bytes = [UInt8](try Data(contentsOf: Self.example.appendingPathComponent(path)))
        return try #require(try YAMLParser.parse(bytes, file: path))
    }

    private func steps(_ job: YAMLNode?) -> [YAMLNode] { job?["steps"]?.items ?? [] }

    private func runs(_ job: YAMLNode?) -> [String] { steps(job).compactMap { $0["run"]?.scalarValue } }

    @Test func itPlansAndAppliesItsOwnFolderWhoseConfigsKeepTheStateInPostgreSQL() throws {
        let workflow = try workflow()
        let configs = try #require(workflow["env"]?["BCPLAN_CONFIGS"]?.scalarValue)
        #expect(configs == GitOpsWorkflow.postgres.configs)
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
        // The pull request's job reads the state only for a pull request from this repository.
        let fromHere = "github.event.pull_request.head.repo.full_name == github.repository && "
        for name in jobs.keys {
            #expect(jobs[name]?["permissions"]?["contents"]?.scalarValue ?? "read" == "read", "\(name) writes to the repository")
            #expect(!runs(jobs[name]).contains { $0.contains("git push") || $0.contains("git commit") || $0.contains("git add") }, "\(name) commits")
            // The database URL comes from a secret, never from the repository.
            for step in steps(jobs[name]) {
                guard var url = step["env"]?["BCPLAN_DATABASE_URL"]?.scalarValue else { continue }
                if name == "plan" {
                    #expect(url.hasPrefix("${{ " + fromHere) && url.hasSuffix(" || '' }}"), "\(name): \(url)")
                    url = "${{ " + url.dropFirst(("${{ " + fromHere).count).dropLast(" || '' }}".count) + " }}"
                }
                #expect(url.hasPrefix("${{ secrets.") && url.hasSuffix(" }}"), "\(name): \(url)")
                let writes = url == "${{ secrets.BCPLAN_DATABASE_URL }}"
                #expect(!writes || name == "apply", "\(name) gets the URL that may write")
                #expect(writes || url == "${{ secrets.BCPLAN_DATABASE_URL_READ_ONLY }}", "\(name): \(url)")
            }
        }
        let apply = try #require(jobs["apply"])
        #expect(apply["environment"]?.scalarValue == "business-center")
        #expect(runs(apply).contains { $0.contains(#"bcplan apply plans -c "$BCPLAN_CONFIGS" --lock-timeout 10m"#) })
        let verify = try #require(steps(apply).first { $0["name"]?.scalarValue == "Check every audit log's hash chain" })
        #expect(verify["env"]?["BCPLAN_DATABASE_URL"]?.scalarValue == "${{ secrets.BCPLAN_DATABASE_URL_READ_ONLY }}")
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
