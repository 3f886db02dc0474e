import BCPlanPostgres
import Foundation
import Testing

/// Where an end-to-end test's recorded state lives: a state file beside the config (the default),
/// or a fresh workspace in the test database (`PostgresTestDatabase`). The apply tests take it
/// as an argument and run once per backend, checking the same things through each.
enum StateBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case file
    case postgres

    var description: String { rawValue }

    /// The backends the tests run against here: PostgreSQL when there is a server (or in CI).
    static var available: [StateBackend] { PostgresTestDatabase.enabled ? [.file, .postgres] : [.file] }

    /// Points the config at `folder/config` to this backend and returns the setup to run with.
    /// For PostgreSQL the config's `state:` line is replaced by a fresh workspace.
    func prepare(_ folder: URL, config: String = "bcplan.yaml") throws -> StateSetup {
        switch self {
        case .file:
            let text = try BinaryRunner.read(config, in: folder)
            let line = text.split(separator: "\n").first { $0.hasPrefix("state:") }
            let name = line.map { String($0.dropFirst("state:".count)).trimmingCharacters(in: .whitespaces) }
                ?? (config as NSString).deletingPathExtension + ".state.json"
            return StateSetup(backend: self, folder: folder, config: config, environment: [:], stateName: name, workspace: nil)
        case .postgres:
            let url = try PostgresTestDatabase.requireURL()
            let workspace = PostgresTestDatabase.freshWorkspace()
            let text = try BinaryRunner.read(config, in: folder)
            let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("state:") }
            let body = kept.joined(separator: "\n")
            try BinaryRunner.write(
                body + (body.hasSuffix("\n") ? "" : "\n") + "state: {backend: postgres, url_env: BCPLAN_DATABASE_URL, workspace: \"\(workspace)\"}\n",
                config, in: folder)
            return StateSetup(
                backend: self, folder: folder, config: config, environment: ["BCPLAN_DATABASE_URL": url],
                stateName: "workspace '\(workspace)' in PostgreSQL ($BCPLAN_DATABASE_URL, schema bcplan)", workspace: workspace)
        }
    }
}

/// One test's Business Center with its state in one backend: runs the binary with what that
/// backend needs, and reads the state and the audit log back the way a user would.
struct StateSetup {
    let backend: StateBackend
    let folder: URL
    let config: String
    /// What a run needs in its environment (the database URL).
    let environment: [String: String]
    /// How messages name the state: "northwind.state.json", or the workspace.
    let stateName: String
    let workspace: String?

    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> BinaryRunner.Outcome {
        try BinaryRunner.run(arguments, in: folder, environment: environment.merging(extra) { $1 })
    }

    func start(_ arguments: [String], label: String, environment extra: [String: String] = [:]) throws -> Process {
        try BinaryRunner.start(arguments, in: folder, label: label, environment: environment.merging(extra) { $1 })
    }

    /// The recorded state as `bcplan state show` prints it (what a killed run left in the file
    /// backend's journal included), nil when there is none.
    func state() throws -> [String: Any]? {
        let shown = try run(["state", "show", "-c", config])
        guard shown.status == 0 else { return nil }
        return try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
    }

    /// The audit log's lines, as the file holds them or `bcplan state pull --out` writes them.
    func auditLines() throws -> [String] {
        switch backend {
        case .file:
            let name = (stateName as NSString).deletingPathExtension + ".audit.jsonl"
            guard let text = try? BinaryRunner.read(name, in: folder) else { return [] }
            return text.split(separator: "\n").map(String.init)
        case .postgres:
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("pulled-\(UUID().uuidString).json")
            defer {
                try? FileManager.default.removeItem(at: out)
                try? FileManager.default.removeItem(at: out.deletingPathExtension().appendingPathExtension("audit.jsonl"))
            }
            let pulled = try run(["state", "pull", "-c", config, "--out", out.path])
            #expect(pulled.status == 0, "\(pulled.stderr)")
            let audit = out.deletingPathExtension().appendingPathExtension("audit.jsonl")
            guard let text = try? String(contentsOf: audit, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").map(String.init)
        }
    }

    func auditEntries() throws -> [[String: Any]] {
        try auditLines().map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    /// Everything a command could change: the folder's files and, for PostgreSQL, the state,
    /// the audit log and the history as bcplan shows them.
    func everything() throws -> [String: Data] {
        var all = try BinaryRunner.snapshot(of: folder)
        if backend == .postgres {
            for command in [["state", "show"], ["log"], ["state", "history"]] {
                all["postgres: " + command.joined(separator: " ")] = Data(try run(command + ["-c", config]).stdout.utf8)
            }
        }
        return all
    }

    /// True while a run holds the state's lock.
    func isLocked() throws -> Bool {
        switch backend {
        case .file:
            // The lock is a run file: `.bcplan/<state>.lock` beside the state.
            let state = stateName as NSString
            let lock = (state.deletingLastPathComponent as NSString).appendingPathComponent(".bcplan/" + state.lastPathComponent + ".lock")
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(lock).path)
        case .postgres:
            let listed = try run(["state", "list", "-c", config])
            return listed.stdout.split(separator: "\n").contains { $0.hasPrefix(workspace! + " ") && !$0.hasSuffix(" -") }
        }
    }

    /// Runs SQL against the test database (PostgreSQL only).
    func sql(_ statement: String, _ parameters: [String?] = []) throws -> PostgresResult {
        try PostgresTestDatabase.connect().query(statement, parameters)
    }
}
