//! ID1 (one tenant, one record), ID2 (a Partner ID names one partner, a primary domain one
//! customer) and ID3 (well-formed identifiers).
//!
//! Identifiers are stored in one spelling so that equal ones are equal as text: GUIDs (tenant
//! and security-group ids) lower-case, countries upper-case. What a user or an export gives is
//! brought to that spelling first (`normalised_guid`, `normalised_country`), so `ABC…` is
//! accepted and stored as `abc…`; a stored record in another spelling is an ID3 finding.
//! Comparisons between records (ID1, ID2) ignore ASCII case all the same, so an older file with
//! a twin in another case is still caught.

use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::tables::id::Id;

/// The nil GUID: no tenant or group has it.
const NIL_GUID: &str = "00000000-0000-0000-0000-000000000000";

/// A GUID as given, in the spelling partnerdesk stores: lower-case 8-4-4-4-12. Any form the
/// `uuid` crate reads is brought to it (`{ABC…}`, upper-case, the 32 bare digits); text that is
/// no GUID is only trimmed and lowered, for ID3 to refuse naming the field.
pub fn normalised_guid(text: &str) -> String {
    normalised_guid_of(text).into_owned()
}

/// `normalised_guid`, borrowed when `text` is already in the stored spelling (as exports
/// write tenants): an import looks up hundreds of thousands of them.
pub fn normalised_guid_of(text: &str) -> std::borrow::Cow<'_, str> {
    if is_stored_guid(text) {
        return text.into();
    }
    parsed_guid(text)
        .unwrap_or_else(|| text.trim().to_ascii_lowercase())
        .into()
}

/// `text` as a stored GUID (lower-case 8-4-4-4-12), or `None` when it is no GUID in any form.
pub fn parsed_guid(text: &str) -> Option<String> {
    uuid::Uuid::try_parse(text.trim())
        .ok()
        .map(|guid| guid.hyphenated().to_string())
}

/// A country code as given, in the spelling partnerdesk stores: trimmed and upper-case.
pub fn normalised_country(text: &str) -> String {
    text.trim().to_ascii_uppercase()
}

/// `text` is a GUID in its 8-4-4-4-12 hexadecimal form (either case): the only form of 36
/// characters `uuid` reads. How Graph names what it made (access assignments, relationships).
pub fn is_guid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

/// `text` is a GUID as partnerdesk stores one: 8-4-4-4-12 lower-case hexadecimal digits. The
/// check asks this of every tenant and group id, so it reads each byte once, without branching
/// on where the first wrong one is (no parse: it only says yes or no to one spelling).
fn is_stored_guid(text: &str) -> bool {
    const DASHES: [bool; 36] = {
        let mut dashes = [false; 36];
        dashes[8] = true;
        dashes[13] = true;
        dashes[18] = true;
        dashes[23] = true;
        dashes
    };
    let digit = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().zip(DASHES).fold(true, |ok, (&b, dash)| {
            ok & if dash { b == b'-' } else { digit(b) }
        })
}

/// ID3: `value`, the `what` of the `kind` named `name` (the `tenant id` of `customer`
/// `Litware`), is a stored GUID: well-formed, not nil, lower-case.
pub fn stored_guid(kind: &str, name: &str, what: &str, value: &str) -> Result<(), Refusal> {
    if is_stored_guid(value) && value != NIL_GUID {
        return Ok(());
    }
    if !is_guid(value) {
        let shown = if value.is_empty() { "empty" } else { value };
        return refuse(
            RuleId::ID3,
            format!(
                "the {what} of {kind} {name} is `{shown}`, not a GUID (8-4-4-4-12 hexadecimal digits)"
            ),
        );
    }
    if value == NIL_GUID {
        return refuse(
            RuleId::ID3,
            format!("the {what} of {kind} {name} is the nil GUID, which names nothing"),
        );
    }
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        return refuse(
            RuleId::ID3,
            format!(
                "the {what} of {kind} {name} is `{value}`; GUIDs are stored lower-case (`{}`)",
                value.to_ascii_lowercase()
            ),
        );
    }
    Ok(())
}

/// ID3: the stored country of customer `name` is empty (not known) or an assigned ISO 3166-1
/// alpha-2 code, upper-case.
pub fn stored_country(name: &str, country: &str) -> Result<(), Refusal> {
    if country.is_empty() || is_country(country) {
        return Ok(());
    }
    let upper = country.to_ascii_uppercase();
    if is_country(&upper) {
        return refuse(
            RuleId::ID3,
            format!(
                "the country of customer {name} is `{country}`; countries are stored upper-case (`{upper}`)"
            ),
        );
    }
    refuse(
        RuleId::ID3,
        format!(
            "the country of customer {name} is `{country}`, not an ISO 3166-1 alpha-2 code (such as `US` or `DE`)"
        ),
    )
}

/// ID3: the Partner ID of partner `name` is empty (not known) or digits.
pub fn partner_id_digits(name: &str, partner_id: &str) -> Result<(), Refusal> {
    if partner_id.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    refuse(
        RuleId::ID3,
        format!("the Partner ID of partner {name} is `{partner_id}`; a Partner ID is digits"),
    )
}

/// `code` is an assigned ISO 3166-1 alpha-2 code, upper-case.
pub fn is_country(code: &str) -> bool {
    match code.as_bytes() {
        &[first @ b'A'..=b'Z', second @ b'A'..=b'Z'] => {
            ASSIGNED[usize::from(first - b'A')] & (1 << (second - b'A')) != 0
        }
        _ => false,
    }
}

/// `COUNTRIES` as 26 rows of 26 bits (row: first letter, bit: second letter), so that checking
/// a million customers' countries costs a shift each.
const ASSIGNED: [u32; 26] = {
    let mut rows = [0u32; 26];
    let mut at = 0;
    while at < COUNTRIES.len() {
        let code = COUNTRIES[at].as_bytes();
        rows[(code[0] - b'A') as usize] |= 1 << (code[1] - b'A');
        at += 1;
    }
    rows
};

/// ID1, ID2: two identifiers name the same tenant, partner or domain when they are equal but
/// for ASCII case. An empty one (a domain or Partner ID not known) names nothing.
pub fn same_identifier(a: &str, b: &str) -> bool {
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

/// ID1, ID2: among records of one kind, given as (id, identifier), the first other than `id`
/// whose identifier is the same as `key`. For a few records (partners); the whole-file check
/// and the workspace's customers answer the same question from lookups built for it.
pub fn first_twin<'a>(
    records: impl IntoIterator<Item = (&'a Id, &'a str)>,
    id: &Id,
    key: &str,
) -> Option<&'a Id> {
    records
        .into_iter()
        .find(|(other, identifier)| *other != id && same_identifier(identifier, key))
        .map(|(other, _)| other)
}

/// ID1: the `kind` (customer or partner) named `name` has the tenant id of `other`, another of
/// its kind.
pub fn tenant_taken(kind: &str, name: &str, tenant: &str, other: &Id) -> Refusal {
    Refusal::new(
        RuleId::ID1,
        format!(
            "{kind} {name} has tenant id {tenant}, which {kind} `{other}` already has; one tenant is one {kind}"
        ),
    )
}

/// ID2: partner `name` has the Partner ID of partner `other`.
pub fn partner_id_taken(name: &str, partner_id: &str, other: &Id) -> Refusal {
    Refusal::new(
        RuleId::ID2,
        format!(
            "partner {name} has Partner ID {partner_id}, which partner `{other}` already has; a Partner ID names one partner"
        ),
    )
}

/// ID2: customer `name` has the primary domain of customer `other`.
pub fn domain_taken(name: &str, domain: &str, other: &Id) -> Refusal {
    Refusal::new(
        RuleId::ID2,
        format!(
            "customer {name} has primary domain {domain}, which customer `{other}` already has; a domain names one customer"
        ),
    )
}

/// The 249 assigned ISO 3166-1 alpha-2 codes, sorted (as the tz database's `iso3166.tab`
/// lists them). The list changes rarely (the last new code, SS, came in 2011); a table here
/// costs less than a dependency and can be read in review.
const COUNTRIES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

#[cfg(test)]
mod tests {
    use super::*;

    const TENANT: &str = "5a3c1fbd-f9da-4bf3-a816-96a68afe2312";

    #[test]
    fn every_form_of_a_guid_is_normalised_to_lower_case_hyphenated() {
        let upper = TENANT.to_ascii_uppercase();
        for given in [
            TENANT.to_string(),
            upper.clone(),
            format!("{{{upper}}}"),
            format!(" {{{TENANT}}} "),
            TENANT.replace('-', ""),
            upper.replace('-', ""),
        ] {
            assert_eq!(parsed_guid(&given).as_deref(), Some(TENANT), "{given:?}");
            assert_eq!(normalised_guid(&given), TENANT, "{given:?}");
        }
    }

    #[test]
    fn text_that_is_no_guid_is_not_parsed_and_is_left_for_id3() {
        for text in [
            "foo",
            "",
            "5a3c1fbd-f9da-4bf3-a816-96a68afe231",
            "{5a3c1fbd}",
        ] {
            assert_eq!(parsed_guid(text), None, "{text:?}");
        }
        assert_eq!(normalised_guid(" FOO "), "foo");
        assert!(stored_guid("customer", "X", "tenant id", &normalised_guid("foo")).is_err());
        // Only the 8-4-4-4-12 form is a GUID as Graph names things; braces are not.
        assert!(is_guid(&TENANT.to_ascii_uppercase()));
        assert!(!is_guid(&format!("{{{TENANT}}}")));
        assert!(!is_guid(&TENANT.replace('-', "")));
    }

    #[test]
    fn a_lower_case_guid_is_a_stored_tenant_id() {
        assert!(stored_guid("customer", "Northwind", "tenant id", TENANT).is_ok());
    }

    #[test]
    fn the_nil_guid_is_refused_naming_id3() {
        let refusal = stored_guid("customer", "Northwind", "tenant id", NIL_GUID).unwrap_err();
        assert_eq!(refusal.rule, RuleId::ID3);
        assert!(refusal.reason.contains("nil GUID"), "{refusal}");
    }

    #[test]
    fn an_upper_case_guid_is_stored_lower_case_and_refused_as_stored() {
        let upper = TENANT.to_ascii_uppercase();
        let refusal = stored_guid("partner", "Relecloud", "tenant id", &upper).unwrap_err();
        assert_eq!(refusal.rule, RuleId::ID3);
        assert!(
            refusal.reason.contains(TENANT),
            "names the lower-case spelling: {refusal}"
        );
        assert_eq!(normalised_guid(&format!("  {upper} ")), TENANT);
        assert!(
            stored_guid(
                "partner",
                "Relecloud",
                "tenant id",
                &normalised_guid(&upper)
            )
            .is_ok()
        );
    }

    #[test]
    fn text_that_is_not_a_guid_is_refused_naming_the_field_and_value() {
        for text in [
            "not-a-guid",
            "",
            "5a3c1fbd-f9da-4bf3-a816-96a68afe231",
            "5a3c1fbdff9da-4bf3-a816-96a68afe2312",
            "5a3c1fbd-f9da-4bf3-a816-96a68afe231g",
        ] {
            let refusal = stored_guid("customer", "Northwind", "tenant id", text).unwrap_err();
            assert_eq!(refusal.rule, RuleId::ID3, "{text:?}");
            assert!(refusal.reason.contains("not a GUID"), "{refusal}");
            assert!(
                refusal.reason.contains("tenant id of customer Northwind"),
                "{refusal}"
            );
        }
        let group = stored_guid(
            "access assignment",
            "asg-1",
            "security group id",
            "helpdesk",
        )
        .unwrap_err();
        assert!(group.reason.contains("`helpdesk`"), "{group}");
    }

    #[test]
    fn a_country_is_an_assigned_alpha_2_code_in_upper_case() {
        for code in ["US", "DE", "GB", "AD", "ZW", "SS"] {
            assert!(stored_country("c", code).is_ok(), "{code}");
        }
        assert!(stored_country("c", "").is_ok(), "empty means not known");
        for code in ["ZZ", "USA", "UK", "U", "1A", "EU"] {
            let refusal = stored_country("c", code).unwrap_err();
            assert_eq!(refusal.rule, RuleId::ID3, "{code}");
            assert!(
                refusal.reason.contains("not an ISO 3166-1 alpha-2 code"),
                "{refusal}"
            );
        }
    }

    #[test]
    fn a_lower_case_country_is_stored_upper_case_and_refused_as_stored() {
        let refusal = stored_country("c", "us").unwrap_err();
        assert_eq!(refusal.rule, RuleId::ID3);
        assert!(refusal.reason.contains("`US`"), "{refusal}");
        assert_eq!(normalised_country(" us "), "US");
        assert!(stored_country("c", &normalised_country("us")).is_ok());
    }

    #[test]
    fn the_country_table_is_sorted_and_complete() {
        assert!(COUNTRIES.windows(2).all(|w| w[0] < w[1]));
        let bits: u32 = ASSIGNED.iter().map(|row| row.count_ones()).sum();
        assert_eq!(bits, 249, "every code is one bit");
        for first in b'A'..=b'Z' {
            for second in b'A'..=b'Z' {
                let code = String::from_utf8(vec![first, second]).unwrap();
                assert_eq!(
                    is_country(&code),
                    COUNTRIES.contains(&code.as_str()),
                    "{code}"
                );
            }
        }
        assert!(
            COUNTRIES
                .iter()
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn a_partner_id_is_digits() {
        assert!(partner_id_digits("p", "4851207").is_ok());
        assert!(partner_id_digits("p", "").is_ok(), "empty means not known");
        for text in ["48512O7", "MPN-4851207", " 4851207", "-1"] {
            assert_eq!(
                partner_id_digits("p", text).unwrap_err().rule,
                RuleId::ID3,
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_tenant_in_another_case_is_the_same_tenant_and_empty_names_nothing() {
        let upper = TENANT.to_ascii_uppercase();
        assert!(same_identifier(TENANT, &upper));
        assert!(same_identifier(
            "Contoso.onmicrosoft.com",
            "contoso.ONMICROSOFT.com"
        ));
        assert!(
            !same_identifier("", ""),
            "two unknown domains are not twins"
        );
        assert!(!same_identifier(
            TENANT,
            "6a3c1fbd-f9da-4bf3-a816-96a68afe2312"
        ));
        let (a, b, c) = (Id::new("a"), Id::new("b"), Id::new("c"));
        let records = [(&a, TENANT), (&b, "other"), (&c, upper.as_str())];
        assert_eq!(first_twin(records, &a, TENANT), Some(&c));
        assert_eq!(first_twin(records, &c, &upper), Some(&a));
        assert_eq!(
            first_twin(records, &b, "other"),
            None,
            "a record is not its own twin"
        );
    }

    #[test]
    fn a_partner_may_share_its_tenant_with_a_customer_but_not_with_another_partner() {
        // ID1 compares records of one kind: the partners' tenants among partners, the
        // customers' among customers (a CSP partner's own tenant is also a customer, MP6).
        let (partner, customer, second) = (
            Id::new("relecloud"),
            Id::new("relecloud-own"),
            Id::new("copy"),
        );
        let partners = [(&partner, TENANT)];
        let customers = [(&customer, TENANT)];
        assert_eq!(first_twin(partners, &partner, TENANT), None);
        assert_eq!(first_twin(customers, &customer, TENANT), None);
        let two_partners = [(&partner, TENANT), (&second, TENANT)];
        let refusal = tenant_taken(
            "partner",
            "Copy",
            TENANT,
            first_twin(two_partners, &second, TENANT).unwrap(),
        );
        assert_eq!(refusal.rule, RuleId::ID1);
        assert!(refusal.reason.contains("partner `relecloud`"), "{refusal}");
    }

    #[test]
    fn twins_are_refused_naming_both_records_and_the_rule() {
        let tenant = tenant_taken("customer", "Adatum", TENANT, &Id::new("northwind"));
        assert_eq!(tenant.rule, RuleId::ID1);
        assert!(tenant.reason.contains("Adatum") && tenant.reason.contains("`northwind`"));
        assert!(tenant.reason.contains(TENANT));
        let mpn = partner_id_taken("Relecloud", "4851207", &Id::new("vanarsdel"));
        assert_eq!(mpn.rule, RuleId::ID2);
        assert!(mpn.reason.contains("4851207") && mpn.reason.contains("`vanarsdel`"));
        let domain = domain_taken("Adatum", "contoso.onmicrosoft.com", &Id::new("contoso"));
        assert_eq!(domain.rule, RuleId::ID2);
        assert!(domain.reason.contains("contoso.onmicrosoft.com"));
    }
}
