@testable import BCPlanCore
import Testing

/// A saved plan reads back into the typed plan it was written from, and an action whose JSON does
/// not fit its kind is refused rather than guessed at.
@Suite struct SavedPlanTests {
    @Test(arguments: PlanGoldenTests.cases)
    func everyGoldenPlanReadsBackAsWritten(_ name: String) throws {
        let plan = try PlanGoldenTests.plan(name)
        let read = try SavedPlan.decode(JSONPlanRenderer.document(plan))
        #expect(read.actions == plan.actions)
        #expect(read.fingerprints == plan.fingerprints)
        #expect(read.diagnostics == plan.diagnostics, "diagnostics come back with their codes and places")
    }

    @Test func theSampleWithEveryKindReadsBackAsWritten() throws {
        let plan = PlanFixtures.sample
        #expect(try SavedPlan.decode(JSONPlanRenderer.document(plan)).actions == plan.actions)
    }

    /// The document of the sample with one action's field replaced.
    private func sample(action id: String, _ key: String, _ value: JSONValue) throws -> JSONValue {
        guard case .object(var document) = JSONPlanRenderer.document(PlanFixtures.sample),
              case .array(var actions)? = document["actions"] else { throw Unexpected() }
        let index = try #require(actions.firstIndex { $0["id"]?.stringValue == id })
        guard case .object(var action) = actions[index] else { throw Unexpected() }
        action[key] = value
        actions[index] = .object(action)
        document["actions"] = .array(actions)
        return .object(document)
    }

    private struct Unexpected: Error {}

    private func refusal(_ document: JSONValue) -> String? {
        do {
            _ = try SavedPlan.decode(document)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func aShareThatCarriesARoleIsRefused() throws {
        let document = try sample(action: "share:7000000000000000099:ad_account:7100000000000000001", "after",
                                  .object(["role": .string("admin"), "finance": .null]))
        #expect(refusal(document)
            == "action share:7000000000000000099:ad_account:7100000000000000001: after.permission is missing or not valid")
    }

    @Test func anInvitationToAnotherAddressThanItsMemberIsRefused() throws {
        let document = try sample(action: "invite:carla@acme.example", "member", .string("dan@acme.example"))
        #expect(refusal(document) == "action invite:carla@acme.example: after.email is not the member dan@acme.example")
    }

    @Test func anIdThatDoesNotFitTheChangeIsRefused() throws {
        let document = try sample(action: "revoke:jack@acme.example", "member", .string("zoe@acme.example"))
        #expect(refusal(document) == "action revoke:jack@acme.example is, by its kind and subject, revoke:zoe@acme.example")
    }

    @Test func aTransferNamesTheBusinessCenterOnTheOtherSide() throws {
        let document = try sample(action: "transfer:ad_account:7100000000000000003", "partner", .string("7000000000000000042"))
        #expect(refusal(document)
            == "action transfer:ad_account:7100000000000000003: partner must be the Business Center it moves from or to")
    }
}
