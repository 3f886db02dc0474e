extension RefreshSession {
    /// `bcplan refresh` for one config (DESIGN §6): prints the drift and what became of the state,
    /// as text or as `RefreshDocument`, and returns the exit code (2 for recorded drift with
    /// `detailedExitcode`). A refresh that fails throws, after printing its document for json.
    public static func run(
        _ request: Request, format: ReportFormat, detailedExitcode: Bool, output: CommandOutput
    ) async throws(CommandFailure) -> Int32 {
        let result: Result
        do {
            result = try await run(request, notice: { output.error($0 + "\n") })
        } catch {
            if format == .json {
                output.standard(RefreshDocument.json(
                    refreshes: [], driftRecorded: false,
                    failures: [OutputDocument.failure(config: request.configPath, exitCode: error.exitCode, message: error.message)],
                    exitCode: error.exitCode).rendered())
            }
            throw error
        }
        let exitCode = result.exitCode(detailed: detailedExitcode)
        switch format {
        case .text: output.standard(result.text)
        case .json:
            output.standard(RefreshDocument.json(
                refreshes: [result.json], driftRecorded: result.driftRecorded, failures: [], exitCode: exitCode).rendered())
        }
        return exitCode
    }
}
