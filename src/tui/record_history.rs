//! Which record `H` shows the history of: the record a detail line points at, else the selected
//! row — or, in the History pane, the record the selected entry concerns.

use super::app::App;
use super::panes::{Pane, Target, history};
use crate::domain::Id;

impl App {
    pub fn record_for_history(&self) -> Result<Id, &'static str> {
        match self.detail_target() {
            // An assignment's history names the assignment, not its relationship.
            Some(Target::Assignment { assignment, .. }) => return Ok(assignment),
            Some(target) => return Ok(target.id().clone()),
            None => {}
        }
        let selected = self.selected_id().ok_or("select a record first")?;
        if self.pane() != Pane::History {
            return Ok(selected.clone());
        }
        history::jump_target(self.workspace(), selected)
            .map(|target| target.id().clone())
            .ok_or("this entry names no record that is still in the workspace")
    }
}
