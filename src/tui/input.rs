//! The UI update: one terminal event in, state changed, effects out. Normal-mode keys go
//! through the keymap to a named command; a modal (help, palette, act-as, invite, confirm,
//! save-as) takes every key while it is open.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::app::{App, Effect, Focus, Modal, Pane};
use super::availability::availability;
use super::commands::{COMMANDS, Cmd, command};
use super::widgets::confirm::{Answer, Confirm, Confirmed};
use super::widgets::invite_form::Outcome;
use super::widgets::picker::{Item, Picker};
use super::widgets::prompt::PromptAnswer;
use crate::domain::Actor;
use crate::interop::emit::{ScriptFormat, script_for};

/// How long one turn of the event loop goes on with a search: short, so that a key pressed
/// meanwhile waits at most this long.
const WORK_SLICE: std::time::Duration = std::time::Duration::from_millis(4);

impl App {
    /// One event in, effects out: journal writes of what the event applied come first (the shell
    /// performs them before drawing), then saving or quitting.
    pub fn handle_event(&mut self, event: Event) -> Vec<Effect> {
        let effects = self.update(event);
        let mut out = self.take_pending();
        out.extend(effects);
        out
    }

    /// Whether a filter search is unfinished: the shell then calls `work` between events.
    pub fn working(&self) -> bool {
        Pane::ALL.iter().any(|&pane| self.list(pane).searching())
    }

    /// Goes on with unfinished filter searches for a few milliseconds, the shown pane first.
    pub fn work(&mut self) {
        let deadline = std::time::Instant::now() + WORK_SLICE;
        let current = self.pane;
        self.list_mut(current).work(deadline, false);
        for pane in Pane::ALL {
            self.list_mut(pane).work(deadline, false);
        }
    }

    fn update(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Key(key) if key.is_press() || key.is_repeat() => self.handle_key(key),
            Event::Mouse(mouse) if self.modal.is_none() => {
                self.handle_mouse(mouse);
                Vec::new()
            }
            // Pasted into the filter: one search for the whole text, not one per character.
            Event::Paste(text) if self.filter_editing && self.modal.is_none() => {
                let pane = self.pane;
                let mut query = self.list(pane).query().to_string();
                query.extend(text.chars().filter(|c| !c.is_control()));
                self.list_mut(pane).set_query(&query);
                Vec::new()
            }
            Event::Paste(text) => {
                for ch in text.chars().filter(|c| !c.is_control()) {
                    self.handle_key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.modal.is_some() {
            return self.modal_key(key);
        }
        if self.filter_editing {
            return self.filter_key(key);
        }
        match self.keymap.command_for(&key) {
            Some(cmd) => self.run(cmd),
            None => {
                if let KeyCode::Char(ch) = key.code {
                    self.set_status(format!("`{ch}` does nothing here; ? lists the keys"), false);
                }
                Vec::new()
            }
        }
    }

    /// Runs a command: a disabled one puts its reason (the core's, for actions) in the status line.
    pub fn run(&mut self, cmd: Cmd) -> Vec<Effect> {
        if let Err(reason) = availability(self, cmd) {
            self.set_status(format!("{}: {reason}", command(cmd).name), true);
            return Vec::new();
        }
        let page = self.layout.borrow().table_rows.height.max(1) as isize;
        match cmd {
            Cmd::Customers => self.show_pane(Pane::Customers),
            Cmd::Partners => self.show_pane(Pane::Partners),
            Cmd::Invitations => self.show_pane(Pane::Invitations),
            Cmd::Relationships => self.show_pane(Pane::Relationships),
            Cmd::NextPane => self.show_pane(Pane::ALL[(self.pane.number() + 1) % 4]),
            Cmd::PrevPane => self.show_pane(Pane::ALL[(self.pane.number() + 3) % 4]),
            Cmd::Down => self.move_by(1),
            Cmd::Up => self.move_by(-1),
            Cmd::PageDown => self.move_by(page),
            Cmd::PageUp => self.move_by(-page),
            Cmd::Top => self.move_by(isize::MIN / 2),
            Cmd::Bottom => self.move_by(isize::MAX / 2),
            Cmd::Open => self.open(),
            Cmd::Back => self.back_key(),
            Cmd::Filter => {
                self.focus = Focus::Table;
                self.filter_editing = true;
            }
            Cmd::StatusFilter => self.cycle_status_filter(),
            Cmd::Invite => self.open_invite(),
            Cmd::Accept => {
                if let Ok(action) = self.target_action(cmd) {
                    let actor = self.actor.clone();
                    self.apply_action(&actor, &action);
                }
            }
            Cmd::Decline | Cmd::Revoke | Cmd::Terminate => self.confirm_destructive(cmd),
            Cmd::Emit => self.open_script(ScriptFormat::Az),
            Cmd::Mark => self.toggle_mark(),
            Cmd::ActAs => self.open_act_as(),
            Cmd::Undo => self.undo(),
            Cmd::Redo => self.redo(),
            Cmd::Save => return self.save(false),
            Cmd::SaveAs => self.open_save_as(false),
            Cmd::Help => self.modal = Some(Modal::Help { scroll: 0 }),
            Cmd::Palette => self.open_palette(),
            Cmd::Quit => {
                if self.is_dirty() {
                    let mut confirm = Confirm::new(
                        "Unsaved changes",
                        "The workspace has unsaved changes. Quit without saving them?",
                        "Quit without saving",
                        Confirmed::Quit,
                    );
                    confirm.offer_save = !self.read_only;
                    self.modal = Some(Modal::Confirm(confirm));
                } else {
                    return vec![Effect::Quit];
                }
            }
        }
        Vec::new()
    }

    /// `y`: the script behind the selected relationship or invitation, in a scrollable popup.
    fn open_script(&mut self, format: ScriptFormat) {
        let Ok(id) = self.emit_target() else {
            return;
        };
        match script_for(&self.ws, id.as_str(), format) {
            Ok(text) => {
                self.modal = Some(Modal::Script {
                    id,
                    format,
                    text,
                    scroll: 0,
                })
            }
            Err(why) => self.set_status(format!("emit: {}", crate::display::inert(&why)), true),
        }
    }

    /// Space in the Customers pane: mark or unmark the selected customer, then move down.
    fn toggle_mark(&mut self) {
        let Some(id) = self.selected_id().cloned() else {
            return;
        };
        if !self.marks.remove(&id) {
            self.marks.insert(id);
        }
        self.list_mut(Pane::Customers).move_by(1);
        let n = self.marks.len();
        self.set_status(
            format!("{n} marked · i invites every marked customer · esc clears the marks"),
            false,
        );
    }

    fn show_pane(&mut self, pane: Pane) {
        if pane != self.pane {
            self.pane = pane;
            self.focus = Focus::Table;
            self.detail_link = 0;
        }
    }

    fn move_by(&mut self, delta: isize) {
        if self.focus == Focus::Detail {
            let links = self
                .detail_lines()
                .iter()
                .filter(|l| l.target.is_some())
                .count();
            let last = links.saturating_sub(1) as isize;
            self.detail_link = (self.detail_link as isize)
                .saturating_add(delta)
                .clamp(0, last.max(0)) as usize;
        } else {
            let pane = self.pane;
            self.list_mut(pane).move_by(delta);
        }
    }

    fn open(&mut self) {
        match self.focus {
            Focus::Table => {
                if self.detail_lines().iter().any(|l| l.target.is_some()) {
                    self.focus = Focus::Detail;
                    self.detail_link = 0;
                } else {
                    self.set_status("this record references no other record", false);
                }
            }
            Focus::Detail => {
                if let Some(target) = self.detail_target() {
                    self.jump_to(&target);
                }
            }
        }
    }

    fn back_key(&mut self) {
        if self.focus == Focus::Detail {
            self.focus = Focus::Table;
        } else if self.go_back() {
        } else if !self.list(self.pane).query().is_empty()
            || self.list(self.pane).tag_filter().is_some()
        {
            let pane = self.pane;
            self.list_mut(pane).set_query("");
            self.list_mut(pane).set_tag_filter(None);
            self.set_status("filter cleared", false);
        } else if !self.marks.is_empty() {
            self.marks.clear();
            self.set_status("marks cleared", false);
        }
    }

    fn filter_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let pane = self.pane;
        let mut query = self.list(pane).query().to_string();
        match key.code {
            KeyCode::Esc => {
                self.filter_editing = false;
                self.list_mut(pane).set_query("");
                return Vec::new();
            }
            KeyCode::Enter => {
                self.filter_editing = false;
                return Vec::new();
            }
            KeyCode::Down => return self.run(Cmd::Down),
            KeyCode::Up => return self.run(Cmd::Up),
            KeyCode::PageDown => return self.run(Cmd::PageDown),
            KeyCode::PageUp => return self.run(Cmd::PageUp),
            KeyCode::Backspace => {
                query.pop();
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => query.clear(),
            KeyCode::Char(ch) if !key.modifiers.contains(KeyModifiers::CONTROL) => query.push(ch),
            _ => return Vec::new(),
        }
        self.list_mut(pane).set_query(&query);
        Vec::new()
    }

    fn cycle_status_filter(&mut self) {
        let pane = self.pane;
        let labels = pane.status_labels();
        let next = match self.list(pane).tag_filter() {
            None => Some(0),
            Some(t) if (t as usize) + 1 < labels.len() => Some(t + 1),
            Some(_) => None,
        };
        self.list_mut(pane).set_tag_filter(next);
        let label = next.map_or("all", |t| labels[t as usize]);
        self.set_status(format!("{}: showing {label}", pane.title()), false);
    }

    fn confirm_destructive(&mut self, cmd: Cmd) {
        let Ok(action) = self.target_action(cmd) else {
            return;
        };
        let what = match &action {
            crate::domain::Action::Decline { invitation_id } => format!(
                "Decline invitation {invitation_id}? The partner will have to invite again."
            ),
            crate::domain::Action::Revoke { invitation_id } => {
                format!("Revoke invitation {invitation_id}? The customer can no longer accept it.")
            }
            crate::domain::Action::Terminate { relationship_id } => {
                format!(
                    "Terminate relationship {relationship_id}? It stays as history (GD5) and cannot be restarted."
                )
            }
            _ => String::new(),
        };
        let name = command(cmd).name;
        let title = format!("{} as {}", name, self.actor_label(&self.actor));
        let mut label = name.to_string();
        if let Some(first) = label.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        self.modal = Some(Modal::Confirm(Confirm::new(
            title,
            what,
            label,
            Confirmed::Apply {
                actor: self.actor.clone(),
                action,
            },
        )));
    }

    /// The act-as picker; the cursor starts on whoever the selection suggests (on a pending
    /// invitation: its customer, who is the one to answer it).
    fn open_act_as(&mut self) {
        let mut items = vec![Item {
            label: "operator".to_string(),
            note: "maintains master data".into(),
            value: Actor::Operator,
        }];
        let mut partners: Vec<_> = self.ws.partners().collect();
        partners.sort_by_key(|p| p.display_name.to_lowercase());
        items.extend(partners.into_iter().map(|p| Item {
            label: format!("partner  {}", p.display_name),
            note: format!("{} · {}", p.partner_id, p.billing_model.label()),
            value: Actor::Partner(p.id.clone()),
        }));
        items.extend(self.ws.customers().map(|c| Item {
            label: format!("customer {}", c.display_name),
            note: c.domain.clone(),
            value: Actor::Customer(c.id.clone()),
        }));
        let mut picker = Picker::new("Act as", items);
        if let Some(suggested) = self.suggested_actor() {
            picker.select_where(|a| *a == suggested);
        }
        self.modal = Some(Modal::ActAs(picker));
    }

    fn suggested_actor(&self) -> Option<Actor> {
        let differs = |a: Actor| (a != self.actor).then_some(a);
        if let Some(id) = self.target_of(Pane::Invitations) {
            let inv = self.ws.invitation(&id)?;
            return differs(Actor::Customer(inv.customer_id.clone()))
                .or(Some(Actor::Partner(inv.partner_id.clone())));
        }
        if let Some(id) = self.target_of(Pane::Relationships) {
            let rel = self.ws.relationship(&id)?;
            return differs(Actor::Partner(rel.partner_id.clone()))
                .or(Some(Actor::Customer(rel.customer_id.clone())));
        }
        match (self.pane, self.selected_id()) {
            (Pane::Customers, Some(id)) => Some(Actor::Customer(id.clone())),
            (Pane::Partners, Some(id)) => Some(Actor::Partner(id.clone())),
            _ => None,
        }
    }

    fn open_palette(&mut self) {
        let items = COMMANDS
            .iter()
            .map(|row| {
                let unavailable = availability(self, row.cmd)
                    .err()
                    .map(|why| format!("  (unavailable: {why})"))
                    .unwrap_or_default();
                Item {
                    label: row.name.to_string(),
                    note: format!(
                        "{} — {}{unavailable}",
                        self.keymap.keys_label(row.cmd),
                        row.description
                    ),
                    value: row.cmd,
                }
            })
            .collect();
        self.modal = Some(Modal::Palette(Picker::new("Command palette", items)));
    }

    fn modal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(modal) = self.modal.take() else {
            return Vec::new();
        };
        match modal {
            Modal::ChangedOnDisk { path, then_quit } => match key.code {
                KeyCode::Char('r') | KeyCode::Char('R') => return vec![Effect::Reload],
                KeyCode::Char('a') | KeyCode::Char('A') => self.open_save_as(then_quit),
                KeyCode::Esc | KeyCode::Char('k') | KeyCode::Char('K') | KeyCode::Char('q') => self
                    .set_status(
                        "kept editing; nothing was saved (the file on disk is someone else's now)",
                        false,
                    ),
                _ => self.modal = Some(Modal::ChangedOnDisk { path, then_quit }),
            },
            Modal::Help { scroll } => {
                let scroll = match key.code {
                    KeyCode::Char('j') | KeyCode::Down => scroll + 1,
                    KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                    KeyCode::PageDown | KeyCode::Char(' ') => scroll + 10,
                    KeyCode::PageUp => scroll.saturating_sub(10),
                    KeyCode::Char('g') | KeyCode::Home => 0,
                    _ => return Vec::new(),
                };
                self.modal = Some(Modal::Help { scroll });
            }
            Modal::Script {
                id,
                format,
                text,
                scroll,
            } => {
                let last = text.lines().count().saturating_sub(1);
                let scroll = match key.code {
                    KeyCode::Esc | KeyCode::Char('q') => return Vec::new(),
                    KeyCode::Tab | KeyCode::BackTab => {
                        let other = match format {
                            ScriptFormat::Az => ScriptFormat::Pwsh,
                            ScriptFormat::Pwsh => ScriptFormat::Az,
                        };
                        match script_for(&self.ws, id.as_str(), other) {
                            Ok(text) => {
                                self.modal = Some(Modal::Script {
                                    id,
                                    format: other,
                                    text,
                                    scroll: 0,
                                });
                            }
                            Err(why) => {
                                self.set_status(
                                    format!("emit: {}", crate::display::inert(&why)),
                                    true,
                                );
                                self.modal = Some(Modal::Script {
                                    id,
                                    format,
                                    text,
                                    scroll,
                                });
                            }
                        }
                        return Vec::new();
                    }
                    KeyCode::Char('j') | KeyCode::Down => scroll + 1,
                    KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                    KeyCode::PageDown | KeyCode::Char(' ') => scroll + 10,
                    KeyCode::PageUp => scroll.saturating_sub(10),
                    KeyCode::Char('g') | KeyCode::Home => 0,
                    KeyCode::Char('G') | KeyCode::End => last,
                    _ => scroll,
                };
                self.modal = Some(Modal::Script {
                    id,
                    format,
                    text,
                    scroll: scroll.min(last),
                });
            }
            Modal::Palette(mut picker) => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    if let Some(cmd) = picker.selected().copied() {
                        return self.run(cmd);
                    }
                }
                code => {
                    picker_keys(&mut picker, code, key.modifiers);
                    self.modal = Some(Modal::Palette(picker));
                }
            },
            Modal::ActAs(mut picker) => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    if let Some(actor) = picker.selected().cloned() {
                        self.set_actor(actor);
                    }
                }
                code => {
                    picker_keys(&mut picker, code, key.modifiers);
                    self.modal = Some(Modal::ActAs(picker));
                }
            },
            Modal::Invite(mut form) => match form.handle_key(&self.ws, key) {
                Outcome::Stay => self.modal = Some(Modal::Invite(form)),
                Outcome::Cancel => self.set_status("invite cancelled; nothing changed", false),
                Outcome::Submit if !form.batch.is_empty() => self.submit_batch(form),
                Outcome::Submit => self.submit_invite(form),
            },
            Modal::Confirm(mut confirm) => match confirm.handle_key(key) {
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
            },
            Modal::SaveAs {
                mut prompt,
                then_quit,
            } => match prompt.handle_key(key) {
                PromptAnswer::Pending => self.modal = Some(Modal::SaveAs { prompt, then_quit }),
                PromptAnswer::Cancel => self.set_status("not saved", false),
                PromptAnswer::Accept(path) => {
                    let path = std::path::PathBuf::from(path);
                    let expected = match self.source() {
                        super::source::Source::File {
                            path: current,
                            fingerprint,
                        } if *current == path => Some(*fingerprint),
                        _ => None,
                    };
                    return vec![Effect::Save {
                        path,
                        workspace: Box::new(self.ws.clone()),
                        expected,
                        then_quit,
                    }];
                }
            },
        }
        Vec::new()
    }

    fn handle_mouse(&mut self, mouse: MouseEvent) {
        let layout = self.layout.borrow().clone();
        let inside = |r: ratatui::layout::Rect| {
            mouse.column >= r.x
                && mouse.column < r.x + r.width
                && mouse.row >= r.y
                && mouse.row < r.y + r.height
        };
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some((_, pane)) = layout.tabs.iter().find(|(r, _)| inside(*r)) {
                    self.show_pane(*pane);
                } else if inside(layout.table_rows) {
                    let row =
                        (mouse.row - layout.table_rows.y) as usize + self.list(self.pane).offset();
                    let pane = self.pane;
                    self.focus = Focus::Table;
                    self.list_mut(pane).select(row);
                } else if inside(layout.detail) {
                    let line = (mouse.row - layout.detail.y) as usize + layout.detail_offset;
                    let lines = self.detail_lines();
                    if lines.get(line).is_some_and(|l| l.target.is_some()) {
                        self.focus = Focus::Detail;
                        self.detail_link =
                            lines[..line].iter().filter(|l| l.target.is_some()).count();
                    }
                }
            }
            MouseEventKind::ScrollDown => {
                if inside(layout.detail) && self.focus == Focus::Detail {
                    self.move_by(1);
                } else {
                    let pane = self.pane;
                    self.list_mut(pane).move_by(3);
                }
            }
            MouseEventKind::ScrollUp => {
                if inside(layout.detail) && self.focus == Focus::Detail {
                    self.move_by(-1);
                } else {
                    let pane = self.pane;
                    self.list_mut(pane).move_by(-3);
                }
            }
            _ => {}
        }
    }
}

fn picker_keys<T>(picker: &mut Picker<T>, code: KeyCode, modifiers: KeyModifiers) {
    match code {
        KeyCode::Up => picker.move_by(-1),
        KeyCode::Down | KeyCode::Tab => picker.move_by(1),
        KeyCode::PageUp => picker.move_by(-10),
        KeyCode::PageDown => picker.move_by(10),
        KeyCode::Backspace => picker.pop_char(),
        KeyCode::Char(ch) if !modifiers.contains(KeyModifiers::CONTROL) => picker.push_char(ch),
        _ => {}
    }
}
