@testable import BCPlanCore
import Foundation
import Testing

/// `Clock.format` writes by hand what `ISO8601DateFormatter` writes: checked against it.
struct ClockFormatTests {
    @Test func matchesTheFoundationFormatter() {
        let formatter = ISO8601DateFormatter()
        var generator = SplitMix64(seed: 17)
        var moments: [Double] = [
            0, -1, -0.5, 0.999, 86_399.999_9, 951_782_400, 4_102_444_800, 253_402_300_799, 253_402_300_800,
            -62_135_596_800, -62_135_596_801, 1_700_000_000.999_999_9, -86_400.25,
        ]
        for _ in 0..<20_000 {
            // Years 1 to 9999 (before 1900 through the formatter itself), and fractions of a second.
            let seconds = Double(generator.next() % 315_537_897_600) - 62_135_596_800
            moments.append(generator.next() % 4 == 0 ? seconds + Double(generator.next() % 1000) / 1000 : seconds)
        }
        for moment in moments {
            let date = Date(timeIntervalSince1970: moment)
            #expect(Clock.format(date) == formatter.string(from: date), "at \(moment)")
        }
    }

    @Test func readsBackWhatItWrites() {
        let date = Date(timeIntervalSince1970: 1_764_000_000)
        #expect(Clock.format(date) == "2025-11-24T16:00:00Z")
        #expect(Clock.parse(Clock.format(date)) == date)
    }
}
