import Foundation

/// Reading and describing the JSON files bcplan keeps (state, mock store, saved plans).
public enum JSONFile {
    /// Reads `T` straight from the bytes where `T` can (`DirectlyReadable`), else
    /// through `JSONParser` (errors with line and column); nil when the file does not exist.
    public static func read<T: JSONReadable>(_ type: T.Type, from path: String, what: String) throws(FileProblem) -> T? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes = try ConfigLoader.readFile(path, limit: 256 << 20)
        if bytes.isEmpty {
            throw FileProblem(path: path, reason: "not a valid \(what): it is empty (cut short?); the file was left as it is")
        }
        if let direct = T.self as? any DirectlyReadable.Type, let value = direct.read(directlyFrom: bytes) as? T {
            return value
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            let truncated = error.message.contains("truncated")
            throw FileProblem(path: path, reason: "not a valid \(what): \(truncated ? "" : "it is not JSON: ")\(error); the file was left as it is")
        }
        do {
            return try T(json: json, path: "")
        } catch {
            throw FileProblem(path: path, reason: "not a valid \(what): \(error.message); the file was left as it is")
        }
    }
}
