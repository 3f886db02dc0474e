@testable import BCPlanCore
import Foundation
import Testing

/// `SnapshotReader` reads a valid document exactly as `JSONParser` and `JSONReadable` do, and gives
/// up (nil) on anything else, so the slow path words the error.
struct SnapshotReaderTests {
    /// Every kind of value a snapshot holds, nulls, escapes, keys it does not know, odd spacing.
    private static let document = #"""
        {"requests_committed": 7, "business_center": {"id": "7029141777631706690", "name": null, "extra": [1, {"a": true}]},
         "members": [
          {"email": "Ana@acme.example", "user_id": null, "status": "active", "role": "admin", "finance": "manager",
           "invited_at": "2026-01-02T03:04:05Z", "resends": 2, "note": "x\ty",
           "assets": [{"type": "ad_account", "id": "7100000000000000001", "permission": "admin"},
                      {"type": "tiktok_account", "id": "7100000000000000002", "permission": ["post", "live", "post"]}]},
          {"email": "b\u00f6@acme.example", "status": "pending", "role": "standard", "resends": null, "assets": null}
         ],
         "partners": [{"bc_id": "7000000000000000009", "name": "Agency \"One\"", "status": "active", "media_agency": true,
                       "shares": [{"type": "pixel", "id": "C5FP30NQ9M3E4IYW3N", "permission": "use"}]},
                      {"bc_id": "7000000000000000010", "status": "pending"}],
         "assets": [{"type": "ad_account", "id": "7100000000000000001", "name": "Ads", "owner_bc_id": "7029141777631706690"},
                    {"type": "catalog", "id": "7100000000000000003", "owner_bc_id": "7000000000000000009",
                     "access": "operator", "requested": null}],
         "format_version": 1, "lineage": "l", "serial": 3, "refreshed_at": null, "audit": {"lines": 0, "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}}
        """#

    @Test func readsWhatTheTreeReads() throws {
        let bytes = Array(Self.document.utf8)
        let direct = try #require(SnapshotReader.read(bytes))
        let tree = try JSONParser.parse(bytes)
        #expect(direct.snapshot == (try Snapshot(json: tree, path: "")))
        #expect(direct.snapshot.members[0].assets[1].permission == .set(["live", "post"]))
        #expect(direct.snapshot.members[1].email == "bö@acme.example")
        #expect(direct.snapshot.partners[0].name == "Agency \"One\"")
        guard case .object(var others) = tree else { Issue.record("not an object"); return }
        for key in ["business_center", "members", "partners", "assets"] { others[key] = nil }
        #expect(direct.others == others)
        // With a UTF-8 byte order mark, as JSONParser takes it.
        #expect(SnapshotReader.read([0xEF, 0xBB, 0xBF] + bytes)?.snapshot == direct.snapshot)
    }

    @Test(arguments: [
        ("a syntax error", #"{"business_center": {"id": "1"}, "members": [}"#),
        ("a duplicate key", #"{"business_center": {"id": "1"}, "members": [], "members": []}"#),
        ("a duplicate unknown key", #"{"business_center": {"id": "1", "x": 1, "x": 2}}"#),
        ("one unknown key spelt twice", "{\"business_center\": {\"id\": \"1\", \"\u{E9}\": 1, \"e\u{301}\": 2}}"),
        ("an escaped key", #"{"business_center": {"\u0069d": "1"}}"#),
        ("a missing key", #"{"business_center": {"id": "1"}, "members": [{"email": "a@b.c", "status": "active"}]}"#),
        ("an unknown status", #"{"business_center": {"id": "1"}, "partners": [{"bc_id": "2", "status": "gone"}]}"#),
        ("a fraction for a count", #"{"business_center": {"id": "1"}, "members": [{"email": "a@b.c", "status": "active", "role": "admin", "resends": 1.0}]}"#),
        ("a number too large", #"{"business_center": {"id": "1"}, "members": [{"email": "a@b.c", "status": "active", "role": "admin", "resends": 99999999999999999999}]}"#),
        ("a string for a flag", #"{"business_center": {"id": "1"}, "partners": [{"bc_id": "2", "status": "active", "media_agency": "yes"}]}"#),
        ("no business center", #"{"members": []}"#),
        ("a list at the top", #"[]"#),
        ("text after the document", #"{"business_center": {"id": "1"}} x"#),
        ("a trailing comma", #"{"business_center": {"id": "1"},}"#),
        ("a cut-off file", #"{"business_center": {"id": "1"}, "assets": [{"type": "pixel", "#),
    ])
    func givesUpOnAnythingElse(_ what: String, _ text: String) {
        #expect(SnapshotReader.read(Array(text.utf8)) == nil, "\(what)")
    }

    /// A state file read both ways gives the same state; a broken one still gets the slow path's message.
    @Test func theStateReadsTheSameEitherWay() throws {
        let bytes = Array(Self.document.utf8)
        let direct = try #require(RecordedState.read(directlyFrom: bytes))
        #expect(direct == (try RecordedState(json: try JSONParser.parse(bytes), path: "")))
        let wrongVersion = Array(Self.document.replacingOccurrences(of: #""format_version": 1"#, with: #""format_version": 2"#).utf8)
        #expect(RecordedState.read(directlyFrom: wrongVersion) == nil)
    }
}
