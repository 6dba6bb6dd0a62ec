//! The app's file work, asked of the shell as effects: export a table, write a record's script,
//! import exports. The app makes the bytes (export, script) or takes them (import) and decides
//! through the core; the shell reads and writes and reports back here.

use std::path::PathBuf;

use super::app::App;
use super::effect::Effect;
use super::popups::Modal;
use super::popups::export_form::ExportForm;
use super::popups::import_form::ImportForm;
use super::popups::import_report::ImportReportPopup;
use super::popups::script::ScriptPopup;
use super::popups::write_file::WriteFile;
use crate::domain::{Actor, Id};
use crate::interop;
use crate::interop::emit::ScriptFormat;
use crate::interop::export::{self, Format, View};

impl App {
    pub(super) fn open_export(&mut self) {
        self.modal = Some(Modal::Export(ExportForm::default()));
    }

    /// The rows of `view` as of the app's clock, written in `format`, for the shell to write.
    pub(super) fn export_to(
        &mut self,
        view: View,
        name: &str,
        format: Format,
        path: String,
    ) -> Vec<Effect> {
        // Each row made as it is written: the file's bytes, never a table of them too.
        let rows = export::rows(&self.ws, view, self.now);
        let mut bytes = Vec::new();
        match export::write(rows.columns, rows, format, &mut bytes) {
            Ok(count) => vec![Effect::WriteFile {
                path: PathBuf::from(path),
                bytes,
                what: format!("{count} row(s) of {name}"),
            }],
            Err(why) => {
                let text = format!("not exported: {}", crate::display::inert(&why.to_string()));
                self.set_status(text, true);
                Vec::new()
            }
        }
    }

    /// `w` in the script pop-up: a path for the script on screen, `<id>.sh` or `<id>.ps1`.
    pub(super) fn open_write_script(&mut self, script: &ScriptPopup) {
        let (extension, shell) = match script.format() {
            ScriptFormat::Az => ("sh", "az rest"),
            ScriptFormat::Pwsh => ("ps1", "PowerShell"),
        };
        let id = script.id().to_string();
        let safe: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.modal = Some(Modal::WriteFile(WriteFile::new(
            format!("Write the {shell} script of {id} to (file path)"),
            format!("{safe}.{extension}"),
            script.text().as_bytes().to_vec(),
            format!("the {shell} script of {id}"),
        )));
    }

    /// The shell reports a file written (or not).
    pub fn file_written(&mut self, path: PathBuf, what: String, result: Result<(), String>) {
        let path = crate::display::inert(&path.display().to_string()).into_owned();
        match result {
            Ok(()) => self.set_status(format!("wrote {what} to {path}"), false),
            Err(why) => self.set_status(
                format!("not written: {}", crate::display::inert(&why)),
                true,
            ),
        }
    }

    pub(super) fn open_import(&mut self) {
        let partner = match &self.actor {
            Actor::Partner(id) => Some(id.clone()),
            _ => None,
        };
        self.modal = Some(Modal::Import(ImportForm::new(partner.as_ref())));
    }

    /// The shell read and planned the exports for an import as `partner` (or says why not):
    /// applied and reported by the core in one pass, adopted as one undo step (and journaled),
    /// and the report shown; with what they no longer list when they are the whole export
    /// (`complete`).
    pub fn import_planned(
        &mut self,
        partner: Id,
        planned: Result<interop::Plan, String>,
        complete: bool,
    ) {
        let mut plan = match planned {
            Ok(plan) => plan,
            Err(why) => {
                let text = format!("not imported: {}", crate::display::inert(&why));
                self.set_status(text, true);
                return;
            }
        };
        if self.read_only() {
            let text = format!("{}; nothing was imported", self.read_only_reason());
            self.set_status(text, true);
            return;
        }
        let actor = Actor::Partner(partner.clone());
        // What the whole export lists, taken before the core takes the records.
        let listed = complete.then(|| interop::complete::Listed::of(&plan));
        // The journal keeps the action whole, to replay it after a crash; the core takes a
        // copy of its records into the workspace (the one copy the import makes).
        let action = interop::importing::action_of(&mut plan, false);
        let (applied, report) =
            match interop::importing::apply_whole(&self.ws, &actor, action.clone(), self.now) {
                Ok(done) => done,
                Err(refusal) => {
                    let why = super::changes::refused_why(&refusal);
                    let text = format!("import refused — {why}; nothing was imported");
                    self.set_status(text, true);
                    return;
                }
            };
        let missing = listed.map_or_else(Vec::new, |listed| {
            interop::complete::missing(&applied.workspace, &partner, &listed)
        });
        self.adopt(&actor, action, self.now, applied);
        let name = self.actor_label(&actor);
        self.modal = Some(Modal::ImportReport(ImportReportPopup::new(
            &name, &plan, &report, &missing,
        )));
    }
}
