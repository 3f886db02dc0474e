import ArgumentParser
import BCPlanCore
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a saved plan (from `plan --out`)."
    )

    @Argument(help: "The plan file.")
    var planFile: String

    @Option(help: "text, json or markdown.")
    var format: PlanFormat = .text

    func run() throws {
        let plan = try SavedPlan.load(planFile)
        let environment = ProcessInfo.processInfo.environment
        Output.streams.standard(PlanRendering.renderer(format, terminal: isatty(1) == 1, environment: environment).render(plan))
    }
}

extension ShowCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan show plan.json", "Print a saved plan as plan prints it."),
        ("bcplan show plan.json --format markdown > plan.md", "The same plan as a pull-request comment."),
    ]
}
