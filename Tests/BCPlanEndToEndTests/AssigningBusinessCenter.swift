import Foundation

/// A Business Center for tests that need many independent actions: two admins and `members`
/// standard members who are each to get ad account `us`, so `members` assigns, none in a batch
/// with another (each its own provider call).
struct AssigningBusinessCenter {
    var id = "7000000000000000001"
    var name: String
    var members: Int
    /// The mock's `latency_ms`; nil leaves it out.
    var latency: Int?

    /// Writes the config `config` and the mock store `store` into `folder`.
    func write(config: String, store: String, in folder: URL) throws {
        let latencyKey = latency.map { ", latency_ms: \($0)" } ?? ""
        var yaml = """
            version: 1
            business_center: {id: "\(id)", name: \(name)}
            provider: {kind: mock, store: \(store), caller: ana@acme.example\(latencyKey)}
            assets:
              - {key: us, type: ad_account, id: "7100000000000000001"}
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bo@acme.example, role: admin}

            """
        var stored = [
            #"{"email": "ana@acme.example", "user_id": "1", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#,
            #"{"email": "bo@acme.example", "user_id": "2", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#,
        ]
        for index in 0..<members {
            yaml += "  - {email: m\(index)@acme.example, role: standard, assets: {us: analyst}}\n"
            stored.append(#"{"email": "m\#(index)@acme.example", "user_id": "\#(100 + index)", "status": "active", "role": "standard", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#)
        }
        try BinaryRunner.write(yaml, config, in: folder)
        try BinaryRunner.write("""
            {"business_center": {"id": "\(id)", "name": "\(name)"},
             "members": [\(stored.joined(separator: ",\n"))],
             "partners": [],
             "assets": [{"type": "ad_account", "id": "7100000000000000001", "name": "US", "owner_bc_id": "\(id)"}]}
            """, store, in: folder)
    }
}
