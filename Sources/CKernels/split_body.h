// The body of split.c's kernel, built twice (`wide`: AVX2 with POPCNT and BMI1, else SSE2); see split.c.
#ifndef CKERNELS_SPLIT_BODY_H
#define CKERNELS_SPLIT_BODY_H

// The lowest set bit's index, 64 for none (one TZCNT where BMI1 is on).
static inline __attribute__((always_inline)) int64_t lowest(uint64_t x) { return x ? __builtin_ctzll(x) : 64; }

static inline __attribute__((always_inline))
int64_t split_body(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots, int64_t room,
                   int64_t *next, int32_t *quoted, const int wide) {
    int64_t n = 0, field = i, mb = i;
    // The block from `mb`: its field ends not inside quotes (`marks`, each taken off as it is read), its quotes
    // not yet passed by a field, its LFs, all its delimiters and line breaks (`raw`); `inside`: all ones when the
    // block starts inside a quoted field.
    uint64_t marks, quotes, breaks, raw, inside = 0;
    // A field that goes on past its block: its quotes so far, and whether it held an LF.
    int64_t fieldQuotes = 0;
    uint64_t fieldBreaks = 0;
    // Only the bytes before `end` are data; the sentinel LF at `end` ends a field unless a quote is open.
#define LOAD() do { \
        const Block b = wide ? block_avx2(p, mb, delimiter) : block_sse2(p, mb, delimiter); \
        marks = b.marks; quotes = b.quotes; breaks = b.breaks; \
        if (end - mb < 64) { \
            const uint64_t data = ((uint64_t)1 << (end - mb)) - 1; \
            quotes &= data; breaks &= data; marks &= data | (data + 1); \
        } \
        raw = marks; \
        if (quotes | inside) { \
            uint64_t x = quotes; \
            x ^= x << 1; x ^= x << 2; x ^= x << 4; x ^= x << 8; x ^= x << 16; x ^= x << 32; \
            x ^= inside; \
            marks &= ~x; \
            inside = (uint64_t)((int64_t)x >> 63); \
        } \
    } while (0)
    // Stops where the caller must go on: before field n, which starts at `field`.
#define HAND_OVER() do { *next = field; return -(n + 1); } while (0)
    // What follows a field that ends at `at`: another field, the record's end, or the caller's turn (`q`: the
    // field is quoted, and counts as taken only in the first two). A plain block (not do-while), so that its
    // `continue` goes on with the loop around it.
#define FIELD_END(at, q) { \
        const uint8_t c = p[at]; \
        if (c == delimiter) { if (q) *quoted = 1; n++; field = (at) + 1; continue; } \
        if (c == 10 && (at) < end) { if (q) *quoted = 1; *next = (at) + 1; return n + 1; } \
        if (c == 13 && (at) + 1 < end && p[(at) + 1] == 10) { if (q) *quoted = 1; *next = (at) + 2; return n + 1; } \
        HAND_OVER(); \
    }
    // An unquoted field that holds a quote (content, as the parser reads it: 24" monitor, Robert "Bob" Smith): it
    // ends at the first delimiter or line break from its start, whatever the quotes, when that lies in this block,
    // which is then read again from the next field with no quote open; else the caller's turn.
#define UNQUOTED_WITH_QUOTE() { \
        const uint64_t ends = field > mb ? raw & (~(uint64_t)0 << (field - mb)) : raw; \
        if (!ends) HAND_OVER(); \
        const int64_t at = mb + __builtin_ctzll(ends); \
        slots[2 * n] = field; \
        slots[2 * n + 1] = at; \
        const uint8_t c = p[at]; \
        if (c == 10 && at < end) { *next = at + 1; return n + 1; } \
        if (c == 13 && at + 1 < end && p[at + 1] == 10) { *next = at + 2; return n + 1; } \
        if (c != delimiter) HAND_OVER(); \
        n++; \
        field = mb = at + 1; \
        inside = 0; \
        fieldQuotes = 0; \
        fieldBreaks = 0; \
        LOAD(); \
        continue; \
    }
    LOAD();
    for (;;) {
        if (!(quotes | (uint64_t)fieldQuotes)) {
            // No quote left in the block: every mark ends a plain field.
            while (marks) {
                if (n >= room) HAND_OVER();
                const int64_t at = mb + __builtin_ctzll(marks);
                marks &= marks - 1;
                slots[2 * n] = field;
                slots[2 * n + 1] = at;
                FIELD_END(at, 0);
            }
            if (end - mb < 64) HAND_OVER();
            mb += 64;
            LOAD();
            continue;
        }
        if (n >= room) HAND_OVER();
        if (marks && !fieldQuotes) {
            const int64_t m = lowest(marks), q0 = lowest(quotes), at = mb + m;
            if (m < q0) {
                // A plain field: it ends before the block's next quote.
                marks &= marks - 1;
                slots[2 * n] = field;
                slots[2 * n + 1] = at;
                FIELD_END(at, 0);
            }
            const uint64_t rest = quotes & (quotes - 1);
            const int64_t q1 = lowest(rest);
            if (mb + q0 == field && m == q1 + 1 && !(breaks & (((uint64_t)2 << q1) - 1))) {
                // A quoted field in the block: its closing quote the next one, the field's end right after it.
                marks &= marks - 1;
                quotes = rest & (rest - 1);
                slots[2 * n] = field + 1;
                slots[2 * n + 1] = at - 1;
                FIELD_END(at, 1);
            }
            if (p[field] != '"') UNQUOTED_WITH_QUOTE();
            HAND_OVER();  // a doubled quote, text after the closing quote, an LF in the content
        }
        // The field goes on into the next block (its quotes and LFs counted), or began in an earlier one.
        while (!marks) {
            if (quotes | (uint64_t)fieldQuotes) {
                if (field < mb + 64) {
                    const int off = field > mb ? (int)(field - mb) : 0;
                    fieldQuotes += __builtin_popcountll(quotes >> off);
                    fieldBreaks |= breaks >> off;
                }
                // Sooner than at its end: an unquoted field with a quote (below), a quoted one that cannot be taken.
                if (fieldQuotes && p[field] != '"') break;
                if (fieldQuotes > 2 || fieldBreaks) HAND_OVER();
            }
            if (end - mb < 64) HAND_OVER();
            mb += 64;
            LOAD();
            if (!fieldQuotes) break;
        }
        if (!fieldQuotes) continue;
        if (p[field] != '"') UNQUOTED_WITH_QUOTE();
        // A quoted field across blocks: two quotes in all, the first its first byte, the second right before its end.
        const int64_t at = mb + __builtin_ctzll(marks);
        marks &= marks - 1;
        const uint64_t below = ((uint64_t)1 << (at - mb)) - 1;
        const int64_t count = fieldQuotes + __builtin_popcountll(quotes & below);
        if (count != 2 || p[field] != '"' || p[at - 1] != '"' || fieldBreaks || (breaks & below)) HAND_OVER();
        slots[2 * n] = field + 1;
        slots[2 * n + 1] = at - 1;
        fieldQuotes = 0;
        quotes &= ~below;
        FIELD_END(at, 1);
    }
#undef LOAD
#undef HAND_OVER
#undef FIELD_END
#undef UNQUOTED_WITH_QUOTE
}

#endif
