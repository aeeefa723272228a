//! Finding the bytes of a line that end a field or the line, a block of bytes at a time: eight
//! with integer arithmetic on a word, which every target has, or sixteen with WebAssembly's SIMD
//! where the build enables it (.cargo/config.toml does for wasm32; every browser the page
//! supports runs it: Chrome 91, Firefox 89, Safari 16.4).
//!
//! [`candidates`] marks, in a mask of [`BITS_PER_BYTE`] bits per byte of a [`BLOCK`], the bytes
//! that may be a line break, a quote or the delimiter; the caller tells them apart.

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub(super) use words::{candidates, BITS_PER_BYTE, BLOCK};

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(super) use simd::{candidates, BITS_PER_BYTE, BLOCK};

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod words {
    pub const BLOCK: usize = 8;
    pub const BITS_PER_BYTE: u32 = 8;

    /// A byte of ones in each byte of a word; times a byte, that byte in each.
    const ONES: u64 = u64::from_ne_bytes([1; 8]);

    /// The high bit of each byte of `block` (read as a little-endian word) that may be a line
    /// break, a quote or the delimiter: set for every such byte, and for some of the bytes
    /// after one.
    pub fn candidates(block: [u8; BLOCK], delimiter: u8) -> u64 {
        let word = u64::from_le_bytes(block);
        // A byte below `n` borrows in `word - n`, which sets its high bit unless the byte had
        // it set; a borrow only ever marks bytes after a true one, which the caller tells apart.
        let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word;
        // Line breaks are below 0x0e, the delimiter and quotes are zero once XORed with
        // themselves.
        let quotes = ONES * u64::from(b'"');
        let delimiters = ONES * u64::from(delimiter);
        (below(word, 0x0e) | below(word ^ delimiters, 1) | below(word ^ quotes, 1)) & (ONES * 0x80)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::{i8x16_bitmask, i8x16_eq, u64x2, u8x16_splat, v128_or};

    pub const BLOCK: usize = 16;
    pub const BITS_PER_BYTE: u32 = 1;

    /// Bit `i` set where byte `i` of `block` is a line break, a quote or the delimiter: one
    /// comparison of the sixteen bytes per kind.
    pub fn candidates(block: [u8; BLOCK], delimiter: u8) -> u64 {
        let (low, high) = block.split_at(8);
        let half = |bytes: &[u8]| bytes.try_into().map_or(0, u64::from_le_bytes);
        let bytes = u64x2(half(low), half(high));
        let all = |byte: u8| i8x16_eq(bytes, u8x16_splat(byte));
        let special = v128_or(
            v128_or(all(b'\n'), all(b'\r')),
            v128_or(all(b'"'), all(delimiter)),
        );
        u64::from(i8x16_bitmask(special))
    }
}
