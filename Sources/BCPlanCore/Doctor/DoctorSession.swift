import Foundation

/// `bcplan doctor` (DESIGN §6): the read-only checks a person runs before trusting a pipeline.
/// For TikTok: the token is there and accepted, its user's role in the Business Center, every
/// read endpoint answers, the request quota held while reading; for the mock: its store; for
/// both: the recorded state and its lock. Nothing is written, no lock is taken.
public enum DoctorSession {
    /// The checks for the config at `configPath`; throws when the config itself is invalid (its
    /// problems, as every command reports them).
    public static func run(configPath: String, environment: [String: String]) async throws(CommandFailure) -> DoctorReport {
        try await run(SessionContext(configPath: configPath, environment: environment), environment: environment)
    }

    /// The checks for a config loaded already (a directory run).
    public static func run(
        configPath: String, loaded: ConfigLoader.Result, config: Config, environment: [String: String]
    ) async throws(CommandFailure) -> DoctorReport {
        try await run(SessionContext(configPath: configPath, loaded: loaded, config: config, environment: environment),
                      environment: environment)
    }

    private static func run(_ context: SessionContext, environment: [String: String]) async -> DoctorReport {
        let config = context.config
        var checks = [DoctorCheck.ok(
            "config \(context.configPath)",
            "valid (Business Center \(config.businessCenterID), provider \(config.provider.kind.rawValue))")]
        switch config.provider.kind {
        case .mock:
            checks.append(mockStore(context))
        case .tiktok:
            if let provider = context.provider as? TikTokProvider {
                checks += await tiktok(provider, config: config, environment: environment)
            }
        }
        checks.append(state(context))
        checks.append(lock(context))
        return DoctorReport(checks: checks)
    }

    // MARK: Providers

    private static func mockStore(_ context: SessionContext) -> DoctorCheck {
        let subject = "mock store \(context.config.provider.storeDisplayPath)"
        guard FileManager.default.fileExists(atPath: context.config.provider.storePath) else {
            return .ok(subject, "none yet: an empty Business Center until the first apply writes it")
        }
        do {
            let snapshot = try (context.provider as! MockProvider).storeSnapshot()
            return .ok(subject, "readable (\(snapshot.members.count.counted("member")), \(snapshot.partners.count.counted("partner")), \(snapshot.assets.count.counted("asset")))")
        } catch {
            return .fail(subject, error.message, remedy: "restore the file or remove it to start from an empty Business Center")
        }
    }

    private static func tiktok(_ provider: TikTokProvider, config: Config, environment: [String: String]) async -> [DoctorCheck] {
        let variable = config.provider.tokenEnvironmentVariable
        let baseURL = ProviderConfig.tiktokBaseURL(config.provider, environment: environment)
        let overridden = baseURL != config.provider.baseURL
        var checks = [DoctorCheck.ok(
            "TikTok API", baseURL + (overridden ? " (from \(ProviderConfig.baseURLOverride), not provider.base_url)" : ""))]
        guard let token = environment[variable], !token.isEmpty else {
            checks.append(.fail("access token", "\(variable) (provider.token_env) is not set",
                                remedy: "set it to a long-lived token from TikTok's developer portal (My Apps), authorized for this Business Center"))
            return checks
        }
        checks.append(.ok("access token", "\(variable) is set"))
        let access: TikTokAccess
        do {
            access = try await provider.checkAccess()
        } catch {
            checks.append(.fail("token's user", error.message, remedy: "fix the token or business_center.id, then run bcplan doctor again"))
            return checks
        }
        let name = access.businessCenterName.map { " (\($0))" } ?? ""
        let finance = access.finance.map { ", finance \($0.rawValue)" } ?? ""
        if access.role == .admin {
            checks.append(.ok("token's user", "an admin\(finance) of Business Center \(config.businessCenterID)\(name)"))
        } else {
            checks.append(.fail("token's user", "\(access.role.map { "a \($0.rawValue) member" } ?? "role \(access.roleText)")\(finance) of Business Center \(config.businessCenterID)\(name)",
                                remedy: "bcplan can read with it but not apply: use an admin's token"))
        }
        var snapshot: Snapshot?
        var readFailure: String?
        do {
            snapshot = try await provider.read()
        } catch {
            readFailure = error.message
        }
        let statistics = provider.callStatistics
        var failedOne = false
        for endpoint in TikTokEndpoints.all where endpoint.method == .get {
            let seen = statistics[endpoint.description]
            if let failure = seen?.failure {
                failedOne = true
                checks.append(.fail(endpoint.description, failure, remedy: "check the app's permissions in TikTok's developer portal"))
            } else if let seen, seen.requests > 0 {
                checks.append(.ok(endpoint.description, "answered (\(seen.requests.counted("request")))"))
            } else if readFailure != nil {
                checks.append(.fail(endpoint.description, "not reached: the read stopped at an earlier failure", remedy: "fix that first"))
            } else {
                checks.append(.ok(endpoint.description, "not needed: nothing in this Business Center is read through it"))
            }
        }
        if let readFailure, !failedOne {
            checks.append(.fail("reading the Business Center", readFailure, remedy: "run bcplan doctor again; if it persists, check TikTok's status"))
        }
        let requests = statistics.values.reduce(0) { $0 + $1.requests }
        let limited = statistics.values.reduce(0) { $0 + $1.rateLimited }
        let quota = config.provider.requestsPerSecond ?? provider.capabilities.requestsPerSecond ?? 10
        let rate = quota == quota.rounded() ? String(Int(quota)) : String(quota)
        if limited == 0 {
            checks.append(.ok("request quota", "no answer said the app is over its quota, in \(requests.counted("request")) at \(rate) a second"))
        } else {
            checks.append(.fail("request quota", "\(limited) of \(requests.counted("request")) were answered 40100 (over the app's quota) at \(rate) a second",
                                remedy: "set provider.requests_per_second to the app's quota (TikTok's developer portal shows it), or lower"))
        }
        if let snapshot, let caller = config.provider.caller {
            if snapshot.members.contains(where: { $0.normalizedEmail == caller && $0.status == .active && $0.role == .admin }) {
                checks.append(.ok("caller \(caller)", "an active admin of the Business Center (TikTok does not say whose token this is)"))
            } else {
                checks.append(.fail("caller \(caller)", "not an active admin of the Business Center",
                                    remedy: "set provider.caller to the admin whose token this is"))
            }
        }
        return checks
    }

    // MARK: State and lock

    private static func state(_ context: SessionContext) -> DoctorCheck {
        let location = context.config.state
        let subject = "state \(location)"
        do {
            guard let recorded = try context.store.read() else {
                return .ok(subject, "none yet: the first apply or refresh writes it")
            }
            return .ok(subject, "readable (serial \(recorded.serial), lineage \(recorded.lineage)\(recorded.refreshedAt.map { ", refreshed \($0)" } ?? ""))")
        } catch {
            let remedy = switch location {
            case .file(let path, let displayPath):
                // The backup that exists, named as the config names the state.
                switch StateFile.existingBackupPath(forState: path) {
                case StateFile.backupPath(forState: path)?:
                    "restore it from \(StateFile.backupPath(forState: displayPath)) or version control, then run bcplan refresh"
                case .some:
                    "restore it from \(StateFile.legacyBackupPath(forState: displayPath)) or version control, then run bcplan refresh"
                case nil:
                    "restore it from version control, then run bcplan refresh"
                }
            case .postgres(let database):
                "check that \(database.urlVariable) names a database this user may read (bcplan state list)"
            }
            return .fail(subject, error.description, remedy: remedy)
        }
    }

    private static func lock(_ context: SessionContext) -> DoctorCheck {
        let subject: String
        let holder: LockInfo?
        switch context.config.state {
        case .file(let path, let displayPath):
            // The lock file that exists (one bcplan 0.1.0 took beside the state still holds), named
            // as the config names the state.
            let lockPath = StateLock.existingLockPath(forState: path)
            let legacy = lockPath != StateLock.lockPath(forState: path)
            subject = "lock \(legacy ? StateLock.legacyLockPath(forState: displayPath) : StateLock.lockPath(forState: displayPath))"
            guard FileManager.default.fileExists(atPath: lockPath) else { return .ok(subject, "free") }
            guard let named = StateLock.holder(statePath: path) else {
                return .fail(subject, "present but not a lock bcplan wrote", remedy: "remove the file if no bcplan runs")
            }
            holder = named
        case .postgres(let location):
            subject = "lock of \(location)"
            do {
                holder = try context.store.workspaces().first { $0.name == location.workspace }?.holder
            } catch {
                return .fail(subject, error.description, remedy: "check that \(location.urlVariable) names a database this user may read")
            }
        }
        guard let holder else { return .ok(subject, "free") }
        return .fail(subject, "held by \(holder.holderDescription)",
                     remedy: "wait for that run to end; if it is gone, bcplan force-unlock \(holder.id)")
    }
}
