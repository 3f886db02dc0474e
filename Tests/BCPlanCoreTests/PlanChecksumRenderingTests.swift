@testable import BCPlanCore
import Testing

/// `PlanChecksum.sealedRendering` (one walk, both renderings) writes exactly what sealing the
/// document and pretty-printing it wrote before, for documents of every shape.
struct PlanChecksumRenderingTests {
    static let documents: [JSONValue] = [
        .object([:]),
        .object(["checksum": .string("stale")]),
        .object(["zeta": .int(1)]),
        .object(["actions": .array([]), "summary": .object([:]), "a\"b": .string("line\nbreak\u{1}\\"), "z": .null]),
        .object([
            "actions": .array([
                .object(["id": .string("invite:carla@acme.example"), "after": .object(["assets": .array([.int(1), .bool(true)])])]),
                .object(["id": .string("revoke:ü@example.com"), "before": .null, "weight": .double(2.5)]),
            ]),
            "checksum": .string("left over"),
            "fingerprints": .object(["member:carla@acme.example": .string("absent")]),
            "format_version": .int(1),
        ]),
        .array([.int(1)]),
        .string("not an object"),
    ]

    @Test(arguments: documents)
    func sameAsSealingThenRendering(document: JSONValue) {
        #expect(PlanChecksum.sealedRendering(document) == PlanChecksum.sealed(document).rendered())
    }

    /// The checksum in the text is the one `problem(in:)` checks, so `show` accepts the plan.
    @Test func theWrittenChecksumHolds() throws {
        let text = PlanChecksum.sealedRendering(Self.documents[4])
        let parsed = try JSONParser.parse(Array(text.utf8))
        #expect(PlanChecksum.problem(in: parsed) == nil)
    }
}
