//! The buy form: a partner buys a subscription for a customer it resells to. The customer is
//! fixed (the selection); the partner is chosen among all partners, those that resell to the
//! customer first, so the core's refusal (WS2) explains a wrong choice. Offer, quantity, term
//! and billing cycle are as the CLI's `buy` takes them.

use crate::domain::{Action, Actor, BillingCycle, Id, RelationshipKind};
use crate::tui::panes::{customer_name, partner_name};
use crate::tui::widgets::fields::{Field, Fields, Value};
use crate::workspace::Workspace;

const PARTNER: usize = 0;
const OFFER: usize = 1;
const QUANTITY: usize = 2;
const TERM: usize = 3;
const BILLING: usize = 4;

const TERMS: [&str; 3] = ["P1M", "P1Y", "P3Y"];
const CYCLES: [(BillingCycle, &str); 4] = [
    (BillingCycle::Monthly, "monthly"),
    (BillingCycle::Annual, "annual"),
    (BillingCycle::Triennial, "triennial"),
    (BillingCycle::OneTime, "one-time"),
];

pub struct BuyForm {
    pub customer: Id,
    /// The partners offered, resellers of the customer first, in the order ←/→ cycles them.
    partners: Vec<Id>,
    pub fields: Fields,
}

impl BuyForm {
    /// The form for `customer`: the partner is `actor` when it resells to the customer, else the
    /// first that does; the offer is `offer` (the selected subscription's) or a common one.
    pub fn new(ws: &Workspace, customer: Id, actor: &Actor, offer: Option<String>) -> BuyForm {
        let resells = |p: &Id| {
            ws.relationships_of_customer(&customer).any(|r| {
                r.partner_id == *p && r.kind == RelationshipKind::Reseller && r.status.is_in_force()
            })
        };
        let mut partners: Vec<(bool, String, Id)> = ws
            .partners()
            .map(|p| (!resells(&p.id), p.display_name.to_lowercase(), p.id.clone()))
            .collect();
        partners.sort();
        let partners: Vec<Id> = partners.into_iter().map(|(_, _, id)| id).collect();
        let chosen = match actor {
            Actor::Partner(p) if resells(p) => partners.iter().position(|x| x == p),
            _ => None,
        }
        .unwrap_or(0);
        let options = partners
            .iter()
            .map(|p| {
                let note = if resells(p) {
                    "resells to it"
                } else {
                    "no reseller relationship"
                };
                format!("{} ({note})", partner_name(ws, p))
            })
            .collect();
        let fields = Fields::new(vec![
            Field {
                label: "Partner (acts)",
                value: Value::Choice {
                    options,
                    index: chosen,
                },
                hint: String::new(),
            },
            Field {
                label: "Offer",
                value: Value::text(offer.unwrap_or_else(|| "Microsoft 365 E3".into()), 200),
                hint: String::new(),
            },
            Field {
                label: "Quantity",
                value: Value::digits("1"),
                hint: "licences".into(),
            },
            Field {
                label: "Term",
                value: Value::Choice {
                    options: TERMS.iter().map(|t| t.to_string()).collect(),
                    index: 1,
                },
                hint: "P1M · P1Y · P3Y".into(),
            },
            Field {
                label: "Billing cycle",
                value: Value::Choice {
                    options: CYCLES.iter().map(|(_, n)| n.to_string()).collect(),
                    index: 0,
                },
                hint: String::new(),
            },
        ]);
        BuyForm {
            customer,
            partners,
            fields,
        }
    }

    pub fn title(&self, ws: &Workspace) -> String {
        format!(
            " Buy — a subscription for {} (SB1: its partner of record is the buyer) ",
            customer_name(ws, &self.customer)
        )
    }

    /// The partner buys; what the core is asked.
    pub fn action(&self) -> Result<(Actor, Action), String> {
        let partner = self
            .partners
            .get(self.fields.choice(PARTNER))
            .cloned()
            .ok_or("the workspace has no partner to buy")?;
        let quantity = self.fields.text(QUANTITY).parse().unwrap_or(0);
        Ok((
            Actor::Partner(partner),
            Action::BuySubscription {
                customer_id: self.customer.clone(),
                offer_name: self.fields.text(OFFER).to_string(),
                quantity,
                term_duration: TERMS[self.fields.choice(TERM) % TERMS.len()].to_string(),
                billing_cycle: CYCLES[self.fields.choice(BILLING) % CYCLES.len()].0,
            },
        ))
    }
}

pub const RULES: &str = "SB1 (a partner buys; offer, quantity, term) · WS2 (the partner resells to the customer) · WS4 (text fits)";
