import ArgumentParser
import BCPlanCore

extension HistoryFormat: ExpressibleByArgument {}
