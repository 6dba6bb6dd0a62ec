//! `partnerdesk man [-o FILE]`: one man page (roff) for the whole command line, generated from
//! the grammar with clap_mangen. clap_mangen's own page lists the commands as references to
//! one page each (`partnerdesk-list(1)`), which nobody installs; this page instead gives every
//! command in place, in the top-level help's groups: its synopsis, description, options (each
//! section rendered by clap_mangen) and examples.

use std::io::Write as _;
use std::path::Path;

use clap::Command;
use clap_mangen::Man;

use super::help_groups::groups;
use super::outcome::{Failure, Outcome};

pub fn man(output: Option<&Path>) -> Outcome {
    let page =
        render().map_err(|err| Failure::usage(format!("cannot render the man page: {err}")))?;
    match output {
        None => {
            super::sink::data(&String::from_utf8_lossy(&page));
            Ok(())
        }
        Some(path) => super::files::write_atomically(path, &page),
    }
}

/// The whole page.
pub fn render() -> std::io::Result<Vec<u8>> {
    let mut cmd = super::parse::command();
    // Building names every subcommand `partnerdesk NAME`, as its synopsis should read.
    cmd.build();
    let top = Man::new(cmd.clone());
    let mut page = Vec::new();
    top.render_title(&mut page)?;
    top.render_name_section(&mut page)?;
    top.render_synopsis_section(&mut page)?;
    top.render_description_section(&mut page)?;
    top.render_options_section(&mut page)?;
    for (title, names) in groups(&cmd) {
        writeln!(page, ".SH \"{}\"", escape(&title.to_uppercase()))?;
        for name in names {
            if let Some(sub) = cmd.find_subcommand(&name) {
                command_entry(&mut page, sub)?;
            }
        }
    }
    if let Some(notes) = cmd.get_after_help() {
        writeln!(page, ".SH NOTES")?;
        for paragraph in notes.to_string().lines() {
            writeln!(page, ".PP\n{}", escape(paragraph))?;
        }
    }
    top.render_version_section(&mut page)?;
    Ok(page)
}

/// One command: a subsection with its synopsis, description, options and examples.
fn command_entry(page: &mut Vec<u8>, sub: &Command) -> std::io::Result<()> {
    let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
    writeln!(page, ".SS \"{}\"", escape(name))?;
    let man = Man::new(sub.clone());
    let mut section = Vec::new();
    man.render_synopsis_section(&mut section)?;
    page.extend(body_of(&section));
    if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
        writeln!(page, ".PP\n{}", escape(&about.to_string()))?;
    }
    if sub.get_arguments().any(|arg| !arg.is_hide_set()) {
        section.clear();
        man.render_options_section(&mut section)?;
        page.extend(body_of(&section));
    }
    if let Some(examples) = sub.get_after_help() {
        // Preformatted, so each example stays one command as printed.
        writeln!(page, ".PP\n.nf\n.RS 4")?;
        for line in examples.to_string().lines() {
            writeln!(page, "{}", escape(line))?;
        }
        writeln!(page, ".RE\n.fi")?;
    }
    Ok(())
}

/// A section clap_mangen rendered, without its `.SH` heading (the entry has its own) and without
/// the apostrophe preamble it starts each rendering with (the page has it once, from the title).
fn body_of(section: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(section);
    let mut body = String::new();
    for line in text.lines() {
        let preamble = line.starts_with(".ie \\n(.g") || line.starts_with(".el .ds Aq");
        if preamble || line.starts_with(".SH ") {
            continue;
        }
        body.push_str(line);
        body.push('\n');
    }
    body.into_bytes()
}

/// Text as roff reads it literally: backslashes and hyphens escaped, and a line that would
/// start with a control character made plain text.
fn escape(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\e")
        .replace('-', "\\-")
        .replace('"', "\\(dq");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_keeps_roff_from_reading_text_as_requests() {
        assert_eq!(escape(".hidden"), "\\&.hidden");
        assert_eq!(escape("a\\b --c"), "a\\eb \\-\\-c");
    }
}
