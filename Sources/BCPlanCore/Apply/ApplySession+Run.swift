extension ApplySession {
    /// `bcplan apply` for one config (DESIGN §5): applies, prints the report (text) or
    /// `ApplyDocument` (json) on `output`, and returns the exit code. An apply that stops before
    /// its first action throws, after printing its document for json.
    public static func run(
        _ request: Request, format: ReportFormat, console: ApplyConsole, output: CommandOutput
    ) async throws(CommandFailure) -> Int32 {
        let report: ApplyReport
        do {
            report = try await run(request, console: console)
        } catch {
            if format == .json {
                let config = request.configPath ?? request.planPath ?? "bcplan.yaml"
                output.standard(ApplyDocument.json(
                    applies: [], failures: [OutputDocument.failure(config: config, exitCode: error.exitCode, message: error.message)],
                    interrupted: StopSignal(exitCode: error.exitCode), exitCode: error.exitCode).rendered())
            }
            throw error
        }
        switch format {
        case .text:
            output.standard(report.text)
        case .json:
            output.standard(ApplyDocument.json(
                applies: [report.json], failures: [], interrupted: report.interruption?.signal, exitCode: report.exitCode).rendered())
        }
        return report.exitCode
    }
}
