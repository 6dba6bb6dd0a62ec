//! A table of millions of rows (`review` of a large workspace), printed as `output::table_keeping`
//! prints a short one — same columns, same cuts, same inert cells — without holding its cells:
//! each row is made twice from the caller's records, once to size the columns and once to
//! print, and lines go out in large blocks. Plain ASCII cells, nearly all of them, take a fast
//! path: nothing to make inert, and their width is their length.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use super::output::{CELL_WIDTH, ID_WIDTH, cut};
use super::sink;
use crate::display::inert;

/// How much text is gathered before it is handed to standard output.
const BLOCK: usize = 1 << 20;

/// Prints `header` and a row for each of `records`, made by `row`; columns named in `ids` are
/// cut only past `ID_WIDTH`, the others past `CELL_WIDTH` (as `Fit::Capped`).
pub fn print<T, const N: usize>(
    header: [&str; N],
    ids: &[&str],
    records: &[T],
    row: impl Fn(&T) -> [&str; N],
) {
    write(header, ids, records, row, &mut |block| {
        sink::data(block);
        !sink::stdout_gone()
    });
}

/// `print`, handing each block of lines to `out`, which says whether to go on.
fn write<T, const N: usize>(
    header: [&str; N],
    ids: &[&str],
    records: &[T],
    row: impl Fn(&T) -> [&str; N],
    out: &mut dyn FnMut(&str) -> bool,
) {
    let caps: [usize; N] = std::array::from_fn(|i| {
        if ids.contains(&header[i]) {
            ID_WIDTH
        } else {
            CELL_WIDTH
        }
    });
    let mut widths: [usize; N] = std::array::from_fn(|i| header[i].width());
    for record in records {
        for (i, cell) in row(record).iter().enumerate() {
            if widths[i] < caps[i] {
                widths[i] = widths[i].max(shown(cell, caps[i]).1);
            }
        }
    }
    let mut block = String::with_capacity(BLOCK + 4096);
    push_line(
        &mut block,
        &header.map(|h| (Cow::Borrowed(h), h.width(), false)),
        &widths,
    );
    for record in records {
        let cells = row(record);
        let shown: [(Cow<'_, str>, usize, bool); N] =
            std::array::from_fn(|i| shown(cells[i], caps[i]));
        push_line(&mut block, &shown, &widths);
        if block.len() >= BLOCK {
            let go_on = out(&block);
            block.clear();
            if !go_on {
                return;
            }
        }
    }
    out(&block);
}

/// A cell as printed (inert, cut to `cap`), its display width, and whether "…" ends it.
fn shown(cell: &str, cap: usize) -> (Cow<'_, str>, usize, bool) {
    if cell.bytes().all(|b| (0x20..0x7f).contains(&b)) {
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

    fn long(header: [&str; 3], rows: &[[String; 3]]) -> String {
        let mut text = String::new();
        write(
            header,
            &["ID"],
            rows,
            |r| [&r[0], &r[1], &r[2]],
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
        let header = ["SEVERITY", "ID", "WHY"];
        let short: Vec<Vec<String>> = rows.iter().map(|r| r.to_vec()).collect();
        let mut expected = table_lines(&header, &short, Fit::Capped, &["ID"]).join("\n");
        expected.push('\n');
        assert_eq!(long(header, &rows), expected);
    }
}
