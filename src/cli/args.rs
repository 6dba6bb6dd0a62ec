//! The command-line grammar (clap derive). Kept apart from what the commands do.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

mod interop;

pub use interop::{EmitArgs, ExportArgs, FormatArg, ImportArgs, ScriptArg, ViewArg};

#[derive(Debug, Parser)]
#[command(
    name = "partnerdesk",
    version,
    about = "Browse and run Microsoft CSP multi-partner relationships from the keyboard, offline.",
    after_help = "Without a command, opens the terminal app on your default workspace (the demo until you save one).\nExit codes: 0 done, 1 refused by a rule (the message names it), 2 usage, I/O or format error."
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
        file: PathBuf,
        /// Never write anything (journal included).
        #[arg(long)]
        read_only: bool,
    },
    /// Write the demo workspace (its dates moved to today).
    Demo {
        #[arg(long, value_name = "FILE")]
        write: PathBuf,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Validate a workspace: exit 0 clean, 1 rule or integrity findings, 2 unreadable.
    Check {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The rule catalogue.
    Rules {
        #[arg(long)]
        json: bool,
    },
    /// The Microsoft Entra built-in roles partnerdesk knows.
    Roles {
        #[arg(long)]
        filter: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the workspace format.
    Schema,
    /// Generate a synthetic workspace (deterministic for a seed) for benchmarks and load tests.
    Gen {
        #[arg(long)]
        customers: usize,
        /// Default: one per 500 customers, at least 6.
        #[arg(long)]
        partners: Option<usize>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The moment the workspace describes (RFC 3339); default: the clock.
        #[arg(long)]
        now: Option<String>,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: std::path::PathBuf,
    },
    /// List records of one kind.
    List {
        file: PathBuf,
        #[arg(value_enum)]
        kind: RecordKindArg,
        /// Keep rows whose id, name, domain or tenant contains TEXT (any case).
        #[arg(long)]
        filter: Option<String>,
        #[arg(long)]
        json: bool,
        /// Show long values whole instead of cut at 48 columns with "…".
        #[arg(long)]
        wide: bool,
    },
    /// Show one record (any kind) by id.
    Show {
        file: PathBuf,
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The audit trail: who did what, when.
    History {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// Show long values whole instead of cut at 48 columns with "…".
        #[arg(long)]
        wide: bool,
    },
    /// A partner invites a customer: reseller, or GDAP with roles (created and locked for
    /// approval at once, or as a draft with --draft).
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
        relationship: String,
    },
    /// The partner changes its draft GDAP relationship (only the options given).
    EditDraft {
        #[command(flatten)]
        change: Change,
        relationship: String,
        #[arg(long)]
        name: Option<String>,
        /// Replaces the roles: names or template ids, comma separated.
        #[arg(long, value_delimiter = ',', value_name = "ROLE,..")]
        roles: Option<Vec<String>>,
        /// Duration in days (1-730).
        #[arg(long)]
        days: Option<u32>,
        #[arg(long, value_parser = ["on", "off"])]
        auto_extend: Option<String>,
    },
    /// The indirect reseller approves a GDAP relationship its provider created for it.
    ResellerApprove {
        #[command(flatten)]
        change: Change,
        relationship: String,
    },
    /// The indirect reseller rejects a GDAP relationship its provider created for it.
    ResellerReject {
        #[command(flatten)]
        change: Change,
        relationship: String,
    },
    /// The partner removes Global Administrator from an active GDAP relationship.
    RemoveGlobalAdmin {
        #[command(flatten)]
        change: Change,
        relationship: String,
    },
    /// The invited customer accepts an invitation.
    Accept {
        #[command(flatten)]
        change: Change,
        invitation: String,
    },
    /// The invited customer declines a reseller invitation (a GDAP request has no decline).
    Decline {
        #[command(flatten)]
        change: Change,
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
        relationship: String,
    },
    /// A partner buys a subscription for a customer it resells to.
    Buy {
        #[command(flatten)]
        change: Change,
        #[arg(long)]
        customer: String,
        #[arg(long)]
        offer: String,
        #[arg(long)]
        quantity: u32,
        /// P1M, P1Y or P3Y.
        #[arg(long, default_value = "P1Y")]
        term: String,
        #[arg(long, value_enum, default_value = "monthly")]
        billing: BillingArg,
    },
    /// The partner of record suspends a subscription.
    Suspend {
        #[command(flatten)]
        change: Change,
        subscription: String,
    },
    /// The partner of record reactivates a suspended subscription.
    Reactivate {
        #[command(flatten)]
        change: Change,
        subscription: String,
    },
    /// Turn a GDAP relationship's auto-extension on or off.
    AutoExtend {
        #[command(flatten)]
        change: Change,
        relationship: String,
        #[arg(value_parser = ["on", "off"])]
        setting: String,
    },
    /// Give a partner security group some of an active GDAP relationship's roles.
    Assign {
        #[command(flatten)]
        change: Change,
        relationship: String,
        #[arg(long)]
        group: String,
        #[arg(long)]
        group_name: Option<String>,
        #[arg(long, value_delimiter = ',', required = true)]
        roles: Vec<String>,
    },
    /// Remove an access assignment.
    Unassign {
        #[command(flatten)]
        change: Change,
        assignment: String,
    },
    /// Let time pass (the operator): expire due invitations; GDAP relationships at their end are extended or become expiring, then expired.
    Tick {
        #[command(flatten)]
        change: Change,
    },
    /// The operator adds a customer.
    AddCustomer {
        #[command(flatten)]
        change: Change,
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        domain: String,
        /// ISO 3166 two-letter code.
        #[arg(long)]
        country: String,
        #[arg(long)]
        tenant: String,
        /// The customer's tenant is itself a CSP partner.
        #[arg(long)]
        csp_partner: bool,
    },
    /// The operator adds a partner.
    AddPartner {
        #[command(flatten)]
        change: Change,
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// The Partner ID (formerly MPN ID).
        #[arg(long)]
        partner_id: String,
        #[arg(long)]
        tenant: String,
        #[arg(long, value_enum)]
        billing: BillingModelArg,
        /// For an indirect reseller: its indirect providers (ids, comma separated).
        #[arg(long, value_delimiter = ',')]
        providers: Vec<String>,
    },
    /// Apply any action given as JSON (see the schema's Action), for scripts.
    Apply {
        #[command(flatten)]
        change: Change,
        /// The action as JSON, e.g. '{"type":"accept","invitationId":"inv-3"}'.
        action: String,
    },
    /// Import a partner's own Partner Center and Graph exports (kinds recognised from content).
    Import(ImportArgs),
    /// Export the mapping, the relationships or what expires soon as CSV, JSON or Markdown.
    Export(ExportArgs),
    /// The Graph requests (or invitation link) that make a planned relationship or invitation real.
    Emit(EmitArgs),
    /// Replay the crash journal (FILE.journal) of a session that ended without saving, then save.
    Recover {
        file: PathBuf,
        /// Print what was recovered as JSON.
        #[arg(long)]
        json: bool,
    },
    /// For crash tests: a writing session as the terminal app runs one (lock, journal, save),
    /// driven from the command line. Prints a line once each step is durable.
    #[command(hide = true, name = "__session")]
    Session {
        file: PathBuf,
        #[arg(long = "as", value_name = "ACTOR", default_value = "operator")]
        actor: String,
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
