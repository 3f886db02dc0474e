@testable import BCPlanCore
import Foundation
import Synchronization

/// Business Centers and actions built by hand for the apply tests.
enum ApplyFixtures {
    static let ownID = "7000000000000000001"
    static let partnerID = "7000000000000000099"
    static let now = "2026-11-21T12:00:00Z"

    static func member(_ email: String, _ role: MemberRole, _ status: MemberStatus = .active, assets: [AssetPermissionRecord] = []) -> MemberRecord {
        MemberRecord(email: email, userID: status == .active ? "68\(abs(email.hashValue) % 1_000_000)" : nil, status: status,
                     role: role, invitedAt: "2026-11-01T00:00:00Z", assets: assets)
    }

    static func adAccount(_ id: String, owner: String = ownID, access: Permission? = nil) -> AssetRecord {
        AssetRecord(type: .adAccount, id: id, name: "Account \(id.suffix(3))", ownerBCID: owner, access: access)
    }

    static func snapshot(members: [MemberRecord], partners: [PartnerRecord] = [], assets: [AssetRecord] = []) -> Snapshot {
        Snapshot(businessCenter: BusinessCenterInfo(id: ownID, name: "Acme"), members: members, partners: partners, assets: assets)
    }

    static func invite(_ email: String, role: MemberRole = .standard, assets: [(String, String)] = []) -> PlanAction {
        PlanAction(.invite(Invitation(
            email: email, roles: MemberRoles(role: role),
            assets: assets.map { AssetPermissionRecord(type: .adAccount, id: $0.0, permission: .level($0.1)) })),
            reason: "test")
    }

    static func revoke(_ email: String, role: MemberRole = .standard, dependsOn: [String] = []) -> PlanAction {
        PlanAction(.revoke(member: email, roles: MemberRoles(role: role), status: .active), dependsOn: dependsOn, reason: "test")
    }

    static func updateRole(_ email: String, to role: MemberRole, dependsOn: [String] = []) -> PlanAction {
        PlanAction(
            .updateRole(member: email, from: MemberRoles(role: role == .admin ? .standard : .admin), to: MemberRoles(role: role)),
            dependsOn: dependsOn, reason: "test")
    }

    static func assign(_ email: String, _ type: AssetType, _ id: String, _ permission: Permission, dependsOn: [String] = []) -> PlanAction {
        PlanAction(
            .assign(member: email, asset: PlanAssetRef(type: type, id: id, key: nil), from: nil, to: permission),
            dependsOn: dependsOn, reason: "test")
    }

    static func unshare(_ partner: String, _ id: String) -> PlanAction {
        PlanAction(.unshare(partner: partner, asset: PlanAssetRef(type: .adAccount, id: id, key: nil), from: .level("analyst")), reason: "test")
    }

    static func share(_ partner: String, _ id: String, _ permission: String, dependsOn: [String] = []) -> PlanAction {
        PlanAction(
            .share(partner: partner, asset: PlanAssetRef(type: .adAccount, id: id, key: nil), from: nil, to: .level(permission)),
            dependsOn: dependsOn, reason: "test")
    }

    static func addPartner(_ partner: String) -> PlanAction {
        PlanAction(.addPartner(partner: partner, name: "Blue", mediaAgency: false), reason: "test")
    }
}

/// A provider that applies calls to an in-memory Business Center with the platform's rules, fails
/// where told to, and records what it saw: calls, their overlap, and the fewest active admins.
final class ScriptedProvider: Provider {
    struct Log {
        var snapshot: Snapshot
        var calls: [[String]] = []
        var running = 0
        var mostRunning = 0
        var fewestActiveAdmins = Int.max
        /// Transient failures still to give, by action id.
        var transientLeft: [String: Int] = [:]
    }

    let capabilities: ProviderCapabilities
    let permanentFailures: Set<String>
    let latency: Duration
    let log: Mutex<Log>

    init(_ snapshot: Snapshot, capabilities: ProviderCapabilities = .all, permanentFailures: Set<String> = [],
         transientFailures: [String: Int] = [:], latency: Duration = .milliseconds(5)) {
        self.capabilities = capabilities
        self.permanentFailures = permanentFailures
        self.latency = latency
        log = Mutex(Log(snapshot: snapshot, transientLeft: transientFailures))
    }

    func read() -> Snapshot { log.withLock { $0.snapshot } }

    func perform(_ call: ProviderCall) async throws(ProviderError) -> ProviderReceipt {
        log.withLock { log in
            log.running += 1
            log.mostRunning = max(log.mostRunning, log.running)
        }
        try? await Task.sleep(for: latency)
        return try log.withLock { log throws(ProviderError) -> ProviderReceipt in
            log.running -= 1
            log.calls.append(call.actions.map(\.id))
            let number = log.calls.count
            for action in call.actions {
                if permanentFailures.contains(action.id) {
                    throw ProviderError("refused by the test", requestID: "req-\(number)")
                }
                if let left = log.transientLeft[action.id], left > 0 {
                    log.transientLeft[action.id] = left - 1
                    throw ProviderError("busy", isTransient: true, requestID: "req-\(number)")
                }
            }
            var editor = SnapshotEditor(log.snapshot, enforcingRules: true)
            for action in call.actions {
                do throws(PlatformRuleViolation) {
                    try editor.apply(action, now: ApplyFixtures.now)
                } catch {
                    throw ProviderError(error.message, requestID: "req-\(number)")
                }
            }
            log.snapshot = editor.snapshot
            let admins = log.snapshot.members.filter { $0.status == .active && $0.role == .admin }.count
            log.fewestActiveAdmins = min(log.fewestActiveAdmins, admins)
            return ProviderReceipt(requestID: "req-\(number)")
        }
    }
}
