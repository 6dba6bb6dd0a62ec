//! A key while a pop-up is open goes to that pop-up — as the command the keymap binds it to in
//! that pop-up, for those whose keys are commands (help, script, changed on disk, confirm) — and
//! the pop-up says what the user chose; this file does what was chosen (run a command, act as
//! someone, apply an action, save, reload…). The pop-up stays open only when it says so.

use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};

use super::app::App;
use super::commands::Scope;
use super::effect::Effect;
use super::popups::Modal;
use super::popups::action_form::FormAnswer;
use super::popups::changed_on_disk::DiskAnswer;
use super::popups::confirm::{Answer, Confirmed};
use super::popups::conflicts::ConflictsAnswer;
use super::popups::export_form::ExportAnswer;
use super::popups::help::HelpAnswer;
use super::popups::import_form::ImportAnswer;
use super::popups::invite_form::Outcome;
use super::popups::pass_time::PassTimeAnswer;
use super::popups::review::ReviewAnswer;
use super::popups::save_as::SaveAsAnswer;
use super::popups::script::ScriptAnswer;
use super::popups::write_file::WriteAnswer;
use super::widgets::picker::Pick;

/// How far one notch of the wheel scrolls a pop-up.
const WHEEL_ROWS: isize = 3;

impl App {
    /// The wheel over an open pop-up scrolls it (the help, for now).
    pub(super) fn popup_mouse(&mut self, mouse: MouseEvent) {
        let delta = match mouse.kind {
            MouseEventKind::ScrollDown => WHEEL_ROWS,
            MouseEventKind::ScrollUp => -WHEEL_ROWS,
            _ => return,
        };
        if let Some(Modal::Help(help)) = &mut self.modal {
            help.scroll_by(delta);
        }
    }

    pub(super) fn popup_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(modal) = self.modal.take() else {
            return Vec::new();
        };
        match modal {
            Modal::Help(mut help) => {
                match help.handle(key, self.keymap.popup_command(Scope::Help, &key)) {
                    HelpAnswer::Stay => self.modal = Some(Modal::Help(help)),
                    HelpAnswer::Close => {}
                }
            }
            Modal::Script(mut script) => {
                let cmd = self.keymap.popup_command(Scope::Script, &key);
                match script.handle(cmd, &self.ws) {
                    ScriptAnswer::Stay => self.modal = Some(Modal::Script(script)),
                    ScriptAnswer::Close => {}
                    ScriptAnswer::Write => self.open_write_script(&script),
                    ScriptAnswer::Copy => {
                        let what = match script.format() {
                            crate::interop::emit::ScriptFormat::Az => "az rest",
                            crate::interop::emit::ScriptFormat::Pwsh => "PowerShell",
                        };
                        let effect = Effect::Clipboard {
                            text: script.text().to_string(),
                            what: format!("the {what} script of {}", script.id()),
                        };
                        self.modal = Some(Modal::Script(script));
                        return vec![effect];
                    }
                    ScriptAnswer::Failed(why) => {
                        self.set_status(format!("emit: {}", crate::display::inert(&why)), true);
                        self.modal = Some(Modal::Script(script));
                    }
                }
            }
            Modal::Messages(mut log) => {
                if log.handle_key(key, self.status.log().len()) {
                    self.modal = Some(Modal::Messages(log));
                }
            }
            Modal::ChangedOnDisk(choice) => {
                match choice.handle(self.keymap.popup_command(Scope::ChangedOnDisk, &key)) {
                    DiskAnswer::Stay => self.modal = Some(Modal::ChangedOnDisk(choice)),
                    DiskAnswer::Reload => return vec![Effect::Reload],
                    DiskAnswer::Merge => return vec![Effect::MergeWithDisk],
                    DiskAnswer::SaveAs { then_quit } => self.open_save_as(then_quit),
                    DiskAnswer::KeepEditing if choice.noticed_save() => self.set_status(
                        "kept the version on screen; R reloads the file when you want it",
                        false,
                    ),
                    DiskAnswer::KeepEditing => self.set_status(
                        "kept editing; nothing was saved (the file on disk is someone else's now)",
                        false,
                    ),
                }
            }
            Modal::Palette(mut picker) => match picker.handle_key(key) {
                Pick::Stay | Pick::Toggled => self.modal = Some(Modal::Palette(picker)),
                Pick::Cancel => {}
                Pick::Choose => {
                    if let Some(cmd) = picker.selected().copied() {
                        return self.run(cmd);
                    }
                }
            },
            Modal::ActAs(mut picker) => match picker.handle_key(key) {
                Pick::Stay | Pick::Toggled => self.modal = Some(Modal::ActAs(picker)),
                Pick::Cancel => {}
                Pick::Choose => {
                    if let Some(actor) = picker.selected().cloned() {
                        self.set_actor(actor);
                    }
                }
            },
            Modal::Invite(mut form) => match form.handle_key(&self.ws, key) {
                Outcome::Stay => self.modal = Some(Modal::Invite(form)),
                Outcome::Cancel => self.set_status("invite cancelled; nothing changed", false),
                Outcome::Submit if !form.batch.is_empty() => self.submit_batch(form),
                Outcome::Submit => self.submit_invite(form),
            },
            Modal::Form(mut form) => match form.handle_key(&self.ws, key) {
                FormAnswer::Stay => self.modal = Some(Modal::Form(form)),
                FormAnswer::Cancel => {
                    self.set_status(format!("{} cancelled; nothing changed", form.name()), false)
                }
                FormAnswer::Submit => self.submit_form(form),
            },
            Modal::Assign(mut form) => match form.handle_key(key) {
                Outcome::Stay => self.modal = Some(Modal::Assign(form)),
                Outcome::Cancel => self.set_status("assign cancelled; nothing changed", false),
                Outcome::Submit => self.submit_assign(form),
            },
            Modal::Confirm(mut confirm) => {
                match confirm.handle(self.keymap.popup_command(Scope::Confirm, &key)) {
                    Answer::Pending => self.modal = Some(Modal::Confirm(confirm)),
                    Answer::No => self.set_status("cancelled; nothing changed", false),
                    Answer::Save => return self.save(true),
                    Answer::Yes => match confirm.on_yes {
                        Confirmed::Apply { actor, action } => {
                            self.apply_action(&actor, &action);
                        }
                        Confirmed::Quit => return vec![Effect::Quit],
                        Confirmed::SaveAndQuit => return self.save(true),
                    },
                }
            }
            Modal::SaveAs(mut save_as) => match save_as.handle_key(key) {
                SaveAsAnswer::Pending => self.modal = Some(Modal::SaveAs(save_as)),
                SaveAsAnswer::Cancel => self.set_status("not saved", false),
                SaveAsAnswer::Save {
                    path,
                    then_quit,
                    overwrite,
                } => return self.save_as(path, then_quit, overwrite),
            },
            Modal::PassTime(mut form) => match form.handle_key(&self.ws, self.now, key) {
                PassTimeAnswer::Stay => self.modal = Some(Modal::PassTime(form)),
                PassTimeAnswer::Cancel => self.set_status("time did not pass", false),
                PassTimeAnswer::Pass(target) => self.pass_time_to(target),
            },
            Modal::Import(mut form) => match form.handle_key(&self.ws, key) {
                ImportAnswer::Pending => self.modal = Some(Modal::Import(form)),
                ImportAnswer::Cancel => self.set_status("import cancelled; nothing changed", false),
                ImportAnswer::Import {
                    path,
                    partner,
                    relationship,
                    complete,
                } => {
                    return vec![Effect::ReadImport {
                        path,
                        partner,
                        relationship,
                        complete,
                    }];
                }
            },
            Modal::Review(mut popup) => match popup.handle(
                self.keymap.popup_command(Scope::Review, &key),
                &self.ws,
                self.now,
            ) {
                ReviewAnswer::Stay => self.modal = Some(Modal::Review(popup)),
                ReviewAnswer::Close => {}
                ReviewAnswer::Jump(target) => self.browse.jump_to(&target),
                ReviewAnswer::Fix { findings, cursor } => self.fix_findings(&findings, cursor),
            },
            Modal::Conflicts(mut popup) => {
                match popup.handle(self.keymap.popup_command(Scope::Conflicts, &key), &self.ws) {
                    ConflictsAnswer::Stay => self.modal = Some(Modal::Conflicts(popup)),
                    ConflictsAnswer::Close => {}
                    ConflictsAnswer::Take { id, side, cursor } => {
                        self.take_conflict_side(&id, side, cursor)
                    }
                }
            }
            Modal::ImportReport(mut report) => {
                if report.handle_key(key) {
                    self.modal = Some(Modal::ImportReport(report));
                }
            }
            Modal::Export(mut form) => match form.handle_key(key) {
                ExportAnswer::Pending => self.modal = Some(Modal::Export(form)),
                ExportAnswer::Cancel => self.set_status("nothing exported", false),
                ExportAnswer::Export {
                    view,
                    name,
                    format,
                    path,
                } => return self.export_to(view, name, format, path),
            },
            Modal::WriteFile(mut prompt) => match prompt.handle_key(key) {
                WriteAnswer::Pending => self.modal = Some(Modal::WriteFile(prompt)),
                WriteAnswer::Cancel => self.set_status("nothing written", false),
                WriteAnswer::Write { path, bytes, what } => {
                    return vec![Effect::WriteFile { path, bytes, what }];
                }
            },
        }
        Vec::new()
    }
}
