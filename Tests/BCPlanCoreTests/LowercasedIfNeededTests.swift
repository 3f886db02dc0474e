@testable import BCPlanCore
import Testing

/// `lowercasedIfNeeded` is `lowercased()`, whatever the string: short or long, capitals at either
/// end, letters beyond ASCII, the bytes around 'A' and 'Z'.
struct LowercasedIfNeededTests {
    @Test(arguments: [
        "", "a", "carla@acme.example", "Carla@acme.example", "carla@acme.exampleZ", "ÜBER@acme.example",
        "über@acme.example", "ǅ@x.example", "@[`{", "AZ", "a-very-long-address-beyond-fifteen-bytes@example.com",
        "A-VERY-LONG-ADDRESS-BEYOND-FIFTEEN-BYTES@EXAMPLE.COM", "İstanbul@example.com",
    ])
    func sameAsLowercased(text: String) {
        #expect(text.lowercasedIfNeeded == text.lowercased())
    }
}
