// What recording one outcome costs at the platform's maximum (issue 15), for each state backend,
// against what the recorder did before: rewrite the whole state file after every outcome.
//
//   swift run -c release RecordingBenchmark CONFIG [OUTCOMES] [REWRITES]
//
// CONFIG is a generated Business Center (Benchmarks/generate.py; its mock store is the live
// Business Center). Its plan's actions are reported done one by one (OUTCOMES of them, default
// all) through `StateRecorder.record`, as apply does: the file backend in a temporary folder,
// PostgreSQL in a fresh workspace of $BCPLAN_DATABASE_URL when that is set. Each record is timed
// on its own (wall time: both backends wait for an fsync). The baseline writes the whole state
// REWRITES times (default 20) the way every outcome did before (render, temporary file, fsync,
// rename, backup). Prints one table; BCPLAN_NOW is the run's clock as for bcplan.
import BCPlanCore
import Foundation

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fail("usage: RecordingBenchmark CONFIG [OUTCOMES] [REWRITES]") }
let configPath = arguments[1]
let environment = ProcessInfo.processInfo.environment
let nowText = environment["BCPLAN_NOW"] ?? "2026-11-01T00:00:00Z"

let loaded = ConfigLoader.load(path: configPath)
guard let config = loaded.config else { fail("\(configPath) is not a valid config") }
let live: Snapshot
let plan: Plan
do {
    live = try await MockProvider(storePath: config.provider.storePath, businessCenterID: config.businessCenterID).read()
    plan = try await PlanSession.plan(PlanSession.Request(configPath: configPath, environment: environment))
} catch {
    fail("\(error)")
}
let outcomes = min(arguments.count > 2 ? Int(arguments[2]) ?? .max : .max, plan.actions.count)
let rewrites = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
let actor = config.provider.caller ?? "benchmark"
let clock = ContinuousClock()

struct Row {
    var backend: String
    var begin: Double
    var records: [Double]
    var checkpoint: Double
}

func measure(_ store: any StateStore, name: String) -> Row {
    do {
        let writer = try store.lock(
            StateLockRequest(operation: "apply", timeout: 0, configArgument: configPath, now: Date()), notice: { _ in })
        defer { writer.release() }
        let recorder = StateRecorder(writer: writer, base: live, now: nowText, operation: "apply", actor: actor)
        let begin = try clock.measure { try recorder.begin() }
        var records: [Double] = []
        records.reserveCapacity(outcomes)
        for action in plan.actions.prefix(outcomes) {
            let outcome = ActionOutcome(action: action, result: .succeeded, requestID: "bench-\(records.count + 1)", attempts: 1)
            let entry = AuditEntry(
                time: nowText, actor: actor, action: action.id, kind: action.kind.rawValue, result: .succeeded,
                requestID: outcome.requestID, attempts: 1)
            records.append(milliseconds(try clock.measure { try recorder.record(outcome, audit: entry) }))
        }
        let checkpoint = try clock.measure { try recorder.checkpoint() }
        return Row(backend: name, begin: milliseconds(begin), records: records, checkpoint: milliseconds(checkpoint))
    } catch {
        fail("\(name): \(error)")
    }
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-recording-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

var rows = [measure(FileStateStore(path: folder.appendingPathComponent("file.state.json").path, displayPath: "file.state.json"), name: "file (journal)")]
if let url = environment["BCPLAN_DATABASE_URL"], !url.isEmpty {
    let location = PostgresStateLocation(workspace: "recording-benchmark-\(UUID().uuidString.lowercased().prefix(8))")
    rows.append(measure(PostgresStateStore(location: location, connectionString: url, environment: environment), name: "postgres"))
}

// The baseline: the whole state written after every outcome, as StateRecorder did before.
let whole = RecordedState(lineage: UUID().uuidString.lowercased(), serial: 1, refreshedAt: nowText, snapshot: live)
let baselinePath = folder.appendingPathComponent("rewrite.state.json").path
var baseline: [Double] = []
var bytes = 0
for serial in 0..<rewrites {
    var state = whole
    state.serial += serial
    baseline.append(milliseconds(try clock.measure { try StateFile.write(state, to: baselinePath) }))
    bytes = (try? FileManager.default.attributesOfItem(atPath: baselinePath)[.size] as? Int) ?? 0
}

let median = percentile(baseline, 0.5)
print("recording one outcome: \(live.members.count) members, \(live.partners.count) partners, \(live.assets.count) assets; "
    + "\(outcomes) outcomes of the plan's \(plan.actions.count) actions")
func cell(_ value: Double) -> String { String(format: "%.0f", value * 1000) }
var table = [["how the state is written", "per outcome: median µs", "p90 µs", "max µs", "vs rewrite", "first write ms", "checkpoint ms"]]
for row in rows {
    let middle = percentile(row.records, 0.5)
    table.append([
        row.backend, cell(middle), cell(percentile(row.records, 0.9)), cell(row.records.max() ?? .nan),
        String(format: "%.4fx", middle / median), String(format: "%.1f", row.begin), String(format: "%.1f", row.checkpoint),
    ])
}
table.append([
    "whole-file rewrite (before; \(bytes / 1024) KB, \(rewrites) writes)", cell(median), cell(percentile(baseline, 0.9)),
    cell(baseline.max() ?? .nan), "1x", "-", "-",
])
var widths = [Int](repeating: 0, count: table[0].count)
for row in table { for (index, text) in row.enumerated() { widths[index] = max(widths[index], text.count) } }
for (number, row) in table.enumerated() {
    print(row.enumerated().map { index, text in
        index == 0 ? text.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            : String(repeating: " ", count: widths[index] - text.count) + text
    }.joined(separator: "  "))
    if number == 0 { print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
}
