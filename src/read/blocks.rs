//! Finding the bytes of a line that end a field or the line, a block of bytes at a time: eight
//! with integer arithmetic on a word, which every target has, or sixty-four with WebAssembly's
//! SIMD where the build enables it (.cargo/config.toml does for wasm32; every browser the page
//! supports runs it: Chrome 91, Firefox 89, Safari 16.4).
//!
//! [`specials`] marks, in masks of [`BITS_PER_BYTE`] bits per byte of a [`BLOCK`], the bytes
//! that stop a plain line (a line break, a carriage return or a quote) and the delimiters, each
//! kind in a mask of its own so that the caller need not read the bytes again to tell them apart.

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub(super) use words::{specials, BITS_PER_BYTE, BLOCK};

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(super) use simd::{specials, BITS_PER_BYTE, BLOCK};

/// The special bytes of a block, marked by [`BITS_PER_BYTE`] bits per byte.
pub(super) struct Specials {
    /// The line breaks, carriage returns and quotes: exact up to the first of them, the bits
    /// after it may mark other bytes too (which the caller, stopping at the first, never
    /// reads).
    pub stops: u64,
    /// The delimiters, exactly.
    pub delimiters: u64,
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod words {
    use super::Specials;

    pub const BLOCK: usize = 8;
    pub const BITS_PER_BYTE: u32 = 8;

    /// A byte of ones in each byte of a word; times a byte, that byte in each.
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    /// The high bit of each byte, which marks it; and the other seven.
    const HIGH: u64 = ONES * 0x80;
    const LOW: u64 = !HIGH;

    /// The special bytes of `block`, read as a little-endian word, marked by their high bits.
    pub fn specials(block: &[u8; BLOCK], delimiter: u8) -> Specials {
        let word = u64::from_le_bytes(*block);
        // Zero in each byte equal to `byte`.
        let xor = |byte: u8| word ^ (ONES * u64::from(byte));
        Specials {
            stops: (zeros_up_to_first(xor(b'\n'))
                | zeros_up_to_first(xor(b'\r'))
                | zeros_up_to_first(xor(b'"')))
                & HIGH,
            delimiters: zeros(xor(delimiter)),
        }
    }

    /// Marks the zero bytes of `word` up to the first, and perhaps some bytes after it, in
    /// three operations: a zero byte borrows in `word - ONES`, which sets the high bit of the
    /// byte after it when that one is 0 or 1 (its own high bit clear). Only bytes after a zero
    /// ever see a borrow, so no byte before the first zero is marked. The caller keeps only
    /// the high bits.
    fn zeros_up_to_first(word: u64) -> u64 {
        word.wrapping_sub(ONES) & !word
    }

    /// The high bit of each zero byte of `word`, exactly: adding 0x7f to a byte's low seven
    /// bits sets its high bit unless they are all zero, without a carry into the next byte.
    fn zeros(word: u64) -> u64 {
        !(((word & LOW) + LOW) | word) & HIGH
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::{i8x16_bitmask, i8x16_eq, u64x2, u8x16_splat, v128, v128_or};

    use super::Specials;

    /// Four vectors of sixteen bytes: the block starts at a line's start, and a line of a
    /// typical export (about 46 bytes) ends within it, so one step finds all its delimiters
    /// and its end.
    pub const BLOCK: usize = 64;
    pub const BITS_PER_BYTE: u32 = 1;
    const VECTOR: usize = 16;

    /// Bit `i` set where byte `i` of `block` is special: one comparison of sixteen bytes per
    /// kind, and one bitmask per mask.
    pub fn specials(block: &[u8; BLOCK], delimiter: u8) -> Specials {
        let mut specials = Specials {
            stops: 0,
            delimiters: 0,
        };
        for (index, bytes) in block.chunks_exact(VECTOR).enumerate() {
            let bytes = vector(bytes);
            let all = |byte: u8| i8x16_eq(bytes, u8x16_splat(byte));
            let stops = v128_or(v128_or(all(b'\n'), all(b'\r')), all(b'"'));
            let shift = VECTOR * index;
            specials.stops |= u64::from(i8x16_bitmask(stops)) << shift;
            specials.delimiters |= u64::from(i8x16_bitmask(all(delimiter))) << shift;
        }
        specials
    }

    /// Sixteen bytes as a vector, without `unsafe`: the two halves as little-endian words,
    /// which the compiler makes one load.
    fn vector(bytes: &[u8]) -> v128 {
        let (low, high) = bytes.split_at(8);
        let half = |bytes: &[u8]| bytes.try_into().map_or(0, u64::from_le_bytes);
        u64x2(half(low), half(high))
    }
}
