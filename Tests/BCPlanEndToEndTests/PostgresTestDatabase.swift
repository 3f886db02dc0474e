import BCPlanPostgres
import Foundation
import Testing

/// The PostgreSQL server the tests use: `BCPLAN_TEST_DATABASE_URL`, as `.ci/run` (through
/// `Tests/Postgres/cluster.sh`) exports it for a throwaway cluster.
///
/// In CI (`CI=true`) the PostgreSQL tests always run, and fail when the variable is missing;
/// elsewhere they are left out without it: the apply tests run for the file backend only, and
/// `PostgresStateTests` is skipped with one line saying how to run it.
enum PostgresTestDatabase {
    static let urlVariable = "BCPLAN_TEST_DATABASE_URL"

    static var url: String? {
        ProcessInfo.processInfo.environment[urlVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// True when the PostgreSQL tests are to run: there is a server, or CI requires one.
    static var enabled: Bool { url != nil || inCI }

    static let howToRun = "PostgreSQL tests skipped: \(urlVariable) is not set; run them with Tests/Postgres/cluster.sh run swift test"

    /// The URL, or a failed test saying why there is none.
    static func requireURL(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(url, "CI=true requires \(urlVariable) (Tests/Postgres/cluster.sh starts a throwaway server)", sourceLocation: sourceLocation)
    }

    /// The same database through PgBouncer in transaction mode (`Tests/Postgres/cluster.sh`
    /// starts one when pgbouncer is installed; `.ci/run` installs it).
    static func requirePgBouncerURL(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["BCPLAN_TEST_PGBOUNCER_URL"].flatMap { $0.isEmpty ? nil : $0 },
            "BCPLAN_TEST_PGBOUNCER_URL is not set: install pgbouncer (apt-get install pgbouncer) and start the cluster with Tests/Postgres/cluster.sh",
            sourceLocation: sourceLocation)
    }

    /// A connection for a test's own statements (setting a trap, editing a row as an attacker would).
    static func connect() throws -> PostgresConnection {
        try PostgresConnection.connect(requireURL(), applicationName: "bcplan-tests")
    }

    /// Makes sure bcplan's schema exists (it is created on first use): records an empty
    /// Business Center in a workspace of its own.
    static func ensureSchema() throws {
        let folder = try BinaryRunner.businessCenter(state: "{backend: postgres, url_env: BCPLAN_DATABASE_URL, workspace: \(freshWorkspace())}")
        defer { try? FileManager.default.removeItem(at: folder) }
        let refreshed = try BinaryRunner.run(["refresh"], in: folder, environment: ["BCPLAN_DATABASE_URL": try requireURL()])
        #expect(refreshed.status == 0, "\(refreshed.stderr)")
    }

    /// A workspace name no other test uses.
    static func freshWorkspace() -> String {
        "test-" + UUID().uuidString.lowercased()
    }
}
