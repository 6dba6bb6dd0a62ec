//! The embedded demo workspace. Its dates are written relative to its own `asOf`; opened on any
//! day, they are moved by whole days so that the demo still shows pending invitations and
//! relationships about to expire. Dates before DAP's retirement stay where they are: the seed's
//! reseller + DAP workflow is history from before 9 October 2023, and stays so (DP1).

use crate::domain::Time;
use crate::workspace::format::shift_dates;
use crate::workspace::{Workspace, WorkspaceFile};

pub const DEMO_JSON: &str = include_str!("../../assets/demo.json");

/// The demo as of `today`: every date moved by the whole days between its `asOf` and `today`.
/// The embedded file is checked by a test, so a parse failure here means a broken build.
pub fn demo_workspace(today: Time) -> Workspace {
    let mut file: WorkspaceFile = serde_json::from_str(DEMO_JSON).unwrap_or_default();
    if let Some(as_of) = file.as_of {
        let days = as_of.days_until(today);
        let seconds = days * crate::domain::time::SECONDS_PER_DAY;
        shift_dates(&mut file, seconds, crate::domain::lifecycle::dap_retired());
    }
    Workspace::from_file(file).0
}
