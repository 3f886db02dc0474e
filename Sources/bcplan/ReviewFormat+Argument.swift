import ArgumentParser
import BCPlanCore

extension ReviewFormat: ExpressibleByArgument {}
