extension DirectorySession {
    /// `bcplan audit -c DIR`: one group per Business Center; json gathers the reports under
    /// `audits`. CSV and dot have no way to hold several Business Centers in one document, so
    /// they are refused.
    public func audit(_ format: AuditFormat, environment: [String: String]) async throws(CommandFailure) -> Int32 {
        guard format == .text || format == .markdown || format == .json else {
            throw .usage("with -c DIR, audit prints text, markdown or json; run --format \(format.rawValue) on each config file")
        }
        let configs = try await ConfigDirectory.load(directory, jobs: jobs)
        let outputs = await run(configs, printGroups: format == .text) { entry, config in
            do throws(CommandFailure) {
                let report = try await AuditSession.report(
                    configPath: entry.path, loaded: entry.loaded, config: config, environment: environment)
                // json is printed whole from the documents, so its text is not kept.
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: format == .json ? "" : format.renderer.render(report),
                    exitCode: ExitStatus.success, status: .succeeded, document: format == .json ? JSONAuditRenderer.document(report) : nil)
            } catch {
                return BusinessCenterOutput(config: entry.path, title: entry.title, failure: error)
            }
        }
        if format != .text {
            printWhole(outputs, json: format == .json, key: "audits", words: .audit)
        }
        return finish(outputs, words: .audit, printTotal: format == .text)
    }
}
