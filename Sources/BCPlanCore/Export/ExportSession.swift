import Foundation

/// `bcplan export` (DESIGN §6): the live Business Center as a bcplan.yaml, for onboarding.
///
/// The config given with `-c` supplies the provider, state and policy, and the owner, reason, end
/// and review of what it declares; everything else comes from the live Business Center (its id
/// too, when the config's differs). The text is checked to
/// be a valid config before it is printed or written, and planned against the same live state so
/// that anything a plan of it would still propose is said.
public enum ExportSession {
    public struct Request: Sendable {
        public var configPath: String
        /// Where to write the file (atomically); nil for standard output.
        public var outPath: String?
        public var environment: [String: String]

        public init(configPath: String, outPath: String? = nil,
                    environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.configPath = configPath
            self.outPath = outPath
            self.environment = environment
        }
    }

    public struct Result: Sendable {
        /// The exported config.
        public var text: String
        /// Things to tell the user on stderr, one sentence each (what was left out, what a plan would still do).
        public var notes: [String]
        /// The file written, nil when the text is for standard output.
        public var writtenTo: String?
    }

    /// The schema line for a config without one: the schema `bcplan schema` prints, saved beside it.
    static let defaultSchemaReference = "bcplan.schema.json"

    public static func run(_ request: Request) async throws(CommandFailure) -> Result {
        if let out = request.outPath, ExportPaths.sameFile(out, request.configPath) {
            throw .usage("--out \(out) is the config file the export reads; write the export to another file and compare them")
        }
        let context = try SessionContext(configPath: request.configPath, environment: request.environment)
        let recorded = try context.recorded()
        let live = RecordedState.carryingInvitations(from: recorded?.snapshot, into: try await context.live())
        let config = context.config
        var notes: [String] = []
        if live.businessCenter.id != config.businessCenterID {
            notes.append("the provider reads Business Center \(live.businessCenter.id), not \(config.businessCenterID) as \(request.configPath) declares; the export uses \(live.businessCenter.id)")
        }
        var settings = ConfigExporter.Settings(
            schemaReference: schemaReference(in: context.loaded.source, configPath: request.configPath, outPath: request.outPath),
            provider: config.provider,
            storePath: ExportPaths.rebase(config.provider.storeDisplayPath, configPath: request.configPath, outPath: request.outPath),
            state: Self.rebased(config.state, configPath: request.configPath, outPath: request.outPath),
            policy: config.policy, declared: DeclaredTerms(config))
        let checkPath = request.outPath ?? "exported.yaml"
        let options = PlanOptions(now: context.now, allowMassRevoke: false, capabilities: context.provider.capabilities)
        var exported = ConfigExporter.export(live, settings: settings)
        var plan = try Self.planOfExport(exported.text, path: checkPath, recorded: recorded, live: live, options: options)
        // An acknowledgement that a plan of the export calls stale is left out, and the export made again.
        let stale = Self.staleAcknowledgements(in: plan.plan, config: plan.config, written: exported.acknowledgements)
        if !stale.isEmpty {
            settings.staleAcknowledgements = stale
            exported = ConfigExporter.export(live, settings: settings)
            plan = try Self.planOfExport(exported.text, path: checkPath, recorded: recorded, live: live, options: options)
        }
        notes += exported.notes
        notes += planNotes(plan.plan)

        if let out = request.outPath {
            do {
                try AtomicFile.write(Data(exported.text.utf8), to: out, mode: 0o644)
            } catch {
                throw .error("cannot write the export: \(error)")
            }
        }
        return Result(text: exported.text, notes: notes, writtenTo: request.outPath)
    }

    /// The export read back (it must be a valid config) and planned against the same Business Center.
    private static func planOfExport(
        _ text: String, path: String, recorded: RecordedState?, live: Snapshot, options: PlanOptions
    ) throws(CommandFailure) -> (plan: Plan, config: Config) {
        let reread = ConfigLoader.decode(bytes: Array(text.utf8), path: path)
        guard let config = reread.config else {
            let problems = reread.diagnostics.filter { $0.severity == .error }.map(\.description)
            throw .error("the exported config does not validate, so it is not written: \(problems.joined(separator: "; "))")
        }
        return (Planner.plan(config: config, configDigest: "", recorded: recorded, live: live, options: options), config)
    }

    /// The positions (in the original config) of the written `acknowledge:` entries that `plan`
    /// calls stale; `written` maps the export's entries, in order, to those positions.
    private static func staleAcknowledgements(in plan: Plan, config: Config, written: [Int]) -> Set<Int> {
        let staleAt = Set(plan.diagnostics.filter { $0.code == PlanMessage.acknowledgementStale(entry: "").code }.compactMap(\.location))
        var stale: Set<Int> = []
        for (index, entry) in config.acknowledgements.enumerated() where index < written.count && staleAt.contains(entry.location) {
            stale.insert(written[index])
        }
        return stale
    }

    /// The config's own `$schema` reference (rebased when the export goes elsewhere), else the default.
    /// The state for the exported config: a file path rebased to the output's folder, a workspace as it is.
    static func rebased(_ state: StateLocation, configPath: String, outPath: String?) -> StateLocation {
        guard case .file(let path, let displayPath) = state else { return state }
        return .file(path: path, displayPath: ExportPaths.rebase(displayPath, configPath: configPath, outPath: outPath))
    }

    static func schemaReference(in source: String?, configPath: String, outPath: String?) -> String {
        let prefix = ConfigExporter.schemaLinePrefix
        guard let first = source?.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first,
              first.hasPrefix(prefix) else { return defaultSchemaReference }
        let reference = first.dropFirst(prefix.count).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reference.isEmpty else { return defaultSchemaReference }
        return ExportPaths.rebase(reference, configPath: configPath, outPath: outPath)
    }

    /// What planning the export would still do or refuse: time-driven invitation steps such as a
    /// resend, or a policy the live Business Center already breaks.
    static func planNotes(_ plan: Plan) -> [String] {
        var notes = plan.diagnostics.filter { $0.severity == .error }.map { "a plan of the export breaks a rule: \($0.message)" }
        if !plan.actions.isEmpty {
            let ids = plan.actions.map(\.id)
            notes.append("a plan of the export still proposes \(ids.count) action\(ids.count == 1 ? "" : "s") that no declaration can avoid: \(ids.joined(separator: ", "))")
        }
        return notes
    }
}
