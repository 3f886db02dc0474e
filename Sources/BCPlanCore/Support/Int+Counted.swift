extension Int {
    /// "1 member", "3 members": the number with its noun, plural by adding "s".
    func counted(_ noun: String) -> String {
        "\(self) \(noun)\(self == 1 ? "" : "s")"
    }

    /// "1 entry", "3 entries": the number with its noun, for a plural not made by adding "s".
    func counted(_ noun: String, _ plural: String) -> String {
        "\(self) \(self == 1 ? noun : plural)"
    }
}
