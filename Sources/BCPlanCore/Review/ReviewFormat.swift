/// How `review` prints its report.
public enum ReviewFormat: String, Sendable, CaseIterable {
    case text
    case markdown
    case json

    public var renderer: ReviewRenderer {
        switch self {
        case .text: TextReviewRenderer()
        case .markdown: MarkdownReviewRenderer()
        case .json: JSONReviewRenderer()
        }
    }
}
