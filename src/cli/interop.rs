//! `import`, `export`, `emit` and bulk `invite --customers-from`: the command-line faces of
//! `crate::interop`. This file reads and writes files; everything it decides goes through the
//! core (`apply`, `imported::review`), and a file is written only when that accepted it.

mod bulk;

pub use bulk::{BulkInvite, bulk_invite};

use std::path::Path;
use std::time::Instant;

use serde_json::json;

use super::args::{EmitArgs, ExportArgs, FormatArg, ImportArgs, ScriptArg, ViewArg};
use super::files::write_atomically;
use super::outcome::{Failure, Outcome};
use super::progress::Progress;
use super::resolve::save;
use super::{output, resolve};
use super::{renewal_chart, sink};
use crate::display::inert;
use crate::domain::events::Telling;
use crate::domain::imported::slug;
use crate::domain::renewal_outlook::Outlook;
use crate::domain::rules::identity::parsed_guid;
use crate::domain::*;
use crate::interop::digests::Completing;
use crate::interop::summary::{SlowestPage, Summary};
use crate::interop::{
    self, Digesting, DigestingSource, Source, emit as emit_mod, export as export_mod,
};
use crate::store::inputs::{SourceName, source_names};
use crate::workspace::Workspace;
use crate::workspace::format::{FORMAT_NAME, FORMAT_VERSION, WorkspaceFile};

/// The partner the import is for, created (by the operator, before the import) when missing.
fn importer(
    ws: &Workspace,
    args: &ImportArgs,
    plan: &interop::Plan,
    now: Time,
) -> Result<(Workspace, Id), Failure> {
    let text = match Actor::parse(&args.actor)
        .map_err(|err| Failure::usage(format!("--as: {err}")))?
    {
        Actor::Partner(id) => id.to_string(),
        other => {
            return Err(Failure::usage(format!(
                "--as {other}: an import is done as the partner whose exports these are (partner:ID)"
            )));
        }
    };
    let id = resolve::partner(ws, &text)?;
    if ws.partner(&id).is_some() {
        return Ok((ws.clone(), id));
    }
    // `--as partner:GUID` names the new partner's tenant when --partner-tenant does not.
    let tenant = args.partner_tenant.clone().or_else(|| parsed_guid(&text));
    let (Some(name), Some(tenant)) = (
        args.partner_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty()),
        tenant,
    ) else {
        return Err(Failure::usage(format!(
            "partner `{text}` is not in {}",
            args.file.display()
        ))
        .with_detail("give --partner-name NAME and --partner-tenant GUID to create it"));
    };
    let partner_id = args
        .partner_id
        .clone()
        .or_else(|| {
            text.chars()
                .all(|c| c.is_ascii_digit())
                .then(|| text.clone())
        })
        .unwrap_or_default();
    let new_id = {
        let base = slug(name, "partner");
        let mut id = base.clone();
        let mut n = 1;
        while ws.partner(&id).is_some() {
            n += 1;
            id = Id::new(format!("{base}-{n}"));
        }
        id
    };
    let partner = Partner {
        id: new_id.clone(),
        display_name: name.into(),
        partner_id: partner_id.trim().to_string(),
        // Brought to the stored spelling by the core, which refuses a text that is no GUID (ID3).
        tenant_id: tenant,
        // An indirect reseller names a provider (IV4), and the import is what links one: the
        // partner starts as direct-bill and the import makes it a reseller as it links it.
        billing_model: match plan.billing_model() {
            BillingModel::IndirectReseller => BillingModel::DirectBill,
            other => other,
        },
        specialties: Vec::new(),
        providers: Vec::new(),
        source: None,
    };
    let applied = apply(ws, &Actor::Operator, &Action::AddPartner { partner }, now)
        .map_err(|r| Failure::refused(&r))?;
    Ok((applied.workspace, new_id))
}

pub fn import(args: ImportArgs) -> Outcome {
    resolve::refuse_stdin_to_write(&args.file)?;
    let now = resolve::now(args.now.as_deref())?;
    // Pages are read one at a time as the import reaches them, and dropped once read: only the
    // records they hold stay.
    let sources = source_names(&args.sources)?;
    if let Some(missing) = sources
        .iter()
        .find(|s| s.read != "-" && !Path::new(&s.read).is_file())
    {
        missing.read()?;
    }
    let sizes: Vec<u64> = sources.iter().map(SourceName::size).collect();
    // Huge pages only for a large import: the pages' records and the workspace they go into
    // (a small one is mostly partly used 2 MiB pages otherwise). Loading the workspace fits
    // the pages to its file again, which decides the same unless the pages alone tip it.
    let workspace_bytes = std::fs::metadata(&args.file).map_or(0, |m| m.len());
    crate::allocator::fit_pages_to_file(sizes.iter().sum::<u64>() + workspace_bytes);
    let new_progress =
        || Progress::new(sizes.iter().sum::<u64>() >= super::progress::SHOW_FROM_BYTES);
    // Freed memory goes back to the system at once while a workspace loads alone (its peak),
    // and is kept for reuse once it has, or while pages are read beside it: the pages and
    // records the import frees make room for the ones it makes.
    let _keep_freed;
    // The workspace loads on another thread while the pages are read, unless reading them
    // needs it (`--relationship` names one of its relationships). Its errors come first.
    let (loaded, read, progress) = if args.file.exists() && args.relationship.is_none() {
        let progress = new_progress();
        // Each page's buffer and parsed records, freed and handed back at once, would come
        // back as fresh memory for the next page, zeroed by the kernel (a tenth of a
        // re-import's time; the peak grows by a tenth of the workspace).
        _keep_freed = crate::allocator::keep_freed_memory();
        let (loaded, read) = std::thread::scope(|scope| {
            let loading = scope.spawn(|| resolve::load_unchecked(&args.file));
            // Merged as far as it can be while the workspace is still loading.
            let read = read_pages(
                &sources,
                &sizes,
                (None, digesting(&args, &sources)),
                &progress,
            )
            .map(|(read, slowest)| (read.merged(), slowest));
            let loaded = loading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (loaded, read)
        });
        let loaded = loaded?;
        let known = workspace_known(&args, loaded.workspace, Some(loaded.fingerprint))?;
        (known, read, progress)
    } else {
        let loaded = if args.file.exists() {
            let loaded = resolve::load_unchecked(&args.file)?;
            (loaded.workspace, Some(loaded.fingerprint))
        } else {
            (new_workspace(&args.file), None)
        };
        _keep_freed = crate::allocator::keep_freed_memory();
        let loaded = workspace_known(&args, loaded.0, loaded.1)?;
        let relationship = args
            .relationship
            .as_deref()
            .map(|r| resolve::relationship(&loaded.0, r).to_string());
        let progress = new_progress();
        let read = read_pages(
            &sources,
            &sizes,
            (relationship.as_deref(), digesting(&args, &sources)),
            &progress,
        )
        .map(|(read, slowest)| (read.merged(), slowest));
        (loaded, read, progress)
    };
    let (ws, fingerprint, known) = loaded;
    let findings_first = findings_first(&args.file, &ws, fingerprint.is_some());
    let (read, slowest) = read
        .map_err(|err| match err {
            PagesError::Unreadable(failure) => failure,
            PagesError::Format(err) => Failure::usage(format!("cannot import: {err}"))
                .with_detail(format!("nothing was written to {}", args.file.display())),
        })
        .map_err(&findings_first)?;
    let mut plan = read.into_plan(&ws, ws.partner(&known).map(|p| &p.id));
    let (start, importer) = importer(&ws, &args, &plan, now).map_err(&findings_first)?;
    // What complete exports list, taken before the core consumes the records.
    let listed = args.complete.then(|| interop::complete::Listed::of(&plan));
    let actor = Actor::Partner(importer.clone());
    progress.step("applying the records under the rules");
    // The summary counts what the report says; of the events, only the audit entry's few are
    // written out.
    let (applied, report) =
        apply_plan(&args, &sources, (&start, &actor), &mut plan, now).map_err(&findings_first)?;
    let created_partner = ws.partner(&importer).is_none();
    let changed = created_partner || !applied.is_noop() || fingerprint.is_none();
    // Checked only now, when the import would change the file (with `--dry-run` too, which
    // says what it would do) or leaves a record out (which may be the file's own fault): its
    // findings come first. One that changes nothing and leaves nothing out leaves the file
    // as it found it.
    if (changed || !report.left_out.is_empty()) && fingerprint.is_some() {
        progress.step("checking the workspace");
        resolve::refuse_findings_in(&args.file, &ws)?;
    }
    let written = changed && !args.dry_run;
    let missing = listed.map_or_else(Vec::new, |listed| {
        interop::complete::missing(&applied.workspace, &importer, &listed)
    });
    let workspace = applied.workspace;
    if written {
        progress.step("saving");
        save(&args.file, &workspace, fingerprint)?;
    }
    drop((progress, findings_first));
    std::mem::forget((workspace, ws));
    let summary = Summary {
        plan: &plan,
        report: &report,
        missing: &missing,
        slowest,
    };
    print_summary(&args, &summary, &start, &importer, written, changed);
    std::mem::forget((start, plan));
    Ok(())
}

/// When the pages' digests are made. A re-import most often changes nothing and then needs
/// none: they are made from the files again if it changes something (`apply_plan`). Not into
/// a new workspace (everything is added), nor for standard input (read once), nor a page
/// named twice (the merge breaks a tie between its copies by digest), nor `--json` (its
/// summary lists every page's digest).
fn digesting(args: &ImportArgs, sources: &[SourceName]) -> Digesting {
    let mut names = std::collections::HashSet::with_capacity(sources.len());
    let each_named_once = sources.iter().all(|s| names.insert(s.shown.as_str()));
    let read_again = sources.iter().all(|s| s.read != "-");
    if args.file.exists() && !args.json && each_named_once && read_again {
        Digesting::Later
    } else {
        Digesting::AsRead
    }
}

/// `plan` applied by the core, in one pass. When its digests were left for later they are
/// made only if it changes something, as the core finds that (before it puts a record), from
/// the files, which must still hold what was read.
fn apply_plan(
    args: &ImportArgs,
    sources: &[SourceName],
    (ws, actor): (&Workspace, &Actor),
    plan: &mut interop::Plan,
    now: Time,
) -> Result<(Applied<Workspace>, crate::domain::imported::ImportReport), Failure> {
    let how = (args.strict, Telling::Summary);
    let refused = |r: Refusal| Failure::refused(&r).with_detail("nothing was imported");
    if plan.sources.iter().all(|s| s.digest_later.is_none()) {
        return interop::importing::apply(ws, actor, plan, how, now).map_err(refused);
    }
    let nothing_written = || format!("nothing was written to {}", args.file.display());
    let read_again = |index: usize| match sources.get(index) {
        Some(name) => {
            crate::store::fault::check("import-read-again").map_err(|err| {
                Failure::usage(format!("cannot read {} again: {err}", inert(&name.shown)))
            })?;
            name.read().map_err(Failure::from)
        }
        None => Err(Failure::usage(
            "a page was lost between its reading and its digest",
        )),
    };
    // Why the digests could not be made, when they could not.
    let mut stopped = None;
    let complete = |sources: &mut [interop::SourceSummary]| {
        interop::digests::complete(sources, read_again)
            .map_err(|why| stopped = Some(why))
            .is_ok()
    };
    match interop::importing::apply_completing(ws, actor, plan, how, now, complete)
        .map_err(refused)?
    {
        Ok(applied) => Ok(applied),
        Err(_) => Err(match stopped {
            Some(Completing::Unreadable(failure)) => failure.with_detail(nothing_written()),
            Some(Completing::Changed(changed)) => Failure::usage(format!(
                "cannot import: {} changed while it was being imported",
                inert(&changed.file)
            ))
            .with_detail("its records may not be what it holds now: import it again")
            .with_detail(nothing_written()),
            None => Failure::usage("cannot import: the pages' digests were not made")
                .with_detail(nothing_written()),
        }),
    }
}

/// A new workspace for an import into a file that does not exist yet, named after the file.
fn new_workspace(file: &Path) -> Workspace {
    let name = file.file_stem().map_or_else(
        || "imported".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let file = WorkspaceFile {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        name,
        ..WorkspaceFile::default()
    };
    Workspace::from_file(file).0
}

/// The workspace to import into, its fingerprint, and the partner `--as` names in it.
fn workspace_known(
    args: &ImportArgs,
    ws: Workspace,
    fingerprint: Option<crate::store::Fingerprint>,
) -> Result<(Workspace, Option<crate::store::Fingerprint>, Id), Failure> {
    let known = resolve::partner(
        &ws,
        Actor::parse(&args.actor)
            .ok()
            .and_then(|a| match a {
                Actor::Partner(id) => Some(id.to_string()),
                _ => None,
            })
            .unwrap_or_default()
            .as_str(),
    )
    // Two partners answering to `--as` may well be a finding of the file's.
    .map_err(findings_first(&args.file, &ws, fingerprint.is_some()))?;
    Ok((ws, fingerprint, known))
}

/// What an import that stops reports: the findings of the workspace it read without a check
/// (`resolve::load_unchecked`), when it has any, before anything else (a malformed page, a
/// refusal); otherwise `failure` itself. A new workspace (`read` false) has nothing to check.
fn findings_first<'a>(
    file: &'a Path,
    ws: &'a Workspace,
    read: bool,
) -> impl Fn(Failure) -> Failure + 'a {
    move |failure| match read {
        true => resolve::refuse_findings_in(file, ws)
            .err()
            .unwrap_or(failure),
        false => failure,
    }
}

/// Why the pages could not be read: a file that cannot be read, or a page that is malformed.
enum PagesError {
    Unreadable(Failure),
    Format(interop::FormatError),
}

/// Reads every page, as the import reaches it, with the progress of pages and records, and
/// the page that took longest (reading its file, then its records).
fn read_pages(
    sources: &[SourceName],
    sizes: &[u64],
    (relationship, digesting): (Option<&str>, Digesting),
    progress: &Progress,
) -> Result<(interop::Read, Option<SlowestPage>), PagesError> {
    let source_bytes: u64 = sizes.iter().sum();
    let (mut read_bytes, mut records, mut slowest) = (0u64, 0usize, None::<SlowestPage>);
    // Each page's time: reading its file here, then its records (on one of two threads).
    let read_times = std::cell::RefCell::new(Vec::with_capacity(sources.len()));
    let mut unreadable = None::<Failure>;
    let pages = sources.iter().map(|name| {
        let started = Instant::now();
        let read = name
            .read()
            .map(|bytes| DigestingSource {
                source: Source {
                    bytes,
                    name: name.shown.clone(),
                },
                digesting,
            })
            .map_err(Failure::from);
        read_times.borrow_mut().push(started.elapsed());
        read.map_err(|failure| {
            let error = interop::FormatError {
                file: name.shown.clone(),
                path: String::new(),
                message: failure.headline.clone(),
                source: None,
            };
            unreadable = Some(failure);
            error
        })
    });
    let read =
        interop::gather_streaming(pages, relationship, &Instant::now, |index, page, parsed| {
            let reading = read_times.borrow().get(index).copied().unwrap_or_default();
            let took = (reading + parsed).as_secs_f64();
            if slowest.as_ref().is_none_or(|s| took > s.seconds) {
                slowest = Some(SlowestPage {
                    file: page.file.clone(),
                    seconds: took,
                });
            }
            read_bytes += sizes.get(index).copied().unwrap_or(0);
            records += page.items;
            progress.pages(read_bytes, source_bytes, index + 1, sizes.len(), records);
        });
    if let Some(failure) = unreadable {
        return Err(PagesError::Unreadable(failure));
    }
    read.map(|read| (read, slowest)).map_err(PagesError::Format)
}

fn print_summary(
    args: &ImportArgs,
    summary: &Summary<'_>,
    ws: &Workspace,
    importer: &Id,
    written: bool,
    changed: bool,
) {
    let (plan, report) = (summary.plan, summary.report);
    let partner = ws
        .partner(importer)
        .map_or_else(|| importer.to_string(), |p| p.display_name.to_string());
    if args.json {
        output::json(&json!({
            "file": args.file, "partnerId": importer, "dryRun": args.dry_run, "written": written, "changed": changed,
            "sources": plan.sources, "filesByKind": summary.files_by_kind(), "repeated": plan.repeated,
            "partners": report.partners, "customers": report.customers, "subscriptions": report.subscriptions,
            "relationships": report.relationships, "accessAssignments": report.access_assignments,
            "leftOut": summary.left_out(), "leftOutByRule": summary.left_out_by_rule(),
            "findings": report.findings, "unknownRoles": report.unknown_roles,
            "linked": report.linked, "complete": args.complete, "missing": summary.missing,
            "slowestPage": summary.slowest,
        }));
        return;
    }
    status!(
        "import as {partner} ({importer}) into {}",
        args.file.display()
    );
    for line in summary.lines(args.verbose) {
        outln!("{line}");
    }
    match (args.dry_run, written) {
        (true, _) => status!("dry run: nothing written"),
        (false, true) => status!("wrote {}", args.file.display()),
        (false, false) => status!("nothing changed; {} left as it was", args.file.display()),
    }
}

pub fn export(args: ExportArgs) -> Outcome {
    let now = resolve::now(args.now.as_deref())?;
    let view = match args.view {
        ViewArg::Mapping => export_mod::View::Mapping,
        ViewArg::Relationships => export_mod::View::Relationships,
        ViewArg::Expiring => export_mod::View::Expiring { days: args.days },
    };
    let format = match (args.json, args.format) {
        (true, None | Some(FormatArg::Json)) | (false, Some(FormatArg::Json)) => {
            export_mod::Format::Json
        }
        (true, Some(_)) => {
            return Err(Failure::usage(
                "--json is --format json; give one format, not two",
            ));
        }
        (false, None | Some(FormatArg::Csv)) => export_mod::Format::Csv,
        (false, Some(FormatArg::Md)) => export_mod::Format::Markdown,
    };
    if args.chart {
        return export_chart(&args, now);
    }
    let loaded = resolve::load(&args.file)?;
    let progress = Progress::new(loaded.workspace.counts().customers >= 20_000);
    progress.step("rendering");
    // The rows' order is settled here; each row is made as it is written.
    let rows = export_mod::rows(&loaded.workspace, view, now);
    drop(progress);
    let columns = rows.columns;
    let cannot = |err: std::io::Error| Failure::usage(format!("cannot render the export: {err}"));
    match &args.output {
        Some(path) => {
            let mut bytes = Vec::new();
            let count = export_mod::write(columns, rows, format, &mut bytes).map_err(cannot)?;
            write_atomically(path, &bytes)?;
            status!("wrote {count} row(s) to {}", path.display());
        }
        None => {
            let mut out = super::export_out::ExportOut::new(format);
            let written = export_mod::write(columns, rows, format, &mut out)
                .and_then(|_| std::io::Write::flush(&mut out));
            // A reader that went away (`| head`) is no failure of the export's.
            if !sink::stdout_gone() {
                written.map_err(cannot)?;
            }
        }
    }
    Ok(())
}

/// `export expiring --chart`: the renewal tiles and the weekly bars, as text.
fn export_chart(args: &ExportArgs, now: Time) -> Outcome {
    if !matches!(args.view, ViewArg::Expiring) {
        return Err(Failure::usage(
            "--chart draws the `expiring` view only: partnerdesk export FILE expiring --chart",
        ));
    }
    let loaded = resolve::load(&args.file)?;
    let outlook = Outlook::of(loaded.workspace.relationships(), now);
    match &args.output {
        Some(path) => {
            write_atomically(path, renewal_chart::render(&outlook, '#').as_bytes())?;
            status!("wrote the renewals chart to {}", path.display());
        }
        None => {
            use std::io::IsTerminal;
            let bar = if std::io::stdout().is_terminal() {
                '█'
            } else {
                '#'
            };
            sink::data(&renewal_chart::render(&outlook, bar));
        }
    }
    Ok(())
}

pub fn emit(args: EmitArgs) -> Outcome {
    let loaded = resolve::load(&args.file)?;
    let emitted = emit_mod::emit(&loaded.workspace, &args.id).map_err(|err| Failure {
        code: 1,
        headline: err,
        details: vec![],
    })?;
    if args.json {
        output::json(&emitted);
    } else {
        let format = match args.shell {
            ScriptArg::Az => emit_mod::ScriptFormat::Az,
            ScriptArg::Pwsh => emit_mod::ScriptFormat::Pwsh,
        };
        sink::data(&emit_mod::script(&emitted, format));
    }
    Ok(())
}
