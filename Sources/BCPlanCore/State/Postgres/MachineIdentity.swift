import Foundation

/// Which machine and process namespace a process runs in: Linux's boot id and the inode of the
/// pid namespace (`/proc/sys/kernel/random/boot_id`, `/proc/self/ns/pid`; proc(5)), so that a
/// lock holder's pid is only judged gone by a process that can see that pid: on the same boot of
/// the same machine, in the same pid namespace (not another container with the same host name).
/// Elsewhere (no /proc) it is the host name alone.
enum MachineIdentity {
    static let current: String = {
        let boot = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var buffer = [CChar](repeating: 0, count: 256)
        let length = readlink("/proc/self/ns/pid", &buffer, buffer.count - 1)
        let namespace = length > 0
            ? String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
        guard let boot, !boot.isEmpty, let namespace else { return "host:" + LockInfo.hostName }
        return "boot:\(boot) \(namespace)"
    }()

    /// False only when the kernel says there is no such process (EPERM means it exists).
    static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}
