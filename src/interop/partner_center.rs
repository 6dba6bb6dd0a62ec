//! Partner Center REST shapes: `Customer`, `Subscription` and `PartnerRelationship` items, read
//! leniently (unknown fields ignored, optional fields optional) and turned into import records.

use serde::Deserialize;
// A text only looked at (a status, a date, a cycle): short ones are read without an allocation.
use smol_str::SmolStr as Short;

use super::gathered::Gathered;
use super::links::customer_in_link;
use super::reader::{FormatError, Reader, guid, owned_text, text, trimmed};
use super::recognise::Kind;
use super::shape;
use crate::domain::imported::{
    ImportedCustomer, ImportedPartner, ImportedSubscription, LeftOut, PartnerLink,
};
use crate::domain::records::{BillingCycle, SubscriptionStatus};
use crate::domain::rules::identity::normalised_guid;
use crate::domain::{Refusal, RuleId};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Link {
    uri: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Links {
    #[serde(rename = "self")]
    this: Option<Link>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct CompanyProfile {
    tenant_id: Option<String>,
    domain: Option<String>,
    company_name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Address {
    country: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct BillingProfile {
    company_name: Option<String>,
    default_address: Option<Address>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Customer {
    id: Option<String>,
    company_profile: Option<CompanyProfile>,
    billing_profile: Option<BillingProfile>,
    relationship_to_partner: Option<Short>,
    allow_delegated_access: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Subscription {
    id: Option<String>,
    offer_name: Option<String>,
    friendly_name: Option<String>,
    quantity: Option<i64>,
    status: Option<Short>,
    creation_date: Option<Short>,
    effective_start_date: Option<Short>,
    billing_cycle: Option<Short>,
    term_duration: Option<Short>,
    partner_id: Option<String>,
    links: Option<Links>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct PartnerRelationship {
    id: Option<String>,
    name: Option<String>,
    relationship_type: Option<String>,
    state: Option<String>,
    mpn_id: Option<String>,
}

shape::reads_alone!(Customer, Kind::Customers, customer);

fn customer(r: &Reader<'_>, at: &str, c: Customer, out: &mut Gathered) -> Result<(), FormatError> {
    // Each text is trimmed where it was read into (no copy of it).
    let profile = c.company_profile.unwrap_or_default();
    let tenant = owned_text(profile.tenant_id)
        .or_else(|| owned_text(c.id))
        .ok_or_else(|| {
            r.error(
                at,
                "a customer without a tenant id (neither `id` nor `companyProfile.tenantId`)",
            )
        })?;
    let billing = c.billing_profile.unwrap_or_default();
    let domain = owned_text(profile.domain);
    let name = owned_text(profile.company_name)
        .or_else(|| owned_text(billing.company_name))
        .or_else(|| domain.clone())
        .unwrap_or_else(|| tenant.clone());
    let relation = trimmed(&c.relationship_to_partner)
        .unwrap_or_default()
        .to_ascii_lowercase();
    out.customers.push(ImportedCustomer {
        tenant_id: guid(tenant),
        display_name: name,
        domain,
        country: billing.default_address.and_then(|a| owned_text(a.country)),
        profile: true,
        // A customer in a partner's own customer list is one it resells to unless the export
        // says otherwise (`none`, `advisor`); a missing field means reseller.
        reseller: relation.is_empty() || relation.contains("reseller"),
        delegated_admin: c.allow_delegated_access,
        via_provider_tenant_id: None,
        source: None,
    });
    Ok(())
}

fn subscription_status(status: &str) -> Option<SubscriptionStatus> {
    match status.to_ascii_lowercase().as_str() {
        "active" | "pending" | "none" => Some(SubscriptionStatus::Active),
        "suspended" | "disabled" => Some(SubscriptionStatus::Suspended),
        "expired" => Some(SubscriptionStatus::Expired),
        "deleted" => Some(SubscriptionStatus::Deleted),
        _ => None,
    }
}

fn billing_cycle(cycle: &str) -> BillingCycle {
    match cycle.to_ascii_lowercase().replace(['_', '-'], "").as_str() {
        "annual" | "yearly" => BillingCycle::Annual,
        "triennial" => BillingCycle::Triennial,
        "onetime" => BillingCycle::OneTime,
        _ => BillingCycle::Monthly,
    }
}

fn term(given: Option<&str>, cycle: &str) -> String {
    match given {
        Some(t)
            if ["P1M", "P1Y", "P3Y"]
                .iter()
                .any(|k| t.eq_ignore_ascii_case(k)) =>
        {
            t.to_ascii_uppercase()
        }
        Some(t) if t.eq_ignore_ascii_case("P36M") => "P3Y".into(),
        Some(t) if t.eq_ignore_ascii_case("P12M") => "P1Y".into(),
        _ => match cycle.to_ascii_lowercase().as_str() {
            "triennial" => "P3Y".into(),
            "none" => "P1M".into(),
            _ => "P1Y".into(),
        },
    }
}

shape::reads_alone!(
    Subscription,
    Kind::Subscriptions,
    subscription,
    listed.customer
);

fn subscription(
    r: &Reader<'_>,
    at: &str,
    s: Subscription,
    listing_customer: Option<&str>,
    out: &mut Gathered,
) -> Result<(), FormatError> {
    let id = owned_text(s.id).ok_or_else(|| r.error(at, "a subscription without an `id`"))?;
    let left_out =
        |rule, reason: String| LeftOut::new("subscription", id.clone(), Refusal::new(rule, reason));
    let customer = s
        .links
        .as_ref()
        .and_then(|l| l.this.as_ref())
        .and_then(|l| l.uri.as_deref())
        .and_then(customer_in_link)
        .or_else(|| listing_customer.map(str::to_string));
    let Some(customer) = customer else {
        out.left_out.push(left_out(
            RuleId::WS1,
            "names no customer (no `links.self.uri` of the form /customers/{id}/subscriptions/...)"
                .into(),
        ));
        return Ok(());
    };
    let status_text = trimmed(&s.status).unwrap_or("active");
    let Some(status) = subscription_status(status_text) else {
        out.left_out.push(left_out(
            RuleId::SB1,
            format!("status `{status_text}` is not one partnerdesk knows"),
        ));
        return Ok(());
    };
    let created = match r.time(at, "creationDate", &s.creation_date)? {
        Some(t) => t,
        None => match r.time(at, "effectiveStartDate", &s.effective_start_date)? {
            Some(t) => t,
            None => {
                out.left_out.push(left_out(
                    RuleId::WS3,
                    "has neither `creationDate` nor `effectiveStartDate`".into(),
                ));
                return Ok(());
            }
        },
    };
    let quantity = match s.quantity.unwrap_or(1) {
        q if q < 0 => {
            return Err(r.error(
                &format!("{at}.quantity"),
                &format!("a negative quantity ({q})"),
            ));
        }
        q => u32::try_from(q).unwrap_or(u32::MAX),
    };
    let cycle = trimmed(&s.billing_cycle).unwrap_or_default();
    let offer_name = owned_text(s.offer_name)
        .or_else(|| owned_text(s.friendly_name))
        .unwrap_or_else(|| id.clone());
    let mut id = id;
    id.make_ascii_lowercase();
    out.subscriptions.push(ImportedSubscription {
        id,
        customer_tenant_id: guid(customer),
        partner_of_record: owned_text(s.partner_id),
        offer_name,
        quantity,
        status,
        term_duration: term(trimmed(&s.term_duration), cycle),
        billing_cycle: billing_cycle(cycle),
        created_date_time: created,
        source: None,
    });
    Ok(())
}

shape::reads_alone!(
    PartnerRelationship,
    Kind::PartnerRelationships,
    partner_relationship
);

fn partner_relationship(
    r: &Reader<'_>,
    at: &str,
    p: PartnerRelationship,
    out: &mut Gathered,
) -> Result<(), FormatError> {
    let tenant = text(&p.id).ok_or_else(|| {
        r.error(
            at,
            "a partner relationship without an `id` (the partner's tenant id)",
        )
    })?;
    let left_out =
        |reason: String| LeftOut::new("partner", tenant.clone(), Refusal::new(RuleId::IV4, reason));
    let kind = text(&p.relationship_type)
        .unwrap_or_default()
        .to_ascii_lowercase()
        .replace('_', "");
    let link = match kind.as_str() {
        "isindirectresellerof" => PartnerLink::ProviderOfImporter,
        "isindirectcloudsolutionproviderof" => PartnerLink::ResellerOfImporter,
        other => {
            out.left_out.push(left_out(format!("relationship type `{}` is neither IsIndirectResellerOf nor IsIndirectCloudSolutionProviderOf", if other.is_empty() { "(none)" } else { other })));
            return Ok(());
        }
    };
    if let Some(state) = text(&p.state).filter(|s| !s.eq_ignore_ascii_case("active")) {
        out.left_out.push(left_out(format!(
            "the relationship is `{state}`, not active"
        )));
        return Ok(());
    }
    let mpn = text(&p.mpn_id).unwrap_or_default();
    out.partners.push(ImportedPartner {
        tenant_id: normalised_guid(&tenant),
        display_name: text(&p.name).unwrap_or_else(|| {
            if mpn.is_empty() {
                tenant.clone()
            } else {
                format!("Partner {mpn}")
            }
        }),
        partner_id: mpn,
        link,
        source: None,
    });
    Ok(())
}
