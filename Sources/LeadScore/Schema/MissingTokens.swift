/// Which field values mean "no value".
///
/// Always missing: the empty field and, in any case, `NA`, `N/A`, `null`, `NaN`. Extra tokens given by the
/// user (`--missing Select,unknown` or `missing:` in the spec) match exactly, case included.
public struct MissingTokens: Sendable, Equatable {
    public let extra: [String]
    private let builtIn: [[UInt8]] = ["na", "n/a", "null", "nan"].map { Array($0.utf8) }
    private let extraBytes: [[UInt8]]

    public init(extra: [String] = []) {
        self.extra = extra
        extraBytes = extra.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    public static func == (a: MissingTokens, b: MissingTokens) -> Bool { a.extra == b.extra }

    @inline(__always)
    public func isMissing(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        if n == 0 { return true }
        if n <= 4, b[0] | 0x20 == UInt8(ascii: "n") {
            for t in builtIn where t.count == n {
                var same = true
                for k in 0..<n where b[k] | 0x20 != t[k] { same = false; break }
                if same { return true }
            }
        }
        for t in extraBytes where t.count == n {
            if t.withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress!, n) == 0 }) { return true }
        }
        return false
    }

    public func isMissing(_ s: String) -> Bool {
        var copy = Array(s.utf8)
        return copy.withUnsafeMutableBufferPointer { isMissing(UnsafeBufferPointer($0)) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
