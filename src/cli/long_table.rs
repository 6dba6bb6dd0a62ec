//! A table of millions of rows (`review` or `list` of a large workspace), printed as
//! `output::table_keeping` prints a short one — same columns, same cuts (or whole cells, as
//! `Fit::Whole` asks), same inert cells — without holding its cells:
//! each row is made twice from the caller's records, once to size the columns and once to
//! print, and lines go out in large blocks. Plain ASCII cells, nearly all of them, take a fast
//! path: nothing to make inert, and their width is their length.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use unicode_width::UnicodeWidthStr;

use super::output::{CELL_WIDTH, Fit, ID_WIDTH, cut};
use super::sink;
use crate::display::inert;

/// Rows formatted in one piece of work: about a megabyte of text.
const ROWS_PER_BLOCK: usize = 8192;

/// Prints `header` and a row for each of `records`, made by `row`; with `Fit::Capped`, columns
/// named in `ids` are cut only past `ID_WIDTH`, the others past `CELL_WIDTH`.
pub fn print<T: Sync, const N: usize>(
    header: [&str; N],
    (ids, fit): (&[&str], Fit),
    records: &[T],
    row: impl Fn(&T) -> [Cow<'_, str>; N] + Sync,
) {
    write(header, (ids, fit), records, row, &mut |block| {
        sink::data(block);
        !sink::stdout_gone()
    });
}

/// `print`, handing each block of lines to `out`, in order, which says whether to go on. The
/// columns are sized and the blocks formatted on two threads; `out` runs on this one.
fn write<T: Sync, const N: usize>(
    header: [&str; N],
    (ids, fit): (&[&str], Fit),
    records: &[T],
    row: impl Fn(&T) -> [Cow<'_, str>; N] + Sync,
    out: &mut dyn FnMut(&str) -> bool,
) {
    let caps: [usize; N] = std::array::from_fn(|i| {
        if ids.contains(&header[i]) {
            ID_WIDTH
        } else {
            CELL_WIDTH
        }
    });
    let widest = |part: &[T]| -> [usize; N] {
        let mut widths = [0; N];
        for record in part {
            for (i, cell) in row(record).iter().enumerate() {
                if widths[i] < caps[i] {
                    widths[i] = widths[i].max(shown(cell, caps[i], fit).1);
                }
            }
        }
        widths
    };
    let (first, second) = records.split_at(records.len() / 2);
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| widest(second));
        (widest(first), other.join().unwrap_or([usize::MAX; N]))
    });
    let widths: [usize; N] = std::array::from_fn(|i| {
        header[i]
            .width()
            .max(a[i])
            .max(b[i])
            .min(caps[i].max(header[i].width()))
    });
    let format = |part: &[T]| -> String {
        let mut block = String::with_capacity(part.len() * 128);
        for record in part {
            let cells = row(record);
            let shown: [(Cow<'_, str>, usize, bool); N] =
                std::array::from_fn(|i| shown(&cells[i], caps[i], fit));
            push_line(&mut block, &shown, &widths);
        }
        block
    };
    let mut head = String::new();
    push_line(
        &mut head,
        &header.map(|h| (Cow::Borrowed(h), h.width(), false)),
        &widths,
    );
    if !out(&head) {
        return;
    }
    let blocks: Vec<&[T]> = records.chunks(ROWS_PER_BLOCK).collect();
    if blocks.len() < 2 {
        if let Some(only) = blocks.first() {
            out(&format(only));
        }
        return;
    }
    in_order(blocks.len(), &|k| format(blocks[k]), out);
}

/// Makes pieces `0..count` with `make` on two threads and hands them to `out` in order on this
/// one; stops making them once `out` says to stop.
fn in_order(
    count: usize,
    make: &(dyn Fn(usize) -> String + Sync),
    out: &mut dyn FnMut(&str) -> bool,
) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(usize, String)>(4);
        for _ in 0..2 {
            let (sender, next) = (sender.clone(), &next);
            scope.spawn(move || {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= count || sender.send((k, make(k))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Pieces come back in about the order they were taken: the few that arrive early wait.
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (k, text) in receiver.iter() {
            waiting.insert(k, text);
            while let Some(text) = waiting.remove(&due) {
                due += 1;
                if !out(&text) {
                    // Dropping the receiver ends the makers at their next piece.
                    next.store(count, Ordering::Relaxed);
                    return;
                }
            }
        }
    });
}

/// A cell as printed (inert, cut to `cap` unless `fit` keeps it whole), its display width, and
/// whether "…" ends it.
fn shown(cell: &str, cap: usize, fit: Fit) -> (Cow<'_, str>, usize, bool) {
    let plain = cell.bytes().all(|b| (0x20..0x7f).contains(&b));
    if let Fit::Whole = fit {
        return if plain {
            (Cow::Borrowed(cell), cell.len(), false)
        } else {
            let cell = inert(cell).into_owned();
            let width = cell.width();
            (Cow::Owned(cell), width, false)
        };
    }
    if plain {
        // One column a character: `cut`'s result without walking characters.
        return if cell.len() <= cap {
            (Cow::Borrowed(cell), cell.len(), false)
        } else {
            let kept = cap.saturating_sub(1);
            (Cow::Borrowed(&cell[..kept]), kept + 1, true)
        };
    }
    let cell: String = cut(&inert(cell), cap).into_owned();
    let width = cell.width();
    (Cow::Owned(cell), width, false)
}

/// One line: each cell padded to its column's width and two spaces, no trailing blanks.
fn push_line(block: &mut String, cells: &[(Cow<'_, str>, usize, bool)], widths: &[usize]) {
    let start = block.len();
    for (i, (cell, width, cut)) in cells.iter().enumerate() {
        block.push_str(cell);
        if *cut {
            block.push('…');
        }
        if i + 1 < cells.len() {
            let pad = widths[i].saturating_sub(*width) + 2;
            block.extend(std::iter::repeat_n(' ', pad));
        }
    }
    let kept = block[start..].trim_end().len();
    block.truncate(start + kept);
    block.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::output::{Fit, table_lines};

    fn long(header: [&str; 3], rows: &[[String; 3]], fit: Fit) -> String {
        let mut text = String::new();
        write(
            header,
            (&["ID"], fit),
            rows,
            |r| r.each_ref().map(|c| Cow::Borrowed(c.as_str())),
            &mut |block| {
                text.push_str(block);
                true
            },
        );
        text
    }

    #[test]
    fn prints_the_lines_a_short_table_prints_whatever_the_cells_hold() {
        let rows: Vec<[String; 3]> = vec![
            ["high".into(), "rule:rel-1".into(), "x".repeat(80)],
            [
                "low".into(),
                format!("rule:{}", "i".repeat(140)),
                "short".into(),
            ],
            [
                "info".into(),
                "rule:bell\u{7}".into(),
                "wide 漢字".repeat(9),
            ],
            ["medium".into(), "rule:del\u{7f}".into(), String::new()],
            [
                "e\u{301}".into(),
                "rule:\u{202e}rtl".into(),
                "tab\there".into(),
            ],
        ];
        prints_as_a_short_table(&rows);
    }

    /// The long table of `rows` is, line for line, what `table_lines` makes of them, cells cut
    /// or whole.
    fn prints_as_a_short_table(rows: &[[String; 3]]) {
        let header = ["SEVERITY", "ID", "WHY"];
        let short: Vec<Vec<String>> = rows.iter().map(|r| r.to_vec()).collect();
        for fit in [Fit::Capped, Fit::Whole] {
            let mut expected = table_lines(&header, &short, fit, &["ID"]).join("\n");
            expected.push('\n');
            assert_eq!(long(header, rows, fit), expected);
        }
    }

    #[test]
    fn many_rows_come_out_in_order_as_a_short_table_prints_them() {
        let rows: Vec<[String; 3]> = (0..3 * ROWS_PER_BLOCK + 17)
            .map(|n| {
                let why = if n % 1000 == 999 {
                    "é".repeat(60)
                } else {
                    format!("why {n}")
                };
                [format!("s{}", n % 7), format!("rule:rec-{n:06}"), why]
            })
            .collect();
        prints_as_a_short_table(&rows);
    }

    #[test]
    fn once_the_reader_stops_no_more_blocks_are_handed_over() {
        let rows: Vec<[String; 3]> = (0..10 * ROWS_PER_BLOCK)
            .map(|n| ["low".into(), format!("r:{n}"), String::new()])
            .collect();
        let mut calls = 0;
        write(
            ["A", "B", "C"],
            (&[], Fit::Capped),
            &rows,
            |r| r.each_ref().map(|c| Cow::Borrowed(c.as_str())),
            &mut |_| {
                calls += 1;
                calls < 2
            },
        );
        assert_eq!(calls, 2, "the header, then the first block");
    }
}
