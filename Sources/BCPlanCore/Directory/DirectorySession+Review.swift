extension DirectorySession {
    /// `bcplan review -c DIR`: one group per Business Center; json gathers the reviews under
    /// `reviews`; markdown is one document for one issue, the total first.
    public func review(_ request: ReviewSession.Request) async throws(CommandFailure) -> Int32 {
        let configs = try await ConfigDirectory.load(directory, jobs: jobs)
        let format = request.format
        let outputs = await run(configs, printGroups: format == .text) { entry, config in
            do throws(CommandFailure) {
                let review = try ReviewSession.review(config, environment: request.environment)
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: format == .json ? "" : format.renderer.render(review),
                    exitCode: ReviewSession.exitCode(review, detailedExitcode: request.detailedExitcode),
                    status: review.dueCount > 0 ? .changed(actions: review.dueCount) : .succeeded,
                    document: format == .json ? JSONReviewRenderer.document(review) : nil)
            } catch {
                return BusinessCenterOutput(config: entry.path, title: entry.title, failure: error)
            }
        }
        if format != .text {
            printWhole(outputs, json: format == .json, key: "reviews", words: .review)
        }
        return finish(outputs, words: .review, printTotal: format == .text)
    }
}
