//! The pop-up that is open, if any: it takes every key while it is, and is drawn over the main
//! screen. Each kind holds its own state.

use super::action_form::ActionForm;
use super::assign_form::AssignForm;
use super::changed_on_disk::ChangedOnDisk;
use super::confirm::Confirm;
use super::conflicts::ConflictsPopup;
use super::export_form::ExportForm;
use super::help::HelpPopup;
use super::import_form::ImportForm;
use super::import_report::ImportReportPopup;
use super::invite_form::InviteForm;
use super::messages::MessageLog;
use super::pass_time::PassTimeForm;
use super::review::ReviewPopup;
use super::save_as::SaveAs;
use super::script::ScriptPopup;
use super::write_file::WriteFile;
use crate::domain::{Actor, Time};
use crate::tui::commands::Cmd;
use crate::tui::widgets::picker::Picker;
use crate::workspace::Workspace;

pub enum Modal {
    Help(HelpPopup),
    Palette(Picker<Cmd>),
    ActAs(Picker<Actor>),
    Invite(Box<InviteForm>),
    /// Giving a security group some of a GDAP relationship's roles (`+`).
    Assign(Box<AssignForm>),
    Confirm(Confirm),
    /// Buy, add customer, add partner: fields and the core's live verdict.
    Form(Box<ActionForm>),
    /// The Graph calls behind a relationship or invitation, as a script (`y`).
    Script(ScriptPopup),
    SaveAs(SaveAs),
    /// Saving found the file changed on disk: reload, save as, or keep editing.
    ChangedOnDisk(ChangedOnDisk),
    /// Pass time by days or to a date, with the core's preview (`T`).
    PassTime(PassTimeForm),
    /// Where to read exports from and for which partner (`I`).
    Import(ImportForm),
    /// What an import did.
    ImportReport(ImportReportPopup),
    /// Which table to export and where (`O`).
    Export(ExportForm),
    /// Where to write text already made (the script, `w`).
    WriteFile(WriteFile),
    /// Every status message in full (`m`).
    Messages(MessageLog),
    /// The review's findings by severity; fixes as one undoable batch (`6`).
    Review(Box<ReviewPopup>),
    /// The merge conflicts the workspace records; take ours or theirs for each (`c`).
    Conflicts(ConflictsPopup),
}

impl Modal {
    /// Pasted text lands whole in the pop-up's focused text field (a form's field, a picker's
    /// search, a path); false when the pop-up has none focused (help, a confirmation…).
    pub fn paste(&mut self, ws: &Workspace, now: Time, text: &str) -> bool {
        match self {
            Modal::Palette(picker) => picker.paste(text),
            Modal::ActAs(picker) => picker.paste(text),
            Modal::Invite(form) => return form.paste(text),
            Modal::Assign(form) => return form.paste(text),
            Modal::Form(form) => return form.paste(text),
            Modal::SaveAs(save_as) => return save_as.paste(text),
            Modal::WriteFile(prompt) => prompt.paste(text),
            Modal::PassTime(form) => form.paste(ws, now, text),
            Modal::Import(form) => form.paste(ws, text),
            Modal::Export(form) => form.paste(text),
            Modal::Help(help) => return help.paste(text),
            Modal::Confirm(_)
            | Modal::Script(_)
            | Modal::ChangedOnDisk(_)
            | Modal::ImportReport(_)
            | Modal::Messages(_)
            | Modal::Review(_)
            | Modal::Conflicts(_) => return false,
        }
        true
    }
}
