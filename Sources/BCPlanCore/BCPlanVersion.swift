/// The version of bcplan, written into plans.
public enum BCPlanVersion {
    public static let current = "0.1.0"
}
