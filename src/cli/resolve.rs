//! Turning what a user types into what the core needs: a loaded workspace, ids (a workspace id,
//! or a tenant id, Partner ID or domain, in any case), actors and times. An id that matches
//! nothing is passed through unchanged, so the core refuses it naming WS1; one that matches two
//! records is refused naming ID2.

use std::path::Path;

use super::files::{Holds, MAX_WORKSPACE_BYTES, read_input};
use super::outcome::{Failure, Outcome};
use super::progress::Progress;
use crate::domain::{Actor, Diagnostic, Id, Refusal, RuleId, Time};
use crate::store::lock::{App, LockError};
use crate::store::session::{Mode, Session, SessionError};
use crate::store::{
    Expect, Fingerprint, LoadError, Loaded, Phase, SaveError, Unchecked, check_bytes,
    check_file_with_progress, load_bytes, load_bytes_unchecked, load_file_unchecked_with_progress,
    load_file_with_progress, read_records_of_bytes, read_records_with_progress, save_file,
};
use crate::workspace::Workspace;
use crate::workspace::format::{CheckedFile, Kept, RecordsFile};

/// `-` as the workspace FILE of a command that only reads it: the workspace comes on standard
/// input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The workspace as messages name it: its path, or "standard input" for `-`.
pub fn shown(path: &Path) -> String {
    if is_stdin(path) {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

/// Loads a workspace to inspect it: integrity findings are the caller's to report, but a file
/// whose records the loader had to leave out (a duplicate id) is refused, exit 2: no command can
/// show or keep it whole. `-` reads it from standard input.
pub fn load_to_inspect(path: &Path) -> Result<Loaded, Failure> {
    let loaded = read_to_inspect(path, load_bytes, load_file_with_progress)?;
    refuse_left_out(path, &loaded.left_out)?;
    Ok(loaded)
}

/// A workspace for an import: read whole (refused, exit 2, when records had to be left out)
/// but neither checked nor indexed. The import checks it (`refuse_findings_in`) only when it
/// would change it, or when it fails: an import that changes nothing costs what reading the
/// file and comparing its records cost, and leaves the file's soundness to `check`. No
/// progress line either (the import's pages are read meanwhile, on the same cores, and it
/// shows its own); a re-import that changes nothing never builds the indexes.
pub fn load_unchecked(path: &Path) -> Result<Unchecked, Failure> {
    let loaded = read_showing(
        path,
        load_bytes_unchecked,
        load_file_unchecked_with_progress,
        false,
    )?;
    refuse_left_out(path, &loaded.left_out)?;
    Ok(loaded)
}

/// Refuses, exit 2, the workspace read from `path` without a check (`load_unchecked`) when
/// `check` finds anything in it: what `load` refuses, asked when the file is about to change.
pub fn refuse_findings_in(path: &Path, ws: &Workspace) -> Result<(), Failure> {
    let findings = crate::workspace::check(ws);
    if findings.is_empty() {
        return Ok(());
    }
    Err(findings_failure(path, "integrity problems", &findings))
}

/// Reads and checks a file for `check` (no indexes built), refused like `load_to_inspect`.
pub fn check_to_inspect(path: &Path) -> Result<CheckedFile, Failure> {
    let checked = read_to_inspect(path, check_bytes, check_file_with_progress)?;
    refuse_left_out(path, &checked.left_out)?;
    Ok(checked)
}

/// Reads a file's records for `review` (neither checked nor indexed; only the arrays `kept`
/// names are built), refused like `load_to_inspect` when records had to be left out.
pub fn records_to_inspect(path: &Path, kept: Kept) -> Result<RecordsFile, Failure> {
    let read = read_to_inspect(
        path,
        |bytes| read_records_of_bytes(bytes, kept),
        |path, progress| read_records_with_progress(path, progress, kept),
    )?;
    refuse_left_out(path, &read.left_out)?;
    Ok(read)
}

/// A workspace read by `from_bytes` from standard input (`-`) or by `from_file` with the
/// loading progress on stderr, a crashed session's unsaved actions mentioned first.
fn read_to_inspect<T>(
    path: &Path,
    from_bytes: impl FnOnce(&[u8]) -> Result<T, LoadError>,
    from_file: impl FnOnce(&Path, &dyn Fn(Phase)) -> Result<T, LoadError>,
) -> Result<T, Failure> {
    read_showing(path, from_bytes, from_file, true)
}

/// `read_to_inspect`, with its progress line only when `shown`.
fn read_showing<T>(
    path: &Path,
    from_bytes: impl FnOnce(&[u8]) -> Result<T, LoadError>,
    from_file: impl FnOnce(&Path, &dyn Fn(Phase)) -> Result<T, LoadError>,
    shown: bool,
) -> Result<T, Failure> {
    if is_stdin(path) {
        from_bytes(&read_input("-", MAX_WORKSPACE_BYTES, Holds::Json)?)
    } else {
        warn_of_unsaved_actions(path);
        let progress = if shown {
            Progress::loading(path)
        } else {
            Progress::new(false)
        };
        from_file(path, &|phase| progress.phase(phase))
    }
    .map_err(|err| load_failure(path, &err.to_string()))
}

/// A changing command was given `-`: standard input can be read, never saved back to.
pub fn refuse_stdin_to_write(path: &Path) -> Result<(), Failure> {
    if !is_stdin(path) {
        return Ok(());
    }
    Err(Failure::usage(
        "`-` (standard input) is only for commands that read a workspace; this one changes it: name its file",
    ))
}

/// A reader is shown the file without the actions a crashed session journaled: one line says so.
fn warn_of_unsaved_actions(path: &Path) {
    let target = crate::store::save_target(path).unwrap_or_else(|_| path.to_path_buf());
    if crate::store::journal::left_by_a_crash(&target) {
        let file = path.display();
        super::sink::error(&format!(
            "warning: {file} has unsaved actions of a session that ended without saving, not shown here; `partnerdesk recover {file}` saves them"
        ));
    }
}

fn refuse_left_out(path: &Path, left_out: &[Diagnostic]) -> Result<(), Failure> {
    if left_out.is_empty() {
        return Ok(());
    }
    Err(findings_failure(
        path,
        "records with an id already used by an earlier record of their kind",
        left_out,
    ))
}

/// Loads a workspace to use it (list, show, history): refused, exit 2, unless it is whole and
/// clean: a broken file is for `check` to explain, never to build on.
pub fn load(path: &Path) -> Result<Loaded, Failure> {
    refuse_findings(path, load_to_inspect(path)?)
}

fn refuse_findings(path: &Path, loaded: Loaded) -> Result<Loaded, Failure> {
    if !loaded.diagnostics.is_empty() {
        return Err(findings_failure(
            path,
            "integrity problems",
            &loaded.diagnostics,
        ));
    }
    Ok(loaded)
}

/// Opens a workspace for a changing command: takes the writer's lock (exit 2 naming the holder
/// when a terminal app or another command has it), refuses a pending crash journal, refuses a
/// file with findings. The file is untouched on every refusal.
pub fn open_to_write(path: &Path) -> Result<Session, Failure> {
    refuse_stdin_to_write(path)?;
    let progress = Progress::loading(path);
    let session = Session::open_with_progress(path, Mode::MustWrite, App::Cli, &|phase| {
        progress.phase(phase)
    })
    .map_err(|err| open_failure(path, err))?;
    drop(progress);
    if !session.left_out().is_empty() {
        return Err(findings_failure(
            path,
            "records with an id already used by an earlier record of their kind",
            session.left_out(),
        ));
    }
    if !session.diagnostics().is_empty() {
        return Err(findings_failure(
            path,
            "integrity problems",
            session.diagnostics(),
        ));
    }
    Ok(session)
}

/// `open_to_write` for a command that repairs what the file's findings are about (`resolve`
/// answering a merge's conflicts): findings do not stop it, records left out (WS1) still do,
/// and the core checks each change it makes.
pub fn open_to_repair(path: &Path) -> Result<Session, Failure> {
    refuse_stdin_to_write(path)?;
    let progress = Progress::loading(path);
    let session = Session::open_with_progress(path, Mode::MustWrite, App::Cli, &|phase| {
        progress.phase(phase)
    })
    .map_err(|err| open_failure(path, err))?;
    drop(progress);
    if !session.left_out().is_empty() {
        return Err(findings_failure(
            path,
            "records with an id already used by an earlier record of their kind",
            session.left_out(),
        ));
    }
    Ok(session)
}

/// Takes the writer's lock for a command that loaded the file itself and now saves it: exit 2
/// naming the holder when it is taken, or when a crash journal waits for `recover`.
pub fn lock_to_write(path: &Path) -> Result<crate::store::lock::Lock, Failure> {
    refuse_stdin_to_write(path)?;
    let target = crate::store::save_target(path).unwrap_or_else(|_| path.to_path_buf());
    let lock = crate::store::lock::Lock::acquire(&target, App::Cli)
        .map_err(|err| open_failure(path, SessionError::Locked(err)))?;
    let pending = crate::store::journal::read(&target)
        .map_err(|err| open_failure(path, SessionError::Journal(err)))?;
    if !pending.is_empty() || pending.torn_tail.is_some() {
        return Err(open_failure(
            path,
            SessionError::JournalPending {
                path: target,
                entries: pending.entries.len(),
            },
        ));
    }
    Ok(lock)
}

pub fn open_failure(path: &Path, err: SessionError) -> Failure {
    match err {
        SessionError::Load(err) => load_failure(path, &err.to_string()),
        SessionError::Locked(LockError::Held { holder, .. }) => {
            let who = holder.map_or_else(
                || "another partnerdesk process".to_string(),
                |h| h.to_string(),
            );
            Failure::usage(format!("{} is locked by {who}", path.display())).with_detail(
                "nothing was changed; try again when it has finished (or close the terminal app)",
            )
        }
        other => Failure::usage(other.to_string()).with_detail("nothing was changed"),
    }
}

pub fn save_failure(path: &Path, err: SessionError) -> Failure {
    match err {
        SessionError::ChangedOnDisk { .. } => Failure::usage(err.to_string()),
        SessionError::Journal(_) => Failure::usage(format!(
            "saved {}, but its journal could not be removed",
            path.display()
        ))
        .with_detail(err.to_string()),
        other => Failure::usage(other.to_string()),
    }
}

fn load_failure(path: &Path, message: &str) -> Failure {
    Failure::usage(format!("cannot load {}: {message}", shown(path)))
}

fn findings_failure(path: &Path, what: &str, findings: &[Diagnostic]) -> Failure {
    let mut failure = Failure::usage(format!(
        "cannot use {}: it has {} {what}; `partnerdesk check {}` lists them",
        shown(path),
        findings.len(),
        path.display()
    ));
    for finding in findings.iter().take(5) {
        failure = failure.with_detail(finding.to_string());
    }
    if findings.len() > 5 {
        failure = failure.with_detail(format!("and {} more", findings.len() - 5));
    }
    failure.with_detail("the file was left as it was")
}

pub fn now(given: Option<&str>) -> Result<Time, Failure> {
    match given {
        Some(text) => Time::parse(text).map_err(|err| Failure::usage(format!("--now: {err}"))),
        None => Ok(Time(jiff::Timestamp::now())),
    }
}

/// A customer named by its id, tenant id or primary domain (any case). A text that names two
/// customers (an older file that breaks ID1 or ID2) is refused rather than guessed.
pub fn customer(ws: &Workspace, text: &str) -> Result<Id, Failure> {
    let text = text.trim();
    let id = Id::new(text);
    if ws.customer(&id).is_some() {
        return Ok(id);
    }
    let mut found = ws.customers().filter(|c| {
        c.id.as_str().eq_ignore_ascii_case(text)
            || c.tenant_id.eq_ignore_ascii_case(text)
            || c.domain.eq_ignore_ascii_case(text)
    });
    let first = found.next().map(|c| c.id.clone());
    match (first, found.next()) {
        (Some(first), Some(second)) => Err(ambiguous("customer", text, &first, &second.id)),
        (first, _) => Ok(first.unwrap_or(id)),
    }
}

/// A partner named by its id, tenant id or Partner ID. A text that names two partners (an older
/// file that breaks ID1 or ID2) is refused rather than guessed.
pub fn partner(ws: &Workspace, text: &str) -> Result<Id, Failure> {
    let text = text.trim();
    let id = Id::new(text);
    if ws.partner(&id).is_some() {
        return Ok(id);
    }
    let mut found = ws.partners().filter(|p| {
        p.id.as_str().eq_ignore_ascii_case(text)
            || p.tenant_id.eq_ignore_ascii_case(text)
            || p.partner_id == text
    });
    let first = found.next().map(|p| p.id.clone());
    match (first, found.next()) {
        (Some(first), Some(second)) => Err(ambiguous("partner", text, &first, &second.id)),
        (first, _) => Ok(first.unwrap_or(id)),
    }
}

/// `text` names two records of `kind`: refused naming ID2 (which keeps a Partner ID or a
/// domain to one record; ID1 does the same for tenants), exit 1.
fn ambiguous(kind: &str, text: &str, first: &Id, second: &Id) -> Failure {
    let refusal = Refusal::new(
        RuleId::ID2,
        format!(
            "`{text}` names both {kind} `{first}` and {kind} `{second}`; name the {kind} by its workspace id"
        ),
    );
    Failure::refused(&refusal)
        .with_detail("`partnerdesk check` lists the records that share an identifier")
}

pub fn actor(ws: &Workspace, text: &str) -> Result<Actor, Failure> {
    let actor = Actor::parse(text).map_err(|err| Failure::usage(format!("--as: {err}")))?;
    Ok(match actor {
        Actor::Partner(id) => Actor::Partner(partner(ws, id.as_str())?),
        Actor::Customer(id) => Actor::Customer(customer(ws, id.as_str())?),
        Actor::Operator => Actor::Operator,
    })
}

/// The ids of records the core looks up itself: only the case is matched here, so an id that
/// matches nothing reaches the core unchanged (which refuses it, naming WS1).
pub fn invitation(ws: &Workspace, text: &str) -> Id {
    record(
        text,
        |id| ws.invitation(id).is_some(),
        ws.invitations().map(|i| i.id.clone()),
    )
}

pub fn relationship(ws: &Workspace, text: &str) -> Id {
    record(
        text,
        |id| ws.relationship(id).is_some(),
        ws.relationships().map(|r| r.id.clone()),
    )
}

pub fn subscription(ws: &Workspace, text: &str) -> Id {
    record(
        text,
        |id| ws.subscription(id).is_some(),
        ws.subscriptions().map(|s| s.id.clone()),
    )
}

pub fn assignment(ws: &Workspace, text: &str) -> Id {
    record(
        text,
        |id| ws.assignment(id).is_some(),
        ws.assignments().map(|a| a.id.clone()),
    )
}

/// An id of a record the core will look up itself; matched without regard to case.
fn record(text: &str, exists: impl Fn(&Id) -> bool, all: impl Iterator<Item = Id>) -> Id {
    let id = Id::new(text.trim());
    if exists(&id) {
        return id;
    }
    all.into_iter()
        .find(|candidate| candidate.as_str().eq_ignore_ascii_case(text.trim()))
        .unwrap_or(id)
}

/// Saves a workspace the command loaded itself (`expected`: the fingerprint it was loaded
/// with; `None` when it found no file and creates it), under the writer's lock.
pub fn save(path: &Path, ws: &Workspace, expected: Option<Fingerprint>) -> Outcome {
    // A write like any other: refused while the terminal app (or another command) holds the
    // file, or while a crash journal waits for `recover`; a change since loading is caught by
    // the fingerprint, and a file another command created since this one found none is kept.
    let lock = lock_to_write(path)?;
    save_file(
        &lock,
        path,
        ws,
        expected.map_or(Expect::Nothing, Expect::Loaded),
    )
    .map(|_| ())
    .map_err(|err| match err {
        SaveError::ChangedOnDisk { .. } => Failure::usage(err.to_string()),
        SaveError::Appeared { .. } => Failure::usage(err.to_string())
            .with_detail("nothing was written; run the command again to add to that file"),
        SaveError::Io { .. } => {
            Failure::usage(err.to_string()).with_detail("the file on disk was left as it was")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BillingModel, Customer, Partner};
    use crate::workspace::WorkspaceFile;

    /// An older file, written before ID1 and ID2: two partners share a Partner ID, two
    /// customers a domain (in another case).
    fn older_file() -> Workspace {
        let partner = |id: &str, tenant: &str| Partner {
            id: Id::new(id),
            display_name: id.into(),
            partner_id: "4851207".into(),
            tenant_id: tenant.into(),
            billing_model: BillingModel::DirectBill,
            specialties: Vec::new(),
            providers: Vec::new(),
            source: None,
        };
        let customer = |id: &str, domain: &str, tenant: &str| Customer {
            external_id: None,
            id: Id::new(id),
            tenant_id: tenant.into(),
            display_name: id.into(),
            domain: domain.into(),
            country: "US".into(),
            is_csp_partner: false,
            source: None,
        };
        let file = WorkspaceFile {
            partners: vec![
                partner("relecloud", "f3c95789-ace1-4954-ac5d-6baed2eac902"),
                partner("relecloud-2", "cbf27734-ac10-4525-8b66-402800e03d2c"),
            ],
            customers: vec![
                customer(
                    "contoso",
                    "contoso.com",
                    "0ecaf828-e2f7-4553-8fcc-69d79561a0d1",
                ),
                customer(
                    "contoso-2",
                    "CONTOSO.com",
                    "73f80e52-a369-48b5-a441-4c46f147ecf9",
                ),
            ],
            ..WorkspaceFile::default()
        };
        Workspace::from_file(file).0
    }

    #[test]
    fn a_partner_id_two_partners_share_is_refused_naming_id2_not_guessed() {
        let ws = older_file();
        let failure = actor(&ws, "partner:4851207").unwrap_err();
        assert_eq!(failure.code, 1);
        assert!(
            failure.headline.starts_with("refused: ID2: "),
            "{failure:?}"
        );
        assert!(
            failure.headline.contains("`relecloud`") && failure.headline.contains("`relecloud-2`")
        );
        // Named by its workspace id or its own tenant, each is still found.
        assert_eq!(
            actor(&ws, "partner:relecloud-2").unwrap(),
            Actor::Partner(Id::new("relecloud-2"))
        );
        assert_eq!(
            partner(&ws, "CBF27734-AC10-4525-8B66-402800E03D2C").unwrap(),
            Id::new("relecloud-2")
        );
    }

    #[test]
    fn a_domain_two_customers_share_is_refused_naming_id2() {
        let ws = older_file();
        let failure = customer(&ws, "contoso.COM").unwrap_err();
        assert!(
            failure.headline.starts_with("refused: ID2: "),
            "{failure:?}"
        );
        assert_eq!(customer(&ws, "contoso").unwrap(), Id::new("contoso"));
        assert_eq!(
            customer(&ws, "nobody").unwrap(),
            Id::new("nobody"),
            "passed through for WS1"
        );
    }
}
