//! A table's column widths, fitted to the rows in view: each column as wide as its widest value
//! there (its title included), up to its cap; the names share what is left over; a narrow table
//! keeps the names readable (down to their floor) and shrinks the rest. ratatui's `Layout` solves the widths from
//! those constraints, `unicode-width` measures the text, and a value wider than its column ends
//! in "…" — never a silent cut. Only the visible window's rows are measured, so a frame costs
//! what is on screen.

use std::borrow::Cow;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::tui::panes::Column;

/// The widths of `columns` for `rows` (each a row's cell texts) across `width` columns, with
/// `spacing` between them.
pub fn fit<R: AsRef<[String]>>(
    columns: &[Column],
    rows: &[R],
    width: u16,
    spacing: u16,
) -> Vec<u16> {
    let widest: Vec<u16> = columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let values = rows
                .iter()
                .filter_map(|row| row.as_ref().get(i))
                .map(|t| t.width());
            let widest = values.chain([column.title.width()]).max().unwrap_or(0);
            u16::try_from(widest).unwrap_or(u16::MAX).min(column.cap)
        })
        .collect();
    let gaps = spacing.saturating_mul(columns.len().saturating_sub(1) as u16);
    let needed = widest.iter().fold(gaps, |sum, &w| sum.saturating_add(w));
    if needed <= width {
        // Room for every value: the names share the rest in proportion to their widths.
        let constraints = columns.iter().zip(&widest).map(|(column, &w)| {
            if column.name {
                Constraint::Fill(w.max(1))
            } else {
                Constraint::Length(w)
            }
        });
        return solve(constraints, width, spacing);
    }
    // Short of room. First the names: each keeps its floor (a stronger constraint than the
    // others' maximum) and they grow alike from there while free text keeps its own floor; a
    // name given more than its widest value is held to that value and the rest solved again,
    // so no name is wider than what it shows. Then free text takes what the names left.
    let mut held = vec![false; columns.len()];
    let widths = loop {
        let constraints =
            columns
                .iter()
                .zip(&widest)
                .zip(&held)
                .map(
                    |((column, &w), &held)| match (column.name, column.text, held) {
                        (true, false, false) => Constraint::Min(w.min(column.floor)),
                        (true, false, true) => Constraint::Length(w),
                        (true, true, _) => Constraint::Length(w.min(column.floor)),
                        (false, _, _) => Constraint::Max(w),
                    },
                );
        let widths = solve(constraints, width, spacing);
        let mut changed = false;
        for (i, column) in columns.iter().enumerate() {
            if column.name && !column.text && !held[i] && widths[i] > widest[i] {
                held[i] = true;
                changed = true;
            }
        }
        if !changed {
            break widths;
        }
    };
    if !columns.iter().any(|c| c.text) {
        return widths;
    }
    let constraints = columns
        .iter()
        .zip(&widest)
        .zip(&widths)
        .map(|((column, &w), &given)| {
            if column.text {
                Constraint::Min(w.min(column.floor))
            } else {
                Constraint::Length(given)
            }
        });
    solve(constraints, width, spacing)
}

fn solve(constraints: impl IntoIterator<Item = Constraint>, width: u16, spacing: u16) -> Vec<u16> {
    Layout::horizontal(constraints)
        .spacing(spacing)
        .flex(Flex::Start)
        .split(Rect::new(0, 0, width, 1))
        .iter()
        .map(|r| r.width)
        .collect()
}

/// `text` cut to `width` columns, ending in "…" when it had to be cut.
pub fn ellipsize(text: &str, width: u16) -> Cow<'_, str> {
    let width = usize::from(width);
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(ch);
    }
    // "310 × …" reads better as "310 ×…".
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::panes::Column;

    const COLUMNS: &[Column] = &[
        Column {
            title: "Name",
            cap: 60,
            name: true,
            floor: 14,
            text: false,
            right: false,
        },
        Column {
            title: "Status",
            cap: 12,
            name: false,
            floor: 0,
            text: false,
            right: false,
        },
        Column {
            title: "Days",
            cap: 6,
            name: false,
            floor: 0,
            text: false,
            right: true,
        },
    ];

    fn rows(values: &[(&str, &str, &str)]) -> Vec<Vec<String>> {
        values
            .iter()
            .map(|(a, b, c)| vec![a.to_string(), b.to_string(), c.to_string()])
            .collect()
    }

    #[test]
    fn columns_take_their_widest_value_and_names_take_the_rest() {
        let rows = rows(&[
            ("Contoso", "active", "12"),
            ("Fabrikam, Inc.", "pending", "300"),
        ]);
        let widths = fit(COLUMNS, &rows, 60, 1);
        assert_eq!(widths[1], 7, "the widest status");
        assert_eq!(widths[2], 4, "the title is the widest");
        assert_eq!(
            widths.iter().sum::<u16>() + 2,
            60,
            "the whole width is used"
        );
    }

    #[test]
    fn a_wider_table_grows_the_names() {
        let rows = rows(&[("Contoso", "active", "12")]);
        let narrow = fit(COLUMNS, &rows, 40, 1);
        let wide = fit(COLUMNS, &rows, 200, 1);
        assert!(wide[0] > narrow[0]);
        assert_eq!(wide[1], narrow[1]);
    }

    #[test]
    fn a_narrow_table_keeps_the_name_floor_and_shrinks_the_rest() {
        let rows = rows(&[("A rather long customer name", "terminationRequested", "1")]);
        let widths = fit(COLUMNS, &rows, 24, 1);
        assert!(widths[0] >= COLUMNS[0].floor, "{widths:?}");
        assert!(widths.iter().sum::<u16>() + 2 <= 24, "{widths:?}");
    }

    #[test]
    fn a_narrow_table_gives_no_name_more_than_its_widest_value() {
        let columns = [COLUMNS[0], COLUMNS[0], COLUMNS[1]];
        let rows = vec![vec![
            "Short".to_string(),
            "A very long list of roles, one after the other, that cannot fit".to_string(),
            "active".to_string(),
        ]];
        let widths = fit(&columns, &rows, 50, 1);
        assert_eq!(widths[0], 5, "{widths:?}");
        assert_eq!(widths[2], 6, "{widths:?}");
        assert_eq!(widths.iter().sum::<u16>() + 2, 50, "{widths:?}");
    }

    #[test]
    fn short_of_room_names_come_before_free_text() {
        let roles = Column {
            title: "Roles",
            cap: 200,
            name: true,
            floor: 8,
            text: true,
            right: false,
        };
        let columns = [COLUMNS[0], roles, COLUMNS[1]];
        let rows = vec![vec![
            "Margie's Cloud Consulting".to_string(),
            "2 roles: Helpdesk Administrator, Directory Readers".to_string(),
            "active".to_string(),
        ]];
        let widths = fit(&columns, &rows, 60, 1);
        assert_eq!(widths[0], 25, "the name whole: {widths:?}");
        assert_eq!(widths[2], 6, "{widths:?}");
        assert_eq!(
            widths[1],
            60 - 25 - 6 - 2,
            "the text takes the rest: {widths:?}"
        );
    }

    #[test]
    fn a_cut_value_ends_in_an_ellipsis_within_its_width() {
        assert_eq!(ellipsize("Relecloud", 5), "Rele…");
        assert_eq!(ellipsize("Relecloud", 9), "Relecloud");
        // A wide character that does not fit is left out whole; the space before "…" goes.
        assert_eq!(ellipsize("Contoso 日本", 10), "Contoso…");
        assert_eq!(ellipsize("Contoso 日本x", 11), "Contoso 日…");
        assert_eq!(ellipsize("310 × Microsoft", 7), "310 ×…");
        assert_eq!(ellipsize("abc", 0), "");
    }
}
