import ArgumentParser
import BCPlanCore

extension AuditFormat: ExpressibleByArgument {}
