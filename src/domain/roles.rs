//! The catalogue of Microsoft Entra built-in roles (from `assets/entra-roles.json`, compiled in)
//! (the named role templates are `templates`).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::tables::text::Text;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub name: String,
    pub template_id: String,
    /// Microsoft's PRIVILEGED label (shown in listings and the invite form).
    pub privileged: bool,
    /// partnerdesk's narrower mark: a path to Global Administrator's control of the tenant
    /// (assigning roles, any administrator's credentials, the tenant's apps or its trust in
    /// another identity source). What the review's privileged rules read.
    #[serde(default)]
    pub tenant_control: bool,
}

#[derive(Deserialize)]
struct CatalogueFile {
    roles: Vec<Role>,
}

pub const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";

struct Catalogue {
    roles: Vec<Role>,
    /// Each role's template id as a record keeps it, made once and shared by every record.
    templates: Vec<Text>,
    by_key: HashMap<String, usize>,
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        // The file is part of the build; a test proves it parses, so an empty list is never seen.
        let file: CatalogueFile =
            serde_json::from_str(include_str!("../../assets/entra-roles.json"))
                .unwrap_or(CatalogueFile { roles: Vec::new() });
        let mut by_key = HashMap::new();
        for (index, role) in file.roles.iter().enumerate() {
            by_key.insert(role.template_id.to_ascii_lowercase(), index);
            by_key.insert(role.name.to_ascii_lowercase(), index);
        }
        Catalogue {
            templates: file
                .roles
                .iter()
                .map(|r| r.template_id.as_str().into())
                .collect(),
            roles: file.roles,
            by_key,
        }
    })
}

/// Every built-in role, sorted by name.
pub fn all_roles() -> &'static [Role] {
    &catalogue().roles
}

/// A role by name (any case) or template id.
pub fn find_role(name_or_id: &str) -> Option<&'static Role> {
    find_index(name_or_id).map(|index| &catalogue().roles[index])
}

/// The template id of the role `find_role` finds, as a record keeps it (shared, not copied).
pub fn find_template(name_or_id: &str) -> Option<Text> {
    find_index(name_or_id).and_then(|index| catalogue().templates.get(index).cloned())
}

/// Where the role named `name_or_id` (any case, spaces around) stands in the catalogue: an
/// import asks this of every role of every relationship, so a key already in lower case is
/// looked up as it is.
fn find_index(name_or_id: &str) -> Option<usize> {
    let key = name_or_id.trim();
    let by_key = &catalogue().by_key;
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        by_key.get(&key.to_ascii_lowercase()).copied()
    } else {
        by_key.get(key).copied()
    }
}

/// A role as JSON output names it, everywhere: its template id and its name (`null` when the
/// catalogue lacks the id: an unknown role is kept as it came).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoleRef {
    pub id: String,
    pub name: Option<String>,
}

/// The role with template id `template_id`, for JSON output.
pub fn role_ref(template_id: &str) -> RoleRef {
    RoleRef {
        id: template_id.to_string(),
        name: find_role(template_id).map(|role| role.name.clone()),
    }
}

/// A role's display name, or the id itself marked unknown when the catalogue lacks it.
pub fn role_name(template_id: &str) -> String {
    match find_role(template_id) {
        Some(role) => role.name.clone(),
        None => format!("unknown role {template_id}"),
    }
}

/// Resolves names or ids to template ids; the error lists what is not a known built-in role.
pub fn resolve_roles(names: &[String]) -> Result<Vec<String>, Vec<String>> {
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        match find_role(name) {
            Some(role) if !ids.contains(&role.template_id) => ids.push(role.template_id.clone()),
            Some(_) => {}
            None => unknown.push(name.to_string()),
        }
    }
    if unknown.is_empty() {
        Ok(ids)
    } else {
        Err(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_holds_every_built_in_role() {
        assert!(all_roles().len() > 100, "only {} roles", all_roles().len());
    }

    #[test]
    fn roles_resolve_by_name_in_any_case_or_by_id() {
        assert_eq!(
            find_role("helpdesk administrator").map(|r| r.template_id.as_str()),
            Some("729827e3-9c14-49f7-bb1b-9608f156bbb8")
        );
        assert_eq!(
            find_role("62E90394-69F5-4237-9190-012177145E10").map(|r| r.name.as_str()),
            Some("Global Administrator")
        );
    }

    #[test]
    fn a_role_in_json_carries_its_template_id_and_its_name_or_null() {
        let known = serde_json::to_value(role_ref("729827e3-9c14-49f7-bb1b-9608f156bbb8")).unwrap();
        assert_eq!(
            known,
            serde_json::json!({"id": "729827e3-9c14-49f7-bb1b-9608f156bbb8", "name": "Helpdesk Administrator"})
        );
        let unknown = serde_json::to_value(role_ref("custom-role")).unwrap();
        assert_eq!(
            unknown,
            serde_json::json!({"id": "custom-role", "name": null})
        );
    }

    #[test]
    fn unknown_roles_are_listed_not_dropped() {
        let asked = vec![
            "Helpdesk Administrator".to_string(),
            "Chief Wizard".to_string(),
        ];
        assert_eq!(resolve_roles(&asked), Err(vec!["Chief Wizard".to_string()]));
    }
}
