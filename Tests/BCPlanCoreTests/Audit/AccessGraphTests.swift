@testable import BCPlanCore
import Foundation
import Testing

@Suite struct AccessGraphTests {
    /// 300 members (5 admins), 40 partners (one with admin on an ad account), 60 assets.
    static func largeBusinessCenter() -> (Config, Snapshot) {
        let ownID = "7000000000000000001"
        var assets: [AssetRecord] = []
        for index in 0..<60 {
            let type = AssetType.allCases[index % 4]
            let id = type == .pixel ? "PX\(index)" : String(7_100_000_000_000_000_000 + index)
            assets.append(AssetRecord(type: type, id: id, name: "Asset \(index)", ownerBCID: index % 10 == 9 ? "7000000000000000555" : ownID,
                                      access: index % 10 == 9 && type == .adAccount ? .level("analyst") : nil))
        }
        func permission(_ type: AssetType, _ seed: Int) -> Permission {
            type.takesPermissionSet ? .makeSet(["post"]) : .level(type.permissionValues[seed % type.permissionValues.count])
        }
        var members: [MemberRecord] = []
        for index in 0..<300 {
            var grants: [AssetPermissionRecord] = []
            if index % 3 != 0 {
                for asset in [assets[index % 60], assets[(index * 7 + 1) % 60]] {
                    grants.append(AssetPermissionRecord(type: asset.type, id: asset.id, permission: permission(asset.type, index)))
                }
            }
            let status: MemberStatus = index % 50 == 7 ? .pending : .active
            let role: MemberRole = index < 5 ? .admin : .standard
            members.append(MemberRecord(email: "user\(index)@acme.example", status: status, role: role, assets: grants))
        }
        let partners = (0..<40).map { index in
            PartnerRecord(bcID: String(7_000_000_000_000_001_000 + index), name: "Partner \(index)", status: .active,
                          shares: index == 3 ? [AssetPermissionRecord(type: .adAccount, id: assets[0].id, permission: .level("admin"))]
                              : [AssetPermissionRecord(type: assets[4].type, id: assets[4].id, permission: .level("operator"))])
        }
        let snapshot = Snapshot(businessCenter: BusinessCenterInfo(id: ownID, name: "Large"), members: members,
                                partners: partners, assets: assets)
        let config = Config(
            path: "bcplan.yaml", businessCenterID: ownID, businessCenterName: "Large",
            provider: ProviderConfig(storePath: "store.json", storeDisplayPath: "store.json"),
            state: .file(path: "s.json", displayPath: "s.json"), policy: Policy(), assets: [], members: [], partners: [])
        return (config, snapshot)
    }

    @Test func aLargeBusinessCenterIsSummarisedAndEveryPathIsCountedOnce() throws {
        let (config, snapshot) = Self.largeBusinessCenter()
        let report = AccessAuditor.audit(snapshot, config: config, now: Date(timeIntervalSince1970: 0))
        let graph = AccessGraph(report)
        #expect(graph.summarised)
        #expect(report.paths.count > AccessGraph.maxDetailedEdges)
        // admins, standard members, 25 partners + the rest, 4 owned types + 2 foreign ones (catalog, pixel).
        #expect(graph.nodes.count == 2 + AccessGraph.maxPartnerNodes + 1 + 6)
        var counted = 0
        for edge in graph.edges {
            for part in edge.label.replacingOccurrences(of: "\(AccessGraph.riskMarker) ", with: "").components(separatedBy: ", ") {
                let number = part.components(separatedBy: " ×").last ?? ""
                counted += try #require(Int(number), "\(edge.label)")
            }
        }
        #expect(counted == report.paths.count)
        let risky = graph.edges.filter(\.risky)
        #expect(risky.count == 1)
        #expect(risky.first?.label == "\(AccessGraph.riskMarker) admin ×1")
        let parsed = try MermaidSubset.parse(MermaidFlowchart.render(graph))
        #expect(parsed.edges.count == graph.edges.count)
    }

    @Test func aSmallBusinessCenterIsDrawnInFull() throws {
        let (config, snapshot) = Self.largeBusinessCenter()
        var small = snapshot
        small.members = Array(snapshot.members.prefix(8))
        small.partners = Array(snapshot.partners.prefix(4))
        small.assets = Array(snapshot.assets.prefix(12))
        let report = AccessAuditor.audit(small, config: config, now: Date(timeIntervalSince1970: 0))
        let graph = AccessGraph(report)
        #expect(!graph.summarised)
        #expect(graph.edges.count == report.paths.count)
    }
}
