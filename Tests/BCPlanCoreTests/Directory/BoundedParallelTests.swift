@testable import BCPlanCore
import Foundation
import Synchronization
import Testing

@Suite struct BoundedParallelTests {
    /// Counts how many bodies run at once.
    final class Gauge: Sendable {
        private let counts = Mutex<(now: Int, peak: Int)>((0, 0))

        func enter() { counts.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) } }
        func leave() { counts.withLock { $0.now -= 1 } }
        var peak: Int { counts.withLock { $0.peak } }
    }

    @Test(arguments: [1, 2, 3, 16])
    func neverRunsMoreThanJobsAtOnceAndKeepsInputOrder(jobs: Int) async {
        let gauge = Gauge()
        let inputs = Array(0..<12)
        var delivered: [Int] = []
        let outputs = await BoundedParallel.map(inputs, jobs: jobs, { value in
            gauge.enter()
            // Later inputs finish first, so completion order differs from input order.
            try? await Task.sleep(for: .milliseconds(2 * (12 - value)))
            gauge.leave()
            return value * 10
        }, inOrder: { index, output in
            #expect(output == index * 10)
            delivered.append(index)
        })
        #expect(outputs == inputs.map { $0 * 10 })
        #expect(delivered == inputs, "every output is delivered once, in input order")
        #expect(gauge.peak <= jobs)
        #expect(gauge.peak == min(jobs, inputs.count), "uses the room it has")
    }

    @Test func deliversAnOutputAsSoonAsEveryEarlierOneIsDone() async {
        // Input 0 is slow, 1 and 2 fast: nothing is delivered before 0, then all three at once.
        let finished = Mutex<[Int]>([])
        var seenWhenDelivered: [[Int]] = []
        _ = await BoundedParallel.map([0, 1, 2], jobs: 3, { value in
            try? await Task.sleep(for: .milliseconds(value == 0 ? 60 : 1))
            finished.withLock { $0.append(value) }
            return value
        }, inOrder: { _, _ in
            seenWhenDelivered.append(finished.withLock { $0 }.sorted())
        })
        #expect(seenWhenDelivered == [[0, 1, 2], [0, 1, 2], [0, 1, 2]])
    }

    @Test func noInputsGiveNoOutputs() async {
        let outputs = await BoundedParallel.map([Int](), jobs: 4) { $0 }
        #expect(outputs.isEmpty)
    }
}
