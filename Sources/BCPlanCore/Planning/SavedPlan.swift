import BCPlanYAML
import Foundation

/// A plan read back from its JSON file (`plan --out`), for `show` and `apply`.
public enum SavedPlan {
    /// Writes `plan` as its JSON document (checksum included) to `path`: atomically, mode 0600.
    public static func write(_ plan: Plan, to path: String) throws(FileProblem) {
        try AtomicFile.write(Data(JSONPlanRenderer().render(plan).utf8), to: path)
    }

    /// `read`, failing as a command does: "error: <file>: <reason>".
    public static func load(_ path: String) throws(CommandFailure) -> Plan {
        do {
            return try read(path)
        } catch {
            throw .error(error)
        }
    }

    public static func read(_ path: String) throws(FileProblem) -> Plan {
        guard let document = try JSONFile.read(JSONDocument.self, from: path, what: "bcplan plan file")?.value else {
            throw FileProblem(path: path, reason: "no such file")
        }
        // Checked before anything is decoded: a changed plan is refused whatever it now says.
        if let problem = PlanChecksum.problem(in: document) {
            throw FileProblem(path: path, reason: "refused: \(problem); the file was left as it is")
        }
        do {
            return try decode(document)
        } catch {
            throw FileProblem(path: path, reason: "not a valid bcplan plan file: \(error.message); the file was left as it is")
        }
    }

    struct Malformed: Error {
        var message: String
    }

    static func decode(_ document: JSONValue) throws(Malformed) -> Plan {
        guard document["format_version"]?.intValue == 1 else {
            throw Malformed(message: "format_version must be 1")
        }
        guard let bc = document["business_center"], let bcID = bc["id"]?.stringValue,
              let config = document["config"], let path = config["path"]?.stringValue,
              let digest = config["sha256"]?.stringValue, let state = document["state"],
              let actions = document["actions"]?.arrayValue else {
            throw Malformed(message: "missing business_center, config, state or actions")
        }
        return Plan(
            businessCenter: BusinessCenterInfo(id: bcID, name: bc["name"]?.stringValue),
            configPath: path, configDigest: digest, stateLineage: state["lineage"]?.stringValue,
            stateSerial: state["serial"]?.intValue ?? 0,
            actions: try actions.enumerated().map { index, value throws(Malformed) in try action(value, index: index) },
            drift: (document["drift"]?.arrayValue ?? []).compactMap(driftEntry),
            diagnostics: (document["diagnostics"]?.arrayValue ?? []).compactMap(diagnostic),
            fingerprints: try fingerprints(document["fingerprints"]))
    }

    private static func action(_ value: JSONValue, index: Int) throws(Malformed) -> PlanAction {
        guard let id = value["id"]?.stringValue, let kindText = value["kind"]?.stringValue,
              let kind = ActionKind(rawValue: kindText), let reason = value["reason"]?.stringValue,
              let privilegeText = value["privilege"]?.stringValue, let privilege = Privilege(rawValue: privilegeText) else {
            throw Malformed(message: "action \(index + 1) lacks a valid id, kind, reason or privilege")
        }
        var asset: PlanAssetRef?
        if let object = value["asset"], case .object = object {
            guard let typeText = object["type"]?.stringValue, let type = AssetType(rawValue: typeText),
                  let assetID = object["id"]?.stringValue else {
                throw Malformed(message: "action \(id) has an invalid asset")
            }
            asset = PlanAssetRef(type: type, id: assetID, key: object["key"]?.stringValue)
        }
        let change: PlanChange
        do {
            change = try PlanChange(
                kind: kind, member: value["member"]?.stringValue, partner: value["partner"]?.stringValue, asset: asset,
                before: value["before"] ?? .null, after: value["after"] ?? .null)
        } catch {
            throw Malformed(message: "action \(id): \(error.message)")
        }
        guard change.id == id else {
            throw Malformed(message: "action \(id) is, by its kind and subject, \(change.id)")
        }
        let manual = value["manual"]?["steps"]?.arrayValue.map { ManualSteps(steps: $0.compactMap(\.stringValue)) }
        var action = PlanAction(
            change, dependsOn: value["depends_on"]?.arrayValue?.compactMap(\.stringValue) ?? [], reason: reason,
            source: value["source"]?.stringValue, manual: manual, names: names(value))
        // As reviewed: the plan says what it escalates.
        action.privilege = privilege
        return action
    }

    /// The names a plan gave its action (absent from plans written before they carried them).
    private static func names(_ action: JSONValue) -> ActionNames {
        var grantKeys: [AssetRef: String] = [:]
        for item in action["after"]?["assets"]?.arrayValue ?? [] {
            guard let key = item["key"]?.stringValue, let type = item["type"]?.stringValue.flatMap(AssetType.init(rawValue:)),
                  let id = item["id"]?.stringValue else { continue }
            grantKeys[AssetRef(type: type, id: id)] = key
        }
        return ActionNames(partner: action["partner_name"]?.stringValue, grantKeys: grantKeys)
    }

    private static func fingerprints(_ value: JSONValue?) throws(Malformed) -> [String: String] {
        guard let value, value != .null else { return [:] }
        guard case .object(let members) = value else { throw Malformed(message: "fingerprints must be an object") }
        var result: [String: String] = [:]
        for (key, digest) in members {
            guard let text = digest.stringValue else { throw Malformed(message: "fingerprint \(key) must be a string") }
            result[key] = text
        }
        return result
    }

    private static func driftEntry(_ value: JSONValue) -> DriftEntry? {
        guard let object = value["object"]?.stringValue, let id = value["id"]?.stringValue,
              let changeText = value["change"]?.stringValue, let change = DriftEntry.Change(rawValue: changeText) else {
            return nil
        }
        return DriftEntry(objectKind: object, objectID: id, change: change,
                          details: value["details"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    private static func diagnostic(_ value: JSONValue) -> Diagnostic? {
        guard let severityText = value["severity"]?.stringValue, let severity = Severity(rawValue: severityText),
              let message = value["message"]?.stringValue else { return nil }
        return Diagnostic(
            severity, message, code: value["code"]?.stringValue, at: value["location"]?.stringValue.flatMap(location))
    }

    /// `file:line:col` back into a location; the file may itself hold colons.
    static func location(_ text: String) -> SourceLocation? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else {
            return nil
        }
        return SourceLocation(file: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }
}

/// Any JSON document, for files read as a whole tree.
struct JSONDocument: JSONReadable {
    var value: JSONValue

    init(json: JSONValue, path: String) {
        value = json
    }
}
