extension Int {
    /// "1 member", "3 members": the number with its noun, plural by adding "s".
    func counted(_ noun: String) -> String {
        "\(self) \(noun)\(self == 1 ? "" : "s")"
    }
}
