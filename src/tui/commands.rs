//! THE one table of named commands: the main screen's and the pop-ups' (help, script, file
//! changed on disk, confirmation) alike. The keymap, the `?` help overlay, the footer and the
//! `:` palette are all generated from it, so they can never drift from what the keys do, and
//! keys.toml can rebind any of them. This file is data only (names, default keys, doc lines),
//! so every part of the app may read it: whether a command can act right now is asked of the
//! app in `availability.rs`.

/// Every command the app understands, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cmd {
    Customers,
    Partners,
    Invitations,
    Relationships,
    History,
    Review,
    HistoryOfRecord,
    NextPane,
    PrevPane,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    Detail,
    Back,
    Filter,
    StatusFilter,
    Invite,
    Accept,
    Decline,
    Revoke,
    Terminate,
    Buy,
    Suspend,
    Reactivate,
    AddCustomer,
    AddPartner,
    ApplyJson,
    Lock,
    EditDraft,
    ResellerApprove,
    ResellerReject,
    RemoveGlobalAdmin,
    AutoExtend,
    Renew,
    Assign,
    Unassign,
    Emit,
    PassTime,
    Import,
    Export,
    Mark,
    ActAs,
    Undo,
    Redo,
    Save,
    SaveAs,
    Help,
    Palette,
    Quit,
    // In the help pop-up.
    HelpDown,
    HelpUp,
    HelpPageDown,
    HelpPageUp,
    HelpTop,
    HelpBottom,
    HelpSearch,
    HelpClose,
    // In the script pop-up.
    ScriptDown,
    ScriptUp,
    ScriptPageDown,
    ScriptPageUp,
    ScriptTop,
    ScriptBottom,
    ScriptFormat,
    ScriptWrite,
    ScriptClose,
    ReviewDown,
    ReviewUp,
    ReviewPageDown,
    ReviewPageUp,
    ReviewMark,
    ReviewFix,
    ReviewOpen,
    ReviewClose,
    // In the file-changed-on-disk pop-up.
    DiskReload,
    DiskSaveAs,
    DiskKeepEditing,
    // In a confirmation (decline, revoke, terminate, quit with unsaved changes).
    ConfirmYes,
    ConfirmNo,
    ConfirmSave,
    ConfirmSwitch,
    ConfirmChoose,
}

/// Where a command's keys act: on the main screen, or in one pop-up. A key is bound to one
/// command per scope, so `j` moves down the table and scrolls the help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    Main,
    Help,
    Script,
    Review,
    ChangedOnDisk,
    Confirm,
}

/// The help's headings, in order; each belongs to one scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Navigate,
    Act,
    App,
    Help,
    Script,
    Review,
    ChangedOnDisk,
    Confirm,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Navigate,
        Group::Act,
        Group::App,
        Group::Help,
        Group::Script,
        Group::Review,
        Group::ChangedOnDisk,
        Group::Confirm,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Group::Navigate => "Navigate",
            Group::Act => "Act",
            Group::App => "Workspace",
            Group::Help => "In this help",
            Group::Script => "In a script (y)",
            Group::Review => "In the review (6)",
            Group::ChangedOnDisk => "When saving finds the file changed on disk",
            Group::Confirm => "When asked to confirm (decline, revoke, terminate, quit)",
        }
    }

    pub fn scope(self) -> Scope {
        match self {
            Group::Navigate | Group::Act | Group::App => Scope::Main,
            Group::Help => Scope::Help,
            Group::Script => Scope::Script,
            Group::Review => Scope::Review,
            Group::ChangedOnDisk => Scope::ChangedOnDisk,
            Group::Confirm => Scope::Confirm,
        }
    }
}

/// One row of the table: the command's name (used in keys.toml and the palette; for a command
/// that does what a CLI subcommand does, the subcommand's name, so `:assign` finds it), its default
/// keys, what it does, where it is listed (and so where its keys act), and whether the footer
/// shows it.
#[derive(Clone, Copy, Debug)]
pub struct Command {
    pub cmd: Cmd,
    pub name: &'static str,
    pub keys: &'static [&'static str],
    pub description: &'static str,
    pub group: Group,
    pub footer: bool,
}

const fn c(
    cmd: Cmd,
    name: &'static str,
    keys: &'static [&'static str],
    description: &'static str,
    group: Group,
    footer: bool,
) -> Command {
    Command {
        cmd,
        name,
        keys,
        description,
        group,
        footer,
    }
}

pub const COMMANDS: &[Command] = &[
    c(
        Cmd::Customers,
        "customers",
        &["1"],
        "show the Customers pane",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Partners,
        "partners",
        &["2"],
        "show the Partners pane",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Invitations,
        "invitations",
        &["3"],
        "show the Invitations pane",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Relationships,
        "relationships",
        &["4"],
        "show the Relationships pane (soonest ending first)",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::History,
        "history",
        &["5"],
        "show the History pane: the audit trail",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Review,
        "review",
        &["6"],
        "show the Review: findings by severity, with fixes (one undo)",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::HistoryOfRecord,
        "history-of-record",
        &["H"],
        "show the history of the selected record",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::NextPane,
        "next-pane",
        &["tab"],
        "next pane",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::PrevPane,
        "prev-pane",
        &["shift-tab"],
        "previous pane",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Down,
        "down",
        &["j", "down"],
        "move down",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Up,
        "up",
        &["k", "up"],
        "move up",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::PageDown,
        "page-down",
        &["pgdn", "ctrl-d"],
        "move a page down",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::PageUp,
        "page-up",
        &["pgup", "ctrl-u"],
        "move a page up",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Top,
        "top",
        &["g", "home"],
        "go to the first row",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Bottom,
        "bottom",
        &["G", "end"],
        "go to the last row",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Open,
        "open",
        &["enter"],
        "focus the detail; on a referenced record, jump to it",
        Group::Navigate,
        true,
    ),
    c(
        Cmd::Detail,
        "detail",
        &["l", "right"],
        "into the detail, to scroll it (on an audit entry too, where enter jumps)",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Back,
        "back",
        &["esc"],
        "back: leave the detail, clear the filter, return from a jump",
        Group::Navigate,
        false,
    ),
    c(
        Cmd::Filter,
        "filter",
        &["/"],
        "filter the table as you type (name, domain, id)",
        Group::Navigate,
        true,
    ),
    c(
        Cmd::StatusFilter,
        "status-filter",
        &["f"],
        "cycle the status filter (invitations, relationships)",
        Group::Navigate,
        true,
    ),
    c(
        Cmd::Invite,
        "invite",
        &["i"],
        "invite: a partner asks a customer for a relationship",
        Group::Act,
        true,
    ),
    c(
        Cmd::Accept,
        "accept",
        &["a"],
        "accept the selected invitation (as the invited customer)",
        Group::Act,
        true,
    ),
    c(
        Cmd::Decline,
        "decline",
        &["d"],
        "decline the selected invitation (as the invited customer)",
        Group::Act,
        true,
    ),
    c(
        Cmd::Revoke,
        "revoke",
        &["x"],
        "revoke the selected reseller invitation, or delete the selected draft GDAP relationship (as the partner)",
        Group::Act,
        true,
    ),
    c(
        Cmd::Terminate,
        "terminate",
        &["t"],
        "terminate the selected relationship (either side)",
        Group::Act,
        true,
    ),
    c(
        Cmd::Buy,
        "buy",
        &["b"],
        "buy a subscription for the selected customer, as a partner reselling to it",
        Group::Act,
        false,
    ),
    c(
        Cmd::Suspend,
        "suspend",
        &["z"],
        "suspend the subscription selected in a customer's detail (as its partner of record)",
        Group::Act,
        false,
    ),
    c(
        Cmd::Reactivate,
        "reactivate",
        &["Z"],
        "reactivate the suspended subscription selected in a customer's detail (as its partner of record)",
        Group::Act,
        false,
    ),
    c(
        Cmd::AddCustomer,
        "add-customer",
        &["C"],
        "add a customer to the master data (as the operator)",
        Group::Act,
        false,
    ),
    c(
        Cmd::AddPartner,
        "add-partner",
        &["N"],
        "add a partner to the master data (as the operator)",
        Group::Act,
        false,
    ),
    c(
        Cmd::ApplyJson,
        "apply",
        &["!"],
        "apply any action typed as JSON, as the acting actor (e.g. edit master data)",
        Group::Act,
        false,
    ),
    c(
        Cmd::Lock,
        "lock",
        &["L"],
        "lock the selected draft GDAP relationship for the customer's approval",
        Group::Act,
        false,
    ),
    c(
        Cmd::EditDraft,
        "edit-draft",
        &["e"],
        "edit the selected draft GDAP relationship: name, roles, duration, auto-extend",
        Group::Act,
        false,
    ),
    c(
        Cmd::ResellerApprove,
        "reseller-approve",
        &["p"],
        "approve the GDAP relationship a provider created for you (as the reseller)",
        Group::Act,
        false,
    ),
    c(
        Cmd::ResellerReject,
        "reseller-reject",
        &["P"],
        "reject the GDAP relationship a provider created for you (as the reseller)",
        Group::Act,
        false,
    ),
    c(
        Cmd::RemoveGlobalAdmin,
        "remove-global-admin",
        &["ctrl-g"],
        "remove Global Administrator from the selected active GDAP relationship",
        Group::Act,
        false,
    ),
    c(
        Cmd::AutoExtend,
        "auto-extend",
        &["E"],
        "turn auto-extension of the selected GDAP relationship on or off (as its partner)",
        Group::Act,
        false,
    ),
    c(
        Cmd::Renew,
        "renew",
        &["r"],
        "renew the selected GDAP relationship: the invite form pre-filled from it",
        Group::Act,
        false,
    ),
    c(
        Cmd::Assign,
        "assign",
        &["+"],
        "give a security group some of the selected active GDAP relationship's roles",
        Group::Act,
        false,
    ),
    c(
        Cmd::Unassign,
        "unassign",
        &["-"],
        "remove the selected access assignment (or the relationship's first live one)",
        Group::Act,
        false,
    ),
    c(
        Cmd::Emit,
        "emit",
        &["y"],
        "show the Graph / PowerShell script for the selected relationship or invitation",
        Group::Act,
        false,
    ),
    c(
        Cmd::PassTime,
        "tick",
        &["T"],
        "pass time by days or to a date, previewing what expires or ends",
        Group::Act,
        false,
    ),
    c(
        Cmd::Import,
        "import",
        &["I"],
        "import Partner Center / Graph exports (a file or a folder) as a partner",
        Group::App,
        false,
    ),
    c(
        Cmd::Export,
        "export",
        &["O"],
        "export the mapping, relationships or expiring table to a file",
        Group::App,
        false,
    ),
    c(
        Cmd::Mark,
        "mark",
        &["space"],
        "mark or unmark the customer (i then invites every marked one)",
        Group::Act,
        false,
    ),
    c(
        Cmd::ActAs,
        "act-as",
        &["A"],
        "switch who you act as: operator, a partner or a customer",
        Group::Act,
        true,
    ),
    c(
        Cmd::Undo,
        "undo",
        &["u"],
        "undo the last applied action",
        Group::Act,
        true,
    ),
    c(
        Cmd::Redo,
        "redo",
        &["ctrl-r"],
        "redo the last undone action",
        Group::Act,
        false,
    ),
    c(
        Cmd::Save,
        "save",
        &["s", "ctrl-s"],
        "save the workspace",
        Group::App,
        true,
    ),
    c(
        Cmd::SaveAs,
        "save-as",
        &["S"],
        "save the workspace to another file",
        Group::App,
        false,
    ),
    c(
        Cmd::Help,
        "help",
        &["?"],
        "show every key and whether it can act now",
        Group::App,
        true,
    ),
    c(
        Cmd::Palette,
        "palette",
        &[":"],
        "run a command by name",
        Group::App,
        true,
    ),
    c(
        Cmd::Quit,
        "quit",
        &["q", "ctrl-c"],
        "quit (asks first when there are unsaved changes)",
        Group::App,
        true,
    ),
    // Pop-ups: the help closes only with its close keys (a stray key does nothing); the script,
    // the changed-on-disk choice and a confirmation stay too.
    c(
        Cmd::HelpDown,
        "help-down",
        &["j", "down"],
        "scroll the help down a line",
        Group::Help,
        false,
    ),
    c(
        Cmd::HelpUp,
        "help-up",
        &["k", "up"],
        "scroll the help up a line",
        Group::Help,
        false,
    ),
    c(
        Cmd::HelpPageDown,
        "help-page-down",
        &["pgdn", "space", "ctrl-d"],
        "scroll the help down a page",
        Group::Help,
        false,
    ),
    c(
        Cmd::HelpPageUp,
        "help-page-up",
        &["pgup", "ctrl-u"],
        "scroll the help up a page",
        Group::Help,
        false,
    ),
    c(
        Cmd::HelpTop,
        "help-top",
        &["g", "home"],
        "back to the top of the help",
        Group::Help,
        false,
    ),
    c(
        Cmd::HelpBottom,
        "help-bottom",
        &["G", "end"],
        "go to the end of the help",
        Group::Help,
        false,
    ),
    c(
        Cmd::HelpSearch,
        "help-search",
        &["/"],
        "search the help: type, enter keeps the search, esc clears it",
        Group::Help,
        false,
    ),
    c(
        Cmd::HelpClose,
        "help-close",
        &["esc", "q", "?"],
        "close the help (esc first clears a search)",
        Group::Help,
        false,
    ),
    c(
        Cmd::ScriptDown,
        "script-down",
        &["j", "down"],
        "scroll the script down a line",
        Group::Script,
        false,
    ),
    c(
        Cmd::ScriptUp,
        "script-up",
        &["k", "up"],
        "scroll the script up a line",
        Group::Script,
        false,
    ),
    c(
        Cmd::ScriptPageDown,
        "script-page-down",
        &["pgdn", "space"],
        "scroll the script down a page",
        Group::Script,
        false,
    ),
    c(
        Cmd::ScriptPageUp,
        "script-page-up",
        &["pgup"],
        "scroll the script up a page",
        Group::Script,
        false,
    ),
    c(
        Cmd::ScriptTop,
        "script-top",
        &["g", "home"],
        "go to the script's first line",
        Group::Script,
        false,
    ),
    c(
        Cmd::ScriptBottom,
        "script-bottom",
        &["G", "end"],
        "go to the script's last line",
        Group::Script,
        false,
    ),
    c(
        Cmd::ScriptFormat,
        "script-format",
        &["tab", "shift-tab"],
        "switch the script between az rest (bash) and PowerShell",
        Group::Script,
        false,
    ),
    c(
        Cmd::ScriptWrite,
        "script-write",
        &["w"],
        "write the script to a file (asks where: <id>.sh or <id>.ps1)",
        Group::Script,
        false,
    ),
    c(
        Cmd::ScriptClose,
        "script-close",
        &["esc", "q"],
        "close the script",
        Group::Script,
        false,
    ),
    c(
        Cmd::ReviewDown,
        "review-down",
        &["j", "down"],
        "the next finding",
        Group::Review,
        false,
    ),
    c(
        Cmd::ReviewUp,
        "review-up",
        &["k", "up"],
        "the previous finding",
        Group::Review,
        false,
    ),
    c(
        Cmd::ReviewPageDown,
        "review-page-down",
        &["pgdn"],
        "ten findings down",
        Group::Review,
        false,
    ),
    c(
        Cmd::ReviewPageUp,
        "review-page-up",
        &["pgup"],
        "ten findings up",
        Group::Review,
        false,
    ),
    c(
        Cmd::ReviewMark,
        "review-mark",
        &["space"],
        "mark or unmark the finding (f then fixes every marked one)",
        Group::Review,
        false,
    ),
    c(
        Cmd::ReviewFix,
        "review-fix",
        &["f"],
        "apply the fixes of the marked findings (or the selected one) through the core, as one undo; refusals are listed",
        Group::Review,
        false,
    ),
    c(
        Cmd::ReviewOpen,
        "review-open",
        &["enter"],
        "go to the finding's record",
        Group::Review,
        false,
    ),
    c(
        Cmd::ReviewClose,
        "review-close",
        &["esc", "q"],
        "close the review",
        Group::Review,
        false,
    ),
    c(
        Cmd::DiskReload,
        "disk-reload",
        &["r", "R"],
        "reload the file from disk, dropping the unsaved actions",
        Group::ChangedOnDisk,
        false,
    ),
    c(
        Cmd::DiskSaveAs,
        "disk-save-as",
        &["a", "A"],
        "save to another file instead",
        Group::ChangedOnDisk,
        false,
    ),
    c(
        Cmd::DiskKeepEditing,
        "disk-keep-editing",
        &["esc", "k", "K", "q"],
        "keep editing; nothing is saved",
        Group::ChangedOnDisk,
        false,
    ),
    // The footer and the dialog show the first key of each, and the first two of confirm-no
    // and confirm-switch (`n/esc`, `←/→`).
    c(
        Cmd::ConfirmYes,
        "confirm-yes",
        &["y", "Y"],
        "yes: do it (decline, revoke, terminate, or quit without saving)",
        Group::Confirm,
        false,
    ),
    c(
        Cmd::ConfirmNo,
        "confirm-no",
        &["n", "esc", "N", "q"],
        "no: cancel; nothing changes",
        Group::Confirm,
        false,
    ),
    c(
        Cmd::ConfirmSave,
        "confirm-save",
        &["s"],
        "save and quit (only when quitting with unsaved changes)",
        Group::Confirm,
        false,
    ),
    c(
        Cmd::ConfirmSwitch,
        "confirm-switch",
        &["left", "right", "tab", "shift-tab", "h", "l"],
        "move the focus between Cancel and yes",
        Group::Confirm,
        false,
    ),
    c(
        Cmd::ConfirmChoose,
        "confirm-choose",
        &["enter"],
        "answer with the focused button (Cancel at first)",
        Group::Confirm,
        false,
    ),
];

pub fn command(cmd: Cmd) -> &'static Command {
    // Every Cmd has exactly one row; a test checks it.
    COMMANDS
        .iter()
        .find(|row| row.cmd == cmd)
        .unwrap_or(&COMMANDS[0])
}

/// Where `cmd`'s keys act.
pub fn scope(cmd: Cmd) -> Scope {
    command(cmd).group.scope()
}

pub fn by_name(name: &str) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .find(|row| row.name.eq_ignore_ascii_case(name.trim()))
}

/// The main-screen command the palette runs for a CLI subcommand's name (`tick`, `assign`…), if
/// the app has one: the parity test walks the CLI through this.
pub fn route(cli_name: &str) -> Option<&'static Command> {
    by_name(cli_name).filter(|row| row.group.scope() == Scope::Main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_one_row_and_a_unique_name() {
        for (i, row) in COMMANDS.iter().enumerate() {
            assert_eq!(
                COMMANDS.iter().filter(|r| r.cmd == row.cmd).count(),
                1,
                "{}",
                row.name
            );
            assert!(
                COMMANDS[..i].iter().all(|r| r.name != row.name),
                "{}",
                row.name
            );
        }
    }
}
