//! The four panes: each is a table (columns, rows for the visible window only, its prepared
//! index) and a detail view of the selected record, whose lines may reference other records so
//! Enter can jump to them.

pub mod customers;
pub mod entries;
pub mod invitations;
pub mod partners;
pub mod relationships;

use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::Row;

use super::theme::Theme;
use crate::display::inert;
use crate::domain::{Id, Time};
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Customers,
    Partners,
    Invitations,
    Relationships,
}

impl Pane {
    pub const ALL: [Pane; 4] = [
        Pane::Customers,
        Pane::Partners,
        Pane::Invitations,
        Pane::Relationships,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Customers => "Customers",
            Pane::Partners => "Partners",
            Pane::Invitations => "Invitations",
            Pane::Relationships => "Relationships",
        }
    }

    pub fn number(self) -> usize {
        self as usize
    }

    pub fn header(self) -> Row<'static> {
        match self {
            Pane::Customers => customers::header(),
            Pane::Partners => partners::header(),
            Pane::Invitations => invitations::header(),
            Pane::Relationships => relationships::header(),
        }
    }

    pub fn widths(self) -> Vec<Constraint> {
        match self {
            Pane::Customers => customers::widths(),
            Pane::Partners => partners::widths(),
            Pane::Invitations => invitations::widths(),
            Pane::Relationships => relationships::widths(),
        }
    }

    pub fn row(self, ws: &Workspace, now: Time, id: &Id) -> Row<'static> {
        match self {
            Pane::Customers => customers::row(ws, id),
            Pane::Partners => partners::row(ws, id),
            Pane::Invitations => invitations::row(ws, id),
            Pane::Relationships => relationships::row(ws, now, id),
        }
    }

    pub fn detail(self, ws: &Workspace, now: Time, id: &Id, theme: Theme) -> Vec<DetailLine> {
        let mut d = Detail {
            lines: Vec::new(),
            theme,
        };
        match self {
            Pane::Customers => customers::detail(ws, now, id, &mut d),
            Pane::Partners => partners::detail(ws, now, id, &mut d),
            Pane::Invitations => invitations::detail(ws, id, &mut d),
            Pane::Relationships => relationships::detail(ws, now, id, &mut d),
        }
        d.lines
    }

    /// The status filter's choices for this pane (tag values are indexes into this list).
    pub fn status_labels(self) -> &'static [&'static str] {
        match self {
            Pane::Invitations => &["pending", "accepted", "declined", "revoked", "expired"],
            Pane::Relationships => &[
                "created",
                "approvalPending",
                "approved",
                "activating",
                "active",
                "expiring",
                "expired",
                "terminationRequested",
                "terminating",
                "terminated",
            ],
            _ => &[],
        }
    }
}

/// A record a detail line points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Partner(Id),
    Customer(Id),
    Invitation(Id),
    Relationship(Id),
}

impl Target {
    pub fn pane(&self) -> Pane {
        match self {
            Target::Partner(_) => Pane::Partners,
            Target::Customer(_) => Pane::Customers,
            Target::Invitation(_) => Pane::Invitations,
            Target::Relationship(_) => Pane::Relationships,
        }
    }
    pub fn id(&self) -> &Id {
        match self {
            Target::Partner(id)
            | Target::Customer(id)
            | Target::Invitation(id)
            | Target::Relationship(id) => id,
        }
    }
}

pub struct DetailLine {
    pub line: Line<'static>,
    pub target: Option<Target>,
}

/// Builds a detail view line by line.
pub struct Detail {
    pub lines: Vec<DetailLine>,
    pub theme: Theme,
}

impl Detail {
    pub fn heading(&mut self, text: &str) {
        if !self.lines.is_empty() {
            self.blank();
        }
        self.lines.push(DetailLine {
            line: Line::styled(text.to_string(), self.theme.heading()),
            target: None,
        });
    }
    pub fn blank(&mut self) {
        self.lines.push(DetailLine {
            line: Line::default(),
            target: None,
        });
    }
    /// `label: value`, the value made inert.
    pub fn field(&mut self, label: &str, value: &str) {
        let line = Line::from(vec![
            Span::styled(format!("{label:<12} "), self.theme.dim()),
            Span::raw(inert(value).into_owned()),
        ]);
        self.lines.push(DetailLine { line, target: None });
    }
    pub fn text(&mut self, text: String) {
        self.lines.push(DetailLine {
            line: Line::raw(format!("  {text}")),
            target: None,
        });
    }
    pub fn dim(&mut self, text: String) {
        self.lines.push(DetailLine {
            line: Line::styled(format!("  {text}"), self.theme.dim()),
            target: None,
        });
    }
    /// A line naming another record: `→ name  rest`.
    pub fn link(&mut self, name: &str, rest: String, target: Target) {
        let line = Line::from(vec![
            Span::raw("  → "),
            Span::styled(inert(name).into_owned(), self.theme.link()),
            Span::raw(if rest.is_empty() {
                String::new()
            } else {
                format!("  {rest}")
            }),
        ]);
        self.lines.push(DetailLine {
            line,
            target: Some(target),
        });
    }
    /// A line under a link, for a record that belongs to it: `    ↳ name  rest`.
    pub fn sublink(&mut self, name: &str, rest: String, target: Target) {
        let line = Line::from(vec![
            Span::raw("      ↳ "),
            Span::styled(inert(name).into_owned(), self.theme.link()),
            Span::raw(if rest.is_empty() {
                String::new()
            } else {
                format!("  {rest}")
            }),
        ]);
        self.lines.push(DetailLine {
            line,
            target: Some(target),
        });
    }
}

pub fn partner_name(ws: &Workspace, id: &Id) -> String {
    ws.partner(id)
        .map_or_else(|| id.to_string(), |p| inert(&p.display_name).into_owned())
}

pub fn customer_name(ws: &Workspace, id: &Id) -> String {
    ws.customer(id)
        .map_or_else(|| id.to_string(), |c| inert(&c.display_name).into_owned())
}

/// `12 days` / `ended` / `—` for a relationship's remaining time.
pub fn days_left_label(days: Option<i64>) -> String {
    match days {
        Some(d) if d < 0 => "overdue".into(),
        Some(1) => "1 day".into(),
        Some(d) => format!("{d} days"),
        None => "—".into(),
    }
}

impl Pane {
    /// The column titles as one line, for an empty table.
    pub fn header_text(self) -> String {
        match self {
            Pane::Customers => "Name · Domain · Country · Partners · Subs · CSP",
            Pane::Partners => "Name · Partner ID · Billing · Specialties · Customers",
            Pane::Invitations => "Kind · Partner · Customer · Status · Created · Expires",
            Pane::Relationships => {
                "Partner · Customer · Kind · Roles · Status · Days left · Auto-ext"
            }
        }
        .to_string()
    }
}
