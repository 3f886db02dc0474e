/// The embedded provider: a simulated Business Center kept in a JSON file (DESIGN §3).
public struct MockProvider: Provider {
    public let storePath: String
    public let businessCenterID: String
    public let capabilities = ProviderCapabilities.all

    public init(storePath: String, businessCenterID: String) {
        self.storePath = storePath
        self.businessCenterID = businessCenterID
    }

    /// A missing store is an empty Business Center with the configured id; a corrupt one is an error
    /// that names the file, which is never overwritten.
    public func read() throws(ProviderError) -> Snapshot {
        let stored: Snapshot?
        do {
            stored = try JSONFile.read(Snapshot.self, from: storePath, what: "mock store")
        } catch {
            throw ProviderError(error.description)
        }
        guard let stored else { return Snapshot(businessCenter: BusinessCenterInfo(id: businessCenterID)) }
        guard stored.businessCenter.id == businessCenterID else {
            throw ProviderError(
                "\(storePath): the mock store holds Business Center \(stored.businessCenter.id), but the config declares \(businessCenterID)")
        }
        return stored
    }
}
