/// The exit codes of DESIGN §6, named once.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// An error, a policy violation, or a failed action.
    public static let failure: Int32 = 1
    /// Changes present (`--detailed-exitcode`).
    public static let changes: Int32 = 2
    /// bcplan was invoked wrongly.
    public static let usage: Int32 = 64
}
