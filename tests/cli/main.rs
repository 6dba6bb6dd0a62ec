//! The CLI as scripts use it: exit codes, messages, and files left untouched on refusal.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod actors;
mod bad_input;
mod identifiers;
mod workflows;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-24T10:00:00Z";

fn partnerdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn run_ok(args: &[&str]) -> String {
    let out = partnerdesk(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?} failed: {}",
        stderr(&out)
    );
    stdout(&out)
}

/// A workspace with one direct-bill partner, one indirect provider and its reseller, a regular
/// customer and a customer that is itself a CSP partner; built through the CLI itself.
fn scripted_workspace(dir: &Path) -> PathBuf {
    let file = dir.join("w.json");
    let f = file.to_str().unwrap();
    std::fs::write(
        &file,
        r#"{"format":"partnerdesk-workspace","version":1,"name":"test"}"#,
    )
    .unwrap();
    let op = ["--as", "operator", "--now", NOW];
    run_ok(
        &[
            &["add-partner", f],
            &op[..],
            &[
                "--id",
                "contoso",
                "--name",
                "Contoso Cloud",
                "--partner-id",
                "1234567",
                "--tenant",
                "11111111-1111-1111-1111-111111111111",
                "--billing",
                "direct-bill",
            ],
        ]
        .concat(),
    );
    run_ok(
        &[
            &["add-partner", f],
            &op[..],
            &[
                "--id",
                "dist",
                "--name",
                "Tailspin Distribution",
                "--partner-id",
                "7654321",
                "--tenant",
                "44444444-1111-1111-1111-111111111111",
                "--billing",
                "indirect-provider",
            ],
        ]
        .concat(),
    );
    run_ok(
        &[
            &["add-partner", f],
            &op[..],
            &[
                "--id",
                "vanarsdel",
                "--name",
                "VanArsdel",
                "--partner-id",
                "5550001",
                "--tenant",
                "55555555-1111-1111-1111-111111111111",
                "--billing",
                "indirect-reseller",
                "--providers",
                "dist",
            ],
        ]
        .concat(),
    );
    run_ok(
        &[
            &["add-customer", f],
            &op[..],
            &[
                "--id",
                "fabrikam",
                "--name",
                "Fabrikam",
                "--domain",
                "fabrikam.onmicrosoft.com",
                "--country",
                "US",
                "--tenant",
                "22222222-2222-2222-2222-222222222222",
            ],
        ]
        .concat(),
    );
    run_ok(
        &[
            &["add-customer", f],
            &op[..],
            &[
                "--id",
                "litware",
                "--name",
                "Litware",
                "--domain",
                "litware.onmicrosoft.com",
                "--country",
                "DE",
                "--tenant",
                "33333333-2222-2222-2222-222222222222",
                "--csp-partner",
            ],
        ]
        .concat(),
    );
    file
}

fn with_subscription(dir: &Path) -> PathBuf {
    let file = scripted_workspace(dir);
    let f = file.to_str().unwrap();
    run_ok(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
    ]);
    run_ok(&[
        "accept",
        f,
        "inv-1",
        "--as",
        "customer:fabrikam",
        "--now",
        NOW,
    ]);
    run_ok(&[
        "buy",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
        "--offer",
        "Microsoft 365 E3",
        "--quantity",
        "25",
    ]);
    file
}

fn subscriptions_json(file: &Path) -> String {
    run_ok(&["list", file.to_str().unwrap(), "subscriptions", "--json"])
}

/// Runs a changing command expected to be refused: exit 1, the rule named on stderr, the file
/// left byte for byte as it was. Returns stderr.
fn refused_leaving_the_file(file: &Path, args: &[&str], rule: &str) -> String {
    let before = std::fs::read(file).unwrap();
    let out = partnerdesk(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(
        err.contains(&format!("refused: {rule}: ")),
        "{args:?}: {err}"
    );
    assert_eq!(
        std::fs::read(file).unwrap(),
        before,
        "{args:?} changed the file"
    );
    err
}
