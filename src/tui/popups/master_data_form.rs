//! The add-customer and add-partner forms: the same fields as the CLI's `add-customer` and
//! `add-partner`, sent to the core as the operator (OP1: only the operator maintains master
//! data). The core judges every value (WS1 ids, ID1–ID3 tenants, domains, countries, Partner
//! IDs, WS4 lengths); the form only collects them, as typed.

use crate::domain::{Action, Actor, BillingModel, Customer, Id, Partner};
use crate::tui::widgets::fields::{Field, Fields, Value};

const ID: usize = 0;
const NAME: usize = 1;
const C_DOMAIN: usize = 2;
const C_COUNTRY: usize = 3;
const C_TENANT: usize = 4;
const C_CSP: usize = 5;
const P_PARTNER_ID: usize = 2;
const P_TENANT: usize = 3;
const P_BILLING: usize = 4;
pub const P_PROVIDERS: usize = 5;

const MODELS: [BillingModel; 3] = [
    BillingModel::DirectBill,
    BillingModel::IndirectProvider,
    BillingModel::IndirectReseller,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MasterKind {
    Customer,
    Partner,
}

pub struct MasterDataForm {
    pub kind: MasterKind,
    pub fields: Fields,
    /// An indirect reseller's providers (ids), chosen in a picker.
    pub providers: Vec<Id>,
}

fn text(label: &'static str, max: usize, hint: &str) -> Field {
    Field {
        label,
        value: Value::text("", max),
        hint: hint.into(),
    }
}

impl MasterDataForm {
    pub fn customer() -> MasterDataForm {
        MasterDataForm {
            kind: MasterKind::Customer,
            fields: Fields::new(vec![
                text("Id", 64, "what commands name it by"),
                text("Name", 256, ""),
                text("Domain", 256, "e.g. fabrikam.onmicrosoft.com"),
                text("Country", 8, "ISO 3166 two letters"),
                text("Tenant id", 64, "a GUID"),
                Field {
                    label: "CSP partner",
                    value: Value::Flag(false),
                    hint: "its tenant is itself a CSP partner (MP6)".into(),
                },
            ]),
            providers: Vec::new(),
        }
    }

    pub fn partner() -> MasterDataForm {
        MasterDataForm {
            kind: MasterKind::Partner,
            fields: Fields::new(vec![
                text("Id", 64, "what commands name it by"),
                text("Name", 256, ""),
                text("Partner ID", 16, "digits (formerly MPN ID)"),
                text("Tenant id", 64, "a GUID"),
                Field {
                    label: "Billing model",
                    value: Value::Choice {
                        options: MODELS.iter().map(|m| m.label().to_string()).collect(),
                        index: 0,
                    },
                    hint: String::new(),
                },
                Field {
                    label: "Providers",
                    value: Value::Pick("none".into()),
                    hint: "space: an indirect reseller's providers".into(),
                },
            ]),
            providers: Vec::new(),
        }
    }

    pub fn title(&self) -> &'static str {
        match self.kind {
            MasterKind::Customer => " Add customer — master data, as the operator (OP1) ",
            MasterKind::Partner => " Add partner — master data, as the operator (OP1) ",
        }
    }

    pub fn rules(&self) -> &'static str {
        match self.kind {
            MasterKind::Customer => {
                "OP1 (the operator) · WS1 (a new id) · ID1 (one tenant, one customer) · ID2 (one domain) · ID3 (GUID, country) · WS4 (text fits)"
            }
            MasterKind::Partner => {
                "OP1 (the operator) · WS1 (a new id) · ID1 (one tenant, one partner) · ID2 (one Partner ID) · ID3 (GUID, digits) · IV4 (providers) · WS4"
            }
        }
    }

    /// The operator adds the record as typed (trimmed, as the CLI does).
    pub fn action(&self) -> (Actor, Action) {
        let f = &self.fields;
        let id = Id::new(f.text(ID).trim());
        let name = f.text(NAME).trim();
        let action = match self.kind {
            MasterKind::Customer => Action::AddCustomer {
                customer: Customer {
                    external_id: None,
                    id,
                    tenant_id: f.text(C_TENANT).trim().to_string(),
                    display_name: name.into(),
                    domain: f.text(C_DOMAIN).trim().to_string(),
                    country: f.text(C_COUNTRY).trim().to_ascii_uppercase().into(),
                    is_csp_partner: f.flag(C_CSP),
                    source: None,
                },
            },
            MasterKind::Partner => Action::AddPartner {
                partner: Partner {
                    id,
                    display_name: name.into(),
                    partner_id: f.text(P_PARTNER_ID).trim().to_string(),
                    tenant_id: f.text(P_TENANT).trim().to_string(),
                    billing_model: MODELS[f.choice(P_BILLING) % MODELS.len()],
                    specialties: Vec::new(),
                    providers: self.providers.clone(),
                    source: None,
                },
            },
        };
        (Actor::Operator, action)
    }

    /// Whether the focused field is the providers' (Space opens their picker).
    pub fn on_providers(&self) -> bool {
        self.kind == MasterKind::Partner && self.fields.focus == P_PROVIDERS
    }
}
