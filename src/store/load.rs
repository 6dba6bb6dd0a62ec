//! Loading: a file or bytes → `Workspace` (indexed, with its integrity findings),
//! `CheckedFile` (checked, not indexed) or `Unchecked` (neither). Reading is `read_file`'s,
//! parsing `parse_text`'s.

use std::path::Path;

use super::fingerprint::{Fingerprint, fingerprint};
use super::parse_text::{LoadError, parse_text_of};
use super::progress::Phase;
use super::read_file::read_file;
use crate::domain::Diagnostic;
use crate::workspace::Workspace;
use crate::workspace::format::{CheckedFile, Kept, RecordsFile};

/// A workspace read from a file, with its integrity findings (WS1–WS4 and broken rules).
#[derive(Debug)]
pub struct Loaded {
    pub workspace: Workspace,
    /// Every finding: the records left out (below) and what `check` found.
    pub diagnostics: Vec<Diagnostic>,
    pub fingerprint: Fingerprint,
    /// Records left out because an earlier record of their kind has the same id (WS1). A file with
    /// any cannot be saved back without losing them, so the faces refuse to change it.
    pub left_out: Vec<Diagnostic>,
}

/// Parses a workspace from bytes. Format problems are errors; integrity problems are diagnostics.
pub fn parse_workspace(bytes: &[u8]) -> Result<(Workspace, Vec<Diagnostic>), LoadError> {
    let (workspace, mut left_out, found) = parse_parts(bytes)?;
    left_out.extend(found);
    Ok((workspace, left_out))
}

/// Parses a workspace: the records left out for a duplicate id, then what `check` finds.
fn parse_parts(bytes: &[u8]) -> Result<(Workspace, Vec<Diagnostic>, Vec<Diagnostic>), LoadError> {
    Ok(Workspace::from_file_checked(parse_text_of(bytes)?))
}

/// Reads and parses a workspace file. Only a regular file is opened: a FIFO would block the
/// read forever, a device would never end.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    load_file_with_progress(path, &|_| {})
}

/// `load_file`, telling `progress` each phase as it starts (and the bytes read so far).
pub fn load_file_with_progress(path: &Path, progress: &dyn Fn(Phase)) -> Result<Loaded, LoadError> {
    let (fingerprint, file) = read_file(path, progress, Kept::ALL)?;
    progress(Phase::Indexing);
    let (workspace, left_out, found) = Workspace::from_file_checked(file);
    let mut diagnostics = left_out.clone();
    diagnostics.extend(found);
    Ok(Loaded {
        workspace,
        diagnostics,
        fingerprint,
        left_out,
    })
}

/// A workspace read from a file but not checked: for a command that checks it only when it is
/// about to change it (`import`, which most often changes nothing). Not indexed either
/// (`Workspace::without_indexes`): the first question that needs an index builds them.
#[derive(Debug)]
pub struct Unchecked {
    pub workspace: Workspace,
    pub fingerprint: Fingerprint,
    /// Records left out because an earlier record of their kind has the same id (WS1): known
    /// from the reading itself, unlike what `check` would find.
    pub left_out: Vec<Diagnostic>,
}

/// Reads and parses a workspace file as `load_file_with_progress` does, without checking its
/// records or building their indexes.
pub fn load_file_unchecked_with_progress(
    path: &Path,
    progress: &dyn Fn(Phase),
) -> Result<Unchecked, LoadError> {
    let (fingerprint, file) = read_file(path, progress, Kept::ALL)?;
    progress(Phase::Indexing);
    let (workspace, left_out) = RecordsFile::of(file).into_parts();
    Ok(Unchecked {
        workspace,
        fingerprint,
        left_out,
    })
}

/// `load_file_unchecked_with_progress` for a workspace already in memory.
pub fn load_bytes_unchecked(bytes: &[u8]) -> Result<Unchecked, LoadError> {
    crate::allocator::fit_pages_to_file(bytes.len() as u64);
    let (workspace, left_out) = RecordsFile::of(parse_text_of(bytes)?).into_parts();
    Ok(Unchecked {
        workspace,
        fingerprint: fingerprint(bytes),
        left_out,
    })
}

/// What `check` needs of a file, read and checked exactly as `load_file` does but without
/// building the indexes that only using a workspace needs.
pub fn check_file(path: &Path) -> Result<CheckedFile, LoadError> {
    check_file_with_progress(path, &|_| {})
}

/// `check_file`, telling `progress` each phase as it starts.
pub fn check_file_with_progress(
    path: &Path,
    progress: &dyn Fn(Phase),
) -> Result<CheckedFile, LoadError> {
    let (_, file) = read_file(path, progress, Kept::ALL)?;
    progress(Phase::Indexing);
    Ok(CheckedFile::of(file))
}

/// `load_file` for a workspace already in memory (read from standard input): the same parse,
/// limits and findings; only reading it was someone else's.
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, LoadError> {
    crate::allocator::fit_pages_to_file(bytes.len() as u64);
    let file = parse_text_of(bytes)?;
    let (workspace, left_out, found) = Workspace::from_file_checked(file);
    let mut diagnostics = left_out.clone();
    diagnostics.extend(found);
    Ok(Loaded {
        workspace,
        diagnostics,
        fingerprint: fingerprint(bytes),
        left_out,
    })
}

/// `check_file` for a workspace already in memory (read from standard input).
pub fn check_bytes(bytes: &[u8]) -> Result<CheckedFile, LoadError> {
    crate::allocator::fit_pages_to_file(bytes.len() as u64);
    Ok(CheckedFile::of(parse_text_of(bytes)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MAX_STRING_BYTES;
    use crate::tables::id::Id;
    use crate::workspace::format::{FORMAT_NAME, FORMAT_VERSION};

    #[test]
    fn bytes_load_and_check_as_the_same_file_would() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.json");
        let text = format!(
            r#"{{"format":"{FORMAT_NAME}","version":{FORMAT_VERSION},"name":"t","customers":[{{"id":"c","tenantId":"NOT-A-GUID","displayName":"C","domain":"c.com","country":"US"}}]}}"#
        );
        std::fs::write(&path, &text).unwrap();
        let from_file = load_file(&path).unwrap();
        let from_bytes = load_bytes(text.as_bytes()).unwrap();
        assert_eq!(from_bytes.fingerprint, from_file.fingerprint);
        assert_eq!(from_bytes.diagnostics, from_file.diagnostics);
        assert!(!from_bytes.diagnostics.is_empty(), "the ID3 finding");
        assert_eq!(
            check_bytes(text.as_bytes()).unwrap().findings,
            check_file(&path).unwrap().findings
        );
        // The same limits: one overlong text value is refused, as from a file.
        let long = format!(
            r#"{{"format":"{FORMAT_NAME}","version":1,"name":"{}"}}"#,
            "x".repeat(MAX_STRING_BYTES + 1)
        );
        assert!(matches!(
            load_bytes(long.as_bytes()),
            Err(LoadError::StringTooLong { .. })
        ));
        assert!(matches!(check_bytes(b""), Err(LoadError::Syntax { .. })));
    }

    #[test]
    fn a_file_checked_after_an_unchecked_load_has_the_findings_of_a_checked_load() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut with_findings = 0;
        for name in [
            "format-1-demo.json",
            "hostile/dangling-customer.json",
            "hostile/dangling-invitation.json",
            "hostile/dangling-partner.json",
            "hostile/duplicate-ids.json",
        ] {
            let path = fixtures.join(name);
            let checked = load_file(&path).unwrap();
            let unchecked = load_file_unchecked_with_progress(&path, &|_| {}).unwrap();
            assert_eq!(unchecked.fingerprint, checked.fingerprint, "{name}");
            assert_eq!(unchecked.left_out, checked.left_out, "{name}");
            let mut found = unchecked.left_out.clone();
            found.extend(crate::workspace::check(&unchecked.workspace));
            assert_eq!(found, checked.diagnostics, "{name}");
            with_findings += usize::from(!found.is_empty());
        }
        assert_eq!(with_findings, 4, "every hostile file has findings");
    }

    #[test]
    fn a_file_loaded_unchecked_answers_every_question_as_the_indexed_load() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format-1-demo.json");
        let indexed = load_file(&path).unwrap();
        let unindexed = load_file_unchecked_with_progress(&path, &|_| {}).unwrap();
        let (ws, unbuilt) = (&indexed.workspace, &unindexed.workspace);
        assert!(!unbuilt.index_is_built(), "nothing asked yet");
        let ids = |ids: Vec<&Id>| ids.into_iter().map(Id::to_string).collect::<Vec<_>>();
        let mut asked = 0;
        for c in ws.customers() {
            let answers = |w: &Workspace| {
                (
                    ids(w.relationships_of_customer(&c.id).map(|r| &r.id).collect()),
                    ids(w.invitations_of_customer(&c.id).map(|i| &i.id).collect()),
                    ids(w.subscriptions_of_customer(&c.id).map(|s| &s.id).collect()),
                )
            };
            let answered = answers(ws);
            asked += answered.0.len() + answered.1.len() + answered.2.len();
            assert_eq!(answers(unbuilt), answered, "{}", c.id);
        }
        assert!(asked > 0, "the demo's customers have records");
        assert!(unbuilt.index_is_built(), "built at the first question");
        for p in ws.partners() {
            let of =
                |w: &Workspace| ids(w.relationships_of_partner(&p.id).map(|r| &r.id).collect());
            assert_eq!(of(unbuilt), of(ws), "{}", p.id);
        }
    }

    #[test]
    fn a_load_error_keeps_the_error_beneath_it_as_its_source() {
        use std::error::Error;
        let dir = tempfile::tempdir().unwrap();
        let err = load_file(&dir.path().join("missing.json")).unwrap_err();
        let io = err
            .source()
            .and_then(|s| s.downcast_ref::<std::io::Error>());
        assert_eq!(
            io.map(std::io::Error::kind),
            Some(std::io::ErrorKind::NotFound)
        );
        // The message is the one it always was: the I/O error's text after the path.
        assert!(err.to_string().starts_with("cannot read "));
        let err = parse_workspace(b"{\"format\": ").unwrap_err();
        assert!(matches!(err, LoadError::Syntax { .. }));
        assert!(err.source().is_some_and(|s| s.is::<serde_json::Error>()));
        let err = parse_workspace(b"[]").unwrap_err();
        assert!(err.source().is_none(), "partnerdesk's own finding has none");
    }
}
