/// A write the fake API refuses: 40002 for a malformed request, 40001 for a platform rule.
struct FakeAPIRefusal: Error, Sendable {
    var code: Int
    var message: String
}
