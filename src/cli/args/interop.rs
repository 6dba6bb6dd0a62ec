//! The grammar of `import`, `export` and `emit` (clap derive), the faces of `crate::interop`;
//! what they do is in `cli/interop.rs`.

use std::path::PathBuf;

use clap::ValueEnum;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The workspace file; created if missing. Checked, as every change checks it, only when
    /// the import would change it, leaves a record out or stops.
    #[arg(env = super::FILE_ENV)]
    pub file: PathBuf,
    /// The partner whose exports these are: partner:ID (workspace id, Partner ID or tenant id).
    #[arg(long = "as", value_name = "partner:ID")]
    pub actor: String,
    /// Create the partner with this name when it is not in the workspace.
    #[arg(long, value_name = "NAME")]
    pub partner_name: Option<String>,
    /// The new partner's tenant id.
    #[arg(long, value_name = "GUID")]
    pub partner_tenant: Option<String>,
    /// The new partner's Partner ID (default: the ID given to --as when it is a number).
    #[arg(long, value_name = "PARTNER_ID")]
    pub partner_id: Option<String>,
    /// The relationship an access-assignment listing belongs to (the response does not say).
    #[arg(long, value_name = "REL_ID")]
    pub relationship: Option<String>,
    /// Print the summary; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Add a line per file to the summary and list every record left out, linked or missing.
    #[arg(long)]
    pub verbose: bool,
    /// Import nothing when any record is refused.
    #[arg(long)]
    pub strict: bool,
    /// The exports are the whole of what Microsoft holds for the partner: name the records kept
    /// here that they no longer contain (reported, never deleted).
    #[arg(long)]
    pub complete: bool,
    /// The time the import happens (RFC 3339); defaults to the clock.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Export files (JSON), directories of them, or `-` for standard input; kinds are recognised from content.
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ViewArg {
    Mapping,
    Relationships,
    Expiring,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
    Md,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The workspace file to read (`-`: standard input).
    #[arg(env = super::FILE_ENV)]
    pub file: PathBuf,
    /// mapping: one row per customer and partner; relationships: one row per relationship;
    /// expiring: relationships that end within --days.
    #[arg(value_enum)]
    pub view: ViewArg,
    /// For `expiring`: relationships that end within N days.
    #[arg(long, default_value_t = 30)]
    pub days: i64,
    /// The output format: CSV (RFC 4180, with a header row), typed JSON or a Markdown table
    /// [default: csv].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// The same as `--format json`.
    #[arg(long)]
    pub json: bool,
    /// For `expiring`: instead of the table, the renewal tiles (ending within 30, 7, 1 days;
    /// expired in the last year) and a text bar chart of what ends in each of the next 26 weeks.
    #[arg(long, conflicts_with_all = ["format", "json"])]
    pub chart: bool,
    /// Write to OUT instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The moment days left are counted from (RFC 3339); defaults to the clock.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScriptArg {
    Az,
    Pwsh,
}

#[derive(Debug, clap::Args)]
pub struct EmitArgs {
    /// The workspace file to read (`-`: standard input).
    #[arg(env = super::FILE_ENV)]
    pub file: PathBuf,
    /// A relationship or invitation id, or audit:N for the requests of audit entry N alone
    /// (N as `partnerdesk history` numbers it).
    pub id: String,
    /// Print {"requests": [{"method", "url", "headers", "body"}], "approvalLink", "notes"}.
    #[arg(long)]
    pub json: bool,
    /// The script's shell: `az rest` (bash) or Microsoft Graph PowerShell.
    // `--format`, its name until `--format` came to mean a data format: hidden, still read.
    #[arg(long, alias = "format", value_enum, default_value = "az")]
    pub shell: ScriptArg,
}
