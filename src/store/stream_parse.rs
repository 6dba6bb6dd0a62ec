//! Parsing a large workspace file on every core while it is still being read. The reader cuts
//! the text into chunks between two elements of a top-level array (after the comma of a line
//! `    },`) and hands each to a pool of parsers; a parsed chunk's buffer comes back to the reader
//! for the next one, so the text never takes more than a few chunks of memory and the read
//! overlaps the parse.
//!
//! A parser must know where its chunk starts (inside which array). The reader guesses that from
//! the last top-level key line before the cut; every guess is verified when the pieces are
//! joined: a chunk's start must be exactly where the previous chunk's own strict parse ended.
//! So the result equals the ordinary parse's, or is `None`: anything unexpected (a syntax or
//! type error, an unknown or repeated key, a missing required key, trailing content, a string
//! too long, a layout partnerdesk does not write) leaves the caller to parse the whole text the
//! ordinary way, which says precisely what is wrong.

use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use serde::Deserialize;
use serde::de::DeserializeSeed;

use super::fingerprint::{Fingerprint, FingerprintHasher};
use crate::tables::table::Keyed;
use crate::workspace::format::Kept;
use crate::workspace::{ParsedFile, WorkspaceFile};

/// Below this size one thread is fast enough and a second costs more than it saves.
pub const PARALLEL_FROM_BYTES: u64 = 4 << 20;

/// The most text one chunk holds: enough to keep a parser busy for tens of milliseconds.
const CHUNK: usize = 8 << 20;

/// The chunk size for a file of `size` bytes. Small enough that every parser gets many chunks
/// and the last one, parsed after the read has ended with nothing to overlap it, is short; and
/// about 1 MiB up to a few hundred megabytes, so that the text the reader has just copied and
/// hashed is still in the caches when a parser reads it (at 400 MB, 8% less CPU than 8 MiB
/// chunks, and a peak 35 MB lower). A file of gigabytes gets larger chunks: each chunk's
/// records are a vector of their own, and the spare room of many small vectors shares pages
/// that are touched (2.8 GB with 1 MiB chunks: the peak 140 MB higher).
fn chunk_for(size: u64, parsers: usize) -> usize {
    let share = size / (parsers as u64 * 16);
    let cached = (size / 384).max(1 << 20);
    (share.min(cached) as usize).clamp(256 << 10, CHUNK)
}

/// Where a chunk may end: after the comma between two elements of a top-level array.
const ELEMENT_BOUNDARY: &[u8] = b"\n    },\n    {";
/// The bytes of `ELEMENT_BOUNDARY` that stay with the chunk before the cut (`\n    },`).
const KEPT_BEFORE_CUT: usize = 7;
/// Where a top-level array of records opens in partnerdesk's layout: its key line ends with `[`
/// and the next line opens the first record, indented by four spaces (a record's own lists of
/// objects are indented deeper). Rare bytes, so memmem skips through a chunk quickly.
const ARRAY_OPENING: &[u8] = b"\": [\n    {";
/// What follows the `[` of `ARRAY_OPENING`.
const OPENING_AFTER_BRACKET: &[u8] = b"\n    {";

/// The top-level arrays of a workspace file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Array {
    Partners,
    Customers,
    Subscriptions,
    Relationships,
    Invitations,
    AccessAssignments,
    Audit,
}

impl Array {
    fn of_key(key: &str) -> Option<Array> {
        Some(match key {
            "partners" => Array::Partners,
            "customers" => Array::Customers,
            "subscriptions" => Array::Subscriptions,
            "relationships" => Array::Relationships,
            "invitations" => Array::Invitations,
            "accessAssignments" => Array::AccessAssignments,
            "audit" => Array::Audit,
            _ => return None,
        })
    }
}

/// Where a chunk's text starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Start {
    /// The beginning of the file: the top-level object opens here.
    OfFile,
    /// An element of this array, the previous chunk having ended after a comma.
    InArray(Array),
    /// The reader could not tell (not partnerdesk's layout): the chunk is refused.
    Unknown,
}

/// Where a chunk's own parse ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// After the comma that follows an element of this array: the next chunk goes on with it.
    AfterComma(Array),
    /// After the top-level object's closing brace (and nothing but whitespace after it).
    Closed,
}

/// One chunk's text and where the reader believes it starts.
struct Job {
    index: usize,
    start: Start,
    /// The buffer: the chunk is `text[..len]`; the rest is room already written once, which
    /// the next read into this buffer fills without zeroing it first.
    text: Vec<u8>,
    len: usize,
}

/// What one chunk held: the top-level members that begin in it (in file order), their values
/// and the records of the arrays it covers, put in a `WorkspaceFile` of its own.
struct Piece {
    index: usize,
    start: Start,
    keys: Vec<String>,
    file: WorkspaceFile,
    end: End,
    /// Each kind's records here are in strictly increasing id order (`ParsedFile::pieces_in_order`).
    in_order: bool,
}

/// Reads everything from `reader` (about `size` bytes) and parses it on `parsers()` threads, telling `read_done` when
/// the last byte is in (the parse may go on a little). `vet` checks each chunk's bytes before it
/// is parsed. The fingerprint is of all the bytes read; `None` as the file means "parse the text
/// the ordinary way". Only an error of the reader itself is an error here.
pub fn parse_while_reading(
    reader: &mut impl Read,
    size: u64,
    vet: &(dyn Fn(&[u8]) -> bool + Sync),
    read_done: &dyn Fn(),
    kept: Kept,
) -> std::io::Result<(Option<ParsedFile>, Fingerprint)> {
    let parsers = parsers();
    let chunk = chunk_for(size, parsers);
    parse_while_reading_in(reader, vet, read_done, chunk, parsers, kept)
}

/// One parser per core, at least two (the reader mostly waits on the kernel's copy).
fn parsers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8))
}

fn parse_while_reading_in(
    reader: &mut impl Read,
    vet: &(dyn Fn(&[u8]) -> bool + Sync),
    read_done: &dyn Fn(),
    chunk: usize,
    parsers: usize,
    kept: Kept,
) -> std::io::Result<(Option<ParsedFile>, Fingerprint)> {
    let failed = AtomicBool::new(false);
    let (to_parsers, jobs) = sync_channel::<Job>(parsers);
    let jobs = Mutex::new(jobs);
    let (give_back, returned) = channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..parsers)
            .map(|_| {
                let give_back = give_back.clone();
                let (jobs, failed) = (&jobs, &failed);
                scope.spawn(move || parse_jobs(jobs, failed, vet, give_back, kept))
            })
            .collect();
        drop(give_back);
        let fed = feed(reader, chunk, &to_parsers, &returned, &failed);
        // Closing the channel tells the parsers that no chunk is left.
        drop(to_parsers);
        read_done();
        let mut pieces = Vec::new();
        for handle in handles {
            match handle.join() {
                Ok(Some(mut done)) => pieces.append(&mut done),
                Ok(None) => failed.store(true, Ordering::Relaxed),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        let (count, fingerprint) = fed?;
        if failed.load(Ordering::Relaxed) {
            return Ok((None, fingerprint));
        }
        pieces.sort_unstable_by_key(|piece| piece.index);
        Ok((join(pieces, count), fingerprint))
    })
}

/// The reader's side: reads chunks cut at element boundaries, fingerprints them in order and
/// sends them off. Returns how many chunks it sent and the fingerprint of everything read; it
/// stops early (the count then falls short) once a parser has failed.
fn feed(
    reader: &mut impl Read,
    chunk: usize,
    to_parsers: &SyncSender<Job>,
    returned: &Receiver<Vec<u8>>,
    failed: &AtomicBool,
) -> std::io::Result<(usize, Fingerprint)> {
    let room = chunk + chunk / 4;
    // A buffer back from a parser keeps its bytes, so reading over them costs no zeroing (a
    // plain `read_to_end` into spare capacity zeroes every block first: 30 ms of 400 MB).
    let buffer = || returned.try_recv().unwrap_or_else(|_| vec![0; room]);
    let mut hasher = FingerprintHasher::new();
    let mut current = buffer();
    // How much of `current` holds text read.
    let mut filled = 0;
    let mut start = Start::OfFile;
    let mut sent = 0;
    // Where the search for a cut resumes: the text before it holds no boundary.
    let mut searched = chunk / 2;
    loop {
        if failed.load(Ordering::Relaxed) {
            return Ok((0, hasher.finish()));
        }
        let end = room.max(filled + chunk / 4);
        if current.len() < end {
            current.resize(end, 0);
        }
        let read = read_into(reader, &mut current[filled..end])?;
        filled += read;
        if read == 0 {
            hasher.update(&current[..filled]);
            let last = Job {
                index: sent,
                start,
                text: current,
                len: filled,
            };
            // A closed channel means the parsers are gone after a failure: the count shows it.
            let delivered = to_parsers.send(last).is_ok();
            return Ok((if delivered { sent + 1 } else { 0 }, hasher.finish()));
        }
        if filled < chunk {
            continue;
        }
        let from = searched.min(filled);
        let Some(found) = memchr::memmem::rfind(&current[from..filled], ELEMENT_BOUNDARY) else {
            // One element longer than a chunk, or another layout: the chunk grows.
            searched = filled.saturating_sub(ELEMENT_BOUNDARY.len() - 1);
            continue;
        };
        let cut = from + found + KEPT_BEFORE_CUT;
        let mut next = buffer();
        let rest = filled - cut;
        if next.len() < rest {
            next.resize(rest, 0);
        }
        next[..rest].copy_from_slice(&current[cut..filled]);
        hasher.update(&current[..cut]);
        let next_start = start_after(&current[..cut], start);
        let job = Job {
            index: sent,
            start,
            text: std::mem::replace(&mut current, next),
            len: cut,
        };
        if to_parsers.send(job).is_err() {
            return Ok((0, hasher.finish()));
        }
        filled = rest;
        sent += 1;
        start = next_start;
        searched = chunk / 2;
    }
}

/// Reads into all of `into`, or as much as there is before the end: how many bytes came.
fn read_into(reader: &mut impl Read, into: &mut [u8]) -> std::io::Result<usize> {
    let mut at = 0;
    while at < into.len() {
        match reader.read(&mut into[at..]) {
            Ok(0) => break,
            Ok(n) => at += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(at)
}

/// Where the text after `chunk` starts: in the array that the chunk opened last, or where
/// `chunk` itself started when it opens none. (A wrong guess costs only speed: the join
/// verifies it.)
fn start_after(chunk: &[u8], start: Start) -> Start {
    // Backwards from the end over each `[`, a rare byte in a workspace (a memmem for the whole
    // opening was 18% of the reader's time: its prefilter keys on quotes and colons, which
    // are everywhere in JSON). Most chunks open no array at all: the whole chunk is searched.
    let bracket = ARRAY_OPENING.len() - OPENING_AFTER_BRACKET.len() - 1;
    let Some(opening) = memchr::memrchr_iter(b'[', chunk)
        .filter(|&at| at >= bracket)
        .map(|at| at - bracket)
        .find(|&opening| chunk[opening..].starts_with(ARRAY_OPENING))
    else {
        return start;
    };
    // The key runs from the quote before it (keys hold no quotes) to the opening.
    let key = memchr::memrchr(b'"', &chunk[..opening])
        .and_then(|quote| std::str::from_utf8(&chunk[quote + 1..opening]).ok());
    key.and_then(Array::of_key)
        .map_or(Start::Unknown, Start::InArray)
}

/// A parser's side: parses chunks until the channel closes. After a failure it goes on taking
/// chunks (and dropping them) so the reader never waits on a full channel, and returns `None`.
fn parse_jobs(
    jobs: &Mutex<Receiver<Job>>,
    failed: &AtomicBool,
    vet: &(dyn Fn(&[u8]) -> bool + Sync),
    give_back: Sender<Vec<u8>>,
    kept: Kept,
) -> Option<Vec<Piece>> {
    let mut done = Vec::new();
    let mut ok = true;
    loop {
        let next = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return None,
        };
        let Ok(job) = next else {
            return ok.then_some(done);
        };
        if !ok || failed.load(Ordering::Relaxed) {
            continue;
        }
        let text = &job.text[..job.len];
        let piece = vet(text)
            .then(|| std::str::from_utf8(text).ok())
            .flatten()
            .and_then(|text| parse_chunk(text, job.index, job.start, kept))
            .map(Piece::ordered);
        let _ = give_back.send(job.text);
        match piece {
            Some(piece) => done.push(piece),
            None => {
                ok = false;
                failed.store(true, Ordering::Relaxed);
            }
        }
    }
}

/// The pieces, in file order, joined into one file — or `None` if they do not join up: a
/// chunk missing, a chunk not starting where the one before ended, a key repeated, a required
/// key missing, or the object not closed at the very end. Each piece's records stay where they
/// were parsed (`ParsedFile::from_pieces`): joining moves no record.
fn join(pieces: Vec<Piece>, count: usize) -> Option<ParsedFile> {
    if pieces.len() != count || count == 0 {
        return None;
    }
    let mut top = WorkspaceFile::default();
    let in_order = pieces.iter().all(|piece| piece.in_order);
    let mut records = Vec::with_capacity(pieces.len());
    let mut expected = Start::OfFile;
    let mut seen: Vec<String> = Vec::new();
    let last = pieces.len() - 1;
    for (position, mut piece) in pieces.into_iter().enumerate() {
        if piece.index != position || piece.start != expected {
            return None;
        }
        for key in piece.keys.drain(..) {
            if seen.contains(&key) {
                return None;
            }
            take_scalar(&mut top, &mut piece.file, &key);
            seen.push(key);
        }
        records.push(piece.file);
        expected = match piece.end {
            End::AfterComma(array) if position < last => Start::InArray(array),
            End::Closed if position == last => Start::OfFile,
            _ => return None,
        };
    }
    let complete = ["format", "version", "name"]
        .iter()
        .all(|required| seen.iter().any(|key| key == required));
    complete.then(|| ParsedFile::from_pieces(top, records, in_order))
}

fn take_scalar(top: &mut WorkspaceFile, piece: &mut WorkspaceFile, key: &str) {
    match key {
        "format" => top.format = std::mem::take(&mut piece.format),
        "version" => top.version = piece.version,
        "name" => top.name = std::mem::take(&mut piece.name),
        "asOf" => top.as_of = piece.as_of,
        "nextSerial" => top.next_serial = piece.next_serial,
        "conflicts" => top.conflicts = std::mem::take(&mut piece.conflicts),
        _ => {}
    }
}

/// One chunk parsed strictly from `start`: the same grammar and types as `WorkspaceFile`, with
/// the chunk allowed to end only after a comma between two array elements (or, for the last
/// chunk, after the closing brace).
fn parse_chunk(text: &str, index: usize, start: Start, kept: Kept) -> Option<Piece> {
    let bytes = text.as_bytes();
    let mut piece = Piece {
        index,
        start,
        keys: Vec::new(),
        file: WorkspaceFile::default(),
        end: End::Closed,
        in_order: false,
    };
    let mut at = skip_whitespace(bytes, 0);
    match start {
        Start::OfFile => {
            if bytes.get(at) != Some(&b'{') {
                return None;
            }
            at = skip_whitespace(bytes, at + 1);
            if bytes.get(at) == Some(&b'}') {
                return piece.closed(bytes, at + 1);
            }
        }
        Start::InArray(array) => match elements(text, at, array, &mut piece.file, kept)? {
            Elements::CutAfterComma => {
                piece.end = End::AfterComma(array);
                return Some(piece);
            }
            Elements::Closed(after) => match after_member(bytes, after)? {
                Next::Member(next) => at = next,
                Next::Closed(after) => return piece.closed(bytes, after),
            },
        },
        Start::Unknown => return None,
    }
    loop {
        let (key, after_key) = value_at::<String>(text, at)?;
        at = skip_whitespace(bytes, after_key);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = skip_whitespace(bytes, at + 1);
        let array = Array::of_key(&key);
        let scalar_end = match array {
            None => Some(scalar(text, at, &key, &mut piece.file)?),
            Some(_) => None,
        };
        piece.keys.push(key);
        at = match (array, scalar_end) {
            (_, Some(end)) => end,
            (Some(array), None) => {
                if bytes.get(at) != Some(&b'[') {
                    return None;
                }
                let first = skip_whitespace(bytes, at + 1);
                if bytes.get(first) == Some(&b']') {
                    first + 1
                } else {
                    match elements(text, first, array, &mut piece.file, kept)? {
                        Elements::CutAfterComma => {
                            piece.end = End::AfterComma(array);
                            return Some(piece);
                        }
                        Elements::Closed(after) => after,
                    }
                }
            }
            (None, None) => return None,
        };
        match after_member(bytes, at)? {
            Next::Member(next) => at = next,
            Next::Closed(after) => return piece.closed(bytes, after),
        }
    }
}

impl Piece {
    /// The piece, having compared each record's id with the one before while they are still
    /// in the caches: so the load compares only where pieces meet (`in_id_order`), not every
    /// record again on one thread.
    fn ordered(mut self) -> Piece {
        fn ascending<T: Keyed>(records: &[T]) -> bool {
            records.windows(2).all(|pair| pair[0].key() < pair[1].key())
        }
        let file = &self.file;
        self.in_order = ascending(&file.partners)
            && ascending(&file.customers)
            && ascending(&file.subscriptions)
            && ascending(&file.relationships)
            && ascending(&file.invitations)
            && ascending(&file.access_assignments);
        self
    }

    /// The object closed at `after`: only whitespace may follow.
    fn closed(mut self, bytes: &[u8], after: usize) -> Option<Piece> {
        self.end = End::Closed;
        (skip_whitespace(bytes, after) == bytes.len()).then_some(self)
    }
}

/// What follows a top-level member's value.
enum Next {
    /// Another member, whose key starts here.
    Member(usize),
    /// The closing brace; the position after it.
    Closed(usize),
}

fn after_member(bytes: &[u8], at: usize) -> Option<Next> {
    let at = skip_whitespace(bytes, at);
    match bytes.get(at)? {
        b',' => Some(Next::Member(skip_whitespace(bytes, at + 1))),
        b'}' => Some(Next::Closed(at + 1)),
        _ => None,
    }
}

/// How a run of array elements ended.
enum Elements {
    /// The chunk ended right after a comma: the array goes on in the next chunk.
    CutAfterComma,
    /// At the array's closing bracket; the position after it.
    Closed(usize),
}

/// Elements of `array` from `at` (the start of one) on, added to `file` — or, for an array
/// `kept` leaves out, read for their syntax alone (`IgnoredAny` builds nothing).
fn elements(
    text: &str,
    at: usize,
    array: Array,
    file: &mut WorkspaceFile,
    kept: Kept,
) -> Option<Elements> {
    let sizing = &RecordSizing::of(array);
    let left_out = match array {
        Array::Subscriptions => !kept.subscriptions,
        Array::Audit => !kept.audit,
        _ => false,
    };
    if left_out {
        return records(text, at, &mut Vec::<serde::de::IgnoredAny>::new(), sizing);
    }
    match array {
        Array::Partners => records(text, at, &mut file.partners, sizing),
        Array::Customers => records(text, at, &mut file.customers, sizing),
        Array::Subscriptions => records(text, at, &mut file.subscriptions, sizing),
        Array::Relationships => records(text, at, &mut file.relationships, sizing),
        Array::Invitations => records(text, at, &mut file.invitations, sizing),
        Array::AccessAssignments => records(text, at, &mut file.access_assignments, sizing),
        Array::Audit => records(text, at, &mut file.audit, sizing),
    }
}

/// About the fewest bytes one record takes in partnerdesk's layout (an id and a few required
/// fields on their own lines): the rest of a chunk holds at most its length over this many.
const SMALLEST_RECORD_TEXT: usize = 160;

thread_local! {
    /// The text per record of each array in the last chunk this thread parsed (0: none yet).
    static TEXT_PER_RECORD: std::cell::Cell<[usize; 7]> = const { std::cell::Cell::new([0; 7]) };
}

/// How much room a chunk's records of one array are given up front. Records are kept where
/// they are parsed, so room never filled stays allocated (partly: untouched pages cost
/// nothing, but huge pages are touched whole); the last chunk of the same array on this thread
/// tells how long its records run, so the guess is close. A guess too small costs a copy.
struct RecordSizing(Array);

impl RecordSizing {
    fn of(array: Array) -> Self {
        RecordSizing(array)
    }

    fn room(&self, text: usize) -> usize {
        let seen = TEXT_PER_RECORD.with(|sizes| sizes.get()[self.0 as usize]);
        match seen {
            // A little over the count the last chunk's records suggest.
            0 => text / SMALLEST_RECORD_TEXT,
            per_record => text / per_record + text / per_record / 16 + 16,
        }
    }

    fn learn(&self, text: usize, records: usize) {
        if records >= 64 {
            TEXT_PER_RECORD.with(|sizes| {
                let mut all = sizes.get();
                all[self.0 as usize] = (text / records).max(1);
                sizes.set(all);
            });
        }
    }
}

fn records<T: for<'a> Deserialize<'a>>(
    text: &str,
    mut at: usize,
    into: &mut Vec<T>,
    sizing: &RecordSizing,
) -> Option<Elements> {
    let bytes = text.as_bytes();
    let (from, before) = (at, into.len());
    // Room up front, so the vector is (almost) never copied while it grows.
    into.reserve(sizing.room(text.len().saturating_sub(at)));
    loop {
        // The record is pushed by the seed, not handed back through the parser's layers: a
        // record is a few hundred bytes, and each layer it came back through copied it (5% of
        // a load). The reader is borrowed, so where the record ended can be asked after.
        let mut read = serde_json::de::StrRead::new(text.get(at..)?);
        Push(into)
            .deserialize(&mut serde_json::Deserializer::new(&mut read))
            .ok()?;
        at = skip_whitespace(bytes, at + serde_json::de::Read::byte_offset(&read));
        match bytes.get(at)? {
            b',' => {
                at = skip_whitespace(bytes, at + 1);
                if at == bytes.len() {
                    sizing.learn(at - from, into.len() - before);
                    return Some(Elements::CutAfterComma);
                }
            }
            b']' => {
                sizing.learn(at - from, into.len() - before);
                return Some(Elements::Closed(at + 1));
            }
            _ => return None,
        }
    }
}

/// Reads one `T` into the vector.
struct Push<'v, T>(&'v mut Vec<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Push<'_, T> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.push(T::deserialize(deserializer)?);
        Ok(())
    }
}

/// A top-level member that is not an array; an unknown key is refused.
fn scalar(text: &str, at: usize, key: &str, file: &mut WorkspaceFile) -> Option<usize> {
    match key {
        "format" => put(text, at, &mut file.format),
        "version" => put(text, at, &mut file.version),
        "name" => put(text, at, &mut file.name),
        "asOf" => put(text, at, &mut file.as_of),
        "nextSerial" => put(text, at, &mut file.next_serial),
        // Few and short: read whole (a chunk cut inside them falls back to the plain parse).
        "conflicts" => put(text, at, &mut file.conflicts),
        _ => None,
    }
}

fn put<'a, T: Deserialize<'a>>(text: &'a str, at: usize, field: &mut T) -> Option<usize> {
    let (value, end) = value_at(text, at)?;
    *field = value;
    Some(end)
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

#[cfg(test)]
mod tests;
