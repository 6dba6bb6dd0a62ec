//! The core's verdict on a form's action, as every form shows it under "Preview": allowed, with
//! what it would do and who acts, or refused, with the rule, its title, the reason and the
//! rule's explanation. One home, so invite, assign, buy, master data and apply all say it alike.

use ratatui::text::Line;

use crate::display::inert;
use crate::domain::{Action, Actor, Time, check_action};
use crate::tui::panes::partner_name;
use crate::tui::theme::Theme;
use crate::workspace::Workspace;

/// Appends the verdict on `action` by `actor` to `lines`.
pub fn verdict(
    ws: &Workspace,
    actor: &Actor,
    action: &Action,
    now: Time,
    theme: Theme,
    lines: &mut Vec<Line<'static>>,
) {
    match check_action(ws, actor, action, now) {
        Ok(events) => {
            let who = match actor {
                Actor::Partner(p) => partner_name(ws, p),
                other => other.to_string(),
            };
            lines.push(Line::styled(
                format!("  ✓ allowed — Enter applies it, acting as {who}:"),
                theme.ok(),
            ));
            for event in events {
                lines.push(Line::raw(format!("    {}", inert(&event.to_string()))));
            }
        }
        Err(refusal) => {
            let rule = refusal.rule.rule();
            lines.push(Line::styled(
                format!("  ✗ refused by {} — {}", refusal.rule, rule.title),
                theme.error(),
            ));
            lines.push(Line::raw(format!("    {}", inert(&refusal.reason))));
            lines.push(Line::styled(
                format!("    {}: {}", refusal.rule, rule.explanation),
                theme.dim(),
            ));
        }
    }
}
