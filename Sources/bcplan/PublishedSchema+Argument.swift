import ArgumentParser
import BCPlanCore

extension PublishedSchema: ExpressibleByArgument {}
