import Foundation

/// What `bcplan history` was asked, as typed: at most one of member, partner and asset, and
/// either a moment or a window. `resolved` checks it and turns it into a subject and a window.
public struct HistoryQuery: Sendable, Hashable {
    public var member: String?
    public var partner: String?
    /// An asset key of the config, or an asset id.
    public var asset: String?
    public var at: String?
    public var since: String?
    public var until: String?

    public init(
        member: String? = nil, partner: String? = nil, asset: String? = nil, at: String? = nil, since: String? = nil,
        until: String? = nil
    ) {
        self.member = member
        self.partner = partner
        self.asset = asset
        self.at = at
        self.since = since
        self.until = until
    }

    /// The subject and window asked for, or a usage error saying what is wrong.
    ///
    /// - Parameter knownAssets: every asset the config declares or the record ever held, for an
    ///   asset given by id.
    func resolved(config: Config, knownAssets: Set<AssetRef>) throws(CommandFailure) -> (HistorySubject, HistoryWindow) {
        let named = [member.map { _ in "--member" }, partner.map { _ in "--partner" }, asset.map { _ in "--asset" }].compactMap { $0 }
        guard named.count <= 1 else {
            throw .usage("history answers for one member, one partner or one asset at a time; \(named.joined(separator: " and ")) were given")
        }
        if at != nil, since != nil || until != nil {
            throw .usage("--at asks about one moment, --since and --until about a window; give one or the other")
        }
        let subject: HistorySubject
        if let member {
            guard ConfigSchema.email.accepts(member[...]) else { throw .usage("--member \(member) is not an e-mail address") }
            subject = .member(member.lowercased())
        } else if let partner {
            guard ConfigSchema.businessCenterID.accepts(partner[...]) else {
                throw .usage("--partner \(partner) is not a Business Center id (a string of digits)")
            }
            subject = .partner(partner)
        } else if let asset {
            subject = .asset(try Self.asset(asset, config: config, knownAssets: knownAssets))
        } else {
            subject = .everything
        }
        func moment(_ text: String?, _ option: String) throws(CommandFailure) -> Date? {
            guard let text else { return nil }
            guard let date = Clock.parseMoment(text) else {
                throw .usage("\(option) \(text) is not a day (2027-01-15, its start in UTC) or an RFC 3339 time (2027-01-15T09:00:00Z)")
            }
            return date
        }
        if let at = try moment(at, "--at") { return (subject, .at(at)) }
        let window = (try moment(since, "--since"), try moment(until, "--until"))
        if let since = window.0, let until = window.1, until <= since {
            throw .usage("--until \(self.until!) is not after --since \(self.since!)")
        }
        if window.0 == nil, window.1 == nil { return (subject, .always) }
        return (subject, .between(since: window.0, until: window.1))
    }

    /// The asset `text` names: a key of the config, else the id of an asset declared or recorded.
    static func asset(_ text: String, config: Config, knownAssets: Set<AssetRef>) throws(CommandFailure) -> AssetRef {
        if let declared = config.assets.first(where: { $0.key == text }) {
            return AssetRef(type: declared.type, id: declared.id)
        }
        let matches = Set(config.assets.map { AssetRef(type: $0.type, id: $0.id) }).union(knownAssets)
            .filter { $0.id == text }.sorted()
        guard let match = matches.first else {
            let hint = Suggestion.closest(to: text, among: config.assets.map(\.key).sorted()).map { " (did you mean '\($0)'?)" } ?? ""
            throw .usage("--asset \(text) is neither an asset key of \(config.path)\(hint) nor the id of an asset it declares or the record holds")
        }
        guard matches.count == 1 else {
            throw .usage("--asset \(text) is the id of \(matches.count) assets (\(matches.map(\.type.rawValue).joined(separator: ", "))); name it by its key")
        }
        return match
    }
}
