import BCPlanYAML

/// Decodes a valid config straight from libyaml's events, without a node tree for `assets`,
/// `members` and `partners` (at the platform maximum 15,000 items, whose nodes were 40 % of
/// `validate`'s work and most of its page faults).
///
/// Only for files it is sure about. At the first thing that would be a diagnostic, or that it does
/// not read (an anchor, alias, tag or merge key, a grant's long form, a section out of the usual
/// order), it gives up: `decode()` returns nil and `ConfigLoader` reads the file again through the
/// node tree and `ConfigDecoder`, whose messages users see. So it words no message; each check
/// below is the one `ConfigDecoder` makes (the comments name it), and `ConfigEventDecoderTests`
/// show that both give the same `Config` for every file this path accepts. The small sections
/// are read as nodes and decoded by `ConfigDecoder` itself.
struct ConfigEventDecoder {
    /// Why decoding gave up; never shown.
    private struct NotSure: Error {}

    /// One scalar as written.
    private struct Written {
        var text: String
        var style: ScalarStyle
        var location: SourceLocation

        /// `YAMLNode.isNull` of an untagged scalar (this path reads no tags).
        var isNull: Bool { style == .plain && YAMLNode.isNullText(text) }
    }

    /// One pair of a grants mapping as written: `key: permission`, or the long form's mapping.
    private struct WrittenGrant {
        var key: Written
        var permission: WrittenPermission
        var terms: Terms?
    }

    /// The assets, found by key through their position: a table of positions is a fifth the size
    /// of one holding the declarations (at the platform maximum 10,000 of them).
    private struct Assets {
        var list: [AssetDeclaration] = []
        var positions: [String: Int] = [:]

        subscript(key: String) -> AssetDeclaration? { positions[key].map { list[$0] } }
    }

    /// A permission as written: one scalar, or a list of them.
    private enum WrittenPermission {
        case scalar(Written)
        case list([Written])
    }

    private let cursor: YAMLEventCursor
    private let path: String

    /// `bytes` must stay valid while this decoder is used.
    init(bytes: UnsafeBufferPointer<UInt8>, path: String, lines: Int, limits: YAMLLimits) {
        cursor = YAMLEventCursor(bytes: bytes, file: path, lines: lines, limits: limits)
        self.path = path
    }

    /// The config, or nil when this path is not sure of the file.
    mutating func decode() -> Config? {
        do {
            return try decodeStream()
        } catch {
            return nil
        }
    }

    // MARK: Keys

    private static func names(_ keys: [String]) -> [[UInt8]] { keys.map { Array($0.utf8) } }

    private static let rootKeys = names(ConfigSchema.root.keys)
    // The orders of the switches below; `ConfigEventDecoderTests` check every name is the schema's.
    static let assetKeys = ["key", "type", "id", "name", "owner", "access"]
    static let memberKeys = ["email", "role", "finance", "assets", "owner", "reason", "expires", "reviewed", "external"]
    static let partnerKeys = ["bc_id", "name", "media_agency", "shares", "owner", "reason", "expires", "reviewed"]
    static let grantKeys = ["permission", "owner", "reason", "expires", "reviewed"]
    private static let assetKeyBytes = names(assetKeys)
    private static let memberKeyBytes = names(memberKeys)
    private static let partnerKeyBytes = names(partnerKeys)
    private static let grantKeyBytes = names(grantKeys)

    // MARK: The file

    private mutating func decodeStream() throws(NotSure) -> Config {
        try next()
        guard cursor.kind == .streamStart else { throw NotSure() }
        try next()
        // No document at all is `ConfigDecoder`'s "empty file".
        guard cursor.kind == .documentStart else { throw NotSure() }
        try next()
        guard cursor.kind == .mappingStart else { throw NotSure() }
        let rootLocation = cursor.location

        var sectionPairs: [YAMLPair] = []
        var written = Set<String>()
        /// `business_center` and `policy` as the lists were decoded with; they may not come later.
        var context: (ownID: String?, policy: Policy)?
        var assets = Assets()
        var members: [MemberDeclaration] = []
        var partners: [PartnerDeclaration] = []
        var owners: [String] = []

        while true {
            try next()
            if cursor.kind == .mappingEnd { break }
            guard cursor.kind == .scalar, let index = cursor.scalarIndex(among: Self.rootKeys) else { throw NotSure() }
            let name = ConfigSchema.root.keys[index]
            // A repeated key is the node tree's diagnostic.
            guard written.insert(name).inserted else { throw NotSure() }
            let key = YAMLNode(kind: .scalar(cursor.scalarText, cursor.style), location: cursor.location)
            try next()
            switch name {
            case "assets", "members", "partners":
                if context == nil {
                    var decoder = ConfigDecoder(path: path)
                    let sections = decoder.decodeSections(of: YAMLNode(kind: .mapping(sectionPairs), location: rootLocation))
                    guard let sections, decoder.diagnostics.isEmpty else { throw NotSure() }
                    context = (sections.bcID, sections.policy)
                }
                guard let context else { throw NotSure() }
                switch name {
                case "assets":
                    // Members and partners are checked against every asset.
                    guard members.isEmpty, partners.isEmpty, !written.contains("members"), !written.contains("partners") else {
                        throw NotSure()
                    }
                    assets = try decodeAssets(ownID: context.ownID)
                case "members":
                    members = try decodeMembers(assets: assets, policy: context.policy, owners: &owners)
                default:
                    partners = try decodePartners(
                        assets: assets, ownID: context.ownID, policy: context.policy, owners: &owners)
                }
            default:
                if context != nil, name == "business_center" || name == "policy" { throw NotSure() }
                guard let value = cursor.readNode() else { throw NotSure() }
                sectionPairs.append(YAMLPair(key: key, value: value))
            }
        }
        try next()
        guard cursor.kind == .documentEnd else { throw NotSure() }
        try next()
        guard cursor.kind == .streamEnd else { throw NotSure() }

        // `ConfigDecoder.checkOwners`: every owner is a declared member.
        let declared = Set(members.map(\.normalizedEmail))
        for owner in owners where !declared.contains(owner.lowercased()) { throw NotSure() }

        var decoder = ConfigDecoder(path: path)
        let config = decoder.decode(
            sectionsOf: YAMLNode(kind: .mapping(sectionPairs), location: rootLocation),
            assets: assets.list,
            // Only acknowledgements look assets up by key there.
            assetsByKey: written.contains("acknowledge")
                ? Dictionary(assets.list.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first }) : [:],
            members: members, partners: partners)
        guard let config, decoder.diagnostics.isEmpty else { throw NotSure() }
        return config
    }

    private func next() throws(NotSure) {
        guard cursor.advance() else { throw NotSure() }
    }

    /// Calls `item` for each item of the list the cursor is at; `ConfigDecoder.sequence`: null is
    /// an empty list. Every item must be a mapping (`ConfigDecoder.fields`, not optional).
    private func forEachMapping(_ item: () throws(NotSure) -> Void) throws(NotSure) {
        if try atNull() { return }
        guard cursor.kind == .sequenceStart else { throw NotSure() }
        while true {
            try next()
            if cursor.kind == .sequenceEnd { return }
            guard cursor.kind == .mappingStart else { throw NotSure() }
            try item()
        }
    }

    /// Reads the pairs of the mapping the cursor is at, up to its end: `value` is called with the
    /// index of each key in `keys`, the cursor at the value. Unknown and repeated keys are
    /// diagnostics (`ConfigDecoder.fields`, `TreeBuilder`).
    private func forEachPair(keys: [[UInt8]], _ value: (Int) throws(NotSure) -> Void) throws(NotSure) {
        var seen: UInt32 = 0
        while true {
            try next()
            if cursor.kind == .mappingEnd { return }
            guard cursor.kind == .scalar, let index = cursor.scalarIndex(among: keys), seen & (1 << index) == 0 else {
                throw NotSure()
            }
            seen |= 1 << index
            try next()
            try value(index)
        }
    }

    /// True at a null, which stands for an empty list or mapping; any other scalar there is a
    /// diagnostic.
    private func atNull() throws(NotSure) -> Bool {
        guard cursor.kind == .scalar else { return false }
        guard cursor.style == .plain, YAMLNode.isNullText(cursor.scalarText) else { throw NotSure() }
        return true
    }

    /// The scalar the cursor is at.
    private func scalar() throws(NotSure) -> Written {
        guard cursor.kind == .scalar else { throw NotSure() }
        return Written(text: cursor.scalarText, style: cursor.style, location: cursor.location)
    }

    /// A permission the cursor is at: a scalar, or a list of scalars.
    private func writtenPermission() throws(NotSure) -> WrittenPermission {
        if cursor.kind == .scalar { return .scalar(try scalar()) }
        guard cursor.kind == .sequenceStart else { throw NotSure() }
        var items: [Written] = []
        while true {
            try next()
            if cursor.kind == .sequenceEnd { return .list(items) }
            items.append(try scalar())
        }
    }

    // MARK: Lists

    private func decodeAssets(ownID: String?) throws(NotSure) -> Assets {
        let schema = ConfigSchema.asset
        let keySpec = Self.stringSchema(schema, "key")
        let typeSpec = Self.stringSchema(schema, "type")
        let nameSpec = Self.stringSchema(schema, "name")
        var assets = Assets()
        var ids = Set<AssetRef>()
        try forEachMapping { () throws(NotSure) in
            let location = cursor.location
            var keyNode, typeNode, idNode, nameNode, ownerNode: Written?
            var accessNode: WrittenPermission?
            try forEachPair(keys: Self.assetKeyBytes) { index throws(NotSure) in
                switch index {
                case 0: keyNode = try scalar()
                case 1: typeNode = try scalar()
                case 2: idNode = try scalar()
                case 3: nameNode = try scalar()
                case 4: ownerNode = try scalar()
                default: accessNode = try writtenPermission()
                }
            }
            // Required keys (`ConfigSchema.asset`), then `ConfigDecoder.decodeAssets`.
            guard let keyNode, let typeNode, let idNode else { throw NotSure() }
            let key = try string(keyNode, keySpec)
            guard let type = AssetType(rawValue: try string(typeNode, typeSpec)) else { throw NotSure() }
            let name = try nameNode.map { node throws(NotSure) in try string(node, nameSpec) }
            let id = type == .pixel ? try pixelID(idNode) : try businessCenterID(idNode)
            var owner: String?
            if let ownerNode, ownerNode.text != "self" {
                let ownerID = try businessCenterID(ownerNode)
                owner = ownerID == ownID ? nil : ownerID
            }
            var access: Permission?
            if let accessNode {
                guard owner != nil, type.acceptsAccessRequest else { throw NotSure() }
                access = try permission(accessNode, for: type)
            }
            let asset = AssetDeclaration(key: key, type: type, id: id, name: name, owner: owner, access: access, location: location)
            guard assets.positions.updateValue(assets.list.count, forKey: key) == nil,
                  ids.insert(AssetRef(type: type, id: id)).inserted else { throw NotSure() }
            assets.list.append(asset)
        }
        return assets
    }

    private func decodeMembers(
        assets: Assets, policy: Policy, owners: inout [String]
    ) throws(NotSure) -> [MemberDeclaration] {
        let schema = ConfigSchema.member
        let roleSpec = Self.stringSchema(schema, "role")
        let financeSpec = Self.stringSchema(schema, "finance")
        var members: [MemberDeclaration] = []
        var seen = Set<String>()
        var ownersFound: [String] = []
        try forEachMapping { () throws(NotSure) in
            let location = cursor.location
            var emailNode, roleNode, financeNode, externalNode: Written?
            var grants: [AssetGrant] = []
            var terms = Terms()
            try forEachPair(keys: Self.memberKeyBytes) { index throws(NotSure) in
                switch index {
                case 0: emailNode = try scalar()
                case 1: roleNode = try scalar()
                case 2: financeNode = try scalar()
                case 3: grants = try decodeGrants(assets: assets, ceilings: nil, owners: &ownersFound)
                case 8: externalNode = try scalar()
                default: try terms.read(index - 4, scalar())
                }
            }
            // Required keys (`ConfigSchema.member`), then `ConfigDecoder.decodeMembers`.
            guard let emailNode, let roleNode else { throw NotSure() }
            let address = try email(emailNode)
            guard let role = MemberRole(rawValue: try string(roleNode, roleSpec)) else { throw NotSure() }
            let finance = try financeNode.map { node throws(NotSure) in try string(node, financeSpec) }
                .flatMap(FinanceRole.init(rawValue:))
            let accessTerms = try self.terms(terms, schema, owners: &ownersFound)
            let external = try externalNode.map { node throws(NotSure) in try boolean(node) } ?? false
            if external, terms.owner == nil { throw NotSure() }
            if !external, !policy.memberDomains.isEmpty,
               !policy.memberDomains.contains(ConfigDecoder.domain(of: address)) { throw NotSure() }
            if policy.requireMemberOwner, terms.owner == nil { throw NotSure() }
            guard seen.insert(address.lowercasedIfNeeded).inserted else { throw NotSure() }
            members.append(MemberDeclaration(
                email: address, role: role, finance: finance, assets: grants, location: location, terms: accessTerms,
                external: external))
        }
        owners += ownersFound
        return members
    }

    private func decodePartners(
        assets: Assets, ownID: String?, policy: Policy, owners: inout [String]
    ) throws(NotSure) -> [PartnerDeclaration] {
        let schema = ConfigSchema.partner
        let nameSpec = Self.stringSchema(schema, "name")
        var partners: [PartnerDeclaration] = []
        var seen = Set<String>()
        var ownersFound: [String] = []
        try forEachMapping { () throws(NotSure) in
            let location = cursor.location
            var idNode, nameNode, mediaAgencyNode: Written?
            var shares: [AssetGrant] = []
            var terms = Terms()
            try forEachPair(keys: Self.partnerKeyBytes) { index throws(NotSure) in
                switch index {
                case 0: idNode = try scalar()
                case 1: nameNode = try scalar()
                case 2: mediaAgencyNode = try scalar()
                case 3: shares = try decodeGrants(assets: assets, ceilings: policy.maxPartnerPermission, owners: &ownersFound)
                default: try terms.read(index - 4, scalar())
                }
            }
            // Required keys (`ConfigSchema.partner`), then `ConfigDecoder.decodePartners`.
            guard let idNode else { throw NotSure() }
            let id = try businessCenterID(idNode)
            let name = try nameNode.map { node throws(NotSure) in try string(node, nameSpec) }
            let mediaAgency = try mediaAgencyNode.map { node throws(NotSure) in try boolean(node) } ?? false
            let accessTerms = try self.terms(terms, schema, owners: &ownersFound)
            if policy.requireOwner, terms.owner == nil { throw NotSure() }
            guard id != ownID, seen.insert(id).inserted else { throw NotSure() }
            partners.append(PartnerDeclaration(
                bcID: id, name: name, mediaAgency: mediaAgency, shares: shares, location: location, terms: accessTerms))
        }
        owners += ownersFound
        return partners
    }

    /// `owner`, `reason`, `expires` and `reviewed` as written, in `ConfigSchema.accessTerms` order.
    private struct Terms {
        var owner, reason, expires, reviewed: Written?

        mutating func read(_ index: Int, _ value: Written) {
            switch index {
            case 0: owner = value
            case 1: reason = value
            case 2: expires = value
            default: reviewed = value
            }
        }
    }

    /// `ConfigDecoder.terms`.
    private func terms(_ written: Terms, _ schema: ObjectSchema, owners: inout [String]) throws(NotSure) -> AccessTerms {
        var terms = AccessTerms()
        if let node = written.owner {
            let address = try email(node)
            terms.owner = address.lowercased()
            owners.append(address)
        }
        terms.reason = try written.reason.map { node throws(NotSure) in try string(node, Self.stringSchema(schema, "reason")) }
        terms.expires = try written.expires.flatMap { node throws(NotSure) in
            DeclaredTime(try string(node, Self.stringSchema(schema, "expires")), at: node.location)
        }
        terms.reviewed = try written.reviewed.flatMap { node throws(NotSure) in
            DeclaredTime(try string(node, Self.stringSchema(schema, "reviewed")), at: node.location)
        }
        return terms
    }

    /// A grants mapping as written (`assets:` of a member, `shares:` of a partner); null is none.
    private func writtenGrants() throws(NotSure) -> [WrittenGrant] {
        if try atNull() { return [] }
        guard cursor.kind == .mappingStart else { throw NotSure() }
        var pairs: [WrittenGrant] = []
        while true {
            try next()
            if cursor.kind == .mappingEnd { break }
            let key = try scalar()
            try next()
            guard cursor.kind == .mappingStart else {
                pairs.append(WrittenGrant(key: key, permission: try writtenPermission()))
                continue
            }
            // The long form (`ConfigSchema.grant`): `permission` is required.
            var permission: WrittenPermission?
            var terms = Terms()
            try forEachPair(keys: Self.grantKeyBytes) { index throws(NotSure) in
                if index == 0 { permission = try writtenPermission() } else { terms.read(index - 1, try scalar()) }
            }
            guard let permission else { throw NotSure() }
            pairs.append(WrittenGrant(key: key, permission: permission, terms: terms))
        }
        // A repeated key is the node tree's diagnostic (keys compared with `==`, as `TreeBuilder`
        // does; a member has a few grants, so comparing each pair costs less than hashing).
        if pairs.count > 16 {
            var keys = Set<String>()
            for pair in pairs where !keys.insert(pair.key.text).inserted { throw NotSure() }
        } else {
            for index in pairs.indices.dropFirst() where pairs[..<index].contains(where: { $0.key.text == pairs[index].key.text }) {
                throw NotSure()
            }
        }
        return pairs
    }

    /// `ConfigDecoder.grants` of the mapping the cursor is at (`ceilings`: a partner's; nil for a
    /// member).
    private func decodeGrants(
        assets: Assets, ceilings: [AssetType: Permission]?, owners: inout [String]
    ) throws(NotSure) -> [AssetGrant] {
        let pairs = try writtenGrants()
        var result: [AssetGrant] = []
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            let key = pair.key
            guard let asset = assets[key.text] else { throw NotSure() }
            if ceilings != nil, asset.owner != nil { throw NotSure() }
            let terms = try pair.terms.map { written throws(NotSure) in try self.terms(written, ConfigSchema.grant, owners: &owners) }
            let permission = try permission(pair.permission, for: asset.type)
            if let ceiling = ceilings?[asset.type], !ceiling.covers(permission, for: asset.type) { throw NotSure() }
            result.append(AssetGrant(
                assetKey: key.text, permission: permission, location: key.location, terms: terms ?? AccessTerms()))
        }
        return result
    }

    // MARK: Values (`ConfigDecoder`'s checks of the same names)

    private static func stringSchema(_ schema: ObjectSchema, _ key: String) -> StringSchema {
        guard let spec = schema.stringSchema(key) else {
            preconditionFailure("\(schema.name).\(key) is not a string in ConfigSchema")
        }
        return spec
    }

    private func string(_ node: Written, _ spec: StringSchema) throws(NotSure) -> String {
        guard !node.isNull, spec.accepts(node.text[...]) else { throw NotSure() }
        return node.text
    }

    private func email(_ node: Written) throws(NotSure) -> String {
        guard !node.isNull, ConfigSchema.email.accepts(node.text[...]) else { throw NotSure() }
        return node.text
    }

    /// Quoted, and digits.
    private func businessCenterID(_ node: Written) throws(NotSure) -> String {
        guard !node.isNull, node.style != .plain, ConfigSchema.businessCenterID.accepts(node.text[...]) else {
            throw NotSure()
        }
        return node.text
    }

    private func pixelID(_ node: Written) throws(NotSure) -> String {
        guard !node.isNull, !(node.style == .plain && node.text.allSatisfy(\.isNumber)),
              ConfigSchema.assetID.accepts(node.text[...]) else { throw NotSure() }
        return node.text
    }

    /// `true` or `false`, unquoted.
    private func boolean(_ node: Written) throws(NotSure) -> Bool {
        guard node.style == .plain else { throw NotSure() }
        switch node.text {
        case "true": return true
        case "false": return false
        default: throw NotSure()
        }
    }

    private func permission(_ written: WrittenPermission, for type: AssetType) throws(NotSure) -> Permission {
        switch written {
        case .list(let items):
            guard type.takesPermissionSet, !items.isEmpty else { throw NotSure() }
            var values: [String] = []
            for item in items {
                guard !item.isNull, type.permissionValues.contains(item.text), !values.contains(item.text) else {
                    throw NotSure()
                }
                values.append(item.text)
            }
            return .makeSet(values)
        case .scalar(let node):
            guard !node.isNull, type.permissionValues.contains(node.text), !type.takesPermissionSet else { throw NotSure() }
            return .level(node.text)
        }
    }
}
