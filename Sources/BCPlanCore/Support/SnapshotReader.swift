/// Reads a snapshot document (the mock store, the state file) straight from its bytes into a
/// `Snapshot`, without building a `JSONValue` tree first: at the platform maximum the tree cost as
/// much as the planning, once to build and once to free (Benchmarks/RESULTS.md, issue 17).
///
/// Only for documents that are valid: at anything else (a syntax or shape error, a duplicate key,
/// an escaped key, a number out of range) it gives up and `read` returns nil, and the caller reads
/// the file through `JSONParser` and `JSONReadable` as before, whose messages (line and column, the
/// path of a wrong value) are the ones users see. What it accepts, it reads as those two would.
struct SnapshotReader {
    /// The document is not one this reader takes; the slow path says what is wrong with it.
    struct GiveUp: Error {}

    /// The snapshot and the document's other top-level keys (a state's `serial`, a store's
    /// `requests_committed`), as `JSONParser` reads them.
    struct Document {
        var snapshot: Snapshot
        var others: [String: JSONValue]
    }

    private let array: [UInt8]
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(array: [UInt8], bytes: UnsafeBufferPointer<UInt8>) {
        self.array = array
        self.bytes = bytes
    }

    /// The document in `data`, or nil when it is not a valid snapshot document.
    static func read(_ data: [UInt8]) -> Document? {
        data.withUnsafeBufferPointer { buffer in
            var reader = SnapshotReader(array: data, bytes: buffer)
            if data.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
            return try? reader.document()
        }
    }

    // MARK: Records

    private mutating func document() throws(GiveUp) -> Document {
        var businessCenter: BusinessCenterInfo?
        var members: [MemberRecord] = []
        var partners: [PartnerRecord] = []
        var assets: [AssetRecord] = []
        var others: [String: JSONValue] = [:]
        var keys = KeySet()
        var first = true
        try open("{")
        while let key = try nextKey(&first) {
            if equals(key, "business_center") {
                try keys.see(0)
                businessCenter = try businessCenterInfo()
            } else if equals(key, "members") {
                try keys.see(1)
                members = try list { (reader: inout SnapshotReader) throws(GiveUp) in try reader.member() }
            } else if equals(key, "partners") {
                try keys.see(2)
                partners = try list { (reader: inout SnapshotReader) throws(GiveUp) in try reader.partner() }
            } else if equals(key, "assets") {
                try keys.see(3)
                assets = try list { (reader: inout SnapshotReader) throws(GiveUp) in try reader.asset() }
            } else {
                let name = String(decoding: bytes[key], as: UTF8.self)
                guard others[name] == nil else { throw GiveUp() }
                others[name] = try anyValue(depth: 1)
            }
        }
        skipWhitespace()
        guard index == bytes.count, let businessCenter else { throw GiveUp() }
        return Document(
            snapshot: Snapshot(businessCenter: businessCenter, members: members, partners: partners, assets: assets),
            others: others)
    }

    private mutating func businessCenterInfo() throws(GiveUp) -> BusinessCenterInfo {
        var id: String?
        var name: String?
        var keys = KeySet()
        var first = true
        try open("{")
        while let key = try nextKey(&first) {
            if equals(key, "id") {
                try keys.see(0)
                id = try string()
            } else if equals(key, "name") {
                try keys.see(1)
                name = try optionalString()
            } else {
                try skip(key, in: &keys, depth: 2)
            }
        }
        guard let id else { throw GiveUp() }
        return BusinessCenterInfo(id: id, name: name)
    }

    private mutating func member() throws(GiveUp) -> MemberRecord {
        var email: String?
        var userID: String?
        var status: MemberStatus?
        var role: MemberRole?
        var finance: FinanceRole?
        var invitedAt: String?
        var resends = 0
        var assets: [AssetPermissionRecord] = []
        var keys = KeySet()
        var first = true
        try open("{")
        while let key = try nextKey(&first) {
            if equals(key, "email") {
                try keys.see(0)
                email = try string()
            } else if equals(key, "user_id") {
                try keys.see(1)
                userID = try optionalString()
            } else if equals(key, "status") {
                try keys.see(2)
                status = MemberStatus(rawValue: try string())
            } else if equals(key, "role") {
                try keys.see(3)
                role = MemberRole(rawValue: try string())
            } else if equals(key, "finance") {
                try keys.see(4)
                if let text = try optionalString() {
                    guard let value = FinanceRole(rawValue: text) else { throw GiveUp() }
                    finance = value
                }
            } else if equals(key, "invited_at") {
                try keys.see(5)
                invitedAt = try optionalString()
            } else if equals(key, "resends") {
                try keys.see(6)
                resends = try optionalInt() ?? 0
            } else if equals(key, "assets") {
                try keys.see(7)
                assets = try list { (reader: inout SnapshotReader) throws(GiveUp) in try reader.permissionRecord() }
            } else {
                try skip(key, in: &keys, depth: 3)
            }
        }
        guard let email, let status, let role else { throw GiveUp() }
        return MemberRecord(
            email: email, userID: userID, status: status, role: role, finance: finance, invitedAt: invitedAt,
            resends: resends, assets: assets)
    }

    private mutating func partner() throws(GiveUp) -> PartnerRecord {
        var bcID: String?
        var name: String?
        var status: MemberStatus?
        var mediaAgency = false
        var shares: [AssetPermissionRecord] = []
        var keys = KeySet()
        var first = true
        try open("{")
        while let key = try nextKey(&first) {
            if equals(key, "bc_id") {
                try keys.see(0)
                bcID = try string()
            } else if equals(key, "name") {
                try keys.see(1)
                name = try optionalString()
            } else if equals(key, "status") {
                try keys.see(2)
                status = MemberStatus(rawValue: try string())
            } else if equals(key, "media_agency") {
                try keys.see(3)
                mediaAgency = try optionalBool() ?? false
            } else if equals(key, "shares") {
                try keys.see(4)
                shares = try list { (reader: inout SnapshotReader) throws(GiveUp) in try reader.permissionRecord() }
            } else {
                try skip(key, in: &keys, depth: 3)
            }
        }
        guard let bcID, let status else { throw GiveUp() }
        return PartnerRecord(bcID: bcID, name: name, status: status, mediaAgency: mediaAgency, shares: shares)
    }

    private mutating func asset() throws(GiveUp) -> AssetRecord {
        var type: AssetType?
        var id: String?
        var name: String?
        var owner: String?
        var access: Permission?
        var requested: Permission?
        var keys = KeySet()
        var first = true
        try open("{")
        while let key = try nextKey(&first) {
            if equals(key, "type") {
                try keys.see(0)
                type = AssetType(rawValue: try string())
            } else if equals(key, "id") {
                try keys.see(1)
                id = try string()
            } else if equals(key, "name") {
                try keys.see(2)
                name = try optionalString()
            } else if equals(key, "owner_bc_id") {
                try keys.see(3)
                owner = try string()
            } else if equals(key, "access") {
                try keys.see(4)
                access = try permission()
            } else if equals(key, "requested") {
                try keys.see(5)
                requested = try permission()
            } else {
                try skip(key, in: &keys, depth: 3)
            }
        }
        guard let type, let id, let owner else { throw GiveUp() }
        return AssetRecord(type: type, id: id, name: name, ownerBCID: owner, access: access, requested: requested)
    }

    private mutating func permissionRecord() throws(GiveUp) -> AssetPermissionRecord {
        var type: AssetType?
        var id: String?
        var permission: Permission?
        var keys = KeySet()
        var first = true
        try open("{")
        while let key = try nextKey(&first) {
            if equals(key, "type") {
                try keys.see(0)
                type = AssetType(rawValue: try string())
            } else if equals(key, "id") {
                try keys.see(1)
                id = try string()
            } else if equals(key, "permission") {
                try keys.see(2)
                permission = try self.permission()
            } else {
                try skip(key, in: &keys, depth: 5)
            }
        }
        guard let type, let id, let permission else { throw GiveUp() }
        return AssetPermissionRecord(type: type, id: id, permission: permission)
    }

    // MARK: Values

    /// A list of values, each read by `item`; null is an empty list, as `JSONObjectReader.list` reads it.
    private mutating func list<T>(_ item: (inout SnapshotReader) throws(GiveUp) -> T) throws(GiveUp) -> [T] {
        if try null() { return [] }
        try open("[")
        var result: [T] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return result
        }
        while true {
            skipWhitespace()
            result.append(try item(&self))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return result
            default: throw GiveUp()
            }
        }
    }

    /// One value or a list of values; null is none (`JSONObjectReader.permission`).
    private mutating func permission() throws(GiveUp) -> Permission? {
        switch peek() {
        case UInt8(ascii: "\""): return .level(try string())
        case UInt8(ascii: "["):
            let values = try list { (reader: inout SnapshotReader) throws(GiveUp) in try reader.string() }
            return .makeSet(values)
        default:
            guard try null() else { throw GiveUp() }
            return nil
        }
    }

    private mutating func string() throws(GiveUp) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw GiveUp() }
        let start = index + 1
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") {
                index = end + 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                // Escapes are rare in these files: JSONParser reads the string.
                guard case .string(let text) = try anyValue(depth: 0) else { throw GiveUp() }
                return text
            }
            if byte < 0x20 { throw GiveUp() }
            end += 1
        }
        throw GiveUp()
    }

    private mutating func optionalString() throws(GiveUp) -> String? {
        if try null() { return nil }
        return try string()
    }

    /// A whole number as `JSONParser` reads one: digits, no fraction or exponent, within `Int`.
    private mutating func optionalInt() throws(GiveUp) -> Int? {
        if try null() { return nil }
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        guard index > digitsStart, index == bytes.count || !Self.continuesNumber(bytes[index]),
              let value = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        else { throw GiveUp() }
        return value
    }

    private static func continuesNumber(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    private mutating func optionalBool() throws(GiveUp) -> Bool? {
        if try null() { return nil }
        if try literal("true") { return true }
        if try literal("false") { return false }
        throw GiveUp()
    }

    private mutating func null() throws(GiveUp) -> Bool {
        try literal("null")
    }

    private mutating func literal(_ word: StaticString) throws(GiveUp) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, equals(index..<index + count, word) else { return false }
        index += count
        return true
    }

    /// Any value, through `JSONParser` (keys this reader does not know, and escaped strings).
    /// `depth`: the nesting of the value's container, so the depth limit is the parser's.
    private mutating func anyValue(depth: Int) throws(GiveUp) -> JSONValue {
        do {
            return try JSONParser.value(in: array, at: &index, depth: depth)
        } catch {
            throw GiveUp()
        }
    }

    /// Reads and drops the value of a key this reader does not know. Such keys are compared as
    /// strings, as `JSONParser` compares keys (two spellings of "é" are one key there).
    private mutating func skip(_ key: Range<Int>, in keys: inout KeySet, depth: Int) throws(GiveUp) {
        let name = String(decoding: bytes[key], as: UTF8.self)
        guard !keys.unknown.contains(name) else { throw GiveUp() }
        keys.unknown.append(name)
        _ = try anyValue(depth: depth)
    }

    // MARK: Structure

    private func peek() -> UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func open(_ bracket: Unicode.Scalar) throws(GiveUp) {
        skipWhitespace()
        guard peek() == UInt8(ascii: bracket) else { throw GiveUp() }
        index += 1
    }

    /// The next key of the open object (its bytes, without quotes), with the reader on its value;
    /// nil after the object's `}`. `first` is true before the first key.
    private mutating func nextKey(_ first: inout Bool) throws(GiveUp) -> Range<Int>? {
        skipWhitespace()
        if first {
            first = false
            if peek() == UInt8(ascii: "}") {
                index += 1
                return nil
            }
        } else {
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                return nil
            default: throw GiveUp()
            }
        }
        guard peek() == UInt8(ascii: "\"") else { throw GiveUp() }
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            // An escaped key could spell a known one: left to the slow path.
            if bytes[end] == UInt8(ascii: "\\") || bytes[end] < 0x20 { throw GiveUp() }
            end += 1
        }
        guard end < bytes.count else { throw GiveUp() }
        index = end + 1
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw GiveUp() }
        index += 1
        skipWhitespace()
        return start..<end
    }

    private func equals(_ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != letters[offset] { return false }
        return true
    }

    /// The keys of one object seen so far: known ones by number, others by name.
    private struct KeySet {
        var known: UInt32 = 0
        var unknown: [String] = []

        /// Marks known key `number` as seen; a second time is a duplicate key.
        mutating func see(_ number: Int) throws(GiveUp) {
            let bit = UInt32(1) << UInt32(number)
            guard known & bit == 0 else { throw GiveUp() }
            known |= bit
        }
    }
}
