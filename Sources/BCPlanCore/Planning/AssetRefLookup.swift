/// Asset refs, with something for each, looked up by ref: a plain array searched in turn while
/// there are few (a member or partner holds a handful of assets, and 5,000 of them each made a
/// dictionary and two sets, a fifth of planning), a dictionary once there are many (an agency's
/// operator may hold thousands).
struct AssetRefLookup<Value> {
    private var entries: [(ref: AssetRef, value: Value)] = []
    private var index: [AssetRef: Int]?
    private static var linearLimit: Int { 16 }

    init() {}

    /// `pairs` in order; where a ref comes twice, the first value is kept.
    init<S: Sequence>(firstOf pairs: S) where S.Element == (AssetRef, Value) {
        for (ref, value) in pairs where !contains(ref) { append(ref, value) }
    }

    var isEmpty: Bool { entries.isEmpty }

    func contains(_ ref: AssetRef) -> Bool { position(of: ref) != nil }

    subscript(ref: AssetRef) -> Value? {
        position(of: ref).map { entries[$0].value }
    }

    /// Sets the value of `ref`, replacing the one it had (the last one set is kept).
    mutating func set(_ ref: AssetRef, _ value: Value) {
        if let position = position(of: ref) {
            entries[position].value = value
        } else {
            append(ref, value)
        }
    }

    private mutating func append(_ ref: AssetRef, _ value: Value) {
        entries.append((ref, value))
        if index != nil {
            index![ref] = entries.count - 1
        } else if entries.count > Self.linearLimit {
            index = Dictionary(entries.enumerated().map { ($1.ref, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    private func position(of ref: AssetRef) -> Int? {
        if let index { return index[ref] }
        return entries.firstIndex { $0.ref == ref }
    }
}

extension AssetRefLookup where Value == Void {
    mutating func insert(_ ref: AssetRef) {
        if !contains(ref) { append(ref, ()) }
    }
}
