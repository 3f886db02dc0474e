import Foundation
import Synchronization

/// The embedded provider: a simulated Business Center kept in a JSON file (DESIGN §3). It enforces
/// the platform's rules (`SnapshotEditor`), so a plan that works here is one the platform accepts,
/// and it can imitate latency, a rate limit and transient failures (`MockSimulation`).
public final class MockProvider: Provider {
    public let storePath: String
    public let businessCenterID: String
    public let simulation: MockSimulation
    public let capabilities: ProviderCapabilities
    private let file: MockStoreFile
    private let now: @Sendable () -> Date
    private let state: Mutex<State>

    private struct State {
        /// The store as last read or written by this process.
        var contents: MockStoreFile.Contents?
        var random: SplitMix64
        /// The rate limit's token bucket.
        var tokens: Double
        var refilledAt: ContinuousClock.Instant
    }

    public init(
        storePath: String, businessCenterID: String, simulation: MockSimulation = .none,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.storePath = storePath
        self.businessCenterID = businessCenterID
        self.simulation = simulation
        self.now = now
        file = MockStoreFile(path: storePath)
        var capabilities = ProviderCapabilities.all
        capabilities.requestsPerSecond = simulation.requestsPerSecond
        self.capabilities = capabilities
        state = Mutex(State(
            random: SplitMix64(seed: simulation.seed), tokens: max(1, simulation.requestsPerSecond ?? 1),
            refilledAt: .now))
    }

    /// A missing store is an empty Business Center with the configured id; a corrupt one is an error
    /// that names the file, which is never overwritten. The read takes `latency_ms` too, as a read
    /// of the platform is calls of its own (so a signal can come while one is under way).
    public func read() async throws(ProviderError) -> Snapshot {
        if simulation.latencyMilliseconds > 0 {
            do {
                try await Task.sleep(for: .milliseconds(simulation.latencyMilliseconds))
            } catch {
                throw ProviderError("the read was cancelled")
            }
        }
        return try storeSnapshot()
    }

    /// The Business Center in the store now, without the simulated latency (`doctor` checks the file).
    func storeSnapshot() throws(ProviderError) -> Snapshot {
        try state.withLock { state throws(ProviderError) in try current(&state).snapshot }
    }

    public func perform(_ call: ProviderCall) async throws(ProviderError) -> ProviderReceipt {
        try admit(call)
        if simulation.latencyMilliseconds > 0 {
            do {
                try await Task.sleep(for: .milliseconds(simulation.latencyMilliseconds))
            } catch {
                // Cancelled while "on the wire": as a request that never arrived, it changed nothing.
                throw ProviderError("the call was cancelled before it reached the mock Business Center")
            }
        }
        let time = Clock.format(now())
        return try state.withLock { state throws(ProviderError) -> ProviderReceipt in
            if simulation.transientFailureRate > 0,
               Double(state.random.next() >> 11) / Double(1 << 53) < simulation.transientFailureRate {
                throw ProviderError(
                    "the mock Business Center failed transiently (simulated, transient_failure_rate \(simulation.transientFailureRate))",
                    isTransient: true, requestID: Self.uncommittedRequestID())
            }
            return try file.withJournal { (journal) throws(ProviderError) -> ProviderReceipt in
                var contents = try current(&state, journal: journal)
                let sequence = contents.committed + 1
                let requestID = "mock-\(sequence)"
                var editor = SnapshotEditor(contents.snapshot, enforcingRules: true)
                for action in call.actions {
                    do throws(PlatformRuleViolation) {
                        try editor.apply(action, now: time)
                    } catch {
                        throw ProviderError(error.message, requestID: Self.uncommittedRequestID())
                    }
                }
                let changes = Self.changes(of: call.actions, from: contents.snapshot, to: editor.snapshot)
                var entry = changes.json
                entry["seq"] = .int(sequence)
                entry["request_id"] = .string(requestID)
                entry["time"] = .string(time)
                entry["call"] = .string(call.kind.rawValue)
                entry["actions"] = .array(call.actions.map { .string($0.id) })
                let members = call.actions.compactMap(\.member)
                if !members.isEmpty { entry["members"] = .array(members.map(JSONValue.string)) }
                contents.journalLength = try file.append(.object(entry), to: journal)
                contents.snapshot = editor.snapshot
                contents.committed = sequence
                contents.identity = file.identity()
                state.contents = contents
                return ProviderReceipt(requestID: requestID)
            }
        }
    }

    /// Writes the store once with every request of the journal in it, so the file alone holds the
    /// Business Center again.
    public func finish() -> String? {
        do {
            try state.withLock { state throws(ProviderError) in
                try file.withJournal { (journal) throws(ProviderError) in
                    let contents = try current(&state, journal: journal)
                    guard contents.committed > contents.folded else { return }
                    try file.save(contents.snapshot, committed: contents.committed)
                    state.contents?.folded = contents.committed
                    state.contents?.identity = file.identity()
                }
            }
            return nil
        } catch {
            return "notice: the mock store keeps its last requests in \(file.journalPath) until the next run (\(error))"
        }
    }

    /// What the actions of one call changed: the objects they touch (for a hand-over, every
    /// member and partner that held the asset too), before and after.
    static func changes(of actions: [PlanAction], from before: Snapshot, to after: Snapshot) -> SnapshotChanges {
        var keys = Set(actions.flatMap(\.change.objects).map(SnapshotObjectKey.init))
        for case let ref? in actions.map({ SnapshotEditor.holdsEnded(by: $0.change) }) {
            for member in before.members where member.assets.contains(where: { $0.assetRef == ref }) {
                keys.insert(.member(member.normalizedEmail))
            }
            for partner in before.partners where partner.shares.contains(where: { $0.assetRef == ref }) {
                keys.insert(.partner(partner.bcID))
            }
        }
        return SnapshotChanges.between(before.subset(keys), after.subset(keys))
    }

    /// The rate limit, checked as a request arrives: over it, the call fails transiently, as the
    /// platform's code 40100 does.
    private func admit(_ call: ProviderCall) throws(ProviderError) {
        guard let rate = simulation.requestsPerSecond, rate > 0 else { return }
        try state.withLock { state throws(ProviderError) in
            let instant = ContinuousClock.now
            let elapsed = state.refilledAt.duration(to: instant)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            state.tokens = min(max(1, rate), state.tokens + seconds * rate)
            state.refilledAt = instant
            guard state.tokens >= 1 else {
                throw ProviderError("the mock Business Center is rate limited to \(rate) requests per second (code 40100)", isTransient: true)
            }
            state.tokens -= 1
        }
    }

    /// The store as it is on disk now (the journal held under `flock`): read once, and again only
    /// when another process wrote since (e.g. `mock accept`); what follows the last committed
    /// journal line is cut off.
    private func current(_ state: inout State, journal: Int32) throws(ProviderError) -> MockStoreFile.Contents {
        let contents = try current(&state)
        try file.trimJournal(journal, toLength: contents.journalLength)
        state.contents!.identity = file.identity()
        return state.contents!
    }

    /// The store for reading, without a lock: loaded again when a file changed since.
    private func current(_ state: inout State) throws(ProviderError) -> MockStoreFile.Contents {
        if state.contents == nil || state.contents?.identity != file.identity() {
            state.contents = try file.load(businessCenterID: businessCenterID)
        }
        return state.contents!
    }
}

extension MockProvider {
    /// `bcplan mock accept|reject`: plays the other side of pending invitations (by e-mail),
    /// partner requests (by BC id) and access requests (by asset id). All or nothing.
    /// - Returns: one line per change, sorted.
    public func respond(to ids: [String], all: Bool, accept: Bool) throws(ProviderError) -> [String] {
        try state.withLock { state throws(ProviderError) -> [String] in
            try file.withJournal { (journal) throws(ProviderError) -> [String] in
                var contents = try current(&state, journal: journal)
                var snapshot = contents.snapshot
                var wanted = Set(ids.map { $0.lowercased() })
                var lines: [String] = []
                let verb = accept ? "accepted" : "rejected"
                var keptMembers: [MemberRecord] = []
                for var member in snapshot.members {
                    guard member.status == .pending, all || wanted.remove(member.normalizedEmail) != nil else {
                        keptMembers.append(member)
                        continue
                    }
                    lines.append("invitation of \(member.email) \(verb)")
                    guard accept else { continue }
                    member.status = .active
                    member.userID = member.userID ?? Self.userID(for: member.normalizedEmail)
                    keptMembers.append(member)
                }
                snapshot.members = keptMembers
                var keptPartners: [PartnerRecord] = []
                for var partner in snapshot.partners {
                    guard partner.status == .pending, all || wanted.remove(partner.bcID) != nil else {
                        keptPartners.append(partner)
                        continue
                    }
                    lines.append("partner request to \(partner.bcID) \(verb)")
                    guard accept else { continue }
                    partner.status = .active
                    keptPartners.append(partner)
                }
                snapshot.partners = keptPartners
                for index in snapshot.assets.indices {
                    guard let requested = snapshot.assets[index].requested,
                          all || wanted.remove(snapshot.assets[index].id.lowercased()) != nil else { continue }
                    lines.append("access request for \(snapshot.assets[index].ref) (\(requested)) \(verb)")
                    if accept { snapshot.assets[index].access = requested }
                    snapshot.assets[index].requested = nil
                }
                if !wanted.isEmpty {
                    throw ProviderError(
                        "nothing pending matches \(wanted.sorted().joined(separator: ", ")) in \(storePath) (an invitation's e-mail, a partner's BC id, or an asset id with an access request); nothing was changed")
                }
                guard !lines.isEmpty else { return [] }
                // The other side's answer is not a request: the store takes it in, with every request so far.
                try file.save(snapshot, committed: contents.committed)
                contents.snapshot = snapshot
                contents.folded = contents.committed
                contents.identity = file.identity()
                state.contents = contents
                return lines.sorted()
            }
        }
    }

    /// The id of a request that changed nothing: committed ones are numbered (`mock-17`), these
    /// get a random one, unique without being counted.
    static func uncommittedRequestID() -> String {
        "mock-x" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    }

    /// A stable, plausible 19-digit user id for an e-mail.
    static func userID(for email: String) -> String {
        let digits = SHA256.digest(Array(email.utf8)).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } % 100_000_000_000_000_000
        let text = String(digits)
        return "68" + String(repeating: "0", count: 17 - text.count) + text
    }
}
