import Foundation

/// Reading and describing the JSON files bcplan keeps (state, mock store, saved plans).
public enum JSONFile {
    /// Decodes `T` from the file at `path`; nil when the file does not exist.
    ///
    /// - Throws: `FileProblem` naming the file and, for bad content, where and what is wrong.
    public static func read<T: Decodable>(_ type: T.Type, from path: String, what: String) throws(FileProblem) -> T? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes = try ConfigLoader.readFile(path, limit: 256 << 20)
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw FileProblem(path: path, reason: "not a valid \(what): \(describe(error)); the file was left as it is")
        } catch {
            throw FileProblem(path: path, reason: "not a valid \(what): \(error); the file was left as it is")
        }
    }

    /// One sentence for a decoding error: where in the document, and what.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "it is not JSON (truncated or corrupt)" }
            return "\(context.debugDescription)\(path(context))"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)'\(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(typeName(type))\(path(context))"
        case .valueNotFound(let type, let context):
            return "expected \(typeName(type)), found null\(path(context))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        default: "a value of type \(type)"
        }
    }

    /// Sorted keys, two-space indentation, no escaped slashes: stable bytes for stable content.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
