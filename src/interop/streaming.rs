//! Reading pages as the import reaches them (`gather_streaming`): the caller's thread takes
//! each page from its iterator (which reads the file) and reads it, or hands it to a second
//! thread while that one has fewer than `AHEAD` pages waiting; the records of every page are
//! kept in the pages' order. Which thread reads a page changes nothing but the time: the
//! caller's thread also reads the files and keeps the records, so a fixed share (every other
//! page) left the other thread idle a third of the time.

use std::sync::mpsc::{Receiver, Sender, channel};

use super::gathered::Gathered;
use super::{Digesting, FormatError, Source, SourceSummary, read_source, spare};
use crate::tables::in_order::InOrder;

/// The most pages handed to the other thread and not yet back: enough that it seldom waits
/// for the next while this thread reads a file and a page of its own (with two, it waited
/// half the time on a busy machine; with eight, hardly at all), few enough that at the end
/// it does not read on alone for long (a few milliseconds).
const AHEAD: usize = 4;

/// A page as `gather_streaming` is given it: owned (its buffer is kept for the pages read after
/// it once it is read) or borrowed.
pub trait SourcePage: Send {
    fn source(&self) -> &Source;
    /// The page is read: its bytes are no longer wanted.
    fn read(self);
    /// When its digest is made: as it is read, unless the page says otherwise.
    fn digesting(&self) -> Digesting {
        Digesting::AsRead
    }
}

impl SourcePage for Source {
    fn source(&self) -> &Source {
        self
    }
    fn read(self) {
        spare::give(self.bytes);
    }
}

/// A page with when its digest is made: the command line's, which may leave digests for later.
pub struct DigestingSource {
    pub source: Source,
    pub digesting: Digesting,
}

impl SourcePage for DigestingSource {
    fn source(&self) -> &Source {
        &self.source
    }
    fn read(self) {
        self.source.read();
    }
    fn digesting(&self) -> Digesting {
        self.digesting
    }
}

impl SourcePage for &Source {
    fn source(&self) -> &Source {
        self
    }
    fn read(self) {}
}

/// What measures a page's reading for `plan_streaming`'s caller: `start` before, `elapsed`
/// after (`std::time::Instant` for the command line; `()` when nobody asks).
pub trait Clock: Sync {
    type Start;
    type Elapsed: Send;
    fn start(&self) -> Self::Start;
    fn elapsed(&self, since: Self::Start) -> Self::Elapsed;
}

impl<F: Fn() -> T + Sync, T: Copy + std::ops::Sub<Output: Send>> Clock for F {
    type Start = T;
    type Elapsed = T::Output;
    fn start(&self) -> T {
        self()
    }
    fn elapsed(&self, since: T) -> T::Output {
        self() - since
    }
}

/// Measures nothing.
pub struct NoClock;

impl Clock for NoClock {
    type Start = ();
    type Elapsed = ();
    fn start(&self) {}
    fn elapsed(&self, (): ()) {}
}

/// The records of every page, read and kept in the pages' order, not yet merged: what
/// `plan_streaming` reads before it needs the workspace (so a caller may load it meanwhile).
pub struct Read {
    pub(super) gathered: Gathered,
    pub(super) summaries: Vec<SourceSummary>,
}

/// What one page was and how long its reading took (its records are in a buffer beside it).
type Page<E> = Result<(SourceSummary, E), FormatError>;

fn read_page<C: Clock>(
    index: usize,
    source: &impl SourcePage,
    relationship: Option<&str>,
    clock: &C,
    out: &mut Gathered,
) -> Page<C::Elapsed> {
    let started = clock.start();
    let digesting = source.digesting();
    let summary = read_source(source.source(), index, relationship, digesting, out)?;
    Ok((summary, clock.elapsed(started)))
}

/// A page read (here or there) with its records.
type Done<E> = (Page<E>, Gathered);

/// The pages taken and not yet kept, in order from `next`, and what keeps them.
struct Pending<E, F> {
    next: usize,
    order: InOrder<Done<E>>,
    /// Page buffers whose records were kept: empty, with their room.
    spare: Vec<Gathered>,
    /// How many pages there are, at least (as their iterator says).
    pages: usize,
    read: Read,
    report: F,
}

impl<E, F: FnMut(usize, &SourceSummary, E)> Pending<E, F> {
    fn buffer(&mut self) -> Gathered {
        self.spare.pop().unwrap_or_default()
    }

    /// Keeps the pages read at the front, in order; the first that failed ends the reading.
    fn keep_ready(&mut self) -> Result<(), FormatError> {
        while let Some((page, mut records)) = self.order.pop_ready() {
            let index = self.next;
            self.next += 1;
            let (summary, took) = page?;
            let pages_after = self.pages.saturating_sub(self.next);
            self.read.gathered.append(&mut records, pages_after);
            (self.report)(index, &summary, took);
            self.read.summaries.push(summary);
            self.spare.push(records);
        }
        Ok(())
    }

    /// Takes in what the other thread finished; `wait` for one at least. Says whether one
    /// failed, or `None` when the other thread is gone (it panicked).
    fn receive(&mut self, results: &Receiver<Done<E>>, wait: bool) -> Option<bool> {
        let mut failed = false;
        self.order
            .receive(results, wait, |(page, _)| failed |= page.is_err())
            .ok()?;
        Some(failed)
    }
}

/// The reading half of `plan_streaming`: every page read, none merged. A second thread lives
/// as long as the reading; each page's records are gathered into a buffer that keeps its room
/// from page to page (fresh memory costs a page fault per 4 KiB), then appended in the pages'
/// order. The first malformed page in that order stops everything: no page is taken after a
/// page is found malformed.
pub fn gather_streaming<S: SourcePage, C: Clock>(
    sources: impl IntoIterator<Item = Result<S, FormatError>>,
    relationship: Option<&str>,
    clock: &C,
    read: impl FnMut(usize, &SourceSummary, C::Elapsed),
) -> Result<Read, FormatError> {
    let sources = sources.into_iter();
    let mut pending = Pending {
        next: 0,
        order: InOrder::default(),
        spare: Vec::new(),
        pages: sources.size_hint().0,
        read: Read {
            gathered: Gathered::default(),
            summaries: Vec::with_capacity(sources.size_hint().0),
        },
        report: read,
    };
    std::thread::scope(|scope| {
        let (jobs, work) = channel::<(usize, S, Gathered)>();
        let (done, results) = channel::<Done<C::Elapsed>>();
        let other = scope.spawn(move || {
            for (index, source, mut records) in work {
                let page = read_page(index, &source, relationship, clock, &mut records);
                source.read();
                if done.send((page, records)).is_err() {
                    break;
                }
            }
        });
        let reading = take_pages(sources, relationship, clock, &mut pending, &jobs, &results);
        drop(jobs);
        if let Err(panic) = other.join() {
            std::panic::resume_unwind(panic);
        }
        reading
    })?;
    Ok(pending.read)
}

/// Takes every page in turn, reads it here or hands it to the other thread (`jobs`), and
/// keeps the pages in order as they are read.
fn take_pages<S: SourcePage, C: Clock, F: FnMut(usize, &SourceSummary, C::Elapsed)>(
    sources: impl IntoIterator<Item = Result<S, FormatError>>,
    relationship: Option<&str>,
    clock: &C,
    pending: &mut Pending<C::Elapsed, F>,
    jobs: &Sender<(usize, S, Gathered)>,
    results: &Receiver<Done<C::Elapsed>>,
) -> Result<(), FormatError> {
    let mut failed = false;
    for (index, source) in sources.into_iter().enumerate() {
        let source = match source {
            Ok(source) => source,
            Err(err) => {
                // A page that cannot be read: the pages before it are still read (and one of
                // them may say what is wrong first).
                pending.order.done_here((Err(err), Gathered::default()));
                break;
            }
        };
        let mut records = pending.buffer();
        if pending.order.theirs() < AHEAD {
            pending.order.handed_over();
            if jobs.send((index, source, records)).is_err() {
                // The other thread is gone (its panic is resumed by the caller).
                return Ok(());
            }
        } else {
            let page = read_page(index, &source, relationship, clock, &mut records);
            source.read();
            failed |= page.is_err();
            pending.order.done_here((page, records));
        }
        let Some(finished) = pending.receive(results, false) else {
            return Ok(());
        };
        failed |= finished;
        pending.keep_ready()?;
        if failed {
            break;
        }
    }
    while pending.order.theirs() > 0 {
        if pending.receive(results, true).is_none() {
            return Ok(());
        }
        pending.keep_ready()?;
    }
    pending.keep_ready()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customers_page(index: usize) -> Source {
        let id = format!("t-{index}");
        Source {
            name: format!("{id}.json"),
            bytes: format!(r#"{{"items": [{{"id": "{id}", "companyProfile": {{}}}}]}}"#)
                .into_bytes(),
        }
    }

    /// The pages reported read, in the order they were.
    type Reported = Vec<usize>;

    /// Reads `pages` as the command line does (owned, one at a time from an iterator): the
    /// tenants gathered in order, and the pages reported in order.
    fn gather(
        pages: Vec<Result<Source, FormatError>>,
    ) -> Result<(Vec<String>, Vec<usize>), (FormatError, Reported)> {
        let mut reported = Vec::new();
        let read = gather_streaming(pages, None, &NoClock, |index, _, ()| reported.push(index));
        match read {
            Ok(read) => {
                let tenants = read.gathered.customers.iter().map(|c| c.tenant_id.clone());
                Ok((tenants.collect(), reported))
            }
            Err(err) => Err((err, reported)),
        }
    }

    #[test]
    fn records_are_kept_in_the_pages_order_whichever_thread_read_them() {
        let pages = (0..40).map(|i| Ok(customers_page(i))).collect();
        let (tenants, reported) = gather(pages).unwrap();
        let expected: Vec<String> = (0..40).map(|i| format!("t-{i}")).collect();
        assert_eq!(tenants, expected);
        assert_eq!(reported, (0..40).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_malformed_page_in_order_stops_the_reading_whichever_thread_read_it() {
        for first in 0..8 {
            for second in [first + 1, first + 2, first + 5] {
                let mut pages: Vec<Source> = (0..14).map(customers_page).collect();
                pages[first].bytes = b"{".to_vec();
                pages[second].bytes = br#"{"items": [{"companyProfile": {"domain": 3}}]}"#.to_vec();
                let (err, reported) = gather(pages.into_iter().map(Ok).collect()).unwrap_err();
                assert_eq!(err.file, format!("t-{first}.json"), "{first} {second}");
                assert_eq!(reported, (0..first).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn no_page_is_taken_after_one_that_cannot_be_read() {
        let taken = std::cell::Cell::new(0);
        let pages = (0..10).map(|i| {
            taken.set(taken.get() + 1);
            if i == 4 {
                Err(FormatError {
                    file: "t-4.json".into(),
                    path: String::new(),
                    message: "cannot read it".into(),
                    source: None,
                })
            } else {
                Ok(customers_page(i))
            }
        });
        let mut reported = Vec::new();
        let err = gather_streaming(pages, None, &NoClock, |index, _, ()| reported.push(index))
            .err()
            .unwrap();
        assert_eq!((err.file.as_str(), taken.get()), ("t-4.json", 5));
        assert_eq!(reported, [0, 1, 2, 3]);
    }
}
