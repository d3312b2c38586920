#if canImport(CMalloc)
import CMalloc
#endif

/// How the process hands memory back.
public enum MemoryPolicy {
    /// glibc raises its mmap threshold each time a large block is freed (up to 32 MB); after that, blocks of a
    /// column's size come from the heap and stay with the process once freed. Measured on train with 1M leads:
    /// peak RSS 216 → 257 MB (23 columns) and 431 → 543 MB (46 columns) with the dynamic threshold. A fixed
    /// threshold keeps large blocks mapped, so that freeing one returns it: 256 KB, since a part of the file
    /// (a tenth of it on two cores) stores a column of 1M scaled numbers in 400 KB, and with 1 MB those parts,
    /// freed once joined, stayed with the process (numeric file: peak 353 → 261 MB). Called once by the executable.
    public static func returnLargeBlocks() {
        #if canImport(CMalloc)
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 18)
        #endif
    }
}
