/// The exit codes of DESIGN §6, named once.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// An error, a policy violation, or a failed action.
    public static let failure: Int32 = 1
    /// Changes present (`--detailed-exitcode`).
    public static let changes: Int32 = 2
    /// bcplan was invoked wrongly.
    public static let usage: Int32 = 64
    /// An apply stopped by SIGINT (128 + 2) after finishing what was in flight (`StopSignal`).
    public static let interrupted: Int32 = 130
    /// An apply stopped by SIGTERM (128 + 15).
    public static let terminated: Int32 = 143
}
