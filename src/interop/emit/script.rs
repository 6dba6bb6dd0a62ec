//! The requests as a commented, ready-to-run script: Azure CLI `az rest` (bash) or Microsoft
//! Graph PowerShell `Invoke-MgGraphRequest`. Ids Graph gives on creation are kept in variables;
//! an `If-Match` partnerdesk does not know is read with a `GET` just before its request; the
//! customer's approval link comes where the customer approves, and the script waits there when
//! more requests follow.

use super::partner_center::{TOKEN_VARIABLE, is_partner_center};
use super::{Emitted, NEW_ID, Request};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptFormat {
    /// Azure CLI `az rest` (bash).
    Az,
    /// Microsoft Graph PowerShell `Invoke-MgGraphRequest`.
    Pwsh,
}

const ASSIGNMENT_PLACEHOLDER: &str = "{accessAssignmentId:";

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn pwsh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The placeholders (`NEW_ID`, access assignments') in `text`.
fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    if text.contains(NEW_ID) {
        found.push(NEW_ID);
    }
    let mut rest = text;
    while let Some(start) = rest.find(ASSIGNMENT_PLACEHOLDER) {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        found.push(&rest[start..=start + len]);
        rest = &rest[start + len + 1..];
    }
    found
}

/// The script variable a placeholder is kept in (without its `$`).
fn variable(placeholder: &str, pwsh: bool) -> String {
    if placeholder == NEW_ID {
        return if pwsh { "relId" } else { "REL_ID" }.to_string();
    }
    let id = placeholder
        .trim_start_matches(ASSIGNMENT_PLACEHOLDER)
        .trim_end_matches('}');
    let word: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if pwsh {
        format!("assignment_{}", word.to_ascii_lowercase())
    } else {
        format!("ASSIGNMENT_{}", word.to_ascii_uppercase())
    }
}

fn with_variables(text: &str, pwsh: bool) -> String {
    placeholders(text)
        .into_iter()
        .fold(text.to_string(), |text, p| {
            text.replace(p, &format!("${}", variable(p, pwsh)))
        })
}

/// What a placeholder stands for, for the line that asks for it.
fn what(placeholder: &str) -> String {
    if placeholder == NEW_ID {
        "the Graph id of the relationship".to_string()
    } else {
        format!(
            "the Graph id of access assignment {}",
            placeholder
                .trim_start_matches(ASSIGNMENT_PLACEHOLDER)
                .trim_end_matches('}')
        )
    }
}

fn wait(pwsh: bool, until: &str) -> String {
    if pwsh {
        format!(
            "Read-Host {} | Out-Null\n",
            pwsh_quote(&format!("Press Enter {until}"))
        )
    } else {
        format!(
            "read -r -p {} _\n",
            shell_quote(&format!("Press Enter {until}: "))
        )
    }
}

fn az_call(request: &Request, url: &str, body: Option<&str>) -> String {
    let mut call = format!(
        "az rest --method {} --url \"{url}\"",
        request.method.to_lowercase()
    );
    let mut headers = Vec::new();
    if body.is_some() {
        headers.push(shell_quote("Content-Type=application/json"));
    }
    for (name, value) in &request.headers {
        headers.push(if name == "If-Match" && request.etag_from.is_some() {
            "\"If-Match=$ETAG\"".to_string()
        } else {
            shell_quote(&format!("{name}={value}"))
        });
    }
    if is_partner_center(url) {
        // Partner Center takes an App+User token of its own, not az's Graph token.
        call.push_str(" --skip-authorization-header");
        headers.push(format!("\"Authorization=Bearer ${TOKEN_VARIABLE}\""));
    }
    if !headers.is_empty() {
        call.push_str(&format!(" --headers {}", headers.join(" ")));
    }
    if let Some(body) = body {
        call.push_str(&format!(" --body {}", shell_quote(body)));
    }
    call
}

fn pwsh_call(request: &Request, url: &str, body: Option<&str>) -> String {
    if is_partner_center(url) {
        // Partner Center is not Graph: plain REST with its own App+User token.
        let mut call = format!(
            "Invoke-RestMethod -Method {} -Uri \"{url}\" -Headers @{{ 'Authorization' = \"Bearer $env:{TOKEN_VARIABLE}\" }}",
            request.method
        );
        if body.is_some() {
            call.push_str(" -Body $body -ContentType 'application/json'");
        }
        return call;
    }
    let mut call = format!(
        "Invoke-MgGraphRequest -Method {} -Uri \"{url}\"",
        request.method
    );
    if body.is_some() {
        call.push_str(" -Body $body -ContentType 'application/json'");
    }
    let headers: Vec<String> = request
        .headers
        .iter()
        .map(|(name, value)| {
            let value = if name == "If-Match" && request.etag_from.is_some() {
                "$etag".to_string()
            } else {
                pwsh_quote(value)
            };
            format!("{} = {value}", pwsh_quote(name))
        })
        .collect();
    if !headers.is_empty() {
        call.push_str(&format!(" -Headers @{{ {} }}", headers.join("; ")));
    }
    call
}

fn write_request(out: &mut String, n: usize, request: &Request, pwsh: bool) {
    if !request.if_still_there {
        write_call(out, n, request, pwsh);
        return;
    }
    // A failure (already gone) is reported and the script goes on to the next request.
    let mut call = String::new();
    write_call(&mut call, n, request, pwsh);
    let (comment, body) = call
        .trim_start_matches('\n')
        .split_once('\n')
        .unwrap_or(("", &call));
    let skipped = format!("request {n} failed: it was already gone; going on");
    out.push_str(&format!("\n{comment}\n"));
    out.push_str(&if pwsh {
        format!(
            "try {{\n{body}}} catch {{ Write-Output {} }}\n",
            pwsh_quote(&skipped)
        )
    } else {
        format!(
            "if ! {{\n{body}}}; then echo {}; fi\n",
            shell_quote(&skipped)
        )
    });
}

fn write_call(out: &mut String, n: usize, request: &Request, pwsh: bool) {
    let url = with_variables(&request.url, pwsh);
    let body = request
        .body
        .as_ref()
        .map(|b| serde_json::to_string(b).unwrap_or_default());
    out.push_str(&format!(
        "\n# {n}. {}\n",
        request.comment.replace('\n', " ")
    ));
    if let Some(who) = &request.signed_in_as {
        out.push_str(&format!(
            "# Sent signed in as {who}: sign in to its tenant first.\n"
        ));
        out.push_str(&wait(pwsh, &format!("once signed in as {who}")));
    }
    if let Some(resource) = &request.etag_from {
        let resource = with_variables(resource, pwsh);
        out.push_str("# If-Match: the resource's current ETag, which GET returns as @odata.etag\n");
        out.push_str(&if pwsh {
            format!("$etag = (Invoke-MgGraphRequest -Method GET -Uri \"{resource}\")['@odata.etag']\n")
        } else {
            format!(
                "ETAG=$(az rest --method get --url \"{resource}\" --query '\"@odata.etag\"' --output tsv)\n"
            )
        });
    }
    if pwsh {
        if let Some(body) = &body {
            out.push_str(&format!("$body = @'\n{body}\n'@\n"));
        }
        let call = pwsh_call(request, &url, body.as_deref());
        match request.captures.as_deref() {
            Some(NEW_ID) => out.push_str(&format!(
                "$rel = {call}\n$relId = $rel.id\nWrite-Output \"Created relationship $relId\"\n"
            )),
            Some(placeholder) => {
                let var = variable(placeholder, true);
                out.push_str(&format!(
                    "${var} = ({call}).id\nWrite-Output \"Created access assignment ${var}\"\n"
                ));
            }
            None => out.push_str(&format!("{call} | Out-Null\n")),
        }
    } else {
        let call = az_call(request, &url, body.as_deref());
        match request.captures.as_deref() {
            Some(NEW_ID) => out.push_str(&format!(
                "REL_ID=$({call} --query id --output tsv)\necho \"Created relationship $REL_ID\"\n"
            )),
            Some(placeholder) => {
                let var = variable(placeholder, false);
                out.push_str(&format!(
                    "{var}=$({call} --query id --output tsv)\necho \"Created access assignment ${var}\"\n"
                ));
            }
            None => out.push_str(&format!("{call}\n")),
        }
    }
}

fn write_link(out: &mut String, link: &str, pwsh: bool) {
    let link = with_variables(link, pwsh);
    let what = if link.contains("granularAdminRelationships") {
        "the customer approves the relationship at"
    } else {
        "the customer accepts the invitation at"
    };
    out.push_str(&format!(
        "\n# Send this link to the customer: {what} it (a Global Administrator signs in).\n"
    ));
    out.push_str(&if pwsh {
        format!("Write-Output \"{link}\"\n")
    } else {
        format!("echo \"{link}\"\n")
    });
}

/// Placeholders the requests use before (or without) a request that gives them: the script asks
/// for them first.
fn wanted_first(emitted: &Emitted) -> Vec<String> {
    let mut given: Vec<&str> = Vec::new();
    let mut wanted: Vec<String> = Vec::new();
    let mut want = |text: &str, given: &[&str]| {
        for p in placeholders(text) {
            if !given.contains(&p) && !wanted.iter().any(|w| w == p) {
                wanted.push(p.to_string());
            }
        }
    };
    for request in &emitted.requests {
        want(&request.url, &given);
        if let Some(p) = request.captures.as_deref() {
            given.push(p);
        }
    }
    if let Some(link) = &emitted.approval_link {
        want(link, &given);
    }
    wanted
}

/// A commented, ready-to-run script for the requests (which partnerdesk itself never sends).
pub fn script(emitted: &Emitted, format: ScriptFormat) -> String {
    let pwsh = format == ScriptFormat::Pwsh;
    let mut out = String::new();
    if pwsh {
        out.push_str("# Generated by partnerdesk: review, then run in PowerShell.\n# Needs: Connect-MgGraph -Scopes DelegatedAdminRelationship.ReadWrite.All (as a partner admin agent)\n$ErrorActionPreference = 'Stop'\n");
    } else {
        out.push_str("#!/usr/bin/env bash\n# Generated by partnerdesk: review, then run.\n# Needs: az login as a partner admin agent with DelegatedAdminRelationship.ReadWrite.All\nset -euo pipefail\n");
    }
    for placeholder in wanted_first(emitted) {
        let var = variable(&placeholder, pwsh);
        let what = what(&placeholder);
        out.push_str(&if pwsh {
            format!(
                "if (-not ${var}) {{ throw {} }}\n",
                pwsh_quote(&format!("Set ${var} to {what} first"))
            )
        } else {
            format!(": \"${{{var}:?set {var} to {what} first}}\"\n")
        });
    }
    if emitted.requests.iter().any(|r| is_partner_center(&r.url)) {
        let what = "a Partner Center App+User access token (resource https://api.partnercenter.microsoft.com)";
        out.push_str(&if pwsh {
            format!(
                "if (-not $env:{TOKEN_VARIABLE}) {{ throw {} }}\n",
                pwsh_quote(&format!("Set $env:{TOKEN_VARIABLE} to {what} first"))
            )
        } else {
            format!(": \"${{{TOKEN_VARIABLE}:?set {TOKEN_VARIABLE} to {what} first}}\"\n")
        });
    }
    for note in &emitted.notes {
        out.push_str(&format!("# Note: {}\n", note.replace('\n', " ")));
    }
    let approval_at = emitted.requests.iter().rposition(|r| r.then_approval);
    for (n, request) in emitted.requests.iter().enumerate() {
        write_request(&mut out, n + 1, request, pwsh);
        if Some(n) == approval_at
            && let Some(link) = &emitted.approval_link
        {
            write_link(&mut out, link, pwsh);
            if n + 1 < emitted.requests.len() {
                out.push_str(&wait(
                    pwsh,
                    "once the customer has approved the relationship",
                ));
            }
        }
    }
    if approval_at.is_none()
        && let Some(link) = &emitted.approval_link
    {
        write_link(&mut out, link, pwsh);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::emit::ETAG_PLACEHOLDER;

    fn patch(etag_from: Option<&str>) -> Request {
        let mut headers = std::collections::BTreeMap::new();
        headers.insert(
            "If-Match".to_string(),
            if etag_from.is_some() {
                ETAG_PLACEHOLDER.to_string()
            } else {
                "W/\"JyI0\"".to_string()
            },
        );
        Request {
            method: "PATCH",
            url: format!("https://g/rel/{NEW_ID}"),
            headers,
            body: Some(serde_json::json!({ "autoExtendDuration": "P180D" })),
            comment: "Turn auto-extension on".into(),
            captures: None,
            etag_from: etag_from.map(str::to_string),
            signed_in_as: None,
            then_approval: false,
            seq: None,
            if_still_there: false,
        }
    }

    #[test]
    fn a_request_sent_only_to_make_sure_lets_the_script_go_on_when_it_fails() {
        let request = Request {
            if_still_there: true,
            ..patch(Some("https://g/rel/x"))
        };
        let emitted = Emitted {
            requests: vec![request],
            ..Emitted::default()
        };
        let az = script(&emitted, ScriptFormat::Az);
        // The ETag's GET and the call sit inside the condition, where `set -e` does not stop.
        assert!(
            az.contains("\n# 1. Turn auto-extension on\nif ! {\n# If-Match:")
                && az.contains("--body '{\"autoExtendDuration\":\"P180D\"}'\n}; then echo 'request 1 failed: it was already gone; going on'; fi\n"),
            "{az}"
        );
        let pwsh = script(&emitted, ScriptFormat::Pwsh);
        assert!(
            pwsh.contains("try {\n# If-Match:")
                && pwsh.contains("| Out-Null\n} catch { Write-Output 'request 1 failed: it was already gone; going on' }\n"),
            "{pwsh}"
        );
    }

    #[test]
    fn shell_quotes_survive_apostrophes() {
        assert_eq!(shell_quote("O'Brien"), r"'O'\''Brien'");
        assert_eq!(pwsh_quote("O'Brien"), "'O''Brien'");
    }

    #[test]
    fn placeholders_become_script_variables() {
        let url = format!("https://g/{NEW_ID}/accessAssignments/{{accessAssignmentId:asg-2}}");
        assert_eq!(
            with_variables(&url, false),
            "https://g/$REL_ID/accessAssignments/$ASSIGNMENT_ASG_2"
        );
        assert_eq!(
            with_variables(&url, true),
            "https://g/$relId/accessAssignments/$assignment_asg_2"
        );
    }

    #[test]
    fn a_known_etag_is_passed_as_if_match() {
        let emitted = Emitted {
            requests: vec![patch(None)],
            ..Emitted::default()
        };
        let az = script(&emitted, ScriptFormat::Az);
        assert!(az.contains(r#"--headers 'Content-Type=application/json' 'If-Match=W/"JyI0"'"#));
        let pwsh = script(&emitted, ScriptFormat::Pwsh);
        assert!(pwsh.contains(r#"-Headers @{ 'If-Match' = 'W/"JyI0"' }"#));
    }

    #[test]
    fn an_unknown_etag_is_read_just_before_its_request() {
        let emitted = Emitted {
            requests: vec![patch(Some("https://g/rel/x"))],
            ..Emitted::default()
        };
        let az = script(&emitted, ScriptFormat::Az);
        assert!(az.contains(
            "ETAG=$(az rest --method get --url \"https://g/rel/x\" --query '\"@odata.etag\"' --output tsv)"
        ));
        assert!(az.contains("\"If-Match=$ETAG\""));
        // The relationship id is never given by an earlier request: the script asks for it.
        assert!(
            az.contains(": \"${REL_ID:?set REL_ID to the Graph id of the relationship first}\"")
        );
        let pwsh = script(&emitted, ScriptFormat::Pwsh);
        assert!(pwsh.contains(
            "$etag = (Invoke-MgGraphRequest -Method GET -Uri \"https://g/rel/x\")['@odata.etag']"
        ));
        assert!(pwsh.contains("-Headers @{ 'If-Match' = $etag }"));
        assert!(pwsh.contains("if (-not $relId)"));
    }
}
