import BCPlanCore

/// The libFuzzer entry point: each input is a config file's bytes. A rule of `ConfigInvariant`
/// broken is a crash, so libFuzzer keeps the input and stops (see `Tests/Fuzz/run.sh`).
@_cdecl("LLVMFuzzerTestOneInput")
public func configFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let violations = ConfigInvariant.violations(of: bytes)
    if !violations.isEmpty {
        fatalError("config invariant broken: \(violations.joined(separator: "; "))")
    }
    return 0
}
