//! The workspace file written as `serde_json::to_writer_pretty` writes `FileView`, byte for
//! byte, with the records of each kind rendered in chunks on two threads: another thread is
//! kept a couple of chunks ahead, and this one, which also writes, renders a chunk itself only
//! when the other already has enough to do. The chunks are written in their order. Only a few
//! chunks of text are held at a time, whatever the size of the workspace.
//!
//! A record's text does not depend on where it stands but for its indentation, which a
//! pretty formatter opened two levels deep (the file's object, the kind's array) gives it.

use std::io::{self, Write};
use std::sync::mpsc;

use serde::Serialize;

use super::format::{FieldSink, FileView};
use super::prefetch::Prefetch;
use super::shared_renders::SharedRenders;
use crate::tables::in_order::InOrder;

/// Records rendered together: enough text that a chunk outweighs handing it over.
const CHUNK: usize = 512;

/// Writes `view` into `out` as `serde_json::to_writer_pretty` would (no newline at the end).
pub fn write(view: &FileView<'_>, out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"{")?;
    let mut sink = PrettySink { out, first: true };
    view.fields(&mut sink)?;
    let empty = sink.first;
    out.write_all(if empty { b"}" } else { b"\n}" })
}

struct PrettySink<'w, W> {
    out: &'w mut W,
    first: bool,
}

/// `value` as serde_json's pretty serializer writes it `depth` levels in, strings escaped
/// eight bytes at a time and each line begun in one copy (`pretty_json`).
fn render_into<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    depth: usize,
) -> io::Result<()> {
    super::pretty_json::render(out, value, depth).map_err(io::Error::from)
}

/// The records of one chunk, each after `,` and its line's indentation, in `text` (emptied
/// first: a buffer a chunk before left, with its room). Each record's texts are asked for a
/// few records ahead (`Prefetch`).
fn render_chunk<T: Serialize + Prefetch>(
    mut text: Vec<u8>,
    chunk: &[&T],
    shared: &mut SharedRenders,
) -> io::Result<Vec<u8>> {
    text.clear();
    text.reserve(chunk.len() * 512);
    for record in chunk.iter().take(PREFETCH_AHEAD) {
        record.prefetch();
    }
    for (at, record) in chunk.iter().enumerate() {
        if let Some(ahead) = chunk.get(at + PREFETCH_AHEAD) {
            ahead.prefetch();
        }
        text.extend_from_slice(b",\n    ");
        super::pretty_json::render_sharing(&mut text, *record, 2, shared)
            .map_err(io::Error::from)?;
    }
    Ok(text)
}

/// How many records before its own rendering a record's texts are asked for (`Prefetch`).
const PREFETCH_AHEAD: usize = 8;

impl<W: Write> PrettySink<'_, W> {
    fn key(&mut self, name: &str) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n  " } else { b",\n  " })?;
        self.first = false;
        serde_json::to_writer(&mut *self.out, name)?;
        self.out.write_all(b": ")
    }

    /// Writes a chunk's text; the array's first record follows `[` without a comma.
    fn chunk(&mut self, text: &[u8], opened: &mut bool) -> io::Result<()> {
        if *opened {
            return self.out.write_all(text);
        }
        *opened = true;
        self.out.write_all(text.get(1..).unwrap_or_default())
    }
}

impl<W: Write> FieldSink for PrettySink<'_, W> {
    type Error = io::Error;

    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> io::Result<()> {
        self.key(name)?;
        let mut text = Vec::new();
        render_into(&mut text, value, 1)?;
        self.out.write_all(&text)
    }

    fn records<'a, T: Serialize + Prefetch + Sync + 'a>(
        &mut self,
        name: &'static str,
        items: impl Iterator<Item = &'a T>,
    ) -> io::Result<()> {
        self.key(name)?;
        self.out.write_all(b"[")?;
        let mut items = items.peekable();
        let mut opened = false;
        let mut next = || -> Vec<&'a T> { items.by_ref().take(CHUNK).collect() };
        let first = next();
        // Each thread keeps the texts it rendered of the records' provenances, for this
        // array, whose records stay borrowed while it is written.
        let mut shared = SharedRenders::default();
        if first.len() < CHUNK {
            // One chunk: no second thread.
            if !first.is_empty() {
                let text = render_chunk(Vec::new(), &first, &mut shared)?;
                self.chunk(&text, &mut opened)?;
            }
        } else {
            std::thread::scope(|scope| -> io::Result<()> {
                let (give, jobs) = mpsc::channel::<(Vec<&'a T>, Vec<u8>)>();
                let (tell, done) = mpsc::channel::<io::Result<Vec<u8>>>();
                scope.spawn(move || {
                    let mut shared = SharedRenders::default();
                    for (job, text) in jobs {
                        if tell.send(render_chunk(text, &job, &mut shared)).is_err() {
                            break;
                        }
                    }
                });
                let mut order = InOrder::default();
                // Written buffers, kept for the next chunks (fresh memory costs a page fault
                // per 4 KiB).
                let mut spare: Vec<Vec<u8>> = Vec::new();
                let mut here = first;
                while !here.is_empty() {
                    let text = spare.pop().unwrap_or_default();
                    if order.theirs() < AHEAD {
                        give.send((here, text)).map_err(|_| stopped())?;
                        order.handed_over();
                    } else {
                        order.done_here(render_chunk(text, &here, &mut shared));
                    }
                    // Chunks rendered here wait behind the other thread's: never many.
                    let wait = order.held() > WAITING;
                    order.receive(&done, wait, |_| {}).map_err(|_| stopped())?;
                    self.write_ready(&mut order, &mut spare, &mut opened)?;
                    here = next();
                }
                drop(give);
                while order.theirs() > 0 {
                    order.receive(&done, true, |_| {}).map_err(|_| stopped())?;
                    self.write_ready(&mut order, &mut spare, &mut opened)?;
                }
                self.write_ready(&mut order, &mut spare, &mut opened)
            })?;
        }
        self.out.write_all(if opened { b"\n  ]" } else { b"]" })
    }
}

/// The most chunks handed to the other thread and not yet back: enough that it seldom waits
/// while this thread writes, so this thread renders only what the other cannot take.
const AHEAD: usize = 2;

/// The most chunks rendered and not yet written before this thread waits for the other's.
const WAITING: usize = 8;

fn stopped() -> io::Error {
    io::Error::other("the rendering thread stopped")
}

impl<W: Write> PrettySink<'_, W> {
    /// Writes the rendered chunks at the front, in order; the first that failed ends it.
    fn write_ready(
        &mut self,
        order: &mut InOrder<io::Result<Vec<u8>>>,
        spare: &mut Vec<Vec<u8>>,
        opened: &mut bool,
    ) -> io::Result<()> {
        while let Some(text) = order.pop_ready() {
            let text = text?;
            self.chunk(&text, opened)?;
            spare.push(text);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{Workspace, WorkspaceFile};

    fn both(ws: &Workspace) -> (Vec<u8>, Vec<u8>) {
        let mut ours = Vec::new();
        write(&ws.to_file(), &mut ours).unwrap();
        let serde = serde_json::to_vec_pretty(&ws.to_file()).unwrap();
        (ours, serde)
    }

    #[test]
    fn an_empty_workspace_is_written_as_serde_writes_it() {
        let ws = Workspace::from_file(WorkspaceFile::default()).0;
        let (ours, serde) = both(&ws);
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(serde).unwrap()
        );
    }

    #[test]
    fn the_demo_is_written_as_serde_writes_it() {
        let today = crate::domain::Time::parse("2026-11-24T09:00:00Z").unwrap();
        let ws = crate::store::demo_workspace(today);
        let (ours, serde) = both(&ws);
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(serde).unwrap()
        );
    }

    #[test]
    fn records_over_many_chunks_are_written_in_their_order_as_serde_writes_them() {
        // Sizes around the chunk's edges: one short, exactly two, and more with a remainder.
        for customers in [
            CHUNK - 1,
            2 * CHUNK / 3,
            CHUNK + 1,
            2 * CHUNK,
            5 * CHUNK + 7,
            // Enough chunks that those rendered here may wait behind the other thread's
            // (past `WAITING`), whichever thread is faster.
            13 * CHUNK + 3,
        ] {
            let spec = crate::synth::Spec {
                customers,
                partners: 7,
                seed: 5,
                now: crate::domain::Time::parse("2026-11-24T09:00:00Z").unwrap(),
            };
            let mut file = crate::synth::generate(&spec);
            file.as_of = Some(spec.now);
            let ws = Workspace::from_file(file).0;
            let (ours, serde) = both(&ws);
            assert!(ours == serde, "{customers} customers: the texts differ");
        }
    }
}
