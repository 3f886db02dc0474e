/// Invitations, roles and assignments.
extension SnapshotEditor {
    mutating func invite(_ invitation: Invitation, now: String) throws(PlatformRuleViolation) {
        // Like the platform, an e-mail already invited or already a member is ignored.
        guard memberIndex(invitation.member) == nil else { return }
        for asset in invitation.assets { try Self.checkValid(asset.permission, for: asset.type) }
        if enforcingRules {
            guard snapshot.members.count < PlatformLimits.maxMembers else {
                throw PlatformRuleViolation("the Business Center already has \(PlatformLimits.maxMembers) members, the platform's limit")
            }
            if invitation.roles.role == .admin { try checkAdminRoom() }
            try checkInvitationAssets(invitation.assets)
        }
        snapshot.members.append(MemberRecord(
            email: invitation.email, status: .pending, role: invitation.roles.role, finance: invitation.roles.finance,
            invitedAt: now, resends: 0, assets: invitation.assets))
    }

    mutating func resend(_ invitation: Invitation, previous: SentInvitation, now: String) throws(PlatformRuleViolation) {
        let email = invitation.member
        guard let index = memberIndex(email) else { throw PlatformRuleViolation("\(email) has no invitation to re-send") }
        guard snapshot.members[index].status == .pending else {
            if enforcingRules { throw PlatformRuleViolation("\(email) has already accepted the invitation") }
            return
        }
        for asset in invitation.assets { try Self.checkValid(asset.permission, for: asset.type) }
        if enforcingRules {
            if invitation.roles.role == .admin, snapshot.members[index].role != .admin { try checkAdminRoom() }
            try checkInvitationAssets(invitation.assets)
        }
        snapshot.members[index].role = invitation.roles.role
        snapshot.members[index].finance = invitation.roles.finance
        snapshot.members[index].assets = invitation.assets
        snapshot.members[index].invitedAt = now
        snapshot.members[index].resends = previous.resends + 1
    }

    mutating func revoke(_ email: String) throws(PlatformRuleViolation) {
        guard let index = memberIndex(email) else {
            if enforcingRules { throw PlatformRuleViolation("\(email) is not a member of the Business Center") }
            return
        }
        if enforcingRules { try checkNotLastAdmin(index) }
        snapshot.members.remove(at: index)
    }

    mutating func updateRole(_ email: String, to roles: MemberRoles) throws(PlatformRuleViolation) {
        guard let index = memberIndex(email) else { throw PlatformRuleViolation("\(email) is not a member of the Business Center") }
        if enforcingRules {
            guard snapshot.members[index].status == .active else {
                throw PlatformRuleViolation("\(email) has not accepted the invitation yet; only an active member's role can be changed")
            }
            if roles.role == .admin, snapshot.members[index].role != .admin { try checkAdminRoom() }
            if roles.role != .admin { try checkNotLastAdmin(index) }
        }
        snapshot.members[index].role = roles.role
        snapshot.members[index].finance = roles.finance
    }

    mutating func assign(_ email: String, _ ref: AssetRef, _ permission: Permission) throws(PlatformRuleViolation) {
        guard let index = memberIndex(email) else { throw PlatformRuleViolation("\(email) is not a member of the Business Center") }
        try Self.checkValid(permission, for: ref.type)
        if enforcingRules {
            if ref.type != .adAccount, snapshot.members[index].status != .active {
                throw PlatformRuleViolation("\(email) has not accepted the invitation yet; only an active member can be assigned a \(ref.type.rawValue)")
            }
            try checkGrantable(ref, permission: permission)
        }
        snapshot.members[index].assets = Self.setting(ref, to: permission, in: snapshot.members[index].assets)
    }

    mutating func unassign(_ email: String, _ ref: AssetRef) throws(PlatformRuleViolation) {
        guard let index = memberIndex(email) else { throw PlatformRuleViolation("\(email) is not a member of the Business Center") }
        snapshot.members[index].assets = Self.setting(ref, to: nil, in: snapshot.members[index].assets)
    }

    /// Only ad accounts ride on an invitation, each within what this Business Center may grant.
    private func checkInvitationAssets(_ assets: [AssetPermissionRecord]) throws(PlatformRuleViolation) {
        for asset in assets {
            guard asset.type.ridesOnInvitation else {
                throw PlatformRuleViolation("only ad accounts can be granted with an invitation, not \(asset.assetRef)")
            }
            try checkGrantable(asset.assetRef, permission: asset.permission)
        }
    }

    /// A Business Center keeps at least one active admin, whatever the policy says.
    private func checkNotLastAdmin(_ index: Int) throws(PlatformRuleViolation) {
        let member = snapshot.members[index]
        guard MemberStanding(member).isActiveAdmin else { return }
        guard snapshot.members.filter({ MemberStanding($0).isActiveAdmin }).count > 1 else {
            throw PlatformRuleViolation("\(member.normalizedEmail) is the last active admin; a Business Center must keep one")
        }
    }
}
