/// How `history` prints.
public enum HistoryFormat: String, Sendable, CaseIterable {
    case text
    case json
    case csv

    public var renderer: HistoryRenderer {
        switch self {
        case .text: TextHistoryRenderer()
        case .json: JSONHistoryRenderer()
        case .csv: CSVHistoryRenderer()
        }
    }
}
