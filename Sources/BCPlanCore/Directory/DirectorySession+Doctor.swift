extension DirectorySession {
    /// `bcplan doctor -c DIR`: each config's checks under its heading, then the total line; exits
    /// 1 when any check of any config failed.
    public func doctor(environment: [String: String]) async throws(CommandFailure) -> Int32 {
        let configs = try await ConfigDirectory.load(directory, jobs: jobs)
        let outputs = await run(configs) { entry, config in
            do throws(CommandFailure) {
                let report = try await DoctorSession.run(
                    configPath: entry.path, loaded: entry.loaded, config: config, environment: environment)
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: report.text, exitCode: report.exitStatus,
                    status: report.passed ? .succeeded : .failed)
            } catch {
                return BusinessCenterOutput(config: entry.path, title: entry.title, failure: error)
            }
        }
        return finish(outputs, words: .doctor)
    }
}
