//! The five panes by name: their order, number, title and the labels their status filter cycles
//! through. What each pane draws is in its own file (`customers.rs`…), reached through
//! `views.rs`; what its index holds per record is in `entries.rs`.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Customers,
    Partners,
    Invitations,
    Relationships,
    History,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Customers,
        Pane::Partners,
        Pane::Invitations,
        Pane::Relationships,
        Pane::History,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Customers => "Customers",
            Pane::Partners => "Partners",
            Pane::Invitations => "Invitations",
            Pane::Relationships => "Relationships",
            Pane::History => "History",
        }
    }

    pub fn number(self) -> usize {
        self as usize
    }

    /// The status filter's choices for this pane (tag values are indexes into this list).
    pub fn status_labels(self) -> &'static [&'static str] {
        match self {
            Pane::Invitations => &["pending", "accepted", "declined", "revoked", "expired"],
            Pane::Relationships => &[
                "created",
                "approvalPending",
                "approved",
                "activating",
                "active",
                "expiring",
                "expired",
                "terminationRequested",
                "terminating",
                "terminated",
            ],
            _ => &[],
        }
    }

    /// The column titles as one line, for an empty table.
    pub fn header_text(self) -> String {
        self.columns()
            .iter()
            .map(|c| c.title)
            .collect::<Vec<_>>()
            .join(" · ")
    }
}
