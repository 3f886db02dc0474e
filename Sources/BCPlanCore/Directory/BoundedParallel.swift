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
        /// Keeps `output`, then hands on every output that is now next in order.
        func keep(_ index: Int, _ output: Output) {
            results[index] = output
            while delivered < results.count, let ready = results[delivered] {
                inOrder(delivered, ready)
                delivered += 1
            }
        }
        await withTaskGroup(of: (Int, Output).self) { group in
            for (index, input) in inputs.enumerated() {
                // Once `jobs` run, the next starts when one of them is done.
                if index >= max(1, jobs), let (done, output) = await group.next() { keep(done, output) }
                group.addTask { (index, await body(input)) }
            }
            while let (index, output) = await group.next() { keep(index, output) }
        }
        return results.map { $0! }
    }
}
