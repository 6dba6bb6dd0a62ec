//! A pane's table (its columns, one row's cells) and the detail of one record, each handed to
//! the pane's own file. Apart from `Pane` itself so that those files can name `Pane` (through
//! `Target`) without the enum naming them back.

use super::columns::{Cells, Column};
use super::detail::{Detail, DetailLine};
use super::pane::Pane;
use super::{customers, history, invitations, partners, relationships};
use crate::domain::{Id, Time};
use crate::tui::theme::Theme;
use crate::workspace::Workspace;

impl Pane {
    pub fn columns(self) -> &'static [Column] {
        match self {
            Pane::Customers => customers::COLUMNS,
            Pane::Partners => partners::COLUMNS,
            Pane::Invitations => invitations::COLUMNS,
            Pane::Relationships => relationships::COLUMNS,
            Pane::History => history::COLUMNS,
        }
    }

    pub fn cells(self, ws: &Workspace, now: Time, id: &Id) -> Cells {
        match self {
            Pane::Customers => customers::cells(ws, id),
            Pane::Partners => partners::cells(ws, id),
            Pane::Invitations => invitations::cells(ws, id),
            Pane::Relationships => relationships::cells(ws, now, id),
            Pane::History => history::cells(ws, id),
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
