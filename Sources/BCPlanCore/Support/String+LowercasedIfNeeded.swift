extension String {
    /// `lowercased()`, but the string itself when it is ASCII without capitals (almost every e-mail
    /// address): member e-mails are normalised wherever they are compared, thousands of times a plan,
    /// and `lowercased()` always builds a new string.
    var lowercasedIfNeeded: String {
        let needsWork = utf8.withContiguousStorageIfAvailable { bytes in
            var found = false
            for byte in bytes where byte >= 0x80 || byte &- 0x41 < 26 {
                found = true
                break
            }
            return found
        } ?? true
        return needsWork ? lowercased() : self
    }
}
