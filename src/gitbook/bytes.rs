//! Byte spans and byte searches, shared by the scanner and the tree: both
//! walk the page's bytes line by line, and the scan's speed is the build's
//! speed.

use std::ops::Range;

/// Byte offsets into the input text.
pub type Span = Range<usize>;

/// Index of the first byte of `hay` equal to one of `needles`, scanning eight
/// bytes at a time.
pub(super) fn find_any<const N: usize>(hay: &[u8], needles: [u8; N]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let mut hits = 0;
        for n in needles {
            let y = x ^ (LO * u64::from(n));
            // The lowest flagged byte is always a true zero byte of `y`.
            hits |= y.wrapping_sub(LO) & !y & HI;
        }
        if hits != 0 {
            return Some(base + (hits.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|c| needles.contains(c))
        .map(|i| base + i)
}

/// Columns taken by a run of spaces and tabs (tab stops every 4 columns).
pub(crate) fn columns(ws: &[u8]) -> usize {
    ws.iter().fold(0, |col, &c| {
        if c == b'\t' {
            (col / 4 + 1) * 4
        } else {
            col + 1
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_any_agrees_with_a_plain_search() {
        // Every length and position around the eight-byte chunks, with bytes
        // that differ from a needle in one bit (the carry trap of SWAR).
        for len in 0..40 {
            for at in 0..=len {
                let mut hay = vec![b'{' ^ 0x80; len];
                hay.iter_mut().step_by(3).for_each(|c| *c = b'z');
                if at < len {
                    hay[at] = b'{';
                }
                let plain = hay.iter().position(|&c| c == b'{' || c == b'`');
                assert_eq!(find_any(&hay, [b'{', b'`']), plain, "{len} {at}");
            }
        }
        assert_eq!(find_any("提示{%".as_bytes(), [b'%']), Some(7));
    }

    #[test]
    fn columns_counts_tab_stops_of_four() {
        assert_eq!(columns(b""), 0);
        assert_eq!(columns(b"   "), 3);
        assert_eq!(columns(b"	"), 4);
        assert_eq!(columns(b"  	"), 4);
        assert_eq!(columns(b" 	  	"), 8);
        assert_eq!(columns(b"    	"), 8);
    }
}
