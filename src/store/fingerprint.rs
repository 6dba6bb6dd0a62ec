//! A file's fingerprint: a content hash of its bytes, taken as it is loaded or saved, to notice
//! a change on disk before overwriting it. Loading, the parallel parse and saving all take one.

use std::path::Path;

/// A content hash of a file as loaded, to notice a change on disk before overwriting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint(pub u64);

/// The fingerprint of `bytes`.
pub fn fingerprint(bytes: &[u8]) -> Fingerprint {
    fingerprint_parts(&[bytes])
}

/// The fingerprint of the bytes of `parts` one after the other (the same as of them joined).
pub fn fingerprint_parts(parts: &[&[u8]]) -> Fingerprint {
    let mut hasher = FingerprintHasher::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finish()
}

/// A fingerprint computed as bytes go by (a save hashes what it writes): the same value as
/// `fingerprint` of all of them. XXH3 hashes at memory speed, so a multi-gigabyte file costs a
/// fraction of a second; it guards against accidental change, not against an adversary.
pub struct FingerprintHasher(xxhash_rust::xxh3::Xxh3);

impl FingerprintHasher {
    pub fn new() -> Self {
        FingerprintHasher(xxhash_rust::xxh3::Xxh3::new())
    }
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    pub fn finish(&self) -> Fingerprint {
        Fingerprint(self.0.digest())
    }
}

impl Default for FingerprintHasher {
    fn default() -> Self {
        Self::new()
    }
}

/// The fingerprint of the file at `path` read in blocks (a workspace can be gigabytes), or
/// `None` when it cannot be read.
pub fn fingerprint_of_file(path: &Path) -> Option<Fingerprint> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = FingerprintHasher::new();
    let mut block = vec![0; 1 << 20];
    loop {
        match std::io::Read::read(&mut file, &mut block) {
            Ok(0) => return Some(hasher.finish()),
            Ok(n) => hasher.update(&block[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_in_parts_equals_the_fingerprint_of_the_whole() {
        let text: Vec<u8> = (0..100_000u32).flat_map(|n| n.to_le_bytes()).collect();
        let whole = fingerprint(&text);
        for cut in [0, 1, 63, 64, 1000, 99_999, text.len()] {
            assert_eq!(
                fingerprint_parts(&[&text[..cut], &text[cut..]]),
                whole,
                "cut {cut}"
            );
        }
        let mut streaming = FingerprintHasher::new();
        text.chunks(777).for_each(|chunk| streaming.update(chunk));
        assert_eq!(streaming.finish(), whole);
        assert_ne!(fingerprint(&text[1..]), whole, "a change shows");
    }
}
