//! The command-line grammar (clap derive). Kept apart from what the commands do.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

mod examples;
mod interop;

pub use interop::{EmitArgs, ExportArgs, FormatArg, ImportArgs, ScriptArg, ViewArg};

/// The environment variable that names the workspace FILE when the command line names none.
pub const FILE_ENV: &str = "PARTNERDESK_FILE";

#[derive(Debug, Parser)]
#[command(
    name = "partnerdesk",
    version,
    about = "Browse and run Microsoft CSP multi-partner relationships from the keyboard, offline.",
    after_help = "Without a command, opens the terminal app on PARTNERDESK_FILE when it is set, else on your default workspace (the demo until you save one; `partnerdesk paths` says where).\n\
PARTNERDESK_FILE names the workspace once: a command given one argument fewer than it needs takes its FILE from it (`partnerdesk list relationships`, `partnerdesk show rel-1121`, `partnerdesk accept inv-1116 --as customer:coho-winery`); a FILE on the command line wins.\n\
Exit codes: 0 done, 1 refused by a rule (the message names it), 2 usage, I/O or format error.\n\
`partnerdesk help COMMAND` (or COMMAND --help) gives a command's options and examples."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Print no status lines ("wrote FILE"): only data and errors.
    #[arg(short = 'q', long, global = true)]
    pub quiet: bool,
}

/// Options every changing command shares.
#[derive(Debug, clap::Args)]
pub struct Change {
    /// The workspace file to change.
    #[arg(env = FILE_ENV)]
    pub file: PathBuf,
    /// Who acts: operator, partner:ID or customer:ID (ID may also be a tenant id, Partner ID or domain).
    #[arg(long = "as", value_name = "ACTOR")]
    pub actor: String,
    /// The time the action happens (RFC 3339); defaults to the clock. Makes scripts reproducible.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Print what changed as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A finding's severity, as `review` takes it.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SeverityArg {
    High,
    Medium,
    Low,
    Info,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RecordKindArg {
    Customers,
    Partners,
    Invitations,
    Relationships,
    Subscriptions,
    Assignments,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal app on FILE.
    Open {
        /// The workspace file to open (taking its writer's lock unless --read-only).
        #[arg(env = FILE_ENV)]
        file: PathBuf,
        /// Never write anything (journal included).
        #[arg(long)]
        read_only: bool,
    },
    /// Write the demo workspace (its dates moved to today).
    Demo {
        /// Where to write the demo workspace.
        // `--write`, its name before `-o` was the rule for every file written: hidden, still read.
        #[arg(short = 'o', long = "output", alias = "write", value_name = "FILE")]
        output: PathBuf,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
        /// The day the demo's dates are moved to (RFC 3339); defaults to the clock.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
    },
    /// Validate a workspace: exit 0 clean, 1 rule or integrity findings, 2 unreadable.
    Check {
        /// The workspace file to validate (`-`: standard input).
        #[arg(env = FILE_ENV)]
        file: PathBuf,
        /// Print the file, its record counts and the findings as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// The rule catalogue.
    Rules {
        /// Print the catalogue as JSON (each rule's id, title, explanation and source).
        #[arg(long)]
        json: bool,
    },
    /// The Microsoft Entra built-in roles partnerdesk knows.
    Roles {
        /// Keep roles whose name (any case) or template id contains TEXT.
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        /// Print the roles as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The role templates offered when inviting: Microsoft 365 Lighthouse support tiers, least-privilege sets by task, and yours (templates.toml in the config directory).
    #[command(after_help = examples::TEMPLATES)]
    Templates {
        /// Print the templates as JSON (each role with its template id, name and privileged flag).
        #[arg(long)]
        json: bool,
    },
    /// Review a workspace: findings (Global Administrator on GDAP, DAP left on, relationships ending, requests unanswered…) with proposed fixes; exit 1 when one is at or above --fail-on.
    #[command(after_help = examples::REVIEW)]
    Review {
        /// The workspace file to review (and, with --fix, to change). Its records are read as they are: `check` answers for their integrity, and --fix, like every change, refuses a file with integrity problems.
        #[arg(env = FILE_ENV)]
        file: PathBuf,
        /// Print the findings (or, with --fix, what each fix did) as JSON.
        #[arg(long)]
        json: bool,
        /// Keep findings at or above this severity (with --fix-all: fix those).
        #[arg(long, value_enum, value_name = "SEVERITY")]
        severity: Option<SeverityArg>,
        /// Exit 1 when a finding at or above this severity exists (for a CI job or cron).
        #[arg(long, value_enum, value_name = "SEVERITY")]
        fail_on: Option<SeverityArg>,
        /// The moment to review at (RFC 3339); defaults to the clock.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
        /// More partners than this holding privileged roles on one customer is a finding.
        #[arg(long, value_name = "N", default_value_t = 2)]
        max_privileged_partners: usize,
        /// The template (`partnerdesk templates`) whose roles replace a relationship that holds
        /// Global Administrator alone.
        #[arg(long, value_name = "TEMPLATE", default_value = "Administrator")]
        replacement_template: String,
        /// Apply the proposed fixes of these findings (ids as review lists them), as one batch written once.
        #[arg(long, value_name = "FINDING", num_args = 1.., conflicts_with = "fix_all")]
        fix: Vec<String>,
        /// Apply every proposed fix at or above --severity, as one batch written once.
        #[arg(long)]
        fix_all: bool,
        /// With --fix: who applies the fixes (operator, partner:ID or customer:ID); by default each fix's own partner.
        #[arg(long = "as", value_name = "ACTOR")]
        actor: Option<String>,
        /// Only what is new compared with OLD (an earlier copy of the workspace, at the same --now): findings it did not have, and partners that appeared on a customer.
        #[arg(long, value_name = "OLD", conflicts_with_all = ["fix", "fix_all"])]
        since: Option<PathBuf>,
    },
    /// Print the JSON Schema of the workspace format.
    Schema,
    /// Generate a synthetic workspace (deterministic for a seed) for benchmarks and load tests.
    Gen {
        /// How many customers to generate.
        #[arg(long)]
        customers: usize,
        /// Default: one per 500 customers, at least 6.
        #[arg(long)]
        partners: Option<usize>,
        /// The random seed: the same seed and sizes give the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The moment the workspace describes (RFC 3339); default: the clock.
        #[arg(long)]
        now: Option<String>,
        /// Where to write the workspace.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: std::path::PathBuf,
    },
    /// List records of one kind.
    List {
        /// The workspace file to read (`-`: standard input).
        #[arg(env = FILE_ENV)]
        file: PathBuf,
        /// Which records to list.
        #[arg(value_enum)]
        kind: RecordKindArg,
        /// Keep rows whose id, name, domain or tenant contains TEXT (any case).
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        /// Print an array of records as JSON (each with its id and name).
        #[arg(long)]
        json: bool,
        /// Show long values whole instead of cut at 48 columns with "…".
        #[arg(long)]
        wide: bool,
        /// The moment days left are counted from (RFC 3339); defaults to the clock.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
    },
    /// Show one record (any kind) by id.
    Show {
        /// The workspace file to read (`-`: standard input).
        #[arg(env = FILE_ENV)]
        file: PathBuf,
        /// The record's id: a customer, partner, invitation, relationship, subscription or
        /// access assignment.
        id: String,
        /// Print the record as JSON.
        #[arg(long)]
        json: bool,
        /// The moment a relationship's days left are counted from (RFC 3339); defaults to the clock.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
    },
    /// What changed between two workspaces, record by record, in words.
    #[command(after_help = examples::DIFF)]
    Diff {
        /// OLD NEW: the two workspace files (`/dev/null` stands for no file). With --git, the
        /// seven arguments git gives a diff driver; with --textconv, one file.
        #[arg(required = true, num_args = 1..=7, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Take git's diff-driver arguments (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
        /// NEW-MODE), as `diff.partnerdesk.command = partnerdesk diff --git` does.
        #[arg(long)]
        git: bool,
        /// Print one workspace FILE as lines, a record's fields one per line (git's
        /// `diff.partnerdesk.textconv`, which `git log -p` uses).
        #[arg(long, conflicts_with = "git")]
        textconv: bool,
        /// Print the differences as JSON: each record's fields by path, old and new values.
        #[arg(long)]
        json: bool,
        /// Exit 1 when the workspaces differ (as `git diff --exit-code`).
        #[arg(long)]
        exit_code: bool,
    },
    /// Merge two workspaces made from one base, by record and field (git's merge driver).
    #[command(after_help = examples::MERGE)]
    Merge {
        /// The common ancestor (`/dev/null`: none).
        base: PathBuf,
        /// Our version: kept where the two disagree.
        ours: PathBuf,
        /// Their version.
        theirs: PathBuf,
        /// Where to write the merged workspace (git's driver: `-o %A`); standard output if absent.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// Print the outcome as JSON (clean, conflicts with both values, renumbered ids).
        #[arg(long)]
        json: bool,
    },
    /// The merge conflicts a workspace records, each with the id `resolve` takes.
    Conflicts {
        /// The workspace file a merge left conflicts in.
        file: PathBuf,
        /// Print the conflicts as JSON (id, where, both values, the rule if any).
        #[arg(long)]
        json: bool,
    },
    /// Answer the merge conflicts a workspace records with one side, then stage the file.
    #[command(after_help = examples::RESOLVE)]
    Resolve {
        /// The workspace file a merge left conflicts in.
        file: PathBuf,
        /// Take our side (the branch being merged into).
        #[arg(long, conflicts_with = "theirs", required_unless_present = "theirs")]
        ours: bool,
        /// Take their side (the branch being merged).
        #[arg(long)]
        theirs: bool,
        /// Only these conflicts (ids as `partnerdesk conflicts` lists them); every one if none.
        ids: Vec<String>,
        /// Who answers: operator, partner:ID or customer:ID (the audit trail names them).
        #[arg(long = "as", value_name = "ACTOR", default_value = "operator")]
        actor: String,
        /// The time the answers happen (RFC 3339); defaults to the clock.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
    },
    /// Set a git repository up to merge and diff workspace files by record.
    #[command(name = "git-setup", after_help = examples::GIT_SETUP)]
    GitSetup {
        /// The workspace files the drivers are for (inside one git repository).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The audit trail: who did what, when.
    History {
        /// The workspace file to read (`-`: standard input).
        #[arg(env = FILE_ENV)]
        file: PathBuf,
        /// Print the audit entries as JSON.
        #[arg(long)]
        json: bool,
        /// Show long values whole instead of cut at 48 columns with "…".
        #[arg(long)]
        wide: bool,
    },
    /// A partner invites a customer: reseller, or GDAP with roles (created and locked for
    /// approval at once, or as a draft with --draft).
    #[command(after_help = examples::INVITE)]
    Invite {
        #[command(flatten)]
        change: Change,
        /// The customer (id, tenant id or domain).
        #[arg(
            long,
            required_unless_present = "customers_from",
            conflicts_with = "customers_from"
        )]
        customer: Option<String>,
        /// Bulk invite: a CSV naming customers by tenant id, domain or id (header row), or `-`.
        #[arg(long, value_name = "CSV")]
        customers_from: Option<String>,
        /// Bulk invite: apply none of the invitations when one is refused.
        #[arg(long, requires = "customers_from")]
        all_or_nothing: bool,
        /// Ask for a reseller relationship (the default when no GDAP roles are given).
        #[arg(long)]
        reseller: bool,
        /// Classic DAP with the reseller relationship: retired on 9 October 2023, so the core
        /// refuses it (rule DP1); kept to say so rather than fail as an unknown flag.
        #[arg(long)]
        dap: bool,
        /// GDAP roles, by name or template id, comma separated.
        #[arg(long, value_delimiter = ',', value_name = "ROLE,..")]
        roles: Vec<String>,
        /// A named set of GDAP roles (Helpdesk, Security reader, ...).
        #[arg(long)]
        template: Option<String>,
        /// GDAP duration in days (1-730).
        #[arg(long, default_value_t = 730)]
        days: u32,
        /// Extend the GDAP relationship by 180 days when it ends.
        #[arg(long)]
        auto_extend: bool,
        /// GDAP display name (default: "Partner - Customer").
        #[arg(long)]
        name: Option<String>,
        /// For an indirect reseller: the indirect provider it invites on behalf of.
        #[arg(long, value_name = "PROVIDER_ID")]
        via: Option<String>,
        /// GDAP: create an editable draft (status created); `lock` sends it for approval.
        #[arg(long)]
        draft: bool,
        /// GDAP by an indirect provider: the indirect reseller the relationship is for (it
        /// approves with `reseller-approve` before the customer does).
        #[arg(long, value_name = "RESELLER")]
        for_reseller: Option<String>,
    },
    /// The partner locks its draft GDAP relationship for the customer's approval.
    Lock {
        #[command(flatten)]
        change: Change,
        /// The draft GDAP relationship to lock.
        relationship: String,
    },
    /// The partner changes its draft GDAP relationship (only the options given).
    EditDraft {
        #[command(flatten)]
        change: Change,
        /// The draft GDAP relationship to change.
        relationship: String,
        /// The new GDAP display name.
        #[arg(long)]
        name: Option<String>,
        /// Replaces the roles: names or template ids, comma separated.
        #[arg(long, value_delimiter = ',', value_name = "ROLE,..")]
        roles: Option<Vec<String>>,
        /// Duration in days (1-730).
        #[arg(long)]
        days: Option<u32>,
        /// Extend the relationship by 180 days when it ends (on) or not (off).
        #[arg(long, value_parser = ["on", "off"])]
        auto_extend: Option<String>,
    },
    /// The indirect reseller approves a GDAP relationship its provider created for it.
    ResellerApprove {
        #[command(flatten)]
        change: Change,
        /// The GDAP relationship the indirect provider created for this reseller.
        relationship: String,
    },
    /// The indirect reseller rejects a GDAP relationship its provider created for it.
    ResellerReject {
        #[command(flatten)]
        change: Change,
        /// The GDAP relationship the indirect provider created for this reseller.
        relationship: String,
    },
    /// The partner removes Global Administrator from an active GDAP relationship.
    RemoveGlobalAdmin {
        #[command(flatten)]
        change: Change,
        /// The active GDAP relationship that holds Global Administrator.
        relationship: String,
    },
    /// The invited customer accepts an invitation.
    Accept {
        #[command(flatten)]
        change: Change,
        /// The invitation to accept (for GDAP, the locked approval request).
        invitation: String,
    },
    /// The invited customer declines a reseller invitation (a GDAP request has no decline).
    Decline {
        #[command(flatten)]
        change: Change,
        /// The reseller invitation to decline.
        invitation: String,
    },
    /// The inviting partner withdraws a pending reseller invitation, or deletes its draft GDAP
    /// relationship (a locked GDAP request cannot be withdrawn).
    Revoke {
        #[command(flatten)]
        change: Change,
        /// An invitation, or a draft GDAP relationship.
        invitation: String,
    },
    /// Either side ends a relationship (it stays as history).
    Terminate {
        #[command(flatten)]
        change: Change,
        /// The relationship to end.
        relationship: String,
    },
    /// Offboard a partner from a customer in one action: end its GDAP and DAP relationships (a draft is deleted), its reseller relationship where RS1 allows, and revoke its pending invitations. Partial: a part a rule keeps stays and is named, the others still end; exit 1 when a part stays or nothing can end.
    #[command(after_help = examples::OFFBOARD)]
    Offboard {
        /// The workspace file to change.
        #[arg(env = FILE_ENV)]
        file: PathBuf,
        /// The partner to offboard (id, tenant id or Partner ID).
        #[arg(long)]
        partner: String,
        /// The customer it leaves (id, tenant id or primary domain).
        #[arg(long)]
        customer: String,
        /// Who acts: partner:ID or customer:ID (either side may end a relationship; only the partner revokes its invitations). Defaults to the partner.
        #[arg(long = "as", value_name = "ACTOR")]
        actor: Option<String>,
        /// The time the action happens (RFC 3339); defaults to the clock.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
        /// Show what would end and what would stay, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the plan (each part with its outcome) and what changed as JSON.
        #[arg(long)]
        json: bool,
    },
    /// A partner buys a subscription for a customer it resells to.
    Buy {
        #[command(flatten)]
        change: Change,
        /// The customer the partner resells to (id, tenant id or domain).
        #[arg(long)]
        customer: String,
        /// The offer's name, e.g. "Microsoft 365 E3".
        #[arg(long)]
        offer: String,
        /// How many licences.
        #[arg(long)]
        quantity: u32,
        /// P1M, P1Y or P3Y.
        #[arg(long, default_value = "P1Y")]
        term: String,
        /// How often the customer is billed.
        #[arg(long, value_enum, default_value = "monthly")]
        billing: BillingArg,
    },
    /// The partner of record suspends a subscription.
    Suspend {
        #[command(flatten)]
        change: Change,
        /// The subscription to suspend.
        subscription: String,
    },
    /// The partner of record reactivates a suspended subscription.
    Reactivate {
        #[command(flatten)]
        change: Change,
        /// The suspended subscription to reactivate.
        subscription: String,
    },
    /// Turn a GDAP relationship's auto-extension on or off.
    AutoExtend {
        #[command(flatten)]
        change: Change,
        /// The GDAP relationship.
        relationship: String,
        /// on: extend it by 180 days when it ends; off: let it end.
        #[arg(value_parser = ["on", "off"])]
        setting: String,
    },
    /// Give a partner security group some of an active GDAP relationship's roles.
    Assign {
        #[command(flatten)]
        change: Change,
        /// The active GDAP relationship whose roles to give.
        relationship: String,
        /// The security group's object id (a GUID) in the partner's tenant.
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
        /// The security group's display name, for people reading the workspace.
        #[arg(long, value_name = "NAME")]
        group_name: Option<String>,
        /// Roles of the relationship to give the group: names or template ids, comma separated.
        #[arg(long, value_delimiter = ',', required = true, value_name = "ROLE,..")]
        roles: Vec<String>,
    },
    /// Remove an access assignment.
    Unassign {
        #[command(flatten)]
        change: Change,
        /// The access assignment to remove.
        assignment: String,
    },
    /// Let time pass (the operator): expire due invitations; GDAP relationships at their end are extended or become expiring, then expired.
    #[command(after_help = examples::TICK)]
    Tick {
        #[command(flatten)]
        change: Change,
    },
    /// The operator adds a customer.
    AddCustomer {
        #[command(flatten)]
        change: Change,
        /// The new customer's id in the workspace (what other commands name it by).
        #[arg(long)]
        id: String,
        /// The customer's display name.
        #[arg(long)]
        name: String,
        /// The customer's primary domain, e.g. contoso.onmicrosoft.com.
        #[arg(long)]
        domain: String,
        /// ISO 3166 two-letter code.
        #[arg(long)]
        country: String,
        /// The customer's Microsoft Entra tenant id (a GUID).
        #[arg(long, value_name = "GUID")]
        tenant: String,
        /// The customer's tenant is itself a CSP partner.
        #[arg(long)]
        csp_partner: bool,
    },
    /// The operator adds a partner.
    AddPartner {
        #[command(flatten)]
        change: Change,
        /// The new partner's id in the workspace (what other commands name it by).
        #[arg(long)]
        id: String,
        /// The partner's display name.
        #[arg(long)]
        name: String,
        /// The Partner ID (formerly MPN ID).
        #[arg(long)]
        partner_id: String,
        /// The partner's Microsoft Entra tenant id (a GUID).
        #[arg(long, value_name = "GUID")]
        tenant: String,
        /// How the partner transacts: direct bill, or in the indirect model as a provider
        /// (distributor) or a reseller.
        #[arg(long, value_enum)]
        billing: BillingModelArg,
        /// For an indirect reseller: its indirect providers (ids, comma separated).
        #[arg(long, value_delimiter = ',')]
        providers: Vec<String>,
    },
    /// Apply any action given as JSON (see the schema's Action), for scripts.
    #[command(after_help = examples::APPLY)]
    Apply {
        #[command(flatten)]
        change: Change,
        /// The action as JSON, e.g. '{"type":"accept","invitationId":"inv-3"}', or `-` to read
        /// it from standard input.
        action: String,
    },
    /// Import a partner's own Partner Center and Graph exports (kinds recognised from content).
    #[command(after_help = examples::IMPORT)]
    Import(ImportArgs),
    /// Export the mapping, the relationships or what expires soon as CSV, JSON or Markdown.
    #[command(after_help = examples::EXPORT)]
    Export(ExportArgs),
    /// The Graph requests (or invitation link) that make a planned relationship or invitation real.
    #[command(after_help = examples::EMIT)]
    Emit(EmitArgs),
    /// Replay the crash journal (FILE.journal) of a session that ended without saving, then save.
    Recover {
        /// The workspace file whose crash journal (FILE.journal) to replay.
        #[arg(env = FILE_ENV)]
        file: PathBuf,
        /// Print what was recovered as JSON.
        #[arg(long)]
        json: bool,
    },
    /// For crash tests: a writing session as the terminal app runs one (lock, journal, save),
    /// driven from the command line. Prints a line once each step is durable.
    #[command(hide = true, name = "__session")]
    Session {
        /// The workspace file to work on.
        file: PathBuf,
        /// Who acts.
        #[arg(long = "as", value_name = "ACTOR", default_value = "operator")]
        actor: String,
        /// The time the actions happen (RFC 3339); defaults to the clock.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
        /// Rename the first customer this many times (0: forever), each an applied action.
        #[arg(long)]
        churn: Option<u64>,
        /// Save after each action (otherwise only journal).
        #[arg(long)]
        save: bool,
        /// After the last step, wait (to be killed) instead of exiting.
        #[arg(long)]
        hold: bool,
        /// Actions as JSON, applied in order before any churn.
        actions: Vec<String>,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell or elvish) to standard output.
    #[command(after_help = examples::COMPLETIONS)]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output, or write it to a file.
    #[command(after_help = examples::MAN)]
    Man {
        /// Write the page to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Where partnerdesk keeps its default workspace, keys.toml and its config directory.
    Paths {
        /// Print the places as one JSON object.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BillingArg {
    Monthly,
    Annual,
    Triennial,
    OneTime,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BillingModelArg {
    DirectBill,
    IndirectProvider,
    IndirectReseller,
}
