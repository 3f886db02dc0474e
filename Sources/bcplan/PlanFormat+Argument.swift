import ArgumentParser
import BCPlanCore

extension PlanFormat: ExpressibleByArgument {}
