/// Which way a `transfer` moves an asset, seen from the planned Business Center.
public enum TransferDirection: Sendable, Hashable {
    /// From another Business Center to this one.
    case incoming
    /// From this Business Center to another (`owner:` another BC): its members and partners lose it.
    case handOver
}
