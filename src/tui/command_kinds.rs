//! The vocabulary of the command table: every command by name (`Cmd`), where its keys act
//! (`Scope`), where the help lists it (`Group`), and one row's shape (`Command`). The rows are
//! data in `command_rows.rs` and `popup_command_rows.rs`; `commands.rs` joins and looks them up.

/// Every command the app understands, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cmd {
    Customers,
    Partners,
    Invitations,
    Relationships,
    History,
    Review,
    Resolve,
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
    RenewalTile,
    RenewalChart,
    Invite,
    Accept,
    Decline,
    Revoke,
    Terminate,
    Offboard,
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
    Reload,
    Messages,
    Mouse,
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
    ScriptCopy,
    ScriptClose,
    ReviewDown,
    ReviewUp,
    ReviewPageDown,
    ReviewPageUp,
    ReviewMark,
    ReviewFix,
    ReviewOpen,
    ReviewClose,
    // In the merge conflicts pop-up.
    ConflictsDown,
    ConflictsUp,
    ConflictOurs,
    ConflictTheirs,
    ConflictsClose,
    // In the file-changed-on-disk pop-up.
    DiskReload,
    DiskMerge,
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
    Conflicts,
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
    Conflicts,
    ChangedOnDisk,
    Confirm,
}

impl Group {
    pub const ALL: [Group; 9] = [
        Group::Navigate,
        Group::Act,
        Group::App,
        Group::Help,
        Group::Script,
        Group::Review,
        Group::Conflicts,
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
            Group::Conflicts => "In the merge conflicts (c)",
            Group::ChangedOnDisk => "When the file changed on disk (a save found it, or a pull)",
            Group::Confirm => "When asked to confirm (decline, revoke, terminate, quit)",
        }
    }

    pub fn scope(self) -> Scope {
        match self {
            Group::Navigate | Group::Act | Group::App => Scope::Main,
            Group::Help => Scope::Help,
            Group::Script => Scope::Script,
            Group::Review => Scope::Review,
            Group::Conflicts => Scope::Conflicts,
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
