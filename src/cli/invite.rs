//! Building one `Action::Invite` from `invite`'s options, shared by a single `invite` and by
//! each customer of a bulk `invite --customers-from`.

use super::outcome::Failure;
use super::resolve;
use crate::domain::duration::{AutoExtend, DurationDays};
use crate::domain::*;
use crate::store::user_templates;
use crate::workspace::Workspace;

/// What an invitation asks for, as `invite`'s options give it.
pub struct InviteOptions {
    pub reseller: bool,
    pub dap: bool,
    pub roles: Vec<String>,
    pub template: Option<String>,
    pub days: u32,
    pub auto_extend: bool,
    /// The GDAP display name (a bulk invite makes one per customer from it).
    pub name: Option<String>,
    pub via: Option<String>,
    /// GDAP: create an editable draft instead of creating and locking at once.
    pub draft: bool,
    /// GDAP by an indirect provider: the reseller the relationship is for.
    pub for_reseller: Option<String>,
}

/// The invitation `customer` is sent: reseller, reseller + DAP, or GDAP with the roles (and
/// those of the template), named `name`.
pub fn action(
    ws: &Workspace,
    customer: &str,
    options: &InviteOptions,
    name: Option<String>,
) -> Result<Action, Failure> {
    let InviteOptions {
        reseller,
        dap,
        days,
        auto_extend,
        draft,
        ..
    } = *options;
    let mut roles = options.roles.clone();
    if let Some(template) = options.template.as_deref() {
        let catalogue = &user_templates::catalogue().catalogue;
        let found = catalogue.find(template).ok_or_else(|| {
            let names: Vec<&str> = catalogue
                .templates
                .iter()
                .map(|t| t.name.as_str())
                .collect();
            Failure::usage(format!("--template: no role template named `{template}`"))
                .with_detail(format!("templates: {}", names.join(", ")))
        })?;
        roles.extend(found.roles.iter().map(|r| r.to_string()));
    }
    roles.retain(|r| !r.trim().is_empty());
    let gdap = !roles.is_empty();
    if gdap && (reseller || dap) {
        return Err(Failure::usage(
            "a GDAP invitation (--roles/--template) is separate from a reseller or DAP invitation; send them as two invitations",
        ));
    }
    let kind = match (gdap, dap) {
        (true, _) => InvitationKind::Gdap,
        (false, true) => InvitationKind::ResellerAndDelegatedAdmin,
        (false, false) => InvitationKind::Reseller,
    };
    Ok(Action::Invite {
        customer_id: resolve::customer(ws, customer)?,
        kind,
        via_provider_id: options
            .via
            .as_deref()
            .map(|v| resolve::partner(ws, v))
            .transpose()?,
        gdap: gdap.then(|| GdapRequest {
            display_name: name,
            roles,
            duration: DurationDays(days),
            auto_extend_duration: AutoExtend::from_flag(auto_extend),
        }),
        draft,
        for_reseller: options
            .for_reseller
            .as_deref()
            .map(|r| resolve::partner(ws, r))
            .transpose()?,
    })
}
