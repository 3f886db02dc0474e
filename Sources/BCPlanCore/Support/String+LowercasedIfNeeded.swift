extension String {
    /// `lowercased()`, but the string itself when it is ASCII without capitals (almost every e-mail
    /// address): member e-mails are normalised wherever they are compared, thousands of times a plan,
    /// and `lowercased()` always builds a new string.
    var lowercasedIfNeeded: String {
        let needsWork = utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains { $0 >= 0x80 || ($0 >= 0x41 && $0 <= 0x5A) }
        } ?? true
        return needsWork ? lowercased() : self
    }
}
