/// The two workflows of `examples/gitops` and what each names its own: the git variant commits the
/// recorded state back, the PostgreSQL variant keeps it in the database.
enum GitOpsWorkflow: String, CaseIterable, Sendable, CustomStringConvertible {
    case git
    case postgres

    var description: String { rawValue }

    /// The workflow file, relative to the example.
    var path: String {
        switch self {
        case .git: ".github/workflows/bcplan.yml"
        case .postgres: ".github/workflows/bcplan-postgres.yml"
        }
    }

    /// `BCPLAN_CONFIGS`: the folder of configs it plans and applies.
    var configs: String {
        switch self {
        case .git: "business-centers"
        case .postgres: "business-centers-postgres"
        }
    }

    /// The pull request's plans are saved as this prefix plus the head commit.
    var artifact: String {
        switch self {
        case .git: "bcplan-plans-"
        case .postgres: "bcplan-postgres-plans-"
        }
    }

    /// The checked plans, from fetch-plans to apply.
    var handOver: String { artifact + "to-apply" }

    /// After the marker's kind in comments and issues (`<!-- bcplan-plan-postgres -->`).
    var markerSuffix: String {
        switch self {
        case .git: ""
        case .postgres: "-postgres"
        }
    }

    /// What fetch-plans and apply check out after the merge: the tip of main (the configs and the
    /// state committed last), or the merged commit (the state is in the database).
    var mergedCheckout: String {
        switch self {
        case .git: "${{ github.ref_name }}"
        case .postgres: "${{ github.sha }}"
        }
    }
}
