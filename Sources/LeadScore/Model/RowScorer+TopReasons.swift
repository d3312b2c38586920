/// Which features give a lead's reasons: the largest contributions by size.
extension RowScorer {
    /// The indices of the `k` largest contributions by size, largest first (ties by column order), into `top`;
    /// returns how many (min(k, features)).
    static func topReasons(_ c: UnsafeBufferPointer<Double>, k: Int, into top: UnsafeMutableBufferPointer<UInt16>) -> Int {
        if k == 3, let n = topThree(c, into: top) { return n }
        return byInsertion(c, k: k, into: top)
    }

    /// `topReasons` for three reasons (score's default), without branches on the sizes: which feature enters
    /// where is a choice of values (conditional moves), not a jump. The insertion loop's jumps went wrong for
    /// about every second feature that entered (measured, 20 features a lead: 42 against 78 ns a lead); score
    /// spent 4–5% of its samples there. Nil when a contribution is NaN (which enters no place here and one
    /// place in the insertion loop); sizes start at −1, below every other size.
    static func topThree(_ c: UnsafeBufferPointer<Double>, into top: UnsafeMutableBufferPointer<UInt16>) -> Int? {
        var s0 = -1.0, s1 = -1.0, s2 = -1.0
        var i0 = 0, i1 = 0, i2 = 0
        var nan = false
        for i in 0..<c.count {
            let v = abs(c[i])
            nan = nan || v.isNaN
            // Strictly larger moves ahead: on equal sizes the earlier feature stays first.
            let above0 = v > s0, above1 = v > s1, above2 = v > s2
            let n2 = above1 ? s1 : above2 ? v : s2, j2 = above1 ? i1 : above2 ? i : i2
            let n1 = above0 ? s0 : above1 ? v : s1, j1 = above0 ? i0 : above1 ? i : i1
            s0 = above0 ? v : s0; i0 = above0 ? i : i0
            s1 = n1; i1 = j1
            s2 = n2; i2 = j2
        }
        if nan { return nil }
        let n = min(3, c.count)
        if n > 0 { top[0] = UInt16(i0) }
        if n > 1 { top[1] = UInt16(i1) }
        if n > 2 { top[2] = UInt16(i2) }
        return n
    }

    /// `topReasons` for any k: one pass keeping the k largest |c| in order; strict > keeps earlier columns first
    /// on ties. The kept sizes are kept beside their indices, the smallest once all k are in also in a register
    /// (the test of each feature had loaded it through its index).
    static func byInsertion(_ c: UnsafeBufferPointer<Double>, k: Int, into top: UnsafeMutableBufferPointer<UInt16>) -> Int {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { sizes in
            var n = 0
            var smallest = Double.nan  // read only once n == k
            for i in 0..<c.count {
                let v = abs(c[i])
                if n == k && !(v > smallest) { continue }
                var j = n < k ? n : k - 1
                if n < k { n += 1 }
                while j > 0 && v > sizes[j - 1] { top[j] = top[j - 1]; sizes[j] = sizes[j - 1]; j -= 1 }
                top[j] = UInt16(i)
                sizes[j] = v
                if n == k { smallest = sizes[k - 1] }
            }
            return n
        }
    }
}
