//! A pane's table (header, column widths, one row) and the detail of one record, each handed to
//! the pane's own file. Apart from `Pane` itself so that those files can name `Pane` (through
//! `Target`) without the enum naming them back.

use ratatui::layout::Constraint;
use ratatui::widgets::Row;

use super::detail::{Detail, DetailLine};
use super::pane::Pane;
use super::{customers, history, invitations, partners, relationships};
use crate::domain::{Id, Time};
use crate::tui::theme::Theme;
use crate::workspace::Workspace;

impl Pane {
    pub fn header(self) -> Row<'static> {
        match self {
            Pane::Customers => customers::header(),
            Pane::Partners => partners::header(),
            Pane::Invitations => invitations::header(),
            Pane::Relationships => relationships::header(),
            Pane::History => history::header(),
        }
    }

    pub fn widths(self) -> Vec<Constraint> {
        match self {
            Pane::Customers => customers::widths(),
            Pane::Partners => partners::widths(),
            Pane::Invitations => invitations::widths(),
            Pane::Relationships => relationships::widths(),
            Pane::History => history::widths(),
        }
    }

    pub fn row(self, ws: &Workspace, now: Time, id: &Id) -> Row<'static> {
        match self {
            Pane::Customers => customers::row(ws, id),
            Pane::Partners => partners::row(ws, id),
            Pane::Invitations => invitations::row(ws, id),
            Pane::Relationships => relationships::row(ws, now, id),
            Pane::History => history::row(ws, id),
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
            Pane::History => history::detail(ws, id, &mut d),
        }
        d.lines
    }
}
