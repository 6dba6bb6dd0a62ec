//! Too many partners with roles that can take control of one customer (the catalogue's
//! `tenantControl` mark): each one more is one more way in.

use super::Settings;
use super::finding::{Finding, Severity};
use super::survey::Survey;
use crate::domain::events::RecordKind;

pub const RULE: &str = "privileged-partners";

pub(super) fn findings(survey: &Survey<'_>, settings: &Settings, out: &mut Vec<Finding>) {
    for (customer, partners) in &survey.privileged_partners {
        if partners.len() <= settings.max_privileged_partners {
            continue;
        }
        let mut names: Vec<&str> = partners.iter().map(|p| p.as_str()).collect();
        names.sort_unstable();
        out.push(Finding::new(
            RULE,
            Severity::Medium,
            RecordKind::Customer,
            customer,
            customer,
            format!(
                "{} partners hold roles that can take control of the tenant ({}), more than {}",
                partners.len(),
                names.join(", "),
                settings.max_privileged_partners
            ),
        ));
    }
}
