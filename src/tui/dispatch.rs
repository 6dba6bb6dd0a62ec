//! What each command does: `App::run` checks that it can act now (else its reason goes to the
//! status line) and hands it to the part it concerns — the main screen, a pop-up to open, a
//! change through the core, saving or quitting.

use super::app::App;
use super::availability::availability;
use super::browse::Go;
use super::commands::{Cmd, command};
use super::effect::Effect;
use super::panes::Pane;
use super::popups::Modal;
use super::popups::act_as::act_as;
use super::popups::confirm::Confirm;
use super::popups::help::HelpPopup;
use super::popups::palette::palette;
use super::popups::script::ScriptPopup;
use crate::interop::emit::ScriptFormat;

impl App {
    /// Runs a command: a disabled one puts its reason (the core's, for actions) in the status line.
    pub fn run(&mut self, cmd: Cmd) -> Vec<Effect> {
        if let Err(reason) = availability(self, cmd) {
            self.set_status(format!("{}: {reason}", command(cmd).name), true);
            return Vec::new();
        }
        let (ws, now, theme) = (&self.ws, self.now, self.theme);
        let browse = &mut self.browse;
        match cmd {
            Cmd::Customers => browse.show_pane(Pane::Customers),
            Cmd::Partners => browse.show_pane(Pane::Partners),
            Cmd::Invitations => browse.show_pane(Pane::Invitations),
            Cmd::Relationships => browse.show_pane(Pane::Relationships),
            Cmd::History => browse.show_pane(Pane::History),
            Cmd::Review => self.open_review(Vec::new()),
            Cmd::Resolve => self.open_conflicts(0, None),
            Cmd::HistoryOfRecord => {
                if let Ok(id) = self.record_for_history() {
                    self.browse.show_history_of(&id);
                    self.set_status(format!("history of {id} · esc clears the filter"), false);
                }
            }
            Cmd::NextPane => {
                let next = (browse.pane().number() + 1) % Pane::ALL.len();
                browse.show_pane(Pane::ALL[next]);
            }
            Cmd::PrevPane => {
                let prev = (browse.pane().number() + Pane::ALL.len() - 1) % Pane::ALL.len();
                browse.show_pane(Pane::ALL[prev]);
            }
            Cmd::Down => browse.go(Go::Down, ws, now, theme),
            Cmd::Up => browse.go(Go::Up, ws, now, theme),
            Cmd::PageDown => browse.go(Go::PageDown, ws, now, theme),
            Cmd::PageUp => browse.go(Go::PageUp, ws, now, theme),
            Cmd::Top => browse.go(Go::Top, ws, now, theme),
            Cmd::Bottom => browse.go(Go::Bottom, ws, now, theme),
            Cmd::Open => {
                if let Some(note) = browse.open(ws, now, theme) {
                    self.set_status(note, false);
                }
            }
            Cmd::Detail => {
                if let Some(note) = browse.enter_detail(ws, now, theme) {
                    self.set_status(note, false);
                }
            }
            Cmd::Back => {
                if let Some(note) = browse.back() {
                    self.set_status(note, false);
                }
            }
            Cmd::Filter => browse.start_filter(),
            Cmd::StatusFilter => {
                let note = browse.cycle_status_filter();
                self.set_status(note, false);
            }
            Cmd::RenewalTile => {
                let note = browse.cycle_tile(ws);
                self.set_status(note, false);
            }
            Cmd::RenewalChart => {
                browse.show_pane(Pane::Relationships);
                let shown = browse.lists_mut().toggle_chart();
                let note = if shown {
                    "Relationships: the weekly renewals chart in place of the detail (W hides it)"
                } else {
                    "Relationships: the detail again"
                };
                self.set_status(note.to_string(), false);
            }
            Cmd::Mark => {
                if let Some(note) = browse.toggle_mark() {
                    self.set_status(note, false);
                }
            }
            Cmd::Invite => self.open_invite(),
            Cmd::EditDraft => self.open_edit_draft(),
            Cmd::Buy => self.open_buy(),
            Cmd::AddCustomer => self.open_add_customer(),
            Cmd::AddPartner => self.open_add_partner(),
            Cmd::ApplyJson => self.open_apply_json(),
            Cmd::Accept
            | Cmd::Suspend
            | Cmd::Reactivate
            | Cmd::Lock
            | Cmd::ResellerApprove
            | Cmd::ResellerReject
            | Cmd::RemoveGlobalAdmin => {
                if let Ok(action) = self.target_action(cmd) {
                    let actor = self.actor.clone();
                    self.apply_action(&actor, &action);
                }
            }
            Cmd::AutoExtend => self.toggle_auto_extend(),
            Cmd::Renew => self.open_renew(),
            Cmd::Assign => self.open_assign(),
            Cmd::Unassign => self.confirm_unassign(),
            Cmd::Decline | Cmd::Revoke | Cmd::Terminate => self.confirm_destructive(cmd),
            Cmd::Offboard => self.confirm_offboard(),
            Cmd::Emit => self.open_script(),
            Cmd::PassTime => self.open_pass_time(),
            Cmd::Import => self.open_import(),
            Cmd::Export => self.open_export(),
            Cmd::ActAs => {
                let picker = act_as(&self.ws, self.suggested_actor());
                self.modal = Some(Modal::ActAs(picker));
            }
            Cmd::Undo => self.undo(),
            Cmd::Redo => self.redo(),
            Cmd::Save => return self.save(false),
            Cmd::SaveAs => self.open_save_as(false),
            Cmd::Reload => return self.reload(),
            Cmd::Messages => self.modal = Some(Modal::Messages(Default::default())),
            Cmd::Mouse => {
                self.mouse = !self.mouse;
                self.set_status(
                    if self.mouse {
                        "mouse capture on: click and scroll in the app (M turns it off)"
                    } else {
                        "mouse capture off: the terminal's own text selection works (M turns it back on)"
                    },
                    false,
                );
                return vec![Effect::MouseCapture(self.mouse)];
            }
            Cmd::Help => self.modal = Some(Modal::Help(HelpPopup::default())),
            Cmd::Palette => {
                let picker = palette(&self.keymap, |cmd| availability(self, cmd));
                self.modal = Some(Modal::Palette(picker));
            }
            Cmd::Quit => {
                if !self.is_dirty() {
                    return vec![Effect::Quit];
                }
                let confirm = Confirm::quit(!self.read_only());
                self.modal = Some(Modal::Confirm(confirm));
            }
            // A pop-up's commands act in their pop-up (`popup_keys.rs`); availability refuses
            // them here.
            Cmd::HelpDown
            | Cmd::HelpUp
            | Cmd::HelpPageDown
            | Cmd::HelpPageUp
            | Cmd::HelpTop
            | Cmd::HelpBottom
            | Cmd::HelpSearch
            | Cmd::HelpClose
            | Cmd::ScriptDown
            | Cmd::ScriptUp
            | Cmd::ScriptPageDown
            | Cmd::ScriptPageUp
            | Cmd::ScriptTop
            | Cmd::ScriptBottom
            | Cmd::ScriptFormat
            | Cmd::ScriptWrite
            | Cmd::ScriptCopy
            | Cmd::ScriptClose
            | Cmd::ReviewDown
            | Cmd::ReviewUp
            | Cmd::ReviewPageDown
            | Cmd::ReviewPageUp
            | Cmd::ReviewMark
            | Cmd::ReviewFix
            | Cmd::ReviewOpen
            | Cmd::ReviewClose
            | Cmd::ConflictsDown
            | Cmd::ConflictsUp
            | Cmd::ConflictOurs
            | Cmd::ConflictTheirs
            | Cmd::ConflictsClose
            | Cmd::DiskReload
            | Cmd::DiskMerge
            | Cmd::DiskSaveAs
            | Cmd::DiskKeepEditing
            | Cmd::ConfirmYes
            | Cmd::ConfirmNo
            | Cmd::ConfirmSave
            | Cmd::ConfirmSwitch
            | Cmd::ConfirmChoose => {}
        }
        Vec::new()
    }

    /// `y`: the script behind the selected relationship or invitation, in a scrollable popup.
    fn open_script(&mut self) {
        let Ok(id) = self.emit_target() else {
            return;
        };
        match ScriptPopup::open(&self.ws, id, ScriptFormat::Az) {
            Ok(popup) => self.modal = Some(Modal::Script(popup)),
            Err(why) => self.set_status(format!("emit: {}", crate::display::inert(&why)), true),
        }
    }

    /// Decline, revoke and terminate ask first; the focus starts on Cancel.
    fn confirm_destructive(&mut self, cmd: Cmd) {
        let Ok(action) = self.target_action(cmd) else {
            return;
        };
        let who = self.actor_label(&self.actor);
        let confirm = Confirm::destructive(command(cmd).name, &who, self.actor.clone(), action);
        self.modal = Some(Modal::Confirm(confirm));
    }
}
