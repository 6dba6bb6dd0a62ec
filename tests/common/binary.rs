//! Running the built `partnerdesk` binary as a script would: plain output (`NO_COLOR`), and no
//! fault injection inherited from the shell that runs the tests (`PARTNERDESK_FAULT`; a test
//! that wants a fault sets it on its own command).

use std::process::{Command, Output};

/// The binary, ready for its arguments.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
    command.env("NO_COLOR", "1").env_remove("PARTNERDESK_FAULT");
    command
}

/// Runs the binary with `args` to the end.
pub fn partnerdesk(args: &[&str]) -> Output {
    command().args(args).output().expect("the binary runs")
}

/// Runs the binary, which must exit 0 (else the test fails naming `args` and the stderr), and
/// returns its stdout.
pub fn ok(args: &[&str]) -> String {
    let out = partnerdesk(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
