import Foundation

/// The commands that work on the recorded state itself, whatever the backend (DESIGN §6):
/// `force-unlock` and `state list|show|history|pull|push` (`log` is `LogSession`). Each returns
/// what to print on standard output, or throws the error to print.
public enum StateSession {
    /// The config at `configPath` and its state store.
    static func open(_ configPath: String, environment: [String: String]) throws(CommandFailure) -> SessionContext {
        try SessionContext(configPath: configPath, environment: environment)
    }

    // MARK: force-unlock

    /// `bcplan force-unlock ID`.
    public static func forceUnlock(configPath: String, id: String, environment: [String: String]) throws(CommandFailure) -> String {
        let store = try open(configPath, environment: environment).store
        // Before the removal: a lock taken at the old name (`<state>.lock`) is the one removed.
        let fileLockPath: String? = switch store.location {
        case .file(let path, _): StateLock.existingLockPath(forState: path)
        case .postgres: nil
        }
        let removed: LockInfo?
        do {
            removed = try store.forceUnlock(id: id)
        } catch {
            throw .error(error)
        }
        guard let removed else {
            guard let fileLockPath else { return "Removed the lock.\n" }
            return "Removed the corrupt lock file \(fileLockPath).\n"
        }
        return "Removed the lock \(removed.id) (\(removed.operation) by \(removed.user) on \(removed.host), "
            + "pid \(removed.pid), since \(removed.createdAt)).\n"
    }

    // MARK: state list, show, history

    /// `bcplan state list`: every workspace the store sees, with its serial, last apply and holder.
    public static func list(configPath: String, environment: [String: String]) throws(CommandFailure) -> String {
        let store = try open(configPath, environment: environment).store
        let workspaces: [WorkspaceSummary]
        do {
            workspaces = try store.workspaces()
        } catch {
            throw .error(error)
        }
        guard !workspaces.isEmpty else { return "No recorded state yet (\(store.location)).\n" }
        var rows = [["WORKSPACE", "SERIAL", "LAST APPLY", "HOLDER"]]
        for workspace in workspaces {
            let holder = workspace.holder.map { holder in
                holder.holderDescription + (workspace.leaseUntil.map { ", lease until \($0)" } ?? "")
            }
            rows.append([workspace.name, String(workspace.serial), workspace.lastApply ?? "-", holder ?? "-"])
        }
        return TextColumns.render(rows)
    }

    /// `bcplan state show`: the current state as JSON, as the state file holds it.
    public static func show(configPath: String, environment: [String: String]) throws(CommandFailure) -> String {
        let store = try open(configPath, environment: environment).store
        return try current(store).json.rendered()
    }

    private static func current(_ store: any StateStore) throws(CommandFailure) -> RecordedState {
        let state: RecordedState?
        do {
            state = try store.read()
        } catch {
            throw .error(error)
        }
        guard let state else { throw .error("there is no recorded state yet (\(store.location)); bcplan refresh or apply records one") }
        return state
    }

    /// `bcplan state history`: past serials, newest first.
    public static func history(configPath: String, limit: Int?, environment: [String: String]) throws(CommandFailure) -> String {
        let store = try open(configPath, environment: environment).store
        let entries: [StateHistoryEntry]
        do {
            entries = try store.history(limit: limit)
        } catch {
            throw .error(error)
        }
        guard !entries.isEmpty else { return "No history yet (\(store.location)).\n" }
        var rows = [["SERIAL", "TIME", "OPERATION", "ACTOR", "CHANGE", "MEMBERS", "PARTNERS", "ASSETS"]]
        for entry in entries {
            let change = entry.action.map { action in entry.result.map { "\(action) \($0.rawValue)" } ?? action } ?? "-"
            rows.append([
                String(entry.serial), entry.time, entry.operation, entry.actor, change, String(entry.members),
                String(entry.partners), String(entry.assets),
            ])
        }
        return TextColumns.render(rows)
    }

    // MARK: state pull, push

    /// `bcplan state pull [--out FILE]`: the state as JSON on standard output, or into FILE with
    /// its audit log beside it (`<FILE stem>.audit.jsonl`), each written atomically, mode 0600.
    public static func pull(configPath: String, out: String?, environment: [String: String]) throws(CommandFailure) -> String {
        let store = try open(configPath, environment: environment).store
        let state = try current(store)
        let text = state.json.rendered()
        guard let out else { return text }
        let entries: [AuditEntry]
        do {
            entries = try store.auditEntries() ?? []
        } catch {
            throw .error(error)
        }
        let auditPath = AuditLog.path(forState: out)
        do {
            try AtomicFile.write(Data(text.utf8), to: out)
            if !entries.isEmpty { try AtomicFile.write(Data(AuditLog.text(of: entries).utf8), to: auditPath) }
        } catch {
            throw .error(error)
        }
        let count = entries.count == 1 ? "1 entry" : "\(entries.count) entries"
        return "Wrote the state (serial \(state.serial)) to \(out)"
            + (entries.isEmpty ? "; there is no audit log yet.\n" : " and its audit log (\(count)) to \(auditPath).\n")
    }

    /// `bcplan state push FILE [--force]`: FILE (a state as `pull` writes it) and the audit log
    /// beside it become the recorded state, under the lock. The log's chain must verify against
    /// the state. Without `force`, a state of another lineage, a lower serial, or a log that does
    /// not continue the recorded one is refused.
    public static func push(
        configPath: String, file: String, force: Bool, lockTimeout: Double, environment: [String: String],
        notice: (String) -> Void
    ) throws(CommandFailure) -> String {
        let context = try open(configPath, environment: environment)
        let read: RecordedState?
        do {
            read = try JSONFile.read(RecordedState.self, from: file, what: "bcplan state file")
        } catch {
            throw .error(error)
        }
        guard let pushed = read else { throw .error(FileProblem(path: file, reason: "no such file")) }
        let auditPath = AuditLog.path(forState: file)
        var entries: [AuditEntry] = []
        var verification: AuditVerification?
        do {
            verification = try AuditLog.verify(path: auditPath, expectedHead: pushed.auditHead)
            if verification?.intact == true { entries = try AuditLog.read(path: auditPath) }
        } catch {
            guard case .missing = error, (pushed.auditHead?.lines ?? 0) == 0 else { throw .error("\(error); nothing was pushed") }
        }
        if let verification, !verification.intact { throw .error("\(verification); nothing was pushed") }
        let writer = try context.lock("push", timeout: lockTimeout, notice: notice)
        defer { writer.release() }
        if let current = writer.recorded, !force {
            var refusals: [String] = []
            if current.lineage != pushed.lineage {
                refusals.append("\(file) has lineage \(pushed.lineage), but \(context.store.location) has \(current.lineage): it is another state")
            } else if pushed.serial < current.serial {
                refusals.append("\(file) has serial \(pushed.serial), lower than the recorded \(current.serial): it is older")
            }
            if let head = current.auditHead, head.lines > 0 {
                let hashes = AuditLog.chained(entries).map(\.sha256)
                if hashes.count < head.lines || hashes[head.lines - 1] != head.sha256 {
                    refusals.append("its audit log does not continue the recorded one (\(head.lines) entries)")
                }
            }
            guard refusals.isEmpty else {
                throw .error("refused to push \(file) into \(context.store.location): "
                    + refusals.joined(separator: "; ") + ". Nothing was changed; --force pushes it anyway")
            }
        }
        let snapshot = pushed.snapshot
        let entry = StateHistoryEntry(
            serial: pushed.serial, lineage: pushed.lineage, time: Clock.format(context.now), operation: "push",
            actor: context.actor, lockID: writer.lock.id, members: snapshot.members.count,
            partners: snapshot.partners.count, assets: snapshot.assets.count)
        do {
            try writer.replace(pushed, audit: entries, entry: entry)
        } catch {
            throw .error("cannot push the state: \(error)")
        }
        let count = entries.count == 1 ? "1 audit entry" : "\(entries.count) audit entries"
        return "Pushed \(file) into \(context.store.location): serial \(pushed.serial), \(count).\n"
    }
}
