//! The role template catalogue: named role sets offered when inviting and read by `review`.
//! The built-in ones (Microsoft 365 Lighthouse support tiers and least-privilege sets by task)
//! are data in `assets/role-templates.toml`, compiled in; the user's own come from a TOML text
//! of the same shape (the store reads the file). Pure: texts in, a catalogue and problems out.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::roles::find_role;

/// Where a template comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TemplateKind {
    /// A Microsoft 365 Lighthouse support tier.
    Tier,
    /// A least-privilege role set for one task.
    Task,
    /// The user's own, from templates.toml.
    User,
}

impl TemplateKind {
    pub fn label(self) -> &'static str {
        match self {
            TemplateKind::Tier => "Lighthouse tier",
            TemplateKind::Task => "task",
            TemplateKind::User => "yours",
        }
    }
}

/// A named set of roles for a common job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub name: String,
    pub kind: TemplateKind,
    pub description: String,
    /// Microsoft Entra role template ids, each in the role catalogue.
    pub roles: Vec<String>,
}

/// A role Microsoft advises against giving through an access assignment, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdvisedAgainst {
    pub role: String,
    pub why: String,
}

/// A template the user's file could not give, with the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TemplateProblem {
    pub line: usize,
    pub why: String,
}

impl std::fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.why)
    }
}

/// Every template (built-in first, then the user's) and the roles advised against.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalogue {
    pub templates: Vec<Template>,
    pub advised_against: Vec<AdvisedAgainst>,
}

impl Catalogue {
    /// A template by name, in any case.
    pub fn find(&self, name: &str) -> Option<&Template> {
        self.templates
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name.trim()))
    }

    /// Why Microsoft advises against assigning `role`, when it does.
    pub fn advised_against(&self, role: &str) -> Option<&str> {
        self.advised_against
            .iter()
            .find(|a| a.role.eq_ignore_ascii_case(role))
            .map(|a| a.why.as_str())
    }

    /// The built-in catalogue plus the user's templates read from `text`: good ones are added,
    /// bad ones (and names the built-in catalogue already has) are reported by line.
    pub fn with_user(&self, text: &str) -> (Catalogue, Vec<TemplateProblem>) {
        let (user, mut problems) = parse(text, Some(TemplateKind::User));
        let mut catalogue = self.clone();
        for (line, template) in user {
            if catalogue.find(&template.name).is_some() {
                problems.push(TemplateProblem {
                    line,
                    why: format!("a template named `{}` exists already", template.name),
                });
            } else {
                catalogue.templates.push(template);
            }
        }
        problems.sort_by_key(|p| p.line);
        (catalogue, problems)
    }
}

const BUILT_IN: &str = include_str!("../../assets/role-templates.toml");

/// The built-in templates, parsed once. A test proves the file parses cleanly.
pub fn built_in() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let (templates, _) = parse(BUILT_IN, None);
        let advised_against = advised_against(BUILT_IN);
        Catalogue {
            templates: templates.into_iter().map(|(_, t)| t).collect(),
            advised_against,
        }
    })
}

#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    template: Vec<toml::Spanned<toml::Table>>,
    #[serde(default)]
    advised_against: Vec<RawAdvice>,
}

#[derive(Deserialize)]
struct RawAdvice {
    role: String,
    why: String,
}

fn advised_against(text: &str) -> Vec<AdvisedAgainst> {
    toml::from_str::<RawFile>(text)
        .map(|file| {
            file.advised_against
                .into_iter()
                .map(|a| AdvisedAgainst {
                    role: a.role,
                    why: a.why,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The templates of a TOML text (`[[template]]` tables), each with the line it starts on.
/// `kind` forces every template's kind (the user's); without it each names its own.
pub fn parse(
    text: &str,
    kind: Option<TemplateKind>,
) -> (Vec<(usize, Template)>, Vec<TemplateProblem>) {
    let file: RawFile = match toml::from_str(text) {
        Ok(file) => file,
        Err(err) => {
            let line = err.span().map_or(1, |span| line_of(text, span.start));
            let why = err.message().to_string();
            return (Vec::new(), vec![TemplateProblem { line, why }]);
        }
    };
    let mut templates = Vec::new();
    let mut problems = Vec::new();
    for table in file.template {
        let line = line_of(text, table.span().start);
        match template(table.get_ref(), kind) {
            Ok(t) => templates.push((line, t)),
            Err(why) => problems.push(TemplateProblem { line, why }),
        }
    }
    (templates, problems)
}

fn template(table: &toml::Table, kind: Option<TemplateKind>) -> Result<Template, String> {
    let text = |key: &str| table.get(key).and_then(toml::Value::as_str);
    let name = text("name")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or("a template needs a name = \"…\"")?
        .to_string();
    if let Some(unknown) = table
        .keys()
        .find(|k| !["name", "kind", "description", "roles"].contains(&k.as_str()))
    {
        return Err(format!("template `{name}`: unknown key `{unknown}`"));
    }
    let kind = match (kind, text("kind")) {
        (Some(kind), _) => kind,
        (None, Some("tier")) => TemplateKind::Tier,
        (None, Some("task")) => TemplateKind::Task,
        (None, other) => {
            return Err(format!(
                "template `{name}`: kind is \"tier\" or \"task\", not {other:?}"
            ));
        }
    };
    let listed = table
        .get("roles")
        .and_then(toml::Value::as_array)
        .ok_or(format!(
            "template `{name}`: roles = [\"role name or template id\", …] is missing"
        ))?;
    let mut roles = Vec::new();
    let mut unknown = Vec::new();
    for value in listed {
        match value.as_str().and_then(find_role) {
            Some(role) if !roles.contains(&role.template_id) => {
                roles.push(role.template_id.clone())
            }
            Some(_) => {}
            None => unknown.push(
                value
                    .as_str()
                    .map_or_else(|| value.to_string(), String::from),
            ),
        }
    }
    if !unknown.is_empty() {
        return Err(format!(
            "template `{name}`: not a Microsoft Entra built-in role: {}",
            unknown.join(", ")
        ));
    }
    if roles.is_empty() {
        return Err(format!("template `{name}`: no roles"));
    }
    Ok(Template {
        name,
        kind,
        description: text("description").unwrap_or_default().trim().to_string(),
        roles,
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_file_parses_and_every_role_id_is_a_known_entra_role_template_id() {
        let (templates, problems) = parse(BUILT_IN, None);
        assert_eq!(problems, vec![], "the asset has no bad entry");
        assert_eq!(templates.len(), built_in().templates.len());
        let raw: RawFile = toml::from_str(BUILT_IN).unwrap();
        for table in raw.template {
            for role in table.get_ref()["roles"].as_array().unwrap() {
                let id = role.as_str().unwrap();
                let known = find_role(id).unwrap_or_else(|| panic!("{id} is no Entra role"));
                assert_eq!(
                    known.template_id, id,
                    "the asset lists template ids, not names"
                );
            }
        }
        for advice in &built_in().advised_against {
            assert!(find_role(&advice.role).is_some(), "{}", advice.role);
        }
        assert!(!built_in().advised_against.is_empty());
    }

    #[test]
    fn the_five_lighthouse_tiers_and_the_task_sets_are_there() {
        for name in [
            "Account manager",
            "Service desk agent",
            "Specialist",
            "Escalation engineer",
            "Administrator",
        ] {
            assert_eq!(
                built_in().find(name).map(|t| t.kind),
                Some(TemplateKind::Tier)
            );
        }
        for name in ["Helpdesk", "Security reader", "User management", "Billing"] {
            assert_eq!(
                built_in().find(name).map(|t| t.kind),
                Some(TemplateKind::Task)
            );
        }
    }

    #[test]
    fn no_built_in_template_holds_global_administrator() {
        for t in &built_in().templates {
            assert!(
                !t.roles
                    .contains(&super::super::roles::GLOBAL_ADMINISTRATOR.to_string())
            );
        }
    }

    #[test]
    fn user_templates_keep_the_good_entries_and_report_the_bad_by_line() {
        let text = "[[template]]\nname = \"Tier 1\"\nroles = [\"Helpdesk Administrator\"]\n\n\
                    [[template]]\nname = \"Wizards\"\nroles = [\"Chief Wizard\"]\n\n\
                    [[template]]\nname = \"helpdesk\"\nroles = [\"Directory Readers\"]\n\n\
                    [[template]]\nroles = [\"Directory Readers\"]\n";
        let (catalogue, problems) = built_in().with_user(text);
        let mine = catalogue.find("tier 1").unwrap();
        assert_eq!(mine.kind, TemplateKind::User);
        assert_eq!(
            mine.roles,
            vec!["729827e3-9c14-49f7-bb1b-9608f156bbb8".to_string()]
        );
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![5, 9, 13]);
        assert!(problems[0].why.contains("Chief Wizard"), "{}", problems[0]);
        assert!(
            problems[1].why.contains("exists already"),
            "{}",
            problems[1]
        );
        assert!(problems[2].why.contains("name"), "{}", problems[2]);
        assert_eq!(catalogue.templates.len(), built_in().templates.len() + 1);
    }

    #[test]
    fn a_user_file_that_is_not_toml_is_one_problem_with_its_line() {
        let (catalogue, problems) = built_in().with_user("[[template]]\nname = \n");
        assert_eq!(catalogue, *built_in());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2);
    }

    #[test]
    fn advice_against_a_role_names_why() {
        assert!(
            built_in()
                .advised_against(super::super::roles::GLOBAL_ADMINISTRATOR)
                .is_some()
        );
        assert!(
            built_in()
                .advised_against("88d8e3e3-8f55-4a1e-953a-9b9898b8876b")
                .is_none()
        );
    }
}
