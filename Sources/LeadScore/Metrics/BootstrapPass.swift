import CKernels
import Foundation

/// One pass over the sorted rows computing AUC, average precision and log loss for four resamples at once
/// (one per SIMD lane), with the definitions of `BinaryMetrics`.
///
/// The rows are laid out once by descending score as segments: runs of untied negatives, runs of untied
/// positives, and tie groups. Inside a run of negatives the positives passed so far do not change, so the
/// run adds (its weight × positives passed) to the AUC area at its end; inside a run of positives nothing
/// is lost to negatives, and each positive adds its precision to the average precision. Tie groups take the
/// general step. Per row that leaves one weight draw and a few additions.
enum BootstrapPass {
    typealias V = SIMD4<Double>

    struct Layout {
        enum Kind: UInt8 { case negatives, positives, tie }
        struct Segment { var start: Int; var end: Int; var kind: Kind }

        /// Per sorted position: the row's log loss, and 1 for a positive, 0 for a negative.
        let loss: [Double]
        let positive: [Double]
        let segments: [Segment]
        /// The segments as (start, end, kind) triples, for the C kernel (empty where it does not run).
        let triples: [Int64]

        init(_ m: BinaryMetrics) {
            let scores = m.sortedScores, labels = m.sortedLabels
            loss = Self.losses(scores, labels)
            positive = labels.map { $0 == 1 ? 1.0 : 0.0 }
            var segments: [Segment] = []
            var k = 0
            while k < m.count {
                let s = scores[k], start = k
                while k < m.count && scores[k] == s { k += 1 }
                let kind: Kind = k - start > 1 ? .tie : (positive[start] == 1 ? .positives : .negatives)
                if kind != .tie, let last = segments.last, last.kind == kind {
                    segments[segments.count - 1].end = k
                } else {
                    segments.append(Segment(start: start, end: k, kind: kind))
                }
            }
            self.segments = segments
            // Only where the kernel runs; written in one array (a flatMap made an array per segment).
            var triples: [Int64] = []
            if BootstrapPass.hasWideKernel {
                triples.reserveCapacity(3 * segments.count)
                for g in segments { triples.append(Int64(g.start)); triples.append(Int64(g.end)); triples.append(Int64(g.kind.rawValue)) }
            }
            self.triples = triples
        }

        /// Each row's clipped log loss, in parts on the cores for many rows (a logarithm each).
        private static func losses(_ scores: [Double], _ labels: [Double]) -> [Double] {
            let n = scores.count
            var out = [Double](repeating: 0, count: n)
            out.withUnsafeMutableBufferPointer { out in
                let out = out
                Cores.perform(stretchesOf: n) { stretch in
                    for k in stretch { out[k] = Logistic.clippedLogLoss(scores[k], positive: labels[k] == 1) }
                }
            }
            return out
        }
    }

    /// AUC, average precision and log loss of the four resamples whose weights `weights` draws.
    static func weighted<W: WeightSource>(_ weights: inout W, _ layout: Layout) -> (V, V, V) {
        var pos = V(repeating: 0), neg = V(repeating: 0), area = V(repeating: 0), precisionSum = V(repeating: 0)
        var lossSum = V(repeating: 0)
        let tiny = V(repeating: .leastNormalMagnitude)
        layout.loss.withUnsafeBufferPointer { loss in
            layout.positive.withUnsafeBufferPointer { positive in
                for s in layout.segments {
                    switch s.kind {
                    case .negatives:
                        var sum = V(repeating: 0)
                        for k in s.start..<s.end {
                            let w = V(weights.next(k))
                            sum += w
                            lossSum += w * loss[k]
                        }
                        area += sum * pos
                        neg += sum
                    case .positives:
                        for k in s.start..<s.end {
                            let w = V(weights.next(k))
                            pos += w
                            lossSum += w * loss[k]
                            // pos + neg is 0 only while pos is 0, and then so is the term.
                            precisionSum += w * (pos / atLeast(pos + neg, tiny))
                        }
                    case .tie:
                        var tp = V(repeating: 0), all = V(repeating: 0)
                        for k in s.start..<s.end {
                            let w = V(weights.next(k))
                            tp += w * positive[k]
                            all += w
                            lossSum += w * loss[k]
                        }
                        let fp = all - tp
                        // Each negative of the group loses to the positives passed and half-ties the group's own.
                        area += fp * (pos + tp * 0.5)
                        pos += tp
                        neg += fp
                        precisionSum += tp * (pos / atLeast(pos + neg, tiny))
                    }
                }
            }
        }
        return finish(pos: pos, neg: neg, area: area, precision: precisionSum, loss: lossSum)
    }

    /// AUC, average precision and log loss from a pass's sums.
    static func finish(pos: V, neg: V, area: V, precision: V, loss: V) -> (V, V, V) {
        let nan = V(repeating: .nan)
        let auc = (area / (pos * neg)).replacing(with: nan, where: (pos .== 0) .| (neg .== 0))
        let ap = (precision / pos).replacing(with: nan, where: pos .== 0)
        return (auc, ap, loss / (pos + neg))
    }

    /// Whether this CPU runs `weighted8` (AVX2).
    static let hasWideKernel = ckernels_has_avx2() == 1

    /// `weighted` for two generators at once (eight resamples) in the C kernel, which gives the same values
    /// bit for bit (`BootstrapTests`). Only where `hasWideKernel`. `path`: the kernel compiled for AVX2 (1) or
    /// for AVX-512VL (2; nil: the one the CPU runs best).
    static func weighted8(_ first: PoissonDraws, _ second: PoissonDraws, _ layout: Layout, path: Int32? = nil) -> ((V, V, V), (V, V, V)) {
        var state = [UInt32](repeating: 0, count: 32)
        for (j, (a, b)) in [(first.s0, second.s0), (first.s1, second.s1), (first.s2, second.s2), (first.s3, second.s3)].enumerated() {
            for lane in 0..<4 { state[8 * j + lane] = a[lane]; state[8 * j + 4 + lane] = b[lane] }
        }
        var sums = [Double](repeating: 0, count: 40)
        let count = Int64(layout.segments.count), thresholds = PoissonDraws.thresholds
        let ran = if let path { ckernels_bootstrap8_path(layout.loss, layout.positive, layout.triples, count, &state, thresholds, &sums, path) }
                  else { ckernels_bootstrap8(layout.loss, layout.positive, layout.triples, count, &state, thresholds, &sums) }
        precondition(ran == 1, "this CPU cannot run that kernel")
        func lanes(_ j: Int, _ half: Int) -> V { V(sums[(8 * j + 4 * half)..<(8 * j + 4 * half + 4)]) }
        func result(_ half: Int) -> (V, V, V) {
            finish(pos: lanes(0, half), neg: lanes(1, half), area: lanes(2, half), precision: lanes(3, half), loss: lanes(4, half))
        }
        return (result(0), result(1))
    }

    /// Lane-wise max (the standard library's `pointwiseMax` is generic and was not inlined here).
    @inline(__always)
    static func atLeast(_ x: V, _ floor: V) -> V { x.replacing(with: floor, where: x .< floor) }

    /// Fixed counts, one per sorted position, the same in every lane (for tests and exact resamples).
    struct CountWeights: WeightSource {
        let counts: [Int32]
        func next(_ k: Int) -> SIMD4<Int32> { SIMD4(repeating: counts[k]) }
    }

    /// Poisson(1) draws, one per lane per row, by comparing a 31-bit uniform with the CDF's thresholds. The
    /// uniforms come from xoshiro128++ (Blackman and Vigna) running in four 32-bit lanes, which needs only
    /// 32-bit additions, shifts and xors: one SSE2 instruction each, where 64-bit generators would need
    /// 64-bit multiplies that baseline x86-64 does not have in vector form.
    struct PoissonDraws: WeightSource {
        typealias U = SIMD4<UInt32>
        var s0: U, s1: U, s2: U, s3: U
        /// The first five thresholds, one per lane.
        let t0, t1, t2, t3, t4: SIMD4<Int32>

        /// Thresholds ⌊2³¹·P(X ≤ k)⌋ for X ~ Poisson(1), k = 0…15 (P(X > 15) < 2⁻³¹).
        static let thresholds: [Int32] = {
            var t: [Int32] = [], term = exp(-1.0), sum = 0.0
            for k in 0..<16 {
                sum += term
                t.append(Int32(min(sum * 0x1p31, Double(Int32.max))))
                term /= Double(k + 1)
            }
            return t
        }()

        /// Lane i's state is two outputs of SplitMix64 seeded with seed + i.
        init(seed: UInt64) {
            var words = [[UInt32]](repeating: [], count: 4)
            for lane in 0..<4 {
                var g = SeededGenerator(seed: seed &+ UInt64(lane))
                let a = g.next(), b = g.next() | 1  // never the all-zero state
                words[lane] = [UInt32(truncatingIfNeeded: a), UInt32(truncatingIfNeeded: a >> 32),
                               UInt32(truncatingIfNeeded: b), UInt32(truncatingIfNeeded: b >> 32)]
            }
            s0 = U(words.map { $0[0] }); s1 = U(words.map { $0[1] })
            s2 = U(words.map { $0[2] }); s3 = U(words.map { $0[3] })
            let t = Self.thresholds
            (t0, t1, t2, t3, t4) = (.init(repeating: t[0]), .init(repeating: t[1]), .init(repeating: t[2]),
                                    .init(repeating: t[3]), .init(repeating: t[4]))
        }

        /// Rotation left. Written with `&+` rather than `|` (the two halves share no bits): LLVM turns the `|`
        /// form into a rotate, which SSE2 lacks, and then does it lane by lane.
        @inline(__always)
        static func rotl(_ x: U, _ k: UInt32) -> U { (x &<< k) &+ (x &>> (32 - k)) }

        /// The next output of each lane's xoshiro128++.
        @inline(__always)
        mutating func bits() -> U {
            let out = Self.rotl(s0 &+ s3, 7) &+ s0
            let t = s1 &<< 9
            s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
            s3 = Self.rotl(s3, 11)
            return out
        }

        @inline(__always)
        mutating func next(_ k: Int) -> SIMD4<Int32> {
            let u = SIMD4<Int32>(truncatingIfNeeded: bits() &>> 1)
            // Thresholds passed, without branches up to 5 (a lane goes beyond with probability 0.004).
            let zero = SIMD4<Int32>(repeating: 0), one = SIMD4<Int32>(repeating: 1)
            var w = zero.replacing(with: one, where: u .>= t0)
            w &+= zero.replacing(with: one, where: u .>= t1)
            w &+= zero.replacing(with: one, where: u .>= t2)
            w &+= zero.replacing(with: one, where: u .>= t3)
            let tail = u .>= t4
            w &+= zero.replacing(with: one, where: tail)
            if any(tail) {
                for lane in 0..<4 where tail[lane] {
                    var x: Int32 = 5
                    while x < 15 && u[lane] >= Self.thresholds[Int(x)] { x += 1 }
                    w[lane] = x
                }
            }
            return w
        }
    }
}

/// Where four resamples' weights for each sorted position come from, in order of position.
protocol WeightSource {
    mutating func next(_ k: Int) -> SIMD4<Int32>
}
