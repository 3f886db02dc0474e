import Foundation

/// A file that could not be read or written, said in one sentence.
public struct FileProblem: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public init(path: String, errno code: Int32) {
        self.path = path
        switch code {
        case ENOENT: reason = "no such file"
        case EACCES, EPERM: reason = "permission denied"
        case EISDIR: reason = "it is a directory"
        default: reason = String(cString: strerror(code))
        }
    }

    public var description: String { "\(path): \(reason)" }
}
