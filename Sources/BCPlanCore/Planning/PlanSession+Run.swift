import Foundation

extension PlanSession {
    /// How `bcplan plan` shows and keeps its result.
    public struct Presentation: Sendable {
        public var format: PlanFormat
        /// `--out`: where to save the plan (a directory, for a directory of configs).
        public var out: String?
        public var detailedExitcode: Bool
        /// True when standard output is a terminal (colour, for text).
        public var terminal: Bool

        public init(format: PlanFormat = .text, out: String? = nil, detailedExitcode: Bool = false, terminal: Bool = false) {
            self.format = format
            self.out = out
            self.detailedExitcode = detailedExitcode
            self.terminal = terminal
        }
    }

    /// `bcplan plan` for one config (DESIGN §6): prints the plan and its errors, saves it with
    /// `--out` (only a plan without errors), and returns the exit code.
    ///
    /// `exitWhileReferenced`, when given, ends the process with the exit code while the config, the
    /// snapshots and the plan are still referenced: freeing them piece by piece costs about 3 % of a
    /// plan at the platform maximum, and the kernel takes the memory back at once (as `validate`).
    public static func run(
        _ request: Request, _ presentation: Presentation, output: CommandOutput,
        exitWhileReferenced exit: ((Int32) -> Never)? = nil
    ) async throws(CommandFailure) -> Int32 {
        let context = try SessionContext(configPath: request.configPath, environment: request.environment)
        let plan = try await plan(request, context: context)
        let status = present(plan, presentation, environment: request.environment, output: output)
        if let exit { withExtendedLifetime((context, plan)) { exit(status) } }
        return status
    }

    private static func present(
        _ plan: Plan, _ presentation: Presentation, environment: [String: String], output: CommandOutput
    ) -> Int32 {
        output.standard(PlanRendering.renderer(presentation.format, terminal: presentation.terminal, environment: environment).render(plan))
        if plan.hasErrors {
            output.error(PlanRendering.errorLines(plan, shownWithThePlan: presentation.format == .text))
            return ExitStatus.failure
        }
        if let out = presentation.out {
            do {
                try SavedPlan.write(plan, to: out)
            } catch {
                output.error("error: cannot write the plan: \(error)\n")
                return ExitStatus.failure
            }
        }
        return presentation.detailedExitcode && plan.hasChanges ? ExitStatus.changes : ExitStatus.success
    }
}
