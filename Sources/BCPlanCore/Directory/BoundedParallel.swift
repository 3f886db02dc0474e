/// Runs an async function over many inputs, at most `jobs` at a time.
public enum BoundedParallel {
    /// The outputs in input order. `inOrder` is called on the caller's task with each output as soon
    /// as it and every output before it are done, so a caller can print results in a stable order
    /// while later ones still run.
    public static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], jobs: Int,
        _ body: @escaping @Sendable (Input) async -> Output,
        inOrder: (Int, Output) -> Void = { _, _ in }
    ) async -> [Output] {
        var results = [Output?](repeating: nil, count: inputs.count)
        var delivered = 0
        await withTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            let width = max(1, jobs)
            while next < inputs.count, next < width {
                let index = next
                let input = inputs[index]
                group.addTask { (index, await body(input)) }
                next += 1
            }
            while let (index, output) = await group.next() {
                results[index] = output
                while delivered < results.count, let ready = results[delivered] {
                    inOrder(delivered, ready)
                    delivered += 1
                }
                if next < inputs.count {
                    let index = next
                    let input = inputs[index]
                    group.addTask { (index, await body(input)) }
                    next += 1
                }
            }
        }
        return results.map { $0! }
    }
}
