import Foundation
import Synchronization

/// The real Business Center through TikTok's API for Business v1.3 (DESIGN §1, §3).
///
/// Reads walk the paged list endpoints into a snapshot; each action is one write call (invitations
/// and partner shares in batches of up to 50). What the API has no call for (resending an
/// invitation, transferring ownership, assigning a pixel, requesting access) the planner marks as
/// manual, from `capabilities`.
public final class TikTokProvider: Provider {
    public let capabilities: ProviderCapabilities
    public let businessCenterID: String
    private let api: TikTokAPIClient
    /// E-mail (lower case) → user id, from the last read: writes about a member name the user id.
    private let userIDs = Mutex<[String: String]>([:])

    /// Page sizes: the most each list endpoint takes.
    static let memberPageSize = 20
    static let partnerPageSize = 50
    static let assetPageSize = 50
    static let assetMemberPageSize = 20

    /// - Parameters:
    ///   - token: from the environment; nil makes every call fail naming `tokenVariable`.
    public init(
        businessCenterID: String, baseURL: String, token: String?, tokenVariable: String,
        requestsPerSecond: Double? = nil, http: any HTTPClient = URLSessionHTTPClient()
    ) {
        self.businessCenterID = businessCenterID
        var capabilities = ProviderCapabilities.tiktokLike
        if let requestsPerSecond { capabilities.requestsPerSecond = requestsPerSecond }
        self.capabilities = capabilities
        api = TikTokAPIClient(
            baseURL: baseURL, token: token, tokenVariable: tokenVariable, http: http,
            requestsPerSecond: capabilities.requestsPerSecond ?? 10)
    }

    // MARK: Reading

    public func read() async throws(ProviderError) -> Snapshot {
        let center = [("bc_id", businessCenterID)]
        let name = try await readName()
        let members = try await readMembers()
        var partners: [PartnerRecord] = []
        for row in try await api.pages("/bc/partner/get/", center, pageSize: Self.partnerPageSize) {
            guard let id = row["bc_id"]?.stringValue else { throw malformed("/bc/partner/get/", "a row without bc_id") }
            let status: MemberStatus = row["relation_status"]?.stringValue == "PENDING" ? .pending : .active
            partners.append(PartnerRecord(bcID: id, name: row["bc_name"]?.stringValue, status: status))
        }
        var assets: [AssetRecord] = []
        for type in AssetType.allCases {
            let query = center + [("asset_type", TikTokVocabulary.assetType(type))]
            for row in try await api.pages("/bc/asset/admin/get/", query, pageSize: Self.assetPageSize) {
                guard let id = row["asset_id"]?.stringValue else { throw malformed("/bc/asset/admin/get/", "a row without asset_id") }
                let owned = row["relation_type"]?.stringValue == "OWNER_BC"
                assets.append(AssetRecord(
                    type: type, id: id, name: row["asset_name"]?.stringValue,
                    ownerBCID: owned ? businessCenterID : row["owner_bc_id"]?.stringValue ?? "unknown",
                    access: owned ? nil : TikTokVocabulary.permission(in: row, for: type)))
            }
        }
        for index in partners.indices {
            for type in AssetType.allCases {
                let query = center + [("partner_id", partners[index].bcID), ("asset_type", TikTokVocabulary.assetType(type)),
                                      ("share_type", "SHARING")]
                for row in try await api.pages("/bc/partner/asset/get/", query, pageSize: Self.assetPageSize) {
                    guard let id = row["asset_id"]?.stringValue, let permission = TikTokVocabulary.permission(in: row, for: type) else {
                        throw malformed("/bc/partner/asset/get/", "a row without asset_id or a known role")
                    }
                    partners[index].shares.append(AssetPermissionRecord(type: type, id: id, permission: permission))
                }
                partners[index].shares.sort()
            }
        }
        var grants: [String: [AssetPermissionRecord]] = [:]
        for asset in assets {
            let query = center + [("asset_type", TikTokVocabulary.assetType(asset.type)), ("asset_id", asset.id)]
            for row in try await api.pages("/bc/asset/member/get/", query, pageSize: Self.assetMemberPageSize) {
                guard let email = row["user_email"]?.stringValue, let permission = TikTokVocabulary.permission(in: row, for: asset.type) else {
                    throw malformed("/bc/asset/member/get/", "a row without user_email or a known role")
                }
                grants[email.lowercased(), default: []].append(AssetPermissionRecord(type: asset.type, id: asset.id, permission: permission))
            }
        }
        let withGrants = members.map { member in
            var member = member
            member.assets = (grants[member.normalizedEmail] ?? []).sorted()
            return member
        }
        return Snapshot(
            businessCenter: BusinessCenterInfo(id: businessCenterID, name: name), members: withGrants, partners: partners,
            assets: assets).normalized()
    }

    /// The Business Center's name; fails when the token cannot see the Business Center at all.
    private func readName() async throws(ProviderError) -> String? {
        let filtering = JSONValue.object(["bc_ids": .array([.string(businessCenterID)])]).compact()
        let rows = try await api.pages("/bc/get/", [("filtering", filtering)], pageSize: Self.partnerPageSize)
        guard let row = rows.first(where: { $0["bc_info"]?["bc_id"]?.stringValue == businessCenterID }) else {
            throw ProviderError("the access token gives no access to Business Center \(businessCenterID) (business_center.id); check the id, or authorize the app for it in TikTok's developer portal")
        }
        return row["bc_info"]?["name"]?.stringValue
    }

    /// The members, bound and pending (a rejected invitation is no membership); remembers user ids.
    private func readMembers() async throws(ProviderError) -> [MemberRecord] {
        var members: [MemberRecord] = []
        var ids: [String: String] = [:]
        for row in try await api.pages("/bc/member/get/", [("bc_id", businessCenterID)], pageSize: Self.memberPageSize) {
            guard let email = row["user_email"]?.stringValue, let roleText = row["user_role"]?.stringValue,
                  let role = TikTokVocabulary.role(api: roleText) else {
                throw malformed("/bc/member/get/", "a row without user_email or a known user_role")
            }
            let status: MemberStatus
            switch row["relation_status"]?.stringValue {
            case "BOUND"?: status = .active
            case "PENDING"?: status = .pending
            default: continue
            }
            let userID = row["user_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            if let userID { ids[email.lowercased()] = userID }
            let finance = row["ext_user_role"]?["finance_role"]?.stringValue.flatMap(TikTokVocabulary.finance(api:))
            members.append(MemberRecord(email: email, userID: status == .active ? userID : nil, status: status, role: role, finance: finance))
        }
        userIDs.withLock { $0 = ids }
        return members
    }

    private func malformed(_ path: String, _ what: String) -> ProviderError {
        ProviderError(api.redacted("the TikTok API's answer to GET \(path) holds \(what)"))
    }

    // MARK: Writing

    public func perform(_ call: ProviderCall) async throws(ProviderError) -> ProviderReceipt {
        let answer: TikTokAPIClient.Answer
        var body: [String: JSONValue] = ["bc_id": .string(businessCenterID)]
        switch call.actions[0].change {
        case .invite(let invitation):
            addInvitation(invitation, emails: call.actions.compactMap(\.change.invitation?.email), to: &body)
            answer = try await api.post("/bc/member/invite/", body)
        case .revoke(let member, _, let status):
            if status == .pending {
                body["user_email"] = .string(member)
            } else {
                body["user_id"] = .string(try await userID(member))
            }
            answer = try await api.post("/bc/member/delete/", body)
        case .updateRole(let member, _, let roles):
            body["user_id"] = .string(try await userID(member))
            body["user_role"] = .string(TikTokVocabulary.role(roles.role))
            // An empty object clears the finance role.
            body["ext_user_role"] = .object(financeFields(roles.finance))
            answer = try await api.post("/bc/member/update/", body)
        case .assign(let member, let asset, _, let permission):
            if asset.type == .pixel {
                throw ProviderError("the TikTok API cannot assign a pixel to a member; do it in Business Center (Assets > Pixels)")
            }
            try await addAssignment(member, asset.ref, to: &body)
            body.merge(TikTokVocabulary.permissionFields(permission, for: asset.type)) { $1 }
            answer = try await api.post("/bc/asset/assign/", body)
        case .unassign(let member, let asset, _):
            try await addAssignment(member, asset.ref, to: &body)
            answer = try await api.post("/bc/asset/unassign/", body)
        case .addPartner(let partner, _, _):
            body["partner_id"] = .string(partner)
            body["asset_type"] = .string(TikTokVocabulary.assetType(.adAccount))
            body["asset_ids"] = .array([])
            answer = try await api.post("/bc/partner/add/", body)
        case .share(let partner, let asset, _, let permission):
            addShares(call, partner: partner, type: asset.type, to: &body)
            body.merge(TikTokVocabulary.permissionFields(permission, for: asset.type)) { $1 }
            answer = try await api.post("/bc/partner/add/", body)
        case .unshare(let partner, let asset, _):
            addShares(call, partner: partner, type: asset.type, to: &body)
            answer = try await api.post("/bc/partner/asset/delete/", body)
        case .removePartner(let partner, _, _, _):
            body["partner_id"] = .string(partner)
            answer = try await api.post("/bc/partner/delete/", body)
        case .resend, .transfer, .requestAccess:
            throw ProviderError("the TikTok API has no call to \(call.kind.rawValue.replacingOccurrences(of: "_", with: " ")); it is a manual step in Business Center")
        }
        return ProviderReceipt(requestID: answer.requestID)
    }

    /// One invitation call: the e-mails as written, one role, and the ad accounts. The API takes
    /// one `advertiser_role` per call, so when the declared ad accounts differ in permission the
    /// largest group rides on the invitation; the rest are assigned once the member accepts.
    private func addInvitation(_ invitation: Invitation, emails: [String], to body: inout [String: JSONValue]) {
        body["emails"] = .array(emails.map(JSONValue.string))
        body["user_role"] = .string(TikTokVocabulary.role(invitation.roles.role))
        let finance = financeFields(invitation.roles.finance)
        if !finance.isEmpty { body["ext_user_role"] = .object(finance) }
        var byRole: [String: [String]] = [:]
        for asset in invitation.assets where asset.type == .adAccount {
            guard case .level(let level) = asset.permission else { continue }
            byRole[level, default: []].append(asset.id)
        }
        let strongestFirst = AssetType.adAccount.permissionValues
        let chosen = byRole.keys.sorted { lhs, rhs in
            byRole[lhs]!.count != byRole[rhs]!.count
                ? byRole[lhs]!.count > byRole[rhs]!.count
                : (strongestFirst.firstIndex(of: lhs) ?? 9) < (strongestFirst.firstIndex(of: rhs) ?? 9)
        }.first
        if let chosen {
            body["asset_ids"] = .array(byRole[chosen]!.sorted().prefix(50).map(JSONValue.string))
            body["advertiser_role"] = .string(chosen.uppercased())
        }
    }

    /// The member and asset of an assignment or its removal.
    private func addAssignment(_ member: String, _ ref: AssetRef, to body: inout [String: JSONValue]) async throws(ProviderError) {
        body["user_id"] = .string(try await userID(member))
        body["asset_type"] = .string(TikTokVocabulary.assetType(ref.type))
        body["asset_id"] = .string(ref.id)
    }

    /// One partner, one asset type, up to 50 assets (see `ProviderCall.batchKey`).
    private func addShares(_ call: ProviderCall, partner: String, type: AssetType, to body: inout [String: JSONValue]) {
        body["partner_id"] = .string(partner)
        body["asset_type"] = .string(TikTokVocabulary.assetType(type))
        body["asset_ids"] = .array(call.actions.compactMap { $0.asset.map { .string($0.id) } })
    }

    /// The fields of `ext_user_role`: `["finance_role": "MANAGER"]`, or none.
    private func financeFields(_ finance: FinanceRole?) -> [String: JSONValue] {
        finance.map { ["finance_role": .string(TikTokVocabulary.finance($0))] } ?? [:]
    }

    /// The member's user id, from the last read, or from a fresh read of the members.
    private func userID(_ email: String) async throws(ProviderError) -> String {
        if let id = userIDs.withLock({ $0[email] }) { return id }
        _ = try await readMembers()
        guard let id = userIDs.withLock({ $0[email] }) else {
            throw ProviderError("\(email) has no user id in the Business Center: not a member, or the invitation is not accepted yet")
        }
        return id
    }
}
