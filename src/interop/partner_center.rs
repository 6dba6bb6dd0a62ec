//! Partner Center REST shapes: `Customer`, `Subscription` and `PartnerRelationship` items, read
//! leniently (unknown fields ignored, optional fields optional) and turned into import records.

use serde::Deserialize;
// A text only looked at (a status, a date, a cycle): short ones are read without an allocation.
use smol_str::SmolStr as Short;

use super::gathered::Gathered;
use super::links::customer_in_link;
use super::reader::{FormatError, Reader, guid, owned_text, shared_text, text, trimmed};
use super::recognise::Kind;
use super::shape;
use crate::domain::imported::{
    ImportedCustomer, ImportedPartner, ImportedSubscription, LeftOut, PartnerLink,
};
use crate::domain::records::{BillingCycle, SubscriptionStatus};
use crate::domain::rules::identity::normalised_guid;
use crate::domain::{Refusal, RuleId};
use crate::tables::text::Text;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Link {
    uri: Option<LinkedCustomer>,
}

/// A link read as the customer tenant it names (`customer_in_link`), as it is met: the link's
/// text is not kept (a subscription's link is a hundred bytes, its tenant all that is used).
#[derive(Default)]
struct LinkedCustomer(Option<String>);

impl<'de> Deserialize<'de> for LinkedCustomer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Uri;
        impl serde::de::Visitor<'_> for Uri {
            type Value = LinkedCustomer;
            // What a `String` expects: an error reads as it did when the link was kept.
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, uri: &str) -> Result<LinkedCustomer, E> {
                Ok(LinkedCustomer(customer_in_link(uri)))
            }
        }
        deserializer.deserialize_str(Uri)
    }
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
    country: Option<Text>,
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
    offer_name: Option<Text>,
    friendly_name: Option<Text>,
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
    let relation = trimmed(&c.relationship_to_partner).unwrap_or_default();
    out.customers.push(ImportedCustomer {
        tenant_id: guid(tenant),
        display_name: name,
        domain,
        country: billing.default_address.and_then(|a| shared_text(a.country)),
        profile: true,
        // A customer in a partner's own customer list is one it resells to unless the export
        // says otherwise (`none`, `advisor`); a missing field means reseller.
        reseller: relation.is_empty() || contains_ignoring_case(relation, "reseller"),
        delegated_admin: c.allow_delegated_access,
        via_provider_tenant_id: None,
        source: None,
    });
    Ok(())
}

/// Whether `text` holds `word` (lower-case ASCII) in any case: no lower-cased copy of `text`
/// (texts compared once per item are not copied).
fn contains_ignoring_case(text: &str, word: &str) -> bool {
    text.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// Whether `text` is one of `words` (lower-case ASCII) in any case.
fn one_of(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.eq_ignore_ascii_case(w))
}

fn subscription_status(status: &str) -> Option<SubscriptionStatus> {
    if one_of(status, &["active", "pending", "none"]) {
        Some(SubscriptionStatus::Active)
    } else if one_of(status, &["suspended", "disabled"]) {
        Some(SubscriptionStatus::Suspended)
    } else if one_of(status, &["expired"]) {
        Some(SubscriptionStatus::Expired)
    } else if one_of(status, &["deleted"]) {
        Some(SubscriptionStatus::Deleted)
    } else {
        None
    }
}

fn billing_cycle(cycle: &str) -> BillingCycle {
    // The cycle's letters in any case, `_` and `-` ignored (`one_time`, `One-Time`).
    let is = |word: &str| {
        let letters = cycle.bytes().filter(|b| !matches!(b, b'_' | b'-'));
        letters.map(|b| b.to_ascii_lowercase()).eq(word.bytes())
    };
    if is("annual") || is("yearly") {
        BillingCycle::Annual
    } else if is("triennial") {
        BillingCycle::Triennial
    } else if is("onetime") {
        BillingCycle::OneTime
    } else {
        BillingCycle::Monthly
    }
}

fn term(given: Option<&str>, cycle: &str) -> Text {
    const TERMS: [&str; 3] = ["P1M", "P1Y", "P3Y"];
    let term = match given {
        Some(t) if let Some(k) = TERMS.iter().find(|k| t.eq_ignore_ascii_case(k)) => k,
        Some(t) if t.eq_ignore_ascii_case("P36M") => "P3Y",
        Some(t) if t.eq_ignore_ascii_case("P12M") => "P1Y",
        _ if cycle.eq_ignore_ascii_case("triennial") => "P3Y",
        _ if cycle.eq_ignore_ascii_case("none") => "P1M",
        _ => "P1Y",
    };
    Text::from_static(term)
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
        .and_then(|l| l.this)
        .and_then(|l| l.uri)
        .and_then(|uri| uri.0)
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
    let offer_name = shared_text(s.offer_name)
        .or_else(|| shared_text(s.friendly_name))
        .unwrap_or_else(|| Text::from(&id));
    let mut id = id;
    id.make_ascii_lowercase();
    out.subscriptions.push(ImportedSubscription {
        id: id.into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read_items(items: &str) -> Result<Gathered, FormatError> {
        let source = super::super::Source {
            name: "subscriptions.json".into(),
            bytes: format!(r#"{{"items": [{items}]}}"#).into_bytes(),
        };
        let mut out = Gathered::default();
        super::super::read_source(&source, 0, None, super::super::Digesting::AsRead, &mut out)
            .map(|_| out)
    }

    fn subscription_with(fields: &str) -> ImportedSubscription {
        let item = format!(
            r#"{{"id": "S-1", "attributes": {{"objectType": "Subscription"}}, "creationDate": "2026-01-02T03:04:05Z",
               "links": {{"self": {{"uri": "/customers/T-1/subscriptions/S-1"}}}}, {fields}}}"#
        );
        let mut read = read_items(&item).unwrap();
        assert_eq!(read.subscriptions.len(), 1, "{fields}: {:?}", read.left_out);
        read.subscriptions.remove(0)
    }

    #[test]
    fn statuses_and_billing_cycles_read_in_any_case_and_spelling() {
        for (status, expected) in [
            ("active", SubscriptionStatus::Active),
            ("PENDING", SubscriptionStatus::Active),
            ("None", SubscriptionStatus::Active),
            ("Suspended", SubscriptionStatus::Suspended),
            ("disabled", SubscriptionStatus::Suspended),
            ("EXPIRED", SubscriptionStatus::Expired),
            ("Deleted", SubscriptionStatus::Deleted),
        ] {
            let read = subscription_with(&format!(r#""status": "{status}""#));
            assert_eq!(read.status, expected, "{status}");
        }
        let unknown = read_items(
            r#"{"id": "S-1", "offerName": "E3", "status": "actives", "creationDate": "2026-01-02T03:04:05Z",
            "links": {"self": {"uri": "/customers/T-1/subscriptions/S-1"}}}"#,
        );
        assert_eq!(unknown.unwrap().left_out[0].rule, RuleId::SB1);
        for (cycle, expected, term) in [
            ("annual", BillingCycle::Annual, "P1Y"),
            ("Yearly", BillingCycle::Annual, "P1Y"),
            ("TRIENNIAL", BillingCycle::Triennial, "P3Y"),
            ("One-Time", BillingCycle::OneTime, "P1Y"),
            ("one_time", BillingCycle::OneTime, "P1Y"),
            ("o-n_eTIME", BillingCycle::OneTime, "P1Y"),
            ("monthly", BillingCycle::Monthly, "P1Y"),
            ("none", BillingCycle::Monthly, "P1M"),
            ("NONE", BillingCycle::Monthly, "P1M"),
            ("annually", BillingCycle::Monthly, "P1Y"),
            ("", BillingCycle::Monthly, "P1Y"),
        ] {
            let read = subscription_with(&format!(r#""billingCycle": "{cycle}""#));
            assert_eq!(
                (read.billing_cycle, read.term_duration.as_str()),
                (expected, term),
                "{cycle}"
            );
        }
    }

    #[test]
    fn a_subscription_belongs_to_the_customer_its_link_names_and_a_link_not_text_is_malformed() {
        let read = subscription_with(r#""offerName": "E3""#);
        assert_eq!(read.customer_tenant_id, "t-1");
        let not_text =
            read_items(r#"{"id": "S-1", "offerName": "E3", "links": {"self": {"uri": 3}}}"#)
                .unwrap_err();
        assert_eq!(not_text.path, "items[0].links.self.uri");
        assert_eq!(
            not_text.message,
            "invalid type: integer `3`, expected a string"
        );
        let no_customer = read_items(
            r#"{"id": "S-1", "offerName": "E3", "creationDate": "2026-01-02T03:04:05Z",
            "links": {"self": {"uri": "/subscriptions/S-1"}}}"#,
        );
        assert_eq!(no_customer.unwrap().left_out[0].rule, RuleId::WS1);
    }

    #[test]
    fn a_customer_is_resold_unless_its_relationship_says_otherwise_in_any_case() {
        for (relation, reseller) in [
            ("reseller", true),
            ("Reseller", true),
            ("INDIRECTRESELLER", true),
            ("  ", true),
            ("none", false),
            ("Advisor", false),
            ("resell", false),
        ] {
            let item = format!(
                r#"{{"id": "C-1", "companyProfile": {{}}, "relationshipToPartner": "{relation}"}}"#
            );
            let read = read_items(&item).unwrap();
            assert_eq!(read.customers[0].reseller, reseller, "{relation}");
        }
    }
}
