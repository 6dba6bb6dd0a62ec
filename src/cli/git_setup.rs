//! `partnerdesk git-setup FILE…`: makes git the team's store for these workspace files. In the
//! repository that holds them it writes `.gitattributes` (the files → the `partnerdesk` merge
//! and diff drivers), `.gitignore` (each file's lock, journal, backup, and temporary files of
//! saves), and the repository's own config for the two drivers. Running it again changes
//! nothing: every line is added only where it is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::outcome::{Failure, Outcome};

pub fn git_setup(files: &[PathBuf]) -> Outcome {
    let exe = std::env::current_exe()
        .map_err(|err| Failure::usage(format!("cannot tell where partnerdesk runs from: {err}")))?;
    let exe = shell_quoted(&exe.display().to_string());
    let mut roots: Vec<PathBuf> = Vec::new();
    for file in files {
        let (root, relative) = place_in_repository(file)?;
        let attributes = format!("/{relative} merge=partnerdesk diff=partnerdesk");
        add_lines(&root.join(".gitattributes"), &[attributes])?;
        let ignored = [
            format!("/{relative}.lock"),
            format!("/{relative}.journal"),
            format!("/{relative}.bak"),
            format!("*{}", crate::store::TEMP_SUFFIX),
        ];
        add_lines(&root.join(".gitignore"), &ignored)?;
        if !roots.contains(&root) {
            roots.push(root);
        }
    }
    for root in &roots {
        git(
            root,
            &[
                "config",
                "merge.partnerdesk.name",
                "partnerdesk: by record and field",
            ],
        )?;
        git(
            root,
            &[
                "config",
                "merge.partnerdesk.driver",
                &format!("{exe} merge %O %A %B -o %A"),
            ],
        )?;
        git(
            root,
            &[
                "config",
                "diff.partnerdesk.command",
                &format!("{exe} diff --git"),
            ],
        )?;
        // `git log -p` and `git show` convert the file with textconv (an external diff command
        // runs there only with --ext-diff).
        git(
            root,
            &[
                "config",
                "diff.partnerdesk.textconv",
                &format!("{exe} diff --textconv"),
            ],
        )?;
        status!(
            "{}: .gitattributes, .gitignore and the merge and diff drivers are set (commit the two files)",
            root.display()
        );
    }
    Ok(())
}

/// The repository's top folder and the file's path inside it, with `/` separators.
fn place_in_repository(file: &Path) -> Result<(PathBuf, String), Failure> {
    let dir = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = dir.canonicalize().map_err(|err| {
        Failure::usage(format!(
            "cannot find the folder of {}: {err}",
            file.display()
        ))
    })?;
    let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
    let root = PathBuf::from(top.trim()).canonicalize().map_err(|err| {
        Failure::usage(format!(
            "cannot read the repository's folder {}: {err}",
            top.trim()
        ))
    })?;
    let name = file
        .file_name()
        .ok_or_else(|| Failure::usage(format!("{} names no file", file.display())))?;
    let inside = dir.join(name);
    let relative = inside.strip_prefix(&root).map_err(|_| {
        Failure::usage(format!(
            "{} is not inside the git repository at {}",
            file.display(),
            root.display()
        ))
    })?;
    let relative: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok((root, relative.join("/")))
}

/// Runs git in `dir`; its output, or a failure saying what git said.
fn git(dir: &Path, args: &[&str]) -> Result<String, Failure> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|err| {
            Failure::usage(format!("cannot run git: {err}"))
                .with_detail("is git installed and on PATH?")
        })?;
    if !out.status.success() {
        return Err(Failure::usage(format!(
            "git {} failed in {}",
            args.join(" "),
            dir.display()
        ))
        .with_detail(String::from_utf8_lossy(&out.stderr).trim().to_string()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Adds each of `lines` to the file unless it already has it.
fn add_lines(path: &Path, lines: &[String]) -> Outcome {
    let old = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => {
            return Err(Failure::usage(format!(
                "cannot read {}: {err}",
                path.display()
            )));
        }
    };
    let mut text = old.clone();
    for line in lines {
        if text.lines().any(|l| l.trim() == line) {
            continue;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
    }
    if text != old {
        super::files::write_atomically(path, text.as_bytes())?;
    }
    Ok(())
}

/// `text` quoted for the shell git runs drivers with.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}
