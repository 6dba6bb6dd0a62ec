//! An export's rows as text: CSV (RFC 4180, through the `csv` crate, with a header row), JSON
//! (an array of objects keyed by the column names, written in the order of the names, as an
//! object of them is) or Markdown. Each row is written as it comes: `write` never holds the
//! whole table, nor its text.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{Cell, Format};

/// Writes `rows` under `columns` in `format` to `out`, each as it is taken; says how many.
pub fn write<R: Borrow<[Cell]>>(
    columns: &[&'static str],
    rows: impl Iterator<Item = R>,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<usize> {
    match format {
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(columns)?;
            let mut count = 0;
            for row in rows {
                writer.write_record(row.borrow().iter().map(Cell::to_text))?;
                count += 1;
            }
            writer.flush()?;
            Ok(count)
        }
        Format::Json => {
            let objects = Objects::of(columns, rows);
            serde_json::to_writer_pretty(&mut *out, &objects)?;
            out.write_all(b"\n")?;
            Ok(objects.count.into_inner())
        }
        Format::Markdown => {
            let cell = |text: &str| {
                crate::display::inert(text)
                    .replace('|', "\\|")
                    .replace('\n', " ")
            };
            writeln!(
                out,
                "| {} |\n|{}",
                columns.join(" | "),
                " --- |".repeat(columns.len())
            )?;
            let mut count = 0;
            for row in rows {
                let cells: Vec<String> = row.borrow().iter().map(|c| cell(&c.to_text())).collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
                count += 1;
            }
            Ok(count)
        }
    }
}

/// The rows as JSON objects, taken from `rows` as they are written.
struct Objects<'c, I> {
    columns: &'c [&'static str],
    /// The columns' places, in the order of their names.
    order: Vec<usize>,
    rows: RefCell<Option<I>>,
    /// How many were written.
    count: std::cell::Cell<usize>,
}

impl<'c, I> Objects<'c, I> {
    fn of(columns: &'c [&'static str], rows: I) -> Self {
        let mut order: Vec<usize> = (0..columns.len()).collect();
        order.sort_by_key(|&at| columns[at]);
        Objects {
            columns,
            order,
            rows: RefCell::new(Some(rows)),
            count: std::cell::Cell::new(0),
        }
    }
}

impl<R: Borrow<[Cell]>, I: Iterator<Item = R>> Serialize for Objects<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Written once: the rows are taken as they go.
        let rows = self.rows.borrow_mut().take().into_iter().flatten();
        serializer.collect_seq(rows.map(|row| {
            self.count.set(self.count.get() + 1);
            Object {
                columns: self.columns,
                order: &self.order,
                row,
            }
        }))
    }
}

struct Object<'c, R> {
    columns: &'c [&'static str],
    order: &'c [usize],
    row: R,
}

impl<R: Borrow<[Cell]>> Serialize for Object<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let row = self.row.borrow();
        let mut object = serializer.serialize_map(Some(self.order.len()))?;
        for &at in self.order {
            if let (Some(column), Some(cell)) = (self.columns.get(at), row.get(at)) {
                object.serialize_entry(column, cell)?;
            }
        }
        object.end()
    }
}
