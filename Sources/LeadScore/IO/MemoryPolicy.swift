#if canImport(CMalloc)
import CMalloc
#endif

/// How the process hands memory back.
public enum MemoryPolicy {
    /// glibc raises its mmap threshold each time a large block is freed (up to 32 MB); after that, blocks of a
    /// column's size come from the heap and stay with the process once freed. Measured on train with 1M leads:
    /// peak RSS 216 → 257 MB (23 columns) and 431 → 543 MB (46 columns) with the dynamic threshold. A fixed
    /// 1 MB threshold keeps large blocks mapped, so that freeing one returns it. Called once by the executable.
    public static func returnLargeBlocks() {
        #if canImport(CMalloc)
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
    }
}
