//! The crash journal, `FILE.journal`: every action applied since the last save, one line each,
//! appended and fsync'd before the face shows the action as done. A successful save removes it;
//! opening a workspace whose journal is not empty replays it through the core.
//!
//! A line is `{"crc32":"0a1b2c3d","entry":{…}}\n`: the checksum covers the exact bytes of the
//! entry, so a line torn by a crash (short, or garbled) is recognised. Only the last line can be
//! torn — appends are sequential and a failed append is cut back — so a damaged line followed by
//! good ones means the journal was tampered with or the disk lies; that stops recovery rather
//! than silently dropping an action.
//!
//! Each entry carries the audit sequence number its action produced. A crash between the save's
//! rename and the journal's removal leaves entries that the file already holds; replay recognises
//! them by that number (same seq, same actor, same action in the audit trail) and skips them.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{own_file, temp};
use crate::domain::{Action, Actor, Refusal, Time, apply};
use crate::workspace::Workspace;

/// One applied action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Entry {
    /// 1, 2, 3… since the last save.
    pub seq: u64,
    /// The audit entry's `seq` this action produced.
    pub audit_seq: u64,
    pub actor: Actor,
    pub now: Time,
    pub action: Action,
}

/// The largest journal read back (a journal holds one session's actions, not a workspace).
const MAX_JOURNAL_BYTES: u64 = 256 * 1024 * 1024;

/// `message` is what the user reads; `source`, where there is one, is the error beneath it (the
/// I/O error, or the JSON error of an entry whose checksum holds).
#[derive(Debug)]
pub enum JournalError {
    Io {
        path: PathBuf,
        message: String,
        source: Option<std::io::Error>,
    },
    /// A damaged line that is not the last one: recovery stops, the journal stays as it is.
    Damaged {
        path: PathBuf,
        line: usize,
        message: String,
        source: Option<serde_json::Error>,
    },
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::Io { path, message, .. } => {
                write!(f, "journal {}: {message}", path.display())
            }
            JournalError::Damaged {
                path,
                line,
                message,
                ..
            } => write!(
                f,
                "journal {} is damaged at line {line} ({message}) and later lines follow; not replaying it (move it aside to open the file without it)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for JournalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            JournalError::Io { source, .. } => source.as_ref().map(|err| err as _),
            JournalError::Damaged { source, .. } => source.as_ref().map(|err| err as _),
        }
    }
}

/// `FILE.journal` for `FILE`.
pub fn journal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

/// True when the workspace at `path` (its real file, not a link to it) has a journal that holds
/// something while nobody holds its lock: a session ended without saving, and a reader sees the
/// file without those actions until `partnerdesk recover`. Looks, never reads the journal.
pub fn left_by_a_crash(path: &Path) -> bool {
    let journal = journal_path(path);
    std::fs::symlink_metadata(journal).is_ok_and(|meta| meta.is_file() && meta.len() > 0)
        && super::lock::holder(path).is_none()
}

/// Encodes one entry as its journal line (with the newline).
pub fn encode(entry: &Entry) -> Vec<u8> {
    let body = serde_json::to_string(entry).unwrap_or_default();
    let crc = crc32fast::hash(body.as_bytes());
    format!("{{\"crc32\":\"{crc:08x}\",\"entry\":{body}}}\n").into_bytes()
}

/// Why one journal line cannot be read back.
#[derive(Debug)]
enum Undecodable {
    /// The line is not a whole record (torn, or not ours): why, in a few words.
    Frame(&'static str),
    /// The checksum holds but the entry does not parse.
    Entry(serde_json::Error),
}

impl fmt::Display for Undecodable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Undecodable::Frame(why) => f.write_str(why),
            Undecodable::Entry(err) => write!(f, "unreadable entry: {err}"),
        }
    }
}

fn decode(line: &[u8]) -> Result<Entry, Undecodable> {
    use Undecodable::Frame;
    const PREFIX: &[u8] = b"{\"crc32\":\"";
    let rest = line
        .strip_prefix(PREFIX)
        .ok_or(Frame("not a journal record"))?;
    if rest.len() < 8 + 10 {
        return Err(Frame("too short"));
    }
    let (hex, rest) = rest.split_at(8);
    let hex = std::str::from_utf8(hex).map_err(|_| Frame("bad checksum"))?;
    let expected = u32::from_str_radix(hex, 16).map_err(|_| Frame("bad checksum"))?;
    let body = rest
        .strip_prefix(b"\",\"entry\":")
        .and_then(|b| b.strip_suffix(b"}"))
        .ok_or(Frame("not a journal record"))?;
    if crc32fast::hash(body) != expected {
        return Err(Frame("checksum mismatch"));
    }
    serde_json::from_slice(body).map_err(Undecodable::Entry)
}

/// What a journal file holds.
#[derive(Debug, Default)]
pub struct Contents {
    pub entries: Vec<Entry>,
    /// Set when the last line was torn (a crash mid-append): what was wrong with it.
    pub torn_tail: Option<String>,
}

impl Contents {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Reads `FILE.journal` (none is an empty journal). Never writes.
pub fn read(path: &Path) -> Result<Contents, JournalError> {
    let journal = journal_path(path);
    // `message` is shown; `source` is the I/O error beneath it, if any.
    let io = |message: String, source: Option<std::io::Error>| JournalError::Io {
        path: journal.clone(),
        message,
        source,
    };
    let file = match own_file::open_to_read(&journal) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Contents::default()),
        Err(_) if own_file::is_link(&journal) => {
            return Err(io(format!("it is {}; remove it", own_file::LINK), None));
        }
        Err(err) => return Err(io(err.to_string(), Some(err))),
    };
    let meta = file
        .metadata()
        .map_err(|err| io(err.to_string(), Some(err)))?;
    if !meta.is_file() {
        return Err(io("it is not a regular file".into(), None));
    }
    if meta.len() > MAX_JOURNAL_BYTES {
        let why = format!(
            "it is {} bytes, larger than any journal partnerdesk writes",
            meta.len()
        );
        return Err(io(why, None));
    }
    let mut bytes = Vec::new();
    file.take(MAX_JOURNAL_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|err| io(err.to_string(), Some(err)))?;
    parse(&journal, &bytes)
}

fn parse(journal: &Path, bytes: &[u8]) -> Result<Contents, JournalError> {
    let mut contents = Contents::default();
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    // `split` yields a last, empty piece after a final newline; anything else there is a torn line.
    let unterminated = lines.pop().filter(|tail| !tail.is_empty());
    let count = lines.len();
    for (index, line) in lines.into_iter().enumerate() {
        let is_last = index + 1 == count && unterminated.is_none();
        match decode(line) {
            Ok(entry) => {
                let expected = contents
                    .entries
                    .last()
                    .map_or(entry.seq, |last: &Entry| last.seq + 1);
                if entry.seq != expected {
                    return Err(JournalError::Damaged {
                        path: journal.to_path_buf(),
                        line: index + 1,
                        message: format!(
                            "record {} follows record {}",
                            entry.seq,
                            expected.saturating_sub(1)
                        ),
                        source: None,
                    });
                }
                contents.entries.push(entry);
            }
            Err(why) if is_last => {
                contents.torn_tail = Some(format!(
                    "the last record (line {}) was torn: {why}",
                    index + 1
                ));
            }
            Err(why) => {
                return Err(JournalError::Damaged {
                    path: journal.to_path_buf(),
                    line: index + 1,
                    message: why.to_string(),
                    source: match why {
                        Undecodable::Entry(err) => Some(err),
                        Undecodable::Frame(_) => None,
                    },
                });
            }
        }
    }
    if unterminated.is_some() {
        contents.torn_tail = Some(format!(
            "the last record (line {}) was cut short",
            count + 1
        ));
    }
    Ok(contents)
}

/// The outcome of replaying a journal on the saved workspace.
#[derive(Clone, Debug)]
pub struct Recovered {
    pub workspace: Workspace,
    /// Actions applied again.
    pub applied: usize,
    /// Entries the file already held (a crash after the save's rename, before the journal went).
    pub already_saved: usize,
    /// Set when the last record was torn and ignored.
    pub torn_tail_warning: Option<String>,
    /// Entries the core now refuses: reported, not applied.
    pub refused: Vec<(u64, Refusal)>,
    /// The entries that were applied, renumbered from 1, with their new audit numbers: what the
    /// journal holds from now on.
    pub entries: Vec<Entry>,
}

impl Recovered {
    /// One sentence for a status line: "recovered 3 actions; 1 refused (…); the last record was torn".
    pub fn summary(&self) -> String {
        let mut text = format!(
            "recovered {} unsaved action{}",
            self.applied,
            if self.applied == 1 { "" } else { "s" }
        );
        if self.already_saved > 0 {
            text.push_str(&format!("; {} already in the file", self.already_saved));
        }
        if !self.refused.is_empty() {
            text.push_str(&format!("; {} refused and left out", self.refused.len()));
        }
        if let Some(warning) = &self.torn_tail_warning {
            text.push_str(&format!("; {warning}, ignored"));
        }
        text
    }

    /// True when replaying changed the workspace: there is something to save.
    pub fn changed(&self) -> bool {
        self.applied > 0
    }
}

/// Replays journal entries on `ws` through the core. Entries the file already holds are skipped;
/// entries the core refuses are reported and left out. Pure: writes nothing.
pub fn replay(ws: &Workspace, contents: &Contents) -> Recovered {
    let mut current = ws.clone();
    let mut recovered = Recovered {
        workspace: ws.clone(),
        applied: 0,
        already_saved: 0,
        torn_tail_warning: contents.torn_tail.clone(),
        refused: Vec::new(),
        entries: Vec::new(),
    };
    for entry in &contents.entries {
        if already_in(&current, entry) {
            recovered.already_saved += 1;
            continue;
        }
        match apply(&current, &entry.actor, &entry.action, entry.now) {
            Ok(applied) => {
                if applied.is_noop() {
                    continue;
                }
                current = applied.workspace;
                recovered.applied += 1;
                recovered.entries.push(Entry {
                    seq: recovered.entries.len() as u64 + 1,
                    audit_seq: last_audit_seq(&current),
                    ..entry.clone()
                });
            }
            Err(refusal) => recovered.refused.push((entry.seq, refusal)),
        }
    }
    recovered.workspace = current;
    recovered
}

pub fn last_audit_seq(ws: &Workspace) -> u64 {
    ws.audit().next_back().map_or(0, |last| last.seq)
}

fn already_in(ws: &Workspace, entry: &Entry) -> bool {
    if entry.audit_seq == 0 || entry.audit_seq > last_audit_seq(ws) {
        return false;
    }
    ws.audit()
        .rev()
        .take_while(|audit| audit.seq >= entry.audit_seq)
        .any(|audit| {
            audit.seq == entry.audit_seq
                && audit.actor == entry.actor
                && audit.action == entry.action
                && audit.at == entry.now
        })
}

/// The journal of one workspace file, appended to by its writer. Created on the first append.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    /// The workspace's, whose permissions the journal takes.
    workspace: PathBuf,
    file: Option<File>,
    /// Bytes known to be in the file: a failed append is cut back to this.
    bytes: u64,
    entries: u64,
    /// Set when a failed append could not be cut back: further appends would follow garbage.
    broken: bool,
}

impl Journal {
    /// The journal of workspace `path`, holding `entries` already (after a recovery, those
    /// written by `rewrite`).
    pub fn new(path: &Path) -> Journal {
        Journal {
            path: journal_path(path),
            workspace: path.to_path_buf(),
            file: None,
            bytes: 0,
            entries: 0,
            broken: false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many actions it holds: the actions not saved yet.
    pub fn len(&self) -> u64 {
        self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// An error on this journal: `message` is shown, `source` is the I/O error beneath it.
    fn io(&self, message: String, source: Option<std::io::Error>) -> JournalError {
        JournalError::Io {
            path: self.path.clone(),
            message,
            source,
        }
    }

    /// A failure to open the journal: said plainly when a symbolic link is in its place.
    fn refused(&self, err: std::io::Error) -> JournalError {
        if own_file::is_link(&self.path) {
            return self.io(format!("it is {}; remove it", own_file::LINK), None);
        }
        self.io(err.to_string(), Some(err))
    }

    /// Appends one applied action and waits until it is on disk. Only after `Ok` may the action
    /// be shown as done.
    pub fn append(
        &mut self,
        audit_seq: u64,
        actor: &Actor,
        action: &Action,
        now: Time,
    ) -> Result<(), JournalError> {
        if self.broken {
            let why = "an earlier write failed; save the workspace to start a new journal";
            return Err(self.io(why.into(), None));
        }
        let entry = Entry {
            seq: self.entries + 1,
            audit_seq,
            actor: actor.clone(),
            now,
            action: action.clone(),
        };
        let line = encode(&entry);
        if self.file.is_none() {
            let mode = own_file::workspace_mode(&self.workspace);
            let file = create_new_journal(&self.path, mode).map_err(|err| self.refused(err))?;
            self.file = Some(file);
            self.bytes = 0;
        }
        let result = match self.file.as_mut() {
            Some(file) => write_and_sync(file, &line),
            None => Err(std::io::Error::other("the journal is not open")),
        };
        match result {
            Ok(()) => {
                self.bytes += line.len() as u64;
                self.entries += 1;
                Ok(())
            }
            Err(err) => {
                let cut = self
                    .file
                    .as_ref()
                    .map(|f| f.set_len(self.bytes).and_then(|()| f.sync_data()));
                if !matches!(cut, Some(Ok(()))) {
                    self.broken = true;
                }
                Err(self.io(format!("cannot record the action: {err}"), Some(err)))
            }
        }
    }

    /// Replaces the journal with exactly `entries` (after a recovery), atomically.
    pub fn rewrite(&mut self, entries: &[Entry]) -> Result<(), JournalError> {
        self.file = None;
        if entries.is_empty() {
            return self.clear();
        }
        let bytes: Vec<u8> = entries.iter().flat_map(encode).collect();
        let dir = parent_dir(&self.path);
        // Named after the journal, so a writer that holds the lock recognises it when a kill
        // leaves it behind.
        let mode = own_file::workspace_mode(&self.workspace);
        let mut temp = temp::create_beside(&self.path, mode)
            .map_err(|err| self.io(err.to_string(), Some(err)))?;
        own_file::set_mode(temp.as_file(), mode);
        write_and_sync(temp.as_file_mut(), &bytes)
            .map_err(|err| self.io(err.to_string(), Some(err)))?;
        temp.persist(&self.path)
            .map_err(|err| self.io(err.error.to_string(), Some(err.error)))?;
        sync_dir(&dir)
            .map_err(|err| self.io(format!("fsync of the directory failed: {err}"), Some(err)))?;
        let file = own_file::no_follow(OpenOptions::new().append(true))
            .open(&self.path)
            .map_err(|err| self.refused(err))?;
        self.file = Some(file);
        self.bytes = bytes.len() as u64;
        self.entries = entries.len() as u64;
        self.broken = false;
        Ok(())
    }

    /// Empties the journal (after a successful save): the file goes, durably.
    pub fn clear(&mut self) -> Result<(), JournalError> {
        self.file = None;
        self.bytes = 0;
        self.entries = 0;
        self.broken = false;
        remove(&self.path)
    }
}

/// Removes a journal file (by its own path) and syncs the directory.
fn remove(journal: &Path) -> Result<(), JournalError> {
    match std::fs::remove_file(journal) {
        Ok(()) => sync_dir(&parent_dir(journal)).map_err(|err| JournalError::Io {
            path: journal.to_path_buf(),
            message: format!("fsync of the directory failed: {err}"),
            source: Some(err),
        }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(JournalError::Io {
            path: journal.to_path_buf(),
            message: err.to_string(),
            source: Some(err),
        }),
    }
}

/// Removes the journal of workspace `path`.
pub fn discard(path: &Path) -> Result<(), JournalError> {
    remove(&journal_path(path))
}

/// Creates `FILE.journal` with `mode` (the workspace's), never through a symbolic link.
fn create_new_journal(path: &Path, mode: u32) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.append(true).create_new(true);
    let file = match own_file::with_mode(&mut options, mode).open(path) {
        Ok(file) => {
            own_file::set_mode(&file, mode);
            file
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            // Only an empty leftover may be reused: anything else is actions this session has
            // not seen, and appending after them would mix two histories.
            let file = own_file::no_follow(OpenOptions::new().append(true)).open(path)?;
            let meta = file.metadata()?;
            if !meta.is_file() || own_file::has_other_names(&file) {
                return Err(std::io::Error::other(
                    "something other than a journal is in its place; remove it",
                ));
            }
            if meta.len() != 0 {
                return Err(std::io::Error::other(
                    "a journal this session did not write is in the way; reopen the workspace to recover it",
                ));
            }
            file
        }
        Err(err) => return Err(err),
    };
    sync_dir(&parent_dir(path))?;
    Ok(file)
}

fn write_and_sync(file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    super::fault::check("journal-write")?;
    file.write_all(bytes)?;
    super::fault::check("journal-fsync")?;
    file.sync_data()
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

pub(super) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        // A directory we may not open (no read permission) cannot be synced; the rename stands.
        if let Ok(handle) = File::open(dir) {
            handle.sync_all()?;
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64) -> Entry {
        Entry {
            seq,
            audit_seq: 0,
            actor: Actor::Operator,
            now: Time::from_seconds(1_800_000_000),
            action: Action::PassTime,
        }
    }

    #[test]
    fn lines_round_trip_and_a_torn_tail_is_a_warning() {
        let mut bytes: Vec<u8> = (1..=3).flat_map(|s| encode(&entry(s))).collect();
        let good = parse(Path::new("j"), &bytes).unwrap();
        assert_eq!(good.entries.len(), 3);
        assert!(good.torn_tail.is_none());
        let full = bytes.len();
        bytes.truncate(full - 5);
        let torn = parse(Path::new("j"), &bytes).unwrap();
        assert_eq!(torn.entries.len(), 2);
        assert!(torn.torn_tail.is_some());
    }

    #[test]
    fn a_damaged_middle_line_stops_recovery() {
        let mut bytes: Vec<u8> = (1..=3).flat_map(|s| encode(&entry(s))).collect();
        let at = encode(&entry(1)).len() + 30;
        bytes[at] ^= 0x01;
        assert!(matches!(
            parse(Path::new("j"), &bytes),
            Err(JournalError::Damaged { line: 2, .. })
        ));
    }

    #[test]
    fn a_flipped_bit_in_the_last_line_is_a_torn_tail() {
        let mut bytes: Vec<u8> = (1..=2).flat_map(|s| encode(&entry(s))).collect();
        let at = bytes.len() - 10;
        bytes[at] ^= 0x01;
        let read = parse(Path::new("j"), &bytes).unwrap();
        assert_eq!(read.entries.len(), 1);
        assert!(read.torn_tail.is_some());
    }
}
