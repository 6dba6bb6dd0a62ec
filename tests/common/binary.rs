//! Running the built `partnerdesk` binary as a script would: plain output (`NO_COLOR`), and no
//! fault injection inherited from the shell that runs the tests (`PARTNERDESK_FAULT`; a test
//! that wants a fault sets it on its own command).

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

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

/// Runs the binary with `args` in a home of its own (`home`: the config and data folders under
/// it), so the user's templates, keys and app data never reach the test.
pub fn in_home(home: &std::path::Path, args: &[&str]) -> Output {
    command()
        .env_remove("PARTNERDESK_FILE")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .args(args)
        .output()
        .expect("the binary runs")
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

/// Runs the binary with `args` and `env` added, killing it (and failing the test) if it runs for
/// `limit`: a FIFO, a huge file or a lock must never hang it.
pub fn run_with_deadline(args: &[&str], env: &[(&str, &str)], limit: Duration) -> Output {
    let mut command = command();
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("the binary runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{args:?} hung for {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait_with_output().expect("output")
}
