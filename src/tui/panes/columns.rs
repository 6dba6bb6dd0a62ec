//! What a pane's table column is (its title, how wide its values may make it, whether it is a
//! name that takes the slack, whether it reads right-aligned) and what a row holds (its cells'
//! text and whether it is bold). The widths themselves are fitted to the rows in view when the
//! table is drawn (`view/columns.rs`).

/// One column of a pane's table.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub title: &'static str,
    /// The most columns its widest value may take.
    pub cap: u16,
    /// A name (or other free text): it takes the width left over, and gives way first when the
    /// table is narrow, down to `floor` columns.
    pub name: bool,
    pub floor: u16,
    /// Free text rather than a name: it takes what the names leave.
    pub text: bool,
    /// Numbers and counts read right-aligned.
    pub right: bool,
}

/// A column sized by its values, up to `cap`.
pub const fn fixed(title: &'static str, cap: u16) -> Column {
    Column {
        title,
        cap,
        name: false,
        floor: 0,
        text: false,
        right: false,
    }
}

/// A right-aligned column (counts, days).
pub const fn number(title: &'static str, cap: u16) -> Column {
    Column {
        title,
        cap,
        name: false,
        floor: 0,
        text: false,
        right: true,
    }
}

/// A name column: it takes the slack, and keeps 14 columns when the table is narrow.
pub const fn name(title: &'static str, cap: u16) -> Column {
    Column {
        title,
        cap,
        name: true,
        floor: 14,
        text: false,
        right: false,
    }
}

/// A column of free text (a list of roles, a summary): it takes what the names leave when the
/// table is short of room, down to a smaller floor — the detail shows it whole.
pub const fn text(title: &'static str, cap: u16) -> Column {
    Column {
        title,
        cap,
        name: true,
        floor: 8,
        text: true,
        right: false,
    }
}

/// One row's cells, as text, and whether it stands out (bold: a relationship ending soon).
#[derive(Clone, Debug, Default)]
pub struct Cells {
    pub texts: Vec<String>,
    pub bold: bool,
}

impl Cells {
    pub fn new(texts: Vec<String>) -> Self {
        Cells { texts, bold: false }
    }
}
