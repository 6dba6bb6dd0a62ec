//! When a page's SHA-256 digest is made. Only the records an import adds or changes name their
//! file's digest (their provenance), and most re-imports change nothing: hashing every page as
//! it is read was a tenth of such a re-import's work. So the command line may leave the digests
//! for later and make them, from the files read again, only for an import that changes
//! something; a page's bytes in short (`ReadAs`) tell whether its file is still what was read.

use super::{SourceSummary, sha256_hex};

/// When a page's digest is made: as it is read, or later from its file again (`complete`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digesting {
    AsRead,
    Later,
}

/// A page's bytes in short, kept when its digest is left for later: its length and a fast
/// 64-bit hash of them (xxh3, ten times as fast as SHA-256), enough to tell a file that
/// changed since it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadAs {
    bytes: usize,
    xxh3: u64,
}

impl ReadAs {
    pub fn of(bytes: &[u8]) -> ReadAs {
        ReadAs {
            bytes: bytes.len(),
            xxh3: xxhash_rust::xxh3::xxh3_64(bytes),
        }
    }
}

/// A page whose file no longer holds what was read from it.
#[derive(Debug, PartialEq, Eq)]
pub struct ChangedSince {
    pub file: String,
}

/// The digest of every page in `sources` whose digest was left for later, made from its bytes
/// as `read_again(index)` reads them, half of the pages on a second thread (hashing takes
/// longer than reading a file the system has just read). A page whose bytes are not those
/// that were read (its file changed meanwhile) stops it: its records are not what the file
/// holds now. The first page in order that stops it says why.
pub fn complete<E: Send>(
    sources: &mut [SourceSummary],
    read_again: impl Fn(usize) -> Result<Vec<u8>, E> + Sync,
) -> Result<(), Completing<E>> {
    let (first, second) = sources.split_at_mut(sources.len() / 2);
    let second_from = first.len();
    let (first, second) = std::thread::scope(|scope| {
        let other = scope.spawn(|| complete_from(second, second_from, &read_again));
        let here = complete_from(first, 0, &read_again);
        let other = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (here, other)
    });
    first.and(second)
}

/// `complete` for `sources`, the first of them being page `from`.
fn complete_from<E>(
    sources: &mut [SourceSummary],
    from: usize,
    read_again: &impl Fn(usize) -> Result<Vec<u8>, E>,
) -> Result<(), Completing<E>> {
    for (index, source) in (from..).zip(sources.iter_mut()) {
        let Some(read_as) = source.digest_later else {
            continue;
        };
        let bytes = read_again(index).map_err(Completing::Unreadable)?;
        if ReadAs::of(&bytes) != read_as {
            return Err(Completing::Changed(ChangedSince {
                file: source.file.clone(),
            }));
        }
        source.sha256 = sha256_hex(&bytes);
        source.digest_later = None;
    }
    Ok(())
}

/// Why `complete` stopped: a file that cannot be read again, or one that changed.
#[derive(Debug)]
pub enum Completing<E> {
    Unreadable(E),
    Changed(ChangedSince),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::Kind;

    fn summary(file: &str, bytes: &[u8], digesting: Digesting) -> SourceSummary {
        SourceSummary {
            file: file.into(),
            kind: Kind::Customers,
            items: 0,
            sha256: match digesting {
                Digesting::AsRead => sha256_hex(bytes),
                Digesting::Later => String::new(),
            },
            digest_later: (digesting == Digesting::Later).then(|| ReadAs::of(bytes)),
        }
    }

    #[test]
    fn digests_left_for_later_are_those_of_the_files_read_again() {
        let pages: [&[u8]; 3] = [b"{\"items\":[]}", b"{\"value\":[]}", b"{\"items\":[ ]}"];
        let mut sources = vec![
            summary("a.json", pages[0], Digesting::Later),
            summary("b.json", pages[1], Digesting::AsRead),
            summary("c.json", pages[2], Digesting::Later),
        ];
        let asked = std::sync::Mutex::new(Vec::new());
        complete::<()>(&mut sources, |i| {
            asked.lock().unwrap().push(i);
            Ok(pages[i].to_vec())
        })
        .unwrap();
        let mut asked = asked.into_inner().unwrap();
        asked.sort();
        assert_eq!(asked, [0, 2], "a digest made as read is not made again");
        for (source, page) in sources.iter().zip(pages) {
            assert_eq!(source.sha256, sha256_hex(page), "{}", source.file);
            assert_eq!(source.digest_later, None);
        }
    }

    #[test]
    fn a_file_changed_since_it_was_read_stops_the_digests_and_is_named() {
        let mut sources = vec![summary("a.json", b"{\"items\":[]}", Digesting::Later)];
        // As long as what was read: only the content tells.
        let now: &[u8] = b"{\"items\":[1]";
        assert_eq!(now.len(), b"{\"items\":[]}".len());
        let changed = complete::<()>(&mut sources, |_| Ok(now.to_vec()));
        match changed {
            Err(Completing::Changed(ChangedSince { file })) => assert_eq!(file, "a.json"),
            other => panic!("expected a change, got {other:?}"),
        }
        assert_eq!(
            sources[0].sha256, "",
            "no digest of bytes that were not read"
        );
    }

    #[test]
    fn of_several_changed_files_the_first_in_order_is_named() {
        let page: &[u8] = b"{\"items\":[]}";
        let names = ["a.json", "b.json", "c.json", "d.json"];
        let mut sources: Vec<SourceSummary> = names
            .iter()
            .map(|name| summary(name, page, Digesting::Later))
            .collect();
        // b.json (first half) and d.json (second half) changed.
        let changed = complete::<()>(&mut sources, |i| {
            Ok(if i % 2 == 1 {
                b"{}".to_vec()
            } else {
                page.to_vec()
            })
        });
        match changed {
            Err(Completing::Changed(ChangedSince { file })) => assert_eq!(file, "b.json"),
            other => panic!("expected a change, got {other:?}"),
        }
    }

    #[test]
    fn a_file_that_cannot_be_read_again_says_so() {
        let mut sources = vec![summary("a.json", b"{}", Digesting::Later)];
        let failed = complete(&mut sources, |_| Err("gone"));
        assert!(matches!(failed, Err(Completing::Unreadable("gone"))));
    }
}
