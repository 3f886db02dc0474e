import Foundation

/// What every command that works on a Business Center starts from: the valid config, the clock,
/// the provider and the state store, each failing as one `CommandFailure`; and, on demand, the
/// state lock, the recorded state and the live Business Center.
struct SessionContext {
    /// `-c` as given, for messages and the `force-unlock` hint.
    let configPath: String
    let loaded: ConfigLoader.Result
    let config: Config
    let now: Date
    let provider: any Provider
    let store: any StateStore

    init(configPath: String, environment: [String: String]) throws(CommandFailure) {
        let (loaded, config) = try Self.config(at: configPath)
        try self.init(configPath: configPath, loaded: loaded, config: config, environment: environment)
    }

    /// The config at `path`, or every problem it has.
    static func config(at path: String) throws(CommandFailure) -> (ConfigLoader.Result, Config) {
        let loaded = ConfigLoader.load(path: path)
        guard let config = loaded.config else {
            throw CommandFailure(ValidationReport(loaded, path: path).problems)
        }
        return (loaded, config)
    }

    /// The provider the config names. Its clock is `BCPLAN_NOW` when set and valid, else the real time.
    static func provider(for config: Config, environment: [String: String]) throws(CommandFailure) -> any Provider {
        switch config.provider.kind {
        case .mock:
            let fixed = environment["BCPLAN_NOW"].flatMap(Clock.parse)
            return MockProvider(
                storePath: config.provider.storePath, businessCenterID: config.businessCenterID,
                simulation: MockSimulation(config.provider), now: { fixed ?? Date() })
        case .tiktok:
            // The token is looked up here and handed to the provider only: a plan with
            // --no-refresh needs none, and a missing one fails the first call, naming the variable.
            // Where it goes is the config's TikTok host unless whoever runs bcplan says otherwise.
            let variable = config.provider.tokenEnvironmentVariable
            return TikTokProvider(
                businessCenterID: config.businessCenterID, baseURL: ProviderConfig.tiktokBaseURL(config.provider, environment: environment),
                token: environment[variable], tokenVariable: variable, requestsPerSecond: config.provider.requestsPerSecond,
                hints: TikTokReadHints(config: config))
        }
    }

    /// The SHA-256 of the config file's bytes, as plans record it.
    var configDigest: String { SHA256.hex(loaded.bytes) }

    /// The store `state:` names. A PostgreSQL store connects on its first use.
    static func store(for config: Config, environment: [String: String]) -> any StateStore {
        switch config.state {
        case .file(let path, let displayPath):
            return FileStateStore(path: path, displayPath: displayPath)
        case .postgres(let location):
            return PostgresStateStore(location: location, connectionString: environment[location.urlVariable], environment: environment)
        }
    }

    /// Takes the state lock for `operation`; the writer it returns holds it. Blocks this thread
    /// while it waits.
    func lock(
        _ operation: String, timeout: Double, stop: StopRequest? = nil, notice: (String) -> Void
    ) throws(CommandFailure) -> any StateWriter {
        do {
            return try store.lock(
                StateLockRequest(
                    operation: operation, timeout: timeout, configArgument: configPath, now: now,
                    stopRequested: { stop?.isRequested ?? false }),
                notice: notice)
        } catch {
            throw .error(error)
        }
    }

    /// The recorded state, nil on a first run.
    func recorded() throws(CommandFailure) -> RecordedState? {
        do {
            return try store.read()
        } catch {
            throw .error(error)
        }
    }

    /// Who applies: `provider.caller`, else user@host.
    var actor: String {
        config.provider.caller ?? "\(LockInfo.userName)@\(LockInfo.hostName)"
    }

    /// The Business Center as the provider reads it now, or nil when `stop` is requested first:
    /// the read in flight is then cancelled (a read changes nothing, so nothing is lost).
    func live(unless stop: StopRequest) async throws(CommandFailure) -> Snapshot? {
        let provider = provider
        let first = await withTaskGroup(of: Result<Snapshot, ProviderError>?.self) { group in
            group.addTask {
                do throws(ProviderError) {
                    return .success(try await provider.read())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                await stop.wait()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let first, !stop.isRequested else { return nil }
        switch first {
        case .success(let snapshot): return snapshot
        case .failure(let error): throw .error(error)
        }
    }

    /// The Business Center as the provider reads it now.
    func live() async throws(CommandFailure) -> Snapshot {
        do {
            return try await provider.read()
        } catch {
            throw .error(error)
        }
    }
}
