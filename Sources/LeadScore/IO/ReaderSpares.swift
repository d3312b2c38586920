import Foundation

/// Read buffers and field bounds that the readers of one file's parts hand on: a part's reader that ends
/// leaves its memory here for the next part's reader to take, instead of that one asking the OS for fresh
/// pages. score read a file in 16 parts twice (8 now: `Cores.parts`); made afresh (a megabyte of buffer, zeroed, and the bounds of a
/// batch of 4,096 records), they were 17,400 of its 56,800 page faults on the sample bench file, each a few
/// microseconds on this VM and some up to nine. Owned by the whole file's reader and shared by its segments'
/// (`CSVReader(segmentOf:…)`); what it keeps is freed by `release` once the parts are read, or with it.
final class ReaderSpares: @unchecked Sendable {  // its state is only touched under the lock
    /// A reader's memory: its buffer (zeroed when first made, so that no load ever reads uninitialised bytes;
    /// only file bytes are written to it after) and its bounds.
    struct Block {
        var buffer: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var bounds: UnsafeMutablePointer<Int>
        var boundsCapacity: Int

        fileprivate func free() {
            buffer.deallocate()
            bounds.deallocate()
        }
    }

    private let lock = NSLock()
    private var kept: [Block] = []
    /// At most one block per core is kept: no more parts' readers than cores are open at once.
    private let limit = Cores.count
    /// The buffer size of the blocks kept (a reader whose buffer grew for a long record frees it).
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// A kept block when `capacity` is the kept blocks' size, else a fresh one.
    func take(capacity: Int) -> Block {
        lock.lock()
        if capacity == self.capacity, let block = kept.popLast() {
            lock.unlock()
            return block
        }
        lock.unlock()
        let boundsCapacity = 64
        return Block(buffer: CSVReader.allocateBuffer(capacity), capacity: capacity,
                     bounds: .allocate(capacity: boundsCapacity * 2), boundsCapacity: boundsCapacity)
    }

    /// Keeps `block` for the next reader, or frees it (enough kept, or a buffer of another size).
    func give(_ block: Block) {
        lock.lock()
        if block.capacity == capacity && kept.count < limit {
            kept.append(block)
            lock.unlock()
            return
        }
        lock.unlock()
        block.free()
    }

    /// How many blocks are kept.
    var keptCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return kept.count
    }

    /// Frees the kept blocks, once no more parts are to be read (the whole file's reader may live on: train joins
    /// the parts' columns, score drains its output, and these megabytes would add to the peak).
    func release() {
        lock.lock()
        let blocks = kept
        kept.removeAll()
        lock.unlock()
        for block in blocks { block.free() }
    }

    deinit {
        for block in kept { block.free() }
    }
}
