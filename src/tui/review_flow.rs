//! The Review pop-up's changes: opening it on the findings of the workspace on screen, and
//! applying the chosen findings' fixes through the core as one undoable batch (refused ones
//! change nothing and are listed in the pop-up when it opens again).

use super::app::App;
use super::popups::Modal;
use super::popups::review::ReviewPopup;
use crate::domain::review::Finding;

impl App {
    pub(super) fn open_review(&mut self, notes: Vec<String>) {
        self.open_review_at(notes, 0);
    }

    fn open_review_at(&mut self, notes: Vec<String>, cursor: usize) {
        let popup = ReviewPopup::new(&self.ws, self.now, notes).at(cursor, &self.ws, self.now);
        self.modal = Some(Modal::Review(Box::new(popup)));
    }

    /// Each finding's fix, action by action, as one batch (one undo step); the review reopens
    /// where it was.
    pub(super) fn fix_findings(&mut self, findings: &[Finding], cursor: usize) {
        let mut notes = Vec::new();
        let mut items = Vec::new();
        for f in findings {
            match &f.fix {
                Some(fix) => items.extend(
                    fix.actions
                        .iter()
                        .map(|a| (f.record.clone(), fix.actor.clone(), a.clone())),
                ),
                None => notes.push(format!("{}: no fix the core can make", f.id())),
            }
        }
        if items.is_empty() {
            self.open_review_at(notes, cursor);
            return;
        }
        let label = format!("review: fix {} finding(s)", findings.len());
        let (events, refused) = self.apply_batch(label, &items);
        notes.insert(
            0,
            format!(
                "applied: {} change(s); refused: {} — u undoes the batch",
                events.len(),
                refused.len()
            ),
        );
        notes.extend(
            refused
                .iter()
                .map(|(id, why)| format!("{id}: refused — {why}")),
        );
        self.open_review(notes);
    }
}
