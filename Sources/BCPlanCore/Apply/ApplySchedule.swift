/// The bookkeeping of an apply, with no waiting and no provider (DESIGN §5): which action may go
/// next, in which batch, and what became of each. `Executor` drives it with real calls; tests
/// drive it by hand.
///
/// An action starts once everything it depends on succeeded and both guards let it: the admin
/// floor (`AdminFloorGuard`) and the platform's limits (`CapacityGuard`). One that depends on an
/// action that failed, was skipped or needs a person is skipped; one the provider cannot do is
/// left for a person. Compatible actions are gathered into one provider call.
public struct ApplySchedule: Sendable {
    /// Actions that go to the provider in one call, by their index in the plan.
    public struct Batch: Sendable, Hashable {
        public var indices: [Int]
        public var call: ProviderCall
    }

    private enum Status: Equatable {
        case waiting, running
        case settled(ActionOutcome.Result)
    }

    public let actions: [PlanAction]
    private let capabilities: ProviderCapabilities
    private let position: [String: Int]
    /// Computed once: gathering a batch compares them for every ready action.
    private let batchKeys: [ProviderCall.BatchKey?]
    private var status: [Status]
    private var settled: [ActionOutcome?]
    private var floor: AdminFloorGuard
    private var capacity: CapacityGuard
    /// Set once nothing runs and only actions waiting for room are left: they go ahead.
    private var ignoreCapacity = false

    /// - Parameters:
    ///   - actions: in plan order.
    ///   - base: the Business Center as the apply starts, for the guards.
    public init(_ actions: [PlanAction], base: Snapshot, minAdmins: Int, capabilities: ProviderCapabilities) {
        self.actions = actions
        self.capabilities = capabilities
        position = Dictionary(actions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        batchKeys = actions.map(ProviderCall.batchKey(for:))
        status = Array(repeating: .waiting, count: actions.count)
        settled = Array(repeating: nil, count: actions.count)
        floor = AdminFloorGuard(minimum: minAdmins, snapshot: base)
        capacity = CapacityGuard(snapshot: base, actions: actions)
    }

    /// One outcome per action, in plan order, once every action is settled.
    public var outcomes: [ActionOutcome] { settled.compactMap { $0 } }

    public var isRunning: Bool { status.contains(.running) }

    /// Settles what can no longer run as planned, until nothing more changes: an action whose
    /// dependency failed, was skipped or needs a person is skipped; one the provider cannot do is
    /// left for a person; a removal the admin floor forbids fails without a call.
    public mutating func settleBlocked() -> [ActionOutcome] {
        var outcomes: [ActionOutcome] = []
        var changed = true
        while changed {
            changed = false
            for index in actions.indices where status[index] == .waiting {
                let action = actions[index]
                if let (dependency, why) = blockedDependency(of: index) {
                    outcomes.append(settle(index, .skipped, "skipped: it depends on \(dependency), which \(why)"))
                    changed = true
                } else if !dependenciesSucceeded(index) {
                    continue
                } else if action.manual != nil {
                    outcomes.append(settle(index, .manual, "the provider cannot do this; a person must (see the plan's steps)"))
                    changed = true
                } else if case .refuse(let message) = floor.decide(action) {
                    outcomes.append(settle(index, .failed, message))
                    changed = true
                }
            }
        }
        return outcomes
    }

    /// Starts the calls that may go now, at most `room`, in plan order: each ready action with the
    /// later ready ones that can share its call, trimmed to the room the platform's limits leave.
    public mutating func nextCalls(room: Int) -> [Batch] {
        var batches: [Batch] = []
        var waitingForRoom = false
        for index in actions.indices where batches.count < room && isReady(index) {
            var limit = ProviderCall.batchLimit(for: actions[index].kind, capabilities: capabilities)
            if !ignoreCapacity, let seats = capacity.room(for: actions[index]) {
                if seats == 0, capacity.mayMakeRoom(for: actions[index]) {
                    waitingForRoom = true
                    continue
                }
                limit = min(limit, max(seats, 1))
            }
            var members = [index]
            if let key = batchKeys[index] {
                for other in (index + 1)..<actions.count where members.count < limit && batchKeys[other] == key && isReady(other) {
                    members.append(other)
                }
            }
            for member in members {
                status[member] = .running
                floor.started(actions[member])
                capacity.started(actions[member])
            }
            batches.append(Batch(indices: members, call: ProviderCall(members.map { actions[$0] })))
        }
        if batches.isEmpty, waitingForRoom, !isRunning, !ignoreCapacity {
            ignoreCapacity = true
            return nextCalls(room: room)
        }
        return batches
    }

    /// Settles a batch's actions with the provider's answer to its call.
    public mutating func finish(_ batch: Batch, result: Result<ProviderReceipt, ProviderError>, attempts: Int) -> [ActionOutcome] {
        batch.indices.map { index in
            switch result {
            case .success(let receipt):
                floor.finished(actions[index], succeeded: true)
                return settle(index, .succeeded, nil, requestID: receipt.requestID, attempts: attempts, batchSize: batch.indices.count)
            case .failure(let error):
                floor.finished(actions[index], succeeded: false)
                let retried = error.isTransient ? " (still failing after \(attempts) attempts)" : ""
                return settle(index, .failed, error.message + retried, requestID: error.requestID, attempts: attempts,
                              batchSize: batch.indices.count)
            }
        }
    }

    /// Puts back a batch whose call never went out (the run was stopped before its turn came):
    /// its actions are waiting again, as if never started.
    public mutating func abandon(_ batch: Batch) {
        for index in batch.indices {
            floor.finished(actions[index], succeeded: false)
            capacity.finished(actions[index], succeeded: false)
            status[index] = .waiting
        }
    }

    /// The actions that have not started, in plan order: after a stop, what is left to do.
    public var unstarted: [PlanAction] {
        actions.indices.filter { status[$0] == .waiting }.map { actions[$0] }
    }

    /// Settles what never started once the run ends: blocked behind a stop, or behind a refused
    /// admin removal.
    public mutating func settleUnstarted(stopReason: String?) -> [ActionOutcome] {
        let message = stopReason.map { "not started: the run stopped because \($0)" } ?? "not started: what it waits for did not finish"
        return actions.indices.filter { status[$0] == .waiting }.map { settle($0, .skipped, message) }
    }

    // MARK: Queries

    /// True when `index` may start now as far as its dependencies, the provider and the floor go.
    private func isReady(_ index: Int) -> Bool {
        status[index] == .waiting && actions[index].manual == nil && dependenciesSucceeded(index)
            && floor.decide(actions[index]) == .go
    }

    private func dependenciesSucceeded(_ index: Int) -> Bool {
        actions[index].dependsOn.allSatisfy { dependency in position[dependency].map { status[$0] == .settled(.succeeded) } ?? true }
    }

    /// The first dependency that can no longer succeed, and why.
    private func blockedDependency(of index: Int) -> (String, String)? {
        for dependency in actions[index].dependsOn {
            guard let other = position[dependency] else { continue }
            switch status[other] {
            case .waiting, .running, .settled(.succeeded): continue
            case .settled(.failed): return (dependency, "failed")
            case .settled(.manual): return (dependency, "needs a manual step")
            case .settled(.skipped): return (dependency, "was skipped")
            }
        }
        return nil
    }

    // MARK: Settling

    private mutating func settle(
        _ index: Int, _ result: ActionOutcome.Result, _ message: String?, requestID: String? = nil, attempts: Int = 0,
        batchSize: Int = 1
    ) -> ActionOutcome {
        let outcome = ActionOutcome(
            action: actions[index], result: result, requestID: requestID, message: message, attempts: attempts, batchSize: batchSize)
        status[index] = .settled(result)
        settled[index] = outcome
        capacity.finished(actions[index], succeeded: result == .succeeded)
        return outcome
    }
}
