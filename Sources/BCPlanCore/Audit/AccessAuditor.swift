import Foundation

/// Works out every access path and finding of a Business Center (`bcplan audit`): a pure function
/// of the live snapshot (invitation times carried over from the state), the config's policy and
/// asset keys, and the time.
public enum AccessAuditor {
    public static func audit(_ live: Snapshot, config: Config, now: Date) -> AccessReport {
        let snapshot = live.normalized()
        let policy = config.policy
        let assets = auditAssets(snapshot, config: config)
        let byRef = Dictionary(assets.map { ($0.ref, $0) }, uniquingKeysWith: { first, _ in first })
        let paths = paths(of: snapshot, declared: DeclaredTerms(config))
        var findings: [AuditFinding] = []

        for member in snapshot.members {
            if member.status == .pending {
                findings.append(invitationFinding(member, policy: policy.invites, now: now))
            }
            if member.role != .admin, member.assets.isEmpty {
                let finance = member.finance.map { " (finance role \($0.rawValue) only)" } ?? ""
                findings.append(AuditFinding(
                    .memberWithoutAccess, .info, subject: member.normalizedEmail,
                    message: "\(member.normalizedEmail) has no asset and no admin role\(finance)"))
            }
        }

        for partner in snapshot.partners {
            let label = partner.name.map { "partner \(partner.bcID) (\($0))" } ?? "partner \(partner.bcID)"
            if partner.status == .pending {
                findings.append(AuditFinding(
                    .partnerPending, .info, subject: partner.bcID,
                    message: "\(label) has not accepted the partner request yet"
                        + (partner.shares.isEmpty ? "" : partner.shares.count == 1 ? "; its share takes effect when it does"
                            : "; its \(partner.shares.count) shares take effect when it does")))
            }
            for share in partner.shares where share.type == .adAccount && share.permission == .level("admin") {
                guard let asset = byRef[share.assetRef] else { continue }
                findings.append(AuditFinding(
                    .partnerAdminOnAdAccount, .warning, subject: partner.bcID,
                    message: "\(label) has admin on ad account \(describe(asset)): it can manage users and billing of that account"))
            }
        }

        for asset in assets where !asset.owned {
            let held = asset.access.map { "this Business Center has \($0)" } ?? "this Business Center has no access yet"
            let requested = asset.requested.map { "; \($0) is requested" } ?? ""
            findings.append(AuditFinding(
                .foreignAsset, .warning, subject: asset.ref.description,
                message: "\(describe(asset)) is owned by Business Center \(asset.ownerBCID); \(held)\(requested)"))
        }

        findings += adminFindings(snapshot, policy: policy)
        let activeAdmins = snapshot.members.filter { $0.role == .admin && $0.status == .active }.count
        return AccessReport(
            businessCenter: snapshot.businessCenter, assets: assets,
            paths: paths.sorted { $0.sortKey < $1.sortKey },
            findings: findings.sorted { $0.sortKey < $1.sortKey },
            memberCount: snapshot.members.count,
            pendingMemberCount: snapshot.members.filter { $0.status == .pending }.count,
            partnerCount: snapshot.partners.count,
            pendingPartnerCount: snapshot.partners.filter { $0.status == .pending }.count,
            activeAdminCount: activeAdmins)
    }

    /// The snapshot's assets as the audit shows them, with the config's keys.
    static func auditAssets(_ snapshot: Snapshot, config: Config) -> [AuditAsset] {
        let ownID = snapshot.businessCenter.id
        let keys = Dictionary(
            config.assets.map { (AssetRef(type: $0.type, id: $0.id), $0.key) }, uniquingKeysWith: { first, _ in first })
        return snapshot.assets.map { record in
            AuditAsset(
                ref: record.ref, name: record.name, key: keys[record.ref], ownerBCID: record.ownerBCID,
                owned: record.ownerBCID == ownID, access: record.access, requested: record.requested)
        }
    }

    /// Every way a member or partner reaches an asset of `snapshot`, in no particular order: the
    /// admin role (every asset the Business Center owns), direct assignments and partner shares of
    /// assets in the snapshot, each with what the config declares for it. `bcplan audit` and
    /// `bcplan history` see access the same way.
    static func paths(of snapshot: Snapshot, declared: DeclaredTerms) -> [AccessPath] {
        let ownID = snapshot.businessCenter.id
        let present = Set(snapshot.assets.map(\.ref))
        let owned = snapshot.assets.filter { $0.ownerBCID == ownID }.map(\.ref).sorted()
        return snapshot.members.flatMap { paths(of: $0, owned: owned, present: present, declared: declared) }
            + snapshot.partners.flatMap { paths(of: $0, present: present, declared: declared) }
    }

    /// A member's paths: the admin role on each of `owned` (only `asset` when given), and each
    /// assignment of an asset in `present`.
    static func paths(
        of member: MemberRecord, owned: [AssetRef], present: Set<AssetRef>, declared: DeclaredTerms, asset: AssetRef? = nil
    ) -> [AccessPath] {
        var paths: [AccessPath] = []
        let memberTerms = declared.member(member.email)?.terms ?? AccessTerms()
        if member.role == .admin {
            for ref in asset.map({ owned.contains($0) ? [$0] : [] }) ?? owned {
                paths.append(AccessPath(
                    asset: ref, principalKind: .member, principal: member.email, principalName: nil,
                    status: member.status, route: .adminRole, permission: nil, risk: nil, terms: memberTerms))
            }
        }
        for grant in member.assets where present.contains(grant.assetRef) && (asset.map { $0 == grant.assetRef } ?? true) {
            paths.append(AccessPath(
                asset: grant.assetRef, principalKind: .member, principal: member.email, principalName: nil,
                status: member.status, route: .memberAssignment, permission: grant.permission, risk: nil,
                terms: declared.grant(member: member.email, asset: grant.assetRef).within(memberTerms)))
        }
        return paths
    }

    /// A partner's paths: each share of an asset in `present`.
    static func paths(of partner: PartnerRecord, present: Set<AssetRef>, declared: DeclaredTerms) -> [AccessPath] {
        let partnerTerms = declared.partner(partner.bcID) ?? AccessTerms()
        return partner.shares.filter { present.contains($0.assetRef) }.map { share in
            let risk = share.type == .adAccount && share.permission == .level("admin")
                ? "a partner with admin on an ad account can manage its users and billing" : nil
            return AccessPath(
                asset: share.assetRef, principalKind: .partner, principal: partner.bcID, principalName: partner.name,
                status: partner.status, route: .partnerShare, permission: share.permission, risk: risk,
                terms: declared.share(partner: partner.bcID, asset: share.assetRef).within(partnerTerms))
        }
    }

    /// Pending, due for a resend, or exhausted: judged as the planner judges it (`InvitationStanding`).
    static func invitationFinding(_ member: MemberRecord, policy: InvitationPolicy, now: Date) -> AuditFinding {
        let email = member.normalizedEmail
        let standing = InvitationStanding(member, policy: policy, now: now)
        guard let sent = standing.sentAt, let resendOn = standing.resendOn else {
            return AuditFinding(
                .invitationPending, .info, subject: email,
                message: "the invitation to \(email) is pending; its sending time is unknown")
        }
        let since = "pending since \(Clock.day(sent)) (\(standing.days) day\(standing.days == 1 ? "" : "s"))"
        let expired = standing.expired ? ", expired after \(policy.expireAfterDays) days" : ""
        switch standing.stage {
        case .unknownTime, .waiting:
            return AuditFinding(
                .invitationPending, .info, subject: email,
                message: "the invitation to \(email) is \(since); resend due on \(Clock.day(resendOn))")
        case .dueForResend:
            return AuditFinding(
                .invitationPending, .warning, subject: email,
                message: "the invitation to \(email) is \(since)\(expired); the next plan resends it (resend \(standing.resends + 1) of \(policy.maxResends))")
        case .exhausted:
            let action = policy.onExhausted == .revoke ? "the next plan revokes it" : "it is reported, not resent"
            return AuditFinding(
                .invitationExhausted, .warning, subject: email,
                message: "the invitation to \(email) is unanswered after \(standing.resends) resend\(standing.resends == 1 ? "" : "s") (last sent \(Clock.day(sent))\(expired)); \(action) (policy.invites.on_exhausted: \(policy.onExhausted.rawValue))")
        }
    }

    /// Active admins below `min_admins`; admins, invitations included, above `max_admins`.
    static func adminFindings(_ snapshot: Snapshot, policy: Policy) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        let admins = snapshot.members.filter { $0.role == .admin }
        let active = admins.filter { $0.status == .active }.count
        let id = snapshot.businessCenter.id
        if active < policy.minAdmins {
            let pending = admins.count - active
            findings.append(AuditFinding(
                .tooFewAdmins, .warning, subject: id,
                message: "the Business Center has \(active) active admin\(active == 1 ? "" : "s"); policy.min_admins is \(policy.minAdmins)\(pending > 0 ? " (\(pending) pending admin invitation\(pending == 1 ? "" : "s") count once accepted)" : "")"))
        }
        if admins.count > policy.maxAdmins {
            let pending = admins.count - active
            findings.append(AuditFinding(
                .tooManyAdmins, .warning, subject: id,
                message: "the Business Center has \(admins.count) admins\(pending > 0 ? " (\(pending) pending)" : ""); policy.max_admins is \(policy.maxAdmins)"))
        }
        return findings
    }

    /// `nw-us (ad_account 7301846290153850101) "Northwind US"`.
    private static func describe(_ asset: AuditAsset) -> String {
        let name = asset.name.map { " \"\($0)\"" } ?? ""
        return asset.display + name
    }
}
