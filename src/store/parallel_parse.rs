//! Parsing a large workspace file on two cores, holding its text in two parts. The
//! relationships are about half of a file: a second thread parses them while this one walks the
//! rest of the top-level object value by value. The file is read as two buffers cut where the
//! relationships begin, and the first is freed as soon as it is parsed, so the text and the
//! records never both take their full size at once.
//!
//! This is only a faster route to the same result, tried on files in partnerdesk's own layout
//! (the relationships array starts a line of its own). Anything unexpected — a syntax or type
//! error, an unknown or repeated key, a string too long, the relationships not where the marker
//! said — returns `None`, and the caller parses the whole text the ordinary way, which says
//! precisely what is wrong.

use std::io::Read;

use serde::Deserialize;

use crate::core::{Relationship, WorkspaceFile};

/// Below this size one thread is fast enough and a second costs more than it saves.
pub const PARALLEL_FROM_BYTES: u64 = 4 << 20;

/// Where the relationships array opens in a file partnerdesk wrote (pretty, two-space indent).
const RELATIONSHIPS_MARKER: &[u8] = b"\n  \"relationships\": [";

/// A file's bytes: all of them in `first`, or cut before the relationships marker: `second`
/// then starts with it, in chunks cut between two array elements (after the comma of a line
/// `    },`), so the parser can free each chunk once it has read it.
pub struct SplitText {
    pub first: Vec<u8>,
    pub second: Vec<Vec<u8>>,
}

impl SplitText {
    /// The whole text in one buffer.
    #[cfg(test)]
    pub fn joined(mut self) -> Vec<u8> {
        for chunk in self.second.drain(..) {
            self.first.extend_from_slice(&chunk);
        }
        self.first
    }
}

/// Where a chunk may end: after the comma between two elements of a top-level array.
const ELEMENT_BOUNDARY: &[u8] = b"\n    },\n    {";

/// About how much text one chunk of the second part holds.
const CHUNK: usize = 16 << 20;

/// Reads everything from `reader`, cutting at the relationships marker when `cut` is set.
pub fn read_split(reader: &mut impl Read, size_hint: u64, cut: bool) -> std::io::Result<SplitText> {
    read_split_in(reader, size_hint, cut, CHUNK)
}

fn read_split_in(
    reader: &mut impl Read,
    size_hint: u64,
    cut: bool,
    chunk: usize,
) -> std::io::Result<SplitText> {
    let block = (chunk / 2).max(1);
    let mut first = Vec::new();
    if !cut {
        first.reserve(size_hint as usize);
        reader.read_to_end(&mut first)?;
        return Ok(SplitText {
            first,
            second: Vec::new(),
        });
    }
    loop {
        let searched_up_to = first.len().saturating_sub(RELATIONSHIPS_MARKER.len());
        let read = reader.by_ref().take(block as u64).read_to_end(&mut first)?;
        if let Some(found) = memchr::memmem::find(&first[searched_up_to..], RELATIONSHIPS_MARKER) {
            let at = searched_up_to + found;
            let start = first[at..].to_vec();
            first.truncate(at);
            first.shrink_to_fit();
            let second = read_chunks(reader, start, chunk)?;
            return Ok(SplitText { first, second });
        }
        if read == 0 {
            return Ok(SplitText {
                first,
                second: Vec::new(),
            });
        }
    }
}

/// The rest of `reader` after `start`, in chunks of about `CHUNK` bytes cut at element boundaries.
fn read_chunks(
    reader: &mut impl Read,
    start: Vec<u8>,
    chunk: usize,
) -> std::io::Result<Vec<Vec<u8>>> {
    let room = chunk + (chunk >> 2);
    let mut chunks = Vec::new();
    let mut current = start;
    current.reserve(room);
    loop {
        let wanted = room.saturating_sub(current.len()).max(chunk >> 2) as u64;
        let read = reader.by_ref().take(wanted).read_to_end(&mut current)?;
        if read == 0 {
            chunks.push(current);
            return Ok(chunks);
        }
        if current.len() < chunk {
            continue;
        }
        // Cut after the comma: `\n` + four spaces + `},` into the boundary.
        let cut = memchr::memmem::rfind(&current[chunk >> 1..], ELEMENT_BOUNDARY)
            .map(|at| (chunk >> 1) + at + 7);
        if let Some(cut) = cut {
            let mut next = Vec::with_capacity(room);
            next.extend_from_slice(&current[cut..]);
            current.truncate(cut);
            chunks.push(std::mem::replace(&mut current, next));
        }
    }
}

/// Text handed out chunk by chunk, each chunk vetted and then freed once read past.
struct Cursor<'v> {
    text: String,
    at: usize,
    rest: std::vec::IntoIter<Vec<u8>>,
    vet: &'v (dyn Fn(&[u8]) -> bool + Sync),
}

impl<'v> Cursor<'v> {
    fn new(chunks: Vec<Vec<u8>>, vet: &'v (dyn Fn(&[u8]) -> bool + Sync)) -> Option<Self> {
        let mut cursor = Cursor {
            text: String::new(),
            at: 0,
            rest: chunks.into_iter(),
            vet,
        };
        cursor.next_chunk()?;
        Some(cursor)
    }

    fn next_chunk(&mut self) -> Option<()> {
        let bytes = self.rest.next()?;
        if !(self.vet)(&bytes) {
            return None;
        }
        self.text = String::from_utf8(bytes).ok()?;
        self.at = 0;
        Some(())
    }

    /// The next byte that is not whitespace, moving to the next chunk at the end of one.
    fn peek(&mut self) -> Option<u8> {
        loop {
            self.at = skip_whitespace(self.text.as_bytes(), self.at);
            match self.text.as_bytes().get(self.at) {
                Some(&b) => return Some(b),
                None => self.next_chunk()?,
            }
        }
    }

    fn bump(&mut self) {
        self.at += 1;
    }

    fn value<'a, T: Deserialize<'a>>(&'a mut self) -> Option<T> {
        self.peek()?;
        let (value, end) = value_at(&self.text, self.at)?;
        self.at = end;
        Some(value)
    }

    /// An array of `T`, element by element, crossing chunks between elements.
    fn array<T: for<'a> Deserialize<'a>>(&mut self) -> Option<Vec<T>> {
        if self.peek()? != b'[' {
            return None;
        }
        self.bump();
        let mut records = Vec::new();
        if self.peek()? == b']' {
            self.bump();
            return Some(records);
        }
        loop {
            records.push(self.value()?);
            match self.peek()? {
                b',' => self.bump(),
                b']' => {
                    self.bump();
                    return Some(records);
                }
                _ => return None,
            }
        }
    }

    /// Everything not read yet, in one text.
    fn remainder(mut self) -> String {
        let mut rest = self.text.split_off(self.at);
        for chunk in self.rest {
            match String::from_utf8(chunk) {
                Ok(text) if (self.vet)(text.as_bytes()) => rest.push_str(&text),
                // Unreadable text: make the remainder unparseable so the caller falls back.
                _ => return String::from("\u{0}"),
            }
        }
        rest
    }
}

/// The workspace in a split text, parsed on two threads, or `None` to parse it the ordinary way.
/// `vet` checks each part's bytes before they are parsed (string lengths).
pub fn parse_split(
    split: SplitText,
    vet: &(dyn Fn(&[u8]) -> bool + Sync),
) -> Option<WorkspaceFile> {
    let SplitText { first, second } = split;
    if !second.first()?.starts_with(RELATIONSHIPS_MARKER) {
        return None;
    }
    std::thread::scope(|scope| {
        let relationships = scope.spawn(move || {
            let mut cursor = Cursor::new(second, vet)?;
            cursor.at = RELATIONSHIPS_MARKER.len() - 1;
            let records = cursor.array::<Relationship>()?;
            Some((records, cursor.remainder()))
        });
        let mut walker = Walker::default();
        {
            if !vet(&first) {
                return None;
            }
            let text = String::from_utf8(first).ok()?;
            match walker.object_start(&text)? {
                Stop::EndOfText => {}
                Stop::Closed(_) => return None,
            }
            // `text` (the first part) is freed here, while the relationships are still parsed.
        }
        let (records, tail) = relationships.join().ok()??;
        walker.relationships(records)?;
        let bytes = tail.as_bytes();
        let at = skip_whitespace(bytes, 0);
        let stop = match bytes.get(at)? {
            b',' => walker.members(&tail, at + 1)?,
            b'}' => Stop::Closed(at + 1),
            _ => return None,
        };
        match stop {
            Stop::Closed(after) if skip_whitespace(bytes, after) == bytes.len() => walker.finish(),
            _ => None,
        }
    })
}

/// One JSON value of type `T` starting at `at` (after optional whitespace), and where it ends.
fn value_at<'a, T: Deserialize<'a>>(text: &'a str, at: usize) -> Option<(T, usize)> {
    let mut stream = serde_json::Deserializer::from_str(text.get(at..)?).into_iter::<T>();
    let value = stream.next()?.ok()?;
    Some((value, at + stream.byte_offset()))
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
    {
        at += 1;
    }
    at
}

/// Where a walk over one part stopped.
enum Stop {
    /// At the object's closing brace; the position after it.
    Closed(usize),
    /// At the end of the part, between two members (the next part goes on).
    EndOfText,
}

/// The top-level object, member by member, with the same keys and rules as `WorkspaceFile`
/// (required `format`, `version`, `name`; no unknown or repeated key).
#[derive(Default)]
struct Walker {
    file: WorkspaceFile,
    seen: Vec<String>,
}

impl Walker {
    fn object_start(&mut self, text: &str) -> Option<Stop> {
        let at = skip_whitespace(text.as_bytes(), 0);
        if text.as_bytes().get(at) != Some(&b'{') {
            return None;
        }
        self.members(text, at + 1)
    }

    /// The relationships, parsed on their own.
    fn relationships(&mut self, records: Vec<Relationship>) -> Option<()> {
        let key = "relationships".to_string();
        if self.seen.contains(&key) {
            return None;
        }
        self.seen.push(key);
        self.file.relationships = records;
        Some(())
    }

    /// Members from `at` on (the relationships are parsed on their own, see `parse_split`).
    fn members(&mut self, text: &str, mut at: usize) -> Option<Stop> {
        let bytes = text.as_bytes();
        loop {
            at = skip_whitespace(bytes, at);
            if at == bytes.len() {
                return Some(Stop::EndOfText);
            }
            let (key, after_key) = value_at::<String>(text, at)?;
            at = skip_whitespace(bytes, after_key);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_whitespace(bytes, at + 1);
            let file = &mut self.file;
            at = match key.as_str() {
                "format" => put(text, at, &mut file.format)?,
                "version" => put(text, at, &mut file.version)?,
                "name" => put(text, at, &mut file.name)?,
                "asOf" => put(text, at, &mut file.as_of)?,
                "nextSerial" => put(text, at, &mut file.next_serial)?,
                "partners" => put(text, at, &mut file.partners)?,
                "customers" => put(text, at, &mut file.customers)?,
                "subscriptions" => put(text, at, &mut file.subscriptions)?,
                "invitations" => put(text, at, &mut file.invitations)?,
                "accessAssignments" => put(text, at, &mut file.access_assignments)?,
                "audit" => put(text, at, &mut file.audit)?,
                _ => return None,
            };
            if self.seen.contains(&key) {
                return None;
            }
            self.seen.push(key);
            at = skip_whitespace(bytes, at);
            match bytes.get(at) {
                Some(b',') => at += 1,
                Some(b'}') => return Some(Stop::Closed(at + 1)),
                _ => return None,
            }
        }
    }

    fn finish(self) -> Option<WorkspaceFile> {
        let complete = ["format", "version", "name"]
            .iter()
            .all(|required| self.seen.iter().any(|key| key == required));
        complete.then_some(self.file)
    }
}

fn put<'a, T: Deserialize<'a>>(text: &'a str, at: usize, field: &mut T) -> Option<usize> {
    let (value, end) = value_at(text, at)?;
    *field = value;
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Time;
    use crate::synth::{Spec, generate};

    fn generated(customers: usize) -> String {
        let spec = Spec {
            customers,
            partners: Spec::default_partners(customers),
            seed: 3,
            now: Time::parse("2026-11-24T09:00:00Z").unwrap(),
        };
        let mut text = serde_json::to_string_pretty(&generate(&spec)).unwrap();
        text.push('\n');
        text
    }

    fn sequential(text: &str) -> serde_json::Value {
        let file: WorkspaceFile = serde_json::from_str(text).unwrap();
        serde_json::to_value(file).unwrap()
    }

    fn parallel(text: &str) -> Option<WorkspaceFile> {
        let split = read_split_in(&mut text.as_bytes(), text.len() as u64, true, 1 << 16).unwrap();
        assert!(split.second.len() > 10, "small chunks make many cuts");
        let total: usize = split.second.iter().map(Vec::len).sum();
        assert_eq!(split.first.len() + total, text.len());
        parse_split(split, &|_| true)
    }

    #[test]
    fn two_threads_parse_the_same_workspace_as_one() {
        let text = generated(3_000);
        let parsed = parallel(&text).expect("a file partnerdesk wrote takes the parallel route");
        assert_eq!(serde_json::to_value(parsed).unwrap(), sequential(&text));
    }

    #[test]
    fn the_cut_is_found_across_read_blocks_and_rejoins_to_the_same_bytes() {
        let text = generated(3_000);
        let mut slow = std::io::BufReader::with_capacity(7, text.as_bytes());
        let split = read_split_in(&mut slow, 0, true, 1 << 16).unwrap();
        assert!(
            split.second[1..]
                .iter()
                .all(|chunk| chunk.starts_with(b"\n    {"))
        );
        assert!(split.second[0].starts_with(RELATIONSHIPS_MARKER));
        assert_eq!(split.joined(), text.as_bytes());
    }

    #[test]
    fn anything_unexpected_falls_back_to_the_ordinary_parse() {
        let text = generated(3_000);
        let cases = [
            // A repeated key, an unknown key, trailing content, a type error in each part, a
            // missing required key.
            text.replacen("\"name\":", "\"name\": \"x\",\n  \"name\":", 1),
            text.replacen("\"name\":", "\"colour\": 1,\n  \"name\":", 1),
            format!("{text} {{}}"),
            text.replacen("\"quantity\": ", "\"quantity\": -", 1),
            text.replacen("\"kind\": \"gdap\"", "\"kind\": \"gdapp\"", 1),
            text.replacen("\n  \"relationships\": [", "\n  \"relationships\": [1,", 1),
            text.replacen("\"version\": 1,\n", "", 1),
            text.replacen(
                "\n  \"relationships\": [",
                "\n  \"relationships\": [],\n  \"relationships\": [",
                1,
            ),
        ];
        for (i, broken) in cases.iter().enumerate() {
            assert!(parallel(broken).is_none(), "case {i} must fall back");
        }
        let split = read_split(&mut text.as_bytes(), 0, true).unwrap();
        assert!(
            parse_split(split, &|_| false).is_none(),
            "a part that fails vetting falls back"
        );
    }
}
