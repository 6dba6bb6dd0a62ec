//! The act-as picker (`A`): the operator, every partner (by name) and every customer, to choose
//! who the next actions are taken as.

use crate::domain::Actor;
use crate::tui::widgets::picker::{Item, Picker};
use crate::workspace::Workspace;

/// The picker over everyone who can act; the cursor starts on `suggested` when there is one.
pub fn act_as(ws: &Workspace, suggested: Option<Actor>) -> Picker<Actor> {
    let mut items = vec![Item {
        label: "operator".to_string(),
        note: "maintains master data".into(),
        value: Actor::Operator,
    }];
    let mut partners: Vec<_> = ws.partners().collect();
    partners.sort_by_key(|p| p.display_name.to_lowercase());
    items.extend(partners.into_iter().map(|p| Item {
        label: format!("partner  {}", p.display_name),
        note: format!("{} · {}", p.partner_id, p.billing_model.label()),
        value: Actor::Partner(p.id.clone()),
    }));
    items.extend(ws.customers().map(|c| Item {
        label: format!("customer {}", c.display_name),
        note: c.domain.clone(),
        value: Actor::Customer(c.id.clone()),
    }));
    let mut picker = Picker::new("Act as", items);
    if let Some(suggested) = suggested {
        picker.select_where(|a| *a == suggested);
    }
    picker
}
