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

/// Whether the last line of `source` is a list item's marker and nothing
/// else (`1. `, `* `, `  - `): what follows on that line starts the item.
pub(crate) fn ends_with_list_marker(source: &str) -> bool {
    let line = &source[source.rfind('\n').map_or(0, |i| i + 1)..];
    let marker = line.trim_start_matches(' ');
    let rest = match marker.as_bytes().first() {
        Some(b'*' | b'-' | b'+') => &marker[1..],
        Some(b'0'..=b'9') => {
            let digits = marker.bytes().take_while(u8::is_ascii_digit).count();
            match marker.as_bytes().get(digits) {
                Some(b'.' | b')') if digits <= 9 => &marker[digits + 1..],
                _ => return false,
            }
        }
        _ => return false,
    };
    !rest.is_empty() && rest.bytes().all(|b| b == b' ' || b == b'\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_marker_alone_ends_the_text() {
        for yes in ["1. ", "* ", "text\n  - ", "10) ", "+\t"] {
            assert!(ends_with_list_marker(yes), "{yes:?}");
        }
        for no in [
            "1.",
            "1. Open ",
            "*",
            "",
            "a. ",
            "1234567890. ",
            "Intro\n",
            "-1. ",
        ] {
            assert!(!ends_with_list_marker(no), "{no:?}");
        }
    }

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
