//! `gen`: write a synthetic workspace, streamed straight to a temporary file and renamed into
//! place, so a million customers take seconds and a crash leaves no half file.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::outcome::{Failure, Outcome};
use super::progress::Progress;
use super::resolve;
use crate::synth::{Spec, generate};

pub fn run(
    customers: usize,
    partners: Option<usize>,
    seed: u64,
    now: Option<&str>,
    output: &Path,
) -> Outcome {
    let now = resolve::now(now)?;
    let spec = Spec {
        customers,
        partners: partners.unwrap_or_else(|| Spec::default_partners(customers)),
        seed,
        now,
    };
    // From 20,000 customers on, generating and writing take long enough to show it.
    let progress = Progress::new(customers >= 20_000);
    progress.step("generating");
    let file = generate(&spec);
    progress.step("writing");
    let io = |err: std::io::Error| {
        Failure::usage(format!("cannot write {}", output.display())).with_detail(err.to_string())
    };
    let dir = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    let mut writer = BufWriter::with_capacity(1 << 20, temp.as_file());
    serde_json::to_writer_pretty(&mut writer, &file).map_err(|err| io(err.into()))?;
    writer.write_all(b"\n").map_err(io)?;
    writer.flush().map_err(io)?;
    drop(writer);
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(output).map_err(|err| io(err.error))?;
    drop(progress);
    status!(
        "wrote {} customers, {} partners, {} relationships, {} subscriptions, {} invitations to {}",
        file.customers.len(),
        file.partners.len(),
        file.relationships.len(),
        file.subscriptions.len(),
        file.invitations.len(),
        output.display()
    );
    Ok(())
}
