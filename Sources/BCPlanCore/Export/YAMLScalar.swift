import Foundation

/// Writes one YAML scalar as the config decoder reads it back: plain where that is unambiguous,
/// double-quoted otherwise.
enum YAMLScalar {
    /// `value` plain when it reads back as the same string and nothing else, else double-quoted.
    static func text(_ value: String) -> String {
        isSafePlain(value) ? value : quoted(value)
    }

    /// Always double-quoted: ids must be strings, never numbers.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.isControlCharacter
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Plain scalars are limited to letters, digits, spaces and a few punctuation marks that YAML
    /// gives no meaning inside a value, and must not look like a number, a boolean or null.
    private static func isSafePlain(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
              first != " ", last != " ",
              first.properties.isAlphabetic || ("0"..."9").contains(first) || value.hasPrefix("./") || value.hasPrefix("../")
        else { return false }
        let allowed: Set<Unicode.Scalar> = [" ", ".", "-", "_", "/", "(", ")", "+", "'", "&", "@", ","]
        for scalar in value.unicodeScalars {
            guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil || allowed.contains(scalar) else {
                return false
            }
            guard scalar.isASCII || scalar.properties.isAlphabetic else { return false }
        }
        let lowered = value.lowercased()
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"]
        if reserved.contains(lowered) { return false }
        if value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "+-._eE".unicodeScalars.contains($0) }) { return false }
        return true
    }
}
