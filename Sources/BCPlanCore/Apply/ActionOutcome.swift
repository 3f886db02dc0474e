/// What happened to one action of an apply.
public struct ActionOutcome: Sendable, Hashable {
    /// The same words as the audit log's.
    public typealias Result = AuditResult

    public var action: PlanAction
    public var result: Result
    /// The provider's id of the (last) request, when there was one.
    public var requestID: String?
    /// Why it failed or was skipped; nil on success.
    public var message: String?
    /// Provider calls made for it (retries included); 0 when not attempted.
    public var attempts: Int
    /// Actions sent in the same provider call (1 when alone).
    public var batchSize: Int

    public init(
        action: PlanAction, result: Result, requestID: String? = nil, message: String? = nil, attempts: Int = 0,
        batchSize: Int = 1
    ) {
        self.action = action
        self.result = result
        self.requestID = requestID
        self.message = message
        self.attempts = attempts
        self.batchSize = batchSize
    }
}
