import BCPlanPostgres
import Foundation
import Synchronization

/// Renews a PostgreSQL lease lock while its holder works: every third of the lease, on a thread
/// and a connection of its own (the holder's connection may be busy with a write, and a stalled
/// renewal must not stall the apply). A renewal names the generation it holds; when the row has
/// another one, the lock was taken over and `lost` turns true. A renewal that fails (the server
/// restarts) is tried again at the next turn, on a new connection.
final class LeaseRenewer: Sendable {
    private let store: PostgresStateStore
    private let generation: Int
    private let lockID: String
    private let flags = Mutex<(stopped: Bool, lost: Bool)>((false, false))

    init(store: PostgresStateStore, generation: Int, lockID: String) {
        self.store = store
        self.generation = generation
        self.lockID = lockID
    }

    /// True once a renewal found the lock in another's hands.
    var lost: Bool { flags.withLock { $0.lost } }

    func start() {
        Thread.detachNewThread { [self] in run() }
    }

    /// Ends the renewals (the thread ends at its next look, within a tenth of a second).
    func stop() {
        flags.withLock { $0.stopped = true }
    }

    private var stopped: Bool { flags.withLock { $0.stopped } }

    private func run() {
        var connection: PostgresConnection?
        defer { connection?.close() }
        let interval = store.leaseSeconds / 3
        while !stopped {
            var waited = 0.0
            while waited < interval, !stopped {
                Thread.sleep(forTimeInterval: min(0.1, interval - waited))
                waited += 0.1
            }
            guard !stopped else { return }
            do {
                if connection == nil { connection = try store.connect() }
                let renewed = try connection!.query(
                    """
                    UPDATE \(store.table("locks")) SET lease_until = clock_timestamp() + make_interval(secs => $4::double precision)
                    WHERE workspace = $1 AND generation = $2 AND lock_id = $3
                    """, [store.postgres.workspace, String(generation), lockID, String(store.leaseSeconds)])
                if renewed.affectedRows == 0 {
                    flags.withLock { $0.lost = true }
                    return
                }
            } catch {
                connection?.close()
                connection = nil
            }
        }
    }
}
