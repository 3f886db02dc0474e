import ArgumentParser
import BCPlanCore
import Foundation

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Carry out a saved plan, or plan afresh and carry it out after approval.",
        discussion: """
            With PLAN.json (from `bcplan plan --out`), applies exactly that plan, refusing it when the config, \
            the state or an object it touches changed since. Without it, plans, shows the plan and asks for 'yes' \
            (or takes --auto-approve). The state is written after every action; each outcome goes to the audit log.

            With -c DIR, applies every config in DIR (--jobs at once), each under its own state lock: either \
            the plans that `bcplan plan -c DIR --out PLANS` saved (bcplan apply PLANS -c DIR), or fresh plans \
            with --auto-approve. Output is grouped by Business Center, then a total line; the exit code is the worst.
            """
    )

    @Argument(help: "A plan saved with `bcplan plan --out` (with -c DIR: the directory of plans it wrote).")
    var planFile: String?

    @Option(
        name: [.customShort("c"), .customLong("config")],
        help: "The config file (default: the saved plan's, else bcplan.yaml), or a directory of configs.")
    var config: String?

    @OptionGroup var jobs: JobsOption

    @Flag(help: "Apply without asking (for pipelines, after the plan was reviewed).")
    var autoApprove = false

    @Option(help: "Provider calls at once.")
    var parallelism = 4

    @Flag(help: "Allow removing more than policy.max_revoke_fraction of members and partners.")
    var allowMassRevoke = false

    @Option(help: "How long to wait for another run's state lock, in seconds (e.g. 30 or 30s).")
    var lockTimeout: Seconds = Seconds(0)

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        if let config, ConfigDirectory.isDirectory(config) {
            try await applyDirectory(config, environment: environment)
            return
        }
        if let planFile, ConfigDirectory.isDirectory(planFile) {
            Output.error("error: \(planFile) is a directory of plans; give the directory of configs they were made from too: bcplan apply \(planFile) -c DIR\n")
            throw ExitCode(64)
        }
        let console = TerminalConsole(environment: environment)
        let report: ApplyReport
        do {
            report = try await ApplySession.run(
                ApplySession.Request(
                    configPath: config, planPath: planFile, autoApprove: autoApprove, parallelism: parallelism,
                    allowMassRevoke: allowMassRevoke, lockTimeout: lockTimeout.value, environment: environment),
                console: console)
        } catch {
            Output.error(error.message)
            throw ExitCode(error.exitCode)
        }
        Output.standard(report.text)
        if !report.succeeded { throw ExitCode(1) }
    }

    private func applyDirectory(_ directory: String, environment: [String: String]) async throws {
        if let planFile, !ConfigDirectory.isDirectory(planFile) {
            Output.error("error: with a directory of configs, give the directory of plans that bcplan plan -c \(directory) --out PLANS wrote, not the file \(planFile)\n")
            throw ExitCode(64)
        }
        if planFile == nil, !autoApprove {
            Output.error("error: applying a directory of configs asks no questions: review the plans and add --auto-approve, or save them (bcplan plan -c \(directory) --out PLANS), review them, and run bcplan apply PLANS -c \(directory)\n")
            throw ExitCode(64)
        }
        let configs = try await DirectoryCommand.load(directory, jobs: jobs.count)
        if let planFile {
            do {
                try Self.checkPlans(in: planFile, match: configs, directory: directory)
            } catch {
                Output.error(error.message)
                throw ExitCode(error.exitCode)
            }
        }
        let request = ApplySession.Request(
            autoApprove: autoApprove, parallelism: parallelism, allowMassRevoke: allowMassRevoke,
            lockTimeout: lockTimeout.value, environment: environment)
        let planDirectory = planFile
        let outputs = await DirectoryCommand.run(configs, jobs: jobs.count) { entry, _ in
            var request = request
            request.configPath = entry.path
            request.planPath = planDirectory.map(entry.planPath(in:))
            let console = BufferedConsole()
            do throws(CommandFailure) {
                let report = try await ApplySession.run(request, console: console)
                let done = report.count(.succeeded)
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: console.output + report.text, stderr: console.notices,
                    exitCode: report.succeeded ? 0 : 1,
                    status: !report.succeeded ? .failed : done > 0 ? .changed(actions: done) : .succeeded)
            } catch {
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: console.output, stderr: console.notices + error.message,
                    exitCode: error.exitCode, status: .failed)
            }
        }
        try DirectoryCommand.finish(outputs, words: .apply)
    }

    /// Every config has its saved plan, and every saved plan its config; otherwise nothing is applied.
    private static func checkPlans(in planDirectory: String, match configs: [DirectoryConfig], directory: String) throws(CommandFailure) {
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: planDirectory)) ?? [])
        let expected = Set(configs.map(\.planName))
        let missing = configs.filter { !names.contains($0.planName) }.map { $0.planPath(in: planDirectory) }
        let extra = names.filter { $0.hasSuffix(ConfigDirectory.planSuffix) && !expected.contains($0) }.sorted()
            .map { ConfigDirectory.join(planDirectory, $0) }
        var problems: [String] = []
        if !missing.isEmpty {
            problems.append("error: no saved plan for \(missing.count == 1 ? "a config" : "\(missing.count) configs") of \(directory): \(missing.joined(separator: ", ")) missing")
        }
        if !extra.isEmpty {
            problems.append("error: \(extra.joined(separator: ", ")) \(extra.count == 1 ? "matches" : "match") no config in \(directory)")
        }
        guard problems.isEmpty else {
            throw CommandFailure(problems.joined(separator: "\n") + "\nNothing was applied; plan again with bcplan plan -c \(directory) --out \(planDirectory), review, and apply that.")
        }
    }
}

extension ApplyCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan apply", "Plan, show the plan, and carry it out after you type 'yes'."),
        ("bcplan apply plan.json", "Carry out exactly a saved, reviewed plan (refused when it is stale)."),
        ("bcplan apply plans -c business-centers", "Carry out the saved plans of a folder of configs."),
    ]
}
