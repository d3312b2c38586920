/// Conditions flattened into arrays for the per-lead hot path: evaluating the tree of indirect enums
/// retained and released their payload arrays at every node (measured: a fifth of scoring time). Several
/// conditions (a policy's gates and its disqualify rule) share one program, each with its root; the arrays
/// are copied into buffers the program owns, so evaluating a lead touches no reference counts.
final class CompiledCondition: @unchecked Sendable {  // immutable after init
    enum Kind: UInt8, Sendable { case any, all, not, leaf }
    enum Op: UInt8, Sendable { case isTrue, isFalse, eq, ne, inSet, notIn, gt, gte, lt, lte, missing, present }

    struct Node: Sendable {
        var kind: Kind
        /// any/all/not: children are nodes[first..<first+count] of `order`; leaf: index into leaves.
        var first: Int32
        var count: Int32
    }

    struct Leaf: Sendable {
        var field: Int
        var op: Op
        var number: Double
        /// Values for eq/ne/in/not_in: values[first..<first+count].
        var first: Int32
        var count: Int32
        var anyNumber: Bool
    }

    struct Value: Sendable {
        var start: Int32, end: Int32  // into bytes
        var number: Double?
    }

    let nodes: UnsafeBufferPointer<Node>
    let order: UnsafeBufferPointer<Int32>
    let leaves: UnsafeBufferPointer<Leaf>
    let values: UnsafeBufferPointer<Value>
    let bytes: UnsafeBufferPointer<UInt8>
    /// The root node of each condition, in the order given.
    let roots: [Int32]

    init(_ conditions: [Condition]) {
        var b = Builder()
        roots = conditions.map { b.add($0) }
        func own<T>(_ a: [T]) -> UnsafeBufferPointer<T> {
            let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, a.count))
            _ = p.initialize(from: a)
            return UnsafeBufferPointer(rebasing: UnsafeBufferPointer(p)[0..<a.count])
        }
        nodes = own(b.nodes); order = own(b.order); leaves = own(b.leaves); values = own(b.values); bytes = own(b.bytes)
    }

    deinit {
        for p in [UnsafeRawPointer(nodes.baseAddress), UnsafeRawPointer(order.baseAddress), UnsafeRawPointer(leaves.baseAddress),
                  UnsafeRawPointer(values.baseAddress), UnsafeRawPointer(bytes.baseAddress)] {
            p.map { UnsafeMutableRawPointer(mutating: $0).deallocate() }
        }
    }

    private struct Builder {
        var nodes: [Node] = []
        var order: [Int32] = []
        var leaves: [Leaf] = []
        var values: [Value] = []
        var bytes: [UInt8] = []

        mutating func add(_ c: Condition) -> Int32 {
            switch c {
            case .any(let cs), .all(let cs):
                let children = cs.map { add($0) }
                let first = Int32(order.count)
                order += children
                nodes.append(Node(kind: { if case .any = c { return .any } else { return .all } }(), first: first, count: Int32(children.count)))
            case .not(let inner):
                let child = add(inner)
                let first = Int32(order.count)
                order.append(child)
                nodes.append(Node(kind: .not, first: first, count: 1))
            case .leaf(let l):
                var leaf = Leaf(field: l.index, op: .eq, number: 0, first: Int32(values.count), count: 0, anyNumber: false)
                func store(_ vs: [Condition.Value]) {
                    for v in vs {
                        let start = Int32(bytes.count)
                        bytes += v.bytes
                        values.append(Value(start: start, end: Int32(bytes.count), number: v.number))
                    }
                    leaf.count = Int32(vs.count)
                    leaf.anyNumber = vs.contains { $0.number != nil }
                }
                switch l.op {
                case .isBool(let b): leaf.op = b ? .isTrue : .isFalse
                case .missing(let b): leaf.op = b ? .missing : .present
                case .eq(let v): leaf.op = .eq; store([v])
                case .ne(let v): leaf.op = .ne; store([v])
                case .inSet(let vs): leaf.op = .inSet; store(vs)
                case .notIn(let vs): leaf.op = .notIn; store(vs)
                case .gt(let x): leaf.op = .gt; leaf.number = x
                case .gte(let x): leaf.op = .gte; leaf.number = x
                case .lt(let x): leaf.op = .lt; leaf.number = x
                case .lte(let x): leaf.op = .lte; leaf.number = x
                }
                leaves.append(leaf)
                nodes.append(Node(kind: .leaf, first: Int32(leaves.count - 1), count: 0))
            }
            return Int32(nodes.count - 1)
        }
    }

    /// Whether the `condition`-th condition given at init holds for the record.
    @inline(__always)
    func evaluate(_ condition: Int, _ record: borrowing CSVRecord, missing: ValueRules) -> Bool {
        node(Int(roots[condition]), record, missing)
    }

    private func node(_ i: Int, _ record: borrowing CSVRecord, _ missing: ValueRules) -> Bool {
        let n = nodes[i]
        switch n.kind {
        case .any:
            for k in Int(n.first)..<Int(n.first + n.count) where node(Int(order[k]), record, missing) { return true }
            return false
        case .all:
            for k in Int(n.first)..<Int(n.first + n.count) where !node(Int(order[k]), record, missing) { return false }
            return true
        case .not:
            return !node(Int(order[Int(n.first)]), record, missing)
        case .leaf:
            return leaf(leaves[Int(n.first)], record, missing)
        }
    }

    private func leaf(_ l: Leaf, _ record: borrowing CSVRecord, _ missing: ValueRules) -> Bool {
        let f = record[l.field]
        let isMissing = missing.isMissing(f)
        if l.op == .missing { return isMissing }
        if l.op == .present { return !isMissing }
        if isMissing { return false }
        switch l.op {
        case .isTrue: return BooleanTokens.value(f) == true
        case .isFalse: return BooleanTokens.value(f) == false
        case .gt: return missing.number(f).map { $0 > l.number } ?? false
        case .gte: return missing.number(f).map { $0 >= l.number } ?? false
        case .lt: return missing.number(f).map { $0 < l.number } ?? false
        case .lte: return missing.number(f).map { $0 <= l.number } ?? false
        case .eq, .inSet: return matchesAny(l, f, missing)
        case .ne, .notIn: return !matchesAny(l, f, missing)
        case .missing, .present: return false
        }
    }

    /// Numbers compare as numbers when both sides are numbers; otherwise bytes compare exactly.
    private func matchesAny(_ l: Leaf, _ f: UnsafeBufferPointer<UInt8>, _ missing: ValueRules) -> Bool {
        let number = l.anyNumber ? missing.number(f) : nil
        for k in Int(l.first)..<Int(l.first + l.count) {
            let v = values[k]
            if let a = v.number, let b = number { if a == b { return true } else { continue } }
            let len = Int(v.end - v.start)
            if len != f.count { continue }
            var same = true
            for j in 0..<len where bytes[Int(v.start) + j] != f[j] { same = false; break }
            if same { return true }
        }
        return false
    }
}
