/// Turns a plan into text for one audience (a terminal, a machine, a pull request).
public protocol PlanRenderer {
    func render(_ plan: Plan) -> String
}
