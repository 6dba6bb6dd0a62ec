//! The command line explains itself: help on every argument, examples that run on the demo,
//! the top-level help in groups, shell completions, the man page, `paths`, and
//! PARTNERDESK_FILE standing for the workspace FILE.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use partnerdesk::cli::{FILE_ENV, OTHER_GROUP, command, groups};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/exports");

/// The binary with a clean environment for what these tests look at: no colour, no
/// PARTNERDESK_FILE unless a test sets it, and the per-user folders inside `home`.
fn partnerdesk_in(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
    cmd.env("NO_COLOR", "1")
        .env_remove(FILE_ENV)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"));
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{cmd:?} failed: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// A temporary folder holding the demo as `demo.json`.
fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(partnerdesk_in(dir.path())
        .current_dir(dir.path())
        .args(["demo", "--write", "demo.json"]));
    dir
}

fn visible_subcommands() -> Vec<String> {
    command()
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name().to_string())
        .collect()
}

/// Every visible argument without help, as "path: argument", walking subcommands recursively.
fn arguments_without_help(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if arg.is_hide_set() || id == "help" || id == "version" {
            continue;
        }
        let help = arg
            .get_help()
            .or(arg.get_long_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        if help.trim().is_empty() {
            let shown = match arg.get_long() {
                Some(long) => format!("--{long}"),
                None => format!("<{}>", id.to_uppercase()),
            };
            missing.push(format!("{path}: {shown}"));
        }
    }
    for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        arguments_without_help(sub, &format!("{path} {}", sub.get_name()), missing);
    }
}

#[test]
fn every_argument_of_every_subcommand_has_help() {
    let mut missing = Vec::new();
    arguments_without_help(&command(), "partnerdesk", &mut missing);
    assert!(
        missing.is_empty(),
        "arguments without help:\n{}",
        missing.join("\n")
    );
}

const MAIN: [&str; 7] = [
    "invite", "import", "export", "emit", "apply", "tick", "review",
];

fn after_help(name: &str) -> String {
    command()
        .find_subcommand(name)
        .unwrap_or_else(|| panic!("no subcommand {name}"))
        .get_after_help()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The example commands of an after_help text: `\`-continued lines joined, comments dropped.
fn examples(after_help: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut current = String::new();
    for line in after_help.lines().map(str::trim) {
        if line.starts_with('#') || line.ends_with(':') || line.is_empty() {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(start) => current.push_str(start),
            None => {
                current.push_str(line);
                commands.push(std::mem::take(&mut current));
            }
        }
    }
    commands
}

/// A command line split as the shell splits it (single and double quotes; no expansions).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for ch in line.chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_default().push(c),
            (None, '\'' | '"') => {
                quote = Some(ch);
                word.get_or_insert_default();
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_default().push(c),
        }
    }
    assert!(quote.is_none(), "unbalanced quotes in {line:?}");
    words.extend(word);
    words
}

#[test]
fn the_main_subcommands_show_examples_of_themselves() {
    for name in MAIN {
        let help = after_help(name);
        assert!(help.starts_with("Examples:"), "{name} has no examples");
        let found = examples(&help);
        assert!(!found.is_empty(), "{name}'s examples hold no command");
        for example in &found {
            assert!(
                example.contains(&format!("partnerdesk {name} ")),
                "{name}'s example is of another command: {example}"
            );
        }
    }
}

#[test]
fn every_example_of_the_main_subcommands_works_on_the_demo() {
    for name in MAIN {
        // A fresh demo per command; its examples run in order, as a reader would type them.
        let dir = demo_dir();
        // Import's `exports/`: a partner's Partner Center and Graph exports.
        let exports = dir.path().join("exports");
        std::fs::create_dir(&exports).unwrap();
        for (from, prefix) in [
            ("partner-center", ""),
            ("graph", "delegatedAdminRelationships"),
        ] {
            for entry in std::fs::read_dir(Path::new(FIXTURES).join(from)).unwrap() {
                let path = entry.unwrap().path();
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                if file.starts_with(prefix) {
                    std::fs::copy(&path, exports.join(&file)).unwrap();
                }
            }
        }
        for example in examples(&after_help(name)) {
            let mut words = shell_words(&example).into_iter().peekable();
            let mut cmd = partnerdesk_in(dir.path());
            cmd.current_dir(dir.path());
            // Leading NAME=VALUE words set the environment, as in the shell.
            while let Some((key, value)) = words.peek().and_then(|w| w.split_once('=')) {
                cmd.env(key, value);
                words.next();
            }
            assert_eq!(words.next().as_deref(), Some("partnerdesk"), "{example}");
            let out = run(cmd.args(words));
            assert_eq!(
                out.status.code(),
                Some(0),
                "the example `{example}` failed on the demo: {}",
                text(&out.stderr)
            );
        }
    }
}

#[test]
fn every_visible_subcommand_is_in_exactly_one_help_group() {
    let grouped = groups(&command());
    assert!(
        grouped.iter().all(|(title, _)| *title != OTHER_GROUP),
        "commands in no group: {grouped:?}"
    );
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (_, names) in &grouped {
        for name in names {
            *seen.entry(name.clone()).or_default() += 1;
        }
    }
    for name in visible_subcommands() {
        assert_eq!(
            seen.get(&name),
            Some(&1),
            "{name} is listed {:?} times",
            seen.get(&name)
        );
    }
    assert_eq!(seen.len(), visible_subcommands().len());
}

/// The command names the top-level help lists under each group heading, in order, up to the
/// options.
fn listed_groups(help: &str) -> Vec<(String, Vec<String>)> {
    let mut listed: Vec<(String, Vec<String>)> = Vec::new();
    for line in help.lines() {
        if line == "Options:" {
            break;
        }
        if let Some(title) = line.strip_suffix(':').filter(|l| !l.starts_with(' ')) {
            listed.push((title.to_string(), Vec::new()));
        } else if let (Some(rest), Some((_, names))) = (line.strip_prefix("  "), listed.last_mut())
        {
            // A command line starts at column 2; a wrapped description is indented further.
            if !rest.starts_with(' ') && !rest.starts_with('-') {
                names.extend(rest.split_whitespace().next().map(str::to_string));
            }
        }
    }
    listed
}

#[test]
fn the_top_level_help_lists_each_command_once_in_its_group() {
    let home = tempfile::tempdir().unwrap();
    let help = ok(partnerdesk_in(home.path()).arg("--help"));
    let listed = listed_groups(&help);
    let expected: Vec<(String, Vec<String>)> = groups(&command())
        .into_iter()
        .map(|(title, names)| (title.to_string(), names))
        .collect();
    assert_eq!(listed, expected, "{help}");
    for name in visible_subcommands() {
        let count = listed
            .iter()
            .flat_map(|(_, names)| names)
            .filter(|n| **n == name)
            .count();
        assert_eq!(count, 1, "{name} in the help:\n{help}");
    }
    // `help` prints the same page.
    assert_eq!(ok(partnerdesk_in(home.path()).arg("help")), help);
}

#[test]
fn subcommand_help_shows_that_partnerdesk_file_can_stand_for_file() {
    let home = tempfile::tempdir().unwrap();
    for name in [
        "list", "show", "check", "accept", "import", "export", "emit",
    ] {
        let help = ok(partnerdesk_in(home.path()).args([name, "--help"]));
        assert!(
            help.contains("[env: PARTNERDESK_FILE"),
            "{name} --help:\n{help}"
        );
    }
}

// Completions.

#[test]
fn the_bash_completion_script_sources_and_completes_subcommands_and_options() {
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("partnerdesk.bash");
    std::fs::write(
        &script,
        ok(partnerdesk_in(home.path()).args(["completions", "bash"])),
    )
    .unwrap();
    // Source it, find the function it registers for `partnerdesk`, and call it as bash's
    // programmable completion does for the words typed so far.
    let complete = |words: &str| -> Vec<String> {
        let program = format!(
            r#"set -e
source "$1"
spec="$(complete -p partnerdesk)"
fn="${{spec##*-F }}"; fn="${{fn%% *}}"
COMP_WORDS=({words})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="{words}"; COMP_POINT=${{#COMP_LINE}}
"$fn" partnerdesk "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}"
"#
        );
        let out = run(Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &program, "bash"])
            .arg(&script));
        assert!(out.status.success(), "bash: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "bash wrote: {}", text(&out.stderr));
        text(&out.stdout).lines().map(str::to_string).collect()
    };
    assert_eq!(complete("partnerdesk li"), vec!["list"]);
    let re = complete("partnerdesk re");
    for name in [
        "recover",
        "reactivate",
        "reseller-approve",
        "reseller-reject",
        "revoke",
    ] {
        assert!(
            re.contains(&name.to_string()),
            "{name} not offered for re: {re:?}"
        );
    }
    assert!(complete("partnerdesk list --j").contains(&"--json".to_string()));
}

#[test]
fn completion_scripts_for_every_shell_name_the_commands() {
    let home = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("zsh", "#compdef partnerdesk"),
        ("fish", "complete -c partnerdesk"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = ok(partnerdesk_in(home.path()).args(["completions", shell]));
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        for name in ["invite", "import", "paths"] {
            assert!(script.contains(name), "{shell} script lacks {name}");
        }
    }
}

// The man page.

fn man_page(home: &Path) -> String {
    ok(partnerdesk_in(home).arg("man"))
}

#[test]
fn the_man_page_is_roff_naming_every_command() {
    let home = tempfile::tempdir().unwrap();
    let page = man_page(home.path());
    assert!(
        page.lines().any(|l| l.starts_with(".TH partnerdesk 1")),
        "{page}"
    );
    assert!(page.contains(".SH NAME") && page.contains(".SH SYNOPSIS"));
    for name in visible_subcommands() {
        let heading = format!(".SS \"partnerdesk {}\"", name.replace('-', "\\-"));
        assert!(page.contains(&heading), "no entry for {name}");
    }
    // `-o FILE` writes the same page.
    let file = home.path().join("partnerdesk.1");
    let out = ok(partnerdesk_in(home.path()).args(["man", "-o"]).arg(&file));
    assert!(out.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), page);
}

#[test]
fn the_man_page_renders_with_man() {
    let has_man = Command::new("sh")
        .args(["-c", "command -v man"])
        .output()
        .is_ok_and(|out| out.status.success());
    if !has_man {
        eprintln!("man is not installed: the roff itself is checked by the test above");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("partnerdesk.1");
    ok(partnerdesk_in(home.path()).args(["man", "-o"]).arg(&file));
    let out = run(Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANWIDTH", "100")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("MAN_KEEP_FORMATTING")
        .env_remove("MANPAGER")
        .env_remove("PAGER"));
    assert!(out.status.success(), "man -l: {}", text(&out.stderr));
    assert!(
        out.stderr.is_empty(),
        "man -l warned: {}",
        text(&out.stderr)
    );
    // Overstrike (bold as "x\bx") is removed before looking at the words.
    let mut shown = String::new();
    for ch in text(&out.stdout).chars() {
        if ch == '\u{8}' {
            shown.pop();
        } else {
            shown.push(ch);
        }
    }
    for expected in [
        "NAME",
        "LOOK AT A WORKSPACE",
        "partnerdesk invite",
        "--customers-from",
        "PARTNERDESK_FILE",
    ] {
        assert!(
            shown.contains(expected),
            "{expected:?} not in the rendered page:\n{shown}"
        );
    }
}

// paths.

#[test]
fn paths_names_the_default_workspace_keys_and_config_directory() {
    let home = tempfile::tempdir().unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&ok(partnerdesk_in(home.path()).args(["paths", "--json"]))).unwrap();
    let config = home.path().join("config/partnerdesk");
    let data = home.path().join("data/partnerdesk");
    let path = |key: &str| PathBuf::from(json[key].as_str().unwrap_or_else(|| panic!("no {key}")));
    assert_eq!(path("configDir"), config);
    assert_eq!(path("keysFile"), config.join("keys.toml"));
    assert_eq!(path("dataDir"), data);
    assert_eq!(path("defaultWorkspace"), data.join("workspace.json"));
    assert!(json.get("partnerdeskFile").is_none(), "{json}");

    let plain = ok(partnerdesk_in(home.path()).arg("paths"));
    assert!(plain.contains(&format!(
        "{} (not saved yet)",
        data.join("workspace.json").display()
    )));
    assert!(plain.contains(&config.join("keys.toml").display().to_string()));

    let with_env = ok(partnerdesk_in(home.path())
        .env(FILE_ENV, "/srv/csp.json")
        .args(["paths", "--json"]));
    let with_env: serde_json::Value = serde_json::from_str(&with_env).unwrap();
    assert_eq!(with_env["partnerdeskFile"], "/srv/csp.json");
}

#[test]
fn paths_reports_each_bad_line_of_keys_toml() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config/partnerdesk");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("keys.toml"),
        "[keys]\naccept = \"ctrl-a\"\nfly = \"z\"\n",
    )
    .unwrap();
    let plain = ok(partnerdesk_in(home.path()).arg("paths"));
    let skipped = plain
        .lines()
        .find(|l| l.starts_with("keys.toml skips"))
        .unwrap_or_else(|| panic!("no skipped line reported:\n{plain}"));
    assert!(
        skipped.contains("line 3: `fly` is not a command"),
        "{plain}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(partnerdesk_in(home.path()).args(["paths", "--json"]))).unwrap();
    assert_eq!(
        json["keysProblems"].as_array().map(Vec::len),
        Some(1),
        "{json}"
    );
}

// Output that goes nowhere.

#[test]
fn completions_man_and_paths_end_quietly_when_the_reader_has_gone() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["paths"],
        &["--help"],
    ] {
        let mut child = partnerdesk_in(home.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            !text(&out.stderr).contains("panicked"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn completions_man_and_paths_fail_with_a_message_on_a_full_disk() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    for args in [&["completions", "bash"][..], &["man"], &["paths"]] {
        let out = run(partnerdesk_in(home.path())
            .args(args)
            .stdout(full.try_clone().unwrap()));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("cannot write to standard output"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

// PARTNERDESK_FILE.

#[test]
fn with_partnerdesk_file_set_list_and_show_need_no_file() {
    let dir = demo_dir();
    let file = dir.path().join("demo.json");
    let listed = ok(partnerdesk_in(dir.path())
        .env(FILE_ENV, &file)
        .args(["list", "relationships"]));
    assert!(listed.contains("rel-1121"), "{listed}");
    let shown = ok(partnerdesk_in(dir.path())
        .env(FILE_ENV, &file)
        .args(["show", "rel-1121", "--json"]));
    assert!(shown.contains("\"rel-1121\""), "{shown}");
    let checked = ok(partnerdesk_in(dir.path()).env(FILE_ENV, &file).arg("check"));
    assert!(checked.contains("clean"), "{checked}");
}

#[test]
fn without_partnerdesk_file_a_left_out_file_is_a_usage_error() {
    let dir = demo_dir();
    for args in [
        &["list", "relationships"][..],
        &["show", "rel-1121"],
        &["check"],
    ] {
        let out = run(partnerdesk_in(dir.path())
            .current_dir(dir.path())
            .args(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("required"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn with_partnerdesk_file_set_a_changing_command_changes_that_file() {
    let dir = demo_dir();
    let file = dir.path().join("demo.json");
    ok(partnerdesk_in(dir.path()).env(FILE_ENV, &file).args([
        "accept",
        "inv-1116",
        "--as",
        "customer:coho-winery",
    ]));
    let shown = ok(partnerdesk_in(dir.path())
        .arg("show")
        .arg(&file)
        .args(["inv-1116", "--json"]));
    assert!(shown.contains("\"accepted\""), "{shown}");
}

#[test]
fn a_file_on_the_command_line_wins_over_partnerdesk_file() {
    let dir = demo_dir();
    let file = dir.path().join("demo.json");
    let other = dir.path().join("other.json");
    std::fs::copy(&file, &other).unwrap();
    let before = std::fs::read(&other).unwrap();
    ok(partnerdesk_in(dir.path())
        .env(FILE_ENV, &other)
        .arg("accept")
        .arg(&file)
        .args(["inv-1116", "--as", "customer:coho-winery"]));
    assert_eq!(
        std::fs::read(&other).unwrap(),
        before,
        "the env's file changed"
    );
    let shown = ok(partnerdesk_in(dir.path())
        .arg("show")
        .arg(&file)
        .args(["inv-1116", "--json"]));
    assert!(shown.contains("\"accepted\""), "{shown}");
    // Reading commands too: the env names a file that does not exist.
    let missing = dir.path().join("missing.json");
    let listed = ok(partnerdesk_in(dir.path())
        .env(FILE_ENV, &missing)
        .arg("list")
        .arg(&file)
        .arg("relationships"));
    assert!(listed.contains("rel-1121"));
}
