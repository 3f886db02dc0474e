import Foundation
import Synchronization

/// The real Business Center through TikTok's API for Business v1.3 (DESIGN §1, §3), every request
/// built from `TikTokEndpoints`.
///
/// Reads walk the list endpoints into a snapshot (`TikTokReader`). Each call becomes one or two
/// writes (`writes(for:)`; invitations and partner shares in batches); what TikTok's definitions
/// have no call for (transfers, access requests, partner shares of anything but ad accounts,
/// clearing a finance role) the planner marks as manual, from `capabilities`. A write whose answer
/// never came is read back before it is sent again.
public final class TikTokProvider: Provider {
    public let capabilities: ProviderCapabilities
    public let businessCenterID: String
    private let api: TikTokAPIClient
    private let reader: TikTokReader
    private let state = Mutex<State>(State())

    private struct State {
        /// E-mail (lower case) → user id, from the last read of the members.
        var userIDs: [String: String] = [:]
        /// The token's user, from the last read.
        var access: TikTokAccess?
    }

    /// - Parameters:
    ///   - token: from the environment; nil makes every call fail naming `tokenVariable`.
    ///   - hints: what the config declares where TikTok's answers are silent (`TikTokReadHints`).
    public init(
        businessCenterID: String, baseURL: String, token: String?, tokenVariable: String,
        requestsPerSecond: Double? = nil, hints: TikTokReadHints = TikTokReadHints(),
        http: any HTTPClient = CurlHTTPClient()
    ) {
        self.businessCenterID = businessCenterID
        var capabilities = ProviderCapabilities.tiktokLike
        if let requestsPerSecond { capabilities.requestsPerSecond = requestsPerSecond }
        self.capabilities = capabilities
        api = TikTokAPIClient(
            baseURL: baseURL, token: token, tokenVariable: tokenVariable, http: http,
            requestsPerSecond: capabilities.requestsPerSecond ?? 10)
        reader = TikTokReader(api: api, businessCenterID: businessCenterID, hints: hints)
    }

    // MARK: Reading

    public func read() async throws(ProviderError) -> Snapshot {
        let (snapshot, access) = try await reader.read()
        state.withLock { state in
            state.access = access
            state.userIDs = Self.userIDs(snapshot.members)
        }
        return snapshot
    }

    /// The token's user in the Business Center, once `read()` or `checkAccess()` ran.
    public var access: TikTokAccess? { state.withLock { $0.access } }

    /// Reads only who the token's user is in the Business Center (`/bc/get/`).
    public func checkAccess() async throws(ProviderError) -> TikTokAccess {
        let access = try await reader.businessCenter()
        state.withLock { $0.access = access }
        return access
    }

    /// What each endpoint met so far ("GET /bc/member/get/" → requests, 40100s, failure).
    public var callStatistics: [String: TikTokCallStatistics] { api.callStatistics }

    public var writeRefusal: String? {
        guard let access, access.role != .admin else { return nil }
        let what = access.role.map { "a \($0.rawValue) member" } ?? "a user with role \(access.roleText.isEmpty ? "(none)" : access.roleText)"
        return "the access token in \(api.tokenVariable) belongs to \(what) of Business Center \(businessCenterID), and only an admin can change members, partners and shares: use an admin's token"
    }

    private static func userIDs(_ members: [MemberRecord]) -> [String: String] {
        var ids: [String: String] = [:]
        for member in members { if let id = member.userID { ids[member.normalizedEmail] = id } }
        return ids
    }

    // MARK: Writing

    public func perform(_ call: ProviderCall) async throws(ProviderError) -> ProviderReceipt {
        var requestID: String?
        for write in try await writes(for: call) {
            requestID = try await send(write) ?? requestID
        }
        return ProviderReceipt(requestID: requestID)
    }

    /// The requests `call` becomes, exactly as the endpoints' definitions take them. A batch shares
    /// everything but its e-mails or asset ids (`ProviderCall.batchKey`), so the first action
    /// speaks for the rest.
    func writes(for call: ProviderCall) async throws(ProviderError) -> [TikTokWrite] {
        var body: [String: JSONValue] = ["bc_id": .string(businessCenterID)]
        switch call.actions[0].change {
        case .invite(let invitation):
            return [invite(invitation, emails: call.actions.compactMap(\.change.invitation?.email))]
        case .resend(let invitation, _):
            // No resend call: cancel the pending invitation by e-mail, then invite again. Killed in
            // between, the member is simply absent and the next plan invites them.
            body["user_email"] = .string(invitation.email)
            return [TikTokWrite(endpoint: TikTokEndpoints.deleteMember, fields: body, effect: .memberAbsent(invitation.member),
                                confirmOnRefusal: true),
                    invite(invitation, emails: [invitation.email])]
        case .revoke(let member, _, let status):
            if status == .pending {
                body["user_email"] = .string(member)
            } else {
                body["user_id"] = .string(try await userID(member))
            }
            return [TikTokWrite(endpoint: TikTokEndpoints.deleteMember, fields: body, effect: .memberAbsent(member))]
        case .updateRole(let member, _, let roles):
            body["user_id"] = .string(try await userID(member))
            body["user_role"] = .string(TikTokVocabulary.role(roles.role))
            if let finance = roles.finance { body["ext_user_role"] = .object(["finance_role": .string(TikTokVocabulary.finance(finance))]) }
            return [TikTokWrite(endpoint: TikTokEndpoints.updateMember, fields: body,
                                effect: .memberRoles(email: member, role: roles.role, finance: roles.finance))]
        case .assign(let member, let asset, _, let permission):
            let id = try await userID(member)
            body.merge(["user_id": .string(id), "asset_type": .string(TikTokVocabulary.assetType(asset.type)), "asset_id": .string(asset.id)]) { $1 }
            body.merge(TikTokVocabulary.permissionFields(permission, for: asset.type)) { $1 }
            return [TikTokWrite(endpoint: TikTokEndpoints.assign, fields: body,
                                effect: .memberGrant(email: member, userID: id, asset: asset.ref, permission: permission))]
        case .unassign(let member, let asset, _):
            let id = try await userID(member)
            body.merge(["user_id": .string(id), "asset_type": .string(TikTokVocabulary.assetType(asset.type)), "asset_id": .string(asset.id)]) { $1 }
            return [TikTokWrite(endpoint: TikTokEndpoints.unassign, fields: body,
                                effect: .memberGrant(email: member, userID: id, asset: asset.ref, permission: nil))]
        case .addPartner(let partner, _, _):
            body.merge(["partner_id": .string(partner), "asset_type": .string(TikTokVocabulary.assetType(.adAccount)), "asset_ids": .array([])]) { $1 }
            return [TikTokWrite(endpoint: TikTokEndpoints.addPartner, fields: body, effect: .partnerPresent(partner))]
        case .share(let partner, let asset, _, let permission):
            let ids = call.actions.compactMap(\.asset?.id)
            body.merge(["partner_id": .string(partner), "asset_type": .string(TikTokVocabulary.assetType(asset.type)),
                        "asset_ids": .array(ids.map(JSONValue.string))]) { $1 }
            body.merge(TikTokVocabulary.permissionFields(permission, for: asset.type)) { $1 }
            return [TikTokWrite(endpoint: TikTokEndpoints.addPartner, fields: body,
                                effect: .partnerShares(partner: partner, type: asset.type, ids: ids, permission: permission))]
        case .unshare(let partner, let asset, _):
            let ids = call.actions.compactMap(\.asset?.id)
            body.merge(["partner_id": .string(partner), "asset_type": .string(TikTokVocabulary.assetType(asset.type)),
                        "asset_ids": .array(ids.map(JSONValue.string))]) { $1 }
            return [TikTokWrite(endpoint: TikTokEndpoints.deletePartnerAssets, fields: body,
                                effect: .partnerShares(partner: partner, type: asset.type, ids: ids, permission: nil))]
        case .removePartner(let partner, _, _, _):
            body["partner_id"] = .string(partner)
            return [TikTokWrite(endpoint: TikTokEndpoints.deletePartner, fields: body, effect: .partnerAbsent(partner))]
        case .transfer, .requestAccess:
            throw ProviderError("the TikTok API has no call to \(call.kind.rawValue.replacingOccurrences(of: "_", with: " ")); it is a manual step in Business Center")
        }
    }

    /// One invitation call: `emails` as written, one role, and the ad accounts. `asset_ids` is
    /// required (bc_member_invite.yml, `extra_rule`), so it goes empty when there are none. The API
    /// takes one `advertiser_role` per call, so when the ad accounts differ in permission the
    /// largest group rides on the invitation; the rest are assigned once the member accepts.
    private func invite(_ invitation: Invitation, emails: [String]) -> TikTokWrite {
        let roles = invitation.roles
        var body: [String: JSONValue] = [
            "bc_id": .string(businessCenterID), "emails": .array(emails.map(JSONValue.string)),
            "user_role": .string(TikTokVocabulary.role(roles.role)), "asset_ids": .array([]),
        ]
        if let finance = roles.finance { body["ext_user_role"] = .object(["finance_role": .string(TikTokVocabulary.finance(finance))]) }
        var byLevel: [String: [String]] = [:]
        for asset in invitation.assets where asset.type == .adAccount {
            guard case .level(let level) = asset.permission else { continue }
            byLevel[level, default: []].append(asset.id)
        }
        let strongestFirst = AssetType.adAccount.permissionValues
        let chosen = byLevel.keys.sorted { lhs, rhs in
            byLevel[lhs]!.count != byLevel[rhs]!.count
                ? byLevel[lhs]!.count > byLevel[rhs]!.count
                : (strongestFirst.firstIndex(of: lhs) ?? 9) < (strongestFirst.firstIndex(of: rhs) ?? 9)
        }.first
        if let chosen {
            body["asset_ids"] = .array(byLevel[chosen]!.sorted().map(JSONValue.string))
            body["advertiser_role"] = .string(chosen.uppercased())
        }
        return TikTokWrite(endpoint: TikTokEndpoints.invite, fields: body, effect: .membersPresent(emails.map { $0.lowercased() }))
    }

    /// Sends one write. When its answer never came, the Business Center is read back: the write
    /// counts as done when its effect shows, and is sent again (a transient failure) when it
    /// does not. - Returns: TikTok's request id; nil when the effect was confirmed by reading back.
    private func send(_ write: TikTokWrite) async throws(ProviderError) -> String? {
        do {
            return try await api.post(write.endpoint, write.fields).requestID
        } catch let error where error.outcomeUnknown || (write.confirmOnRefusal && !error.isTransient) {
            let found: TikTokReadBack
            do {
                found = try await readBack(write.effect)
            } catch let readError {
                throw ProviderError("\(error.message); whether \(write.endpoint) took effect is unknown, and reading the Business Center back failed too (\(readError.message)): run bcplan plan to see what is left")
            }
            switch found {
            case .done: return nil
            case .notDone where error.outcomeUnknown:
                throw ProviderError("\(error.message); the Business Center does not show the change, so it is sent again", isTransient: true)
            case .notDone: throw error
            case .partly(let what):
                throw ProviderError("\(error.message); the Business Center shows only part of the change (\(what)): run bcplan plan to see what is left")
            }
        }
    }

    /// Whether the Business Center shows `effect`.
    func readBack(_ effect: TikTokEffect) async throws(ProviderError) -> TikTokReadBack {
        switch effect {
        case .membersPresent(let emails):
            let members = try await reader.members()
            state.withLock { $0.userIDs.merge(Self.userIDs(members)) { $1 } }
            let present = Set(members.map(\.normalizedEmail))
            let shown = emails.filter(present.contains)
            if shown.count == emails.count { return .done }
            return shown.isEmpty ? .notDone : .partly("invited: \(shown.joined(separator: ", "))")
        case .memberAbsent(let email):
            return try await reader.members().contains { $0.normalizedEmail == email } ? .notDone : .done
        case .memberRoles(let email, let role, let finance):
            let member = try await reader.members().first { $0.normalizedEmail == email }
            return member?.role == role && member?.finance == finance ? .done : .notDone
        case .memberGrant(let email, let userID, let asset, let permission):
            let held: Permission?
            if TikTokVocabulary.assetMemberTypes.contains(asset.type) {
                held = try await reader.assetMembers(asset).first { $0.email == email }?.permission
            } else {
                let member = MemberRecord(email: email, userID: userID, status: .active, role: .standard)
                held = try await reader.memberAssets(asset.type, member: member).first { $0.id == asset.id }?.permission
            }
            return held == permission ? .done : .notDone
        case .partnerPresent(let partner):
            return try await reader.partners().contains { $0.bcID == partner } ? .done : .notDone
        case .partnerAbsent(let partner):
            return try await reader.partners().contains { $0.bcID == partner } ? .notDone : .done
        case .partnerShares(let partner, let type, let ids, let permission):
            var held: [String: Permission?] = [:]
            if TikTokVocabulary.partnerAssetTypes.contains(type) {
                for (id, level) in try await reader.partnerAssets(partner, type, shareType: "SHARING") { held[id] = level }
            } else {
                for id in ids where try await reader.assetPartners(AssetRef(type: type, id: id)).contains(partner) {
                    held[id] = .some(nil)
                }
            }
            let shown = ids.filter { id in
                guard let level = held[id] else { return permission == nil }
                return permission == nil ? false : (level == nil || level == permission)
            }
            if shown.count == ids.count { return .done }
            return shown.isEmpty ? .notDone : .partly("done for \(shown.joined(separator: ", "))")
        }
    }

    /// The member's user id, from the last read, or from a fresh read of the members.
    private func userID(_ email: String) async throws(ProviderError) -> String {
        if let id = state.withLock({ $0.userIDs[email] }) { return id }
        let members = try await reader.members()
        state.withLock { $0.userIDs.merge(Self.userIDs(members)) { $1 } }
        guard let id = state.withLock({ $0.userIDs[email] }) else {
            throw ProviderError("\(email) has no user id in the Business Center: not a member, or the invitation is not accepted yet")
        }
        return id
    }
}
