import ArgumentParser
import BCPlanCore

extension ReportFormat: ExpressibleByArgument {}
