import ArgumentParser

/// A duration argument in seconds: `30`, `30s`, `1.5s` or `2m`.
struct Seconds: ExpressibleByArgument {
    var value: Double

    init(_ value: Double) {
        self.value = value
    }

    init?(argument: String) {
        var text = Substring(argument)
        var scale = 1.0
        if text.hasSuffix("ms") {
            scale = 0.001
            text = text.dropLast(2)
        } else if text.hasSuffix("s") {
            text = text.dropLast()
        } else if text.hasSuffix("m") {
            scale = 60
            text = text.dropLast()
        }
        guard let number = Double(text), number >= 0, number.isFinite else { return nil }
        value = number * scale
    }

    var defaultValueDescription: String { "\(value)s" }
}
