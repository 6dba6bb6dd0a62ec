//! One summary of an import, the same in the CLI (text or `--json`) and the terminal app: files
//! by kind, records added / updated / unchanged, what was left out counted by rule, plans linked
//! to Microsoft's records, records a complete export no longer contains, findings, unknown roles
//! and the slowest page. It fits a screen whatever the number of pages: long lists show their
//! first lines and say how many more `--verbose` gives.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Kind, Plan};
use crate::domain::RuleId;
use crate::domain::imported::{ImportMissing, ImportReport, LeftOut};

/// How many entries of a list the summary shows without `--verbose`.
const SHOWN: usize = 8;

/// The files of one kind an import read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilesOfKind {
    pub kind: Kind,
    pub files: usize,
    pub items: usize,
}

/// How many records one rule left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub rule: RuleId,
    pub count: usize,
}

/// The page that took longest to read, and how long.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlowestPage {
    pub file: String,
    pub seconds: f64,
}

/// What an import read and did, ready to print.
pub struct Summary<'a> {
    pub plan: &'a Plan,
    pub report: &'a ImportReport,
    /// With `--complete`: what the exports no longer contain.
    pub missing: &'a [ImportMissing],
    pub slowest: Option<SlowestPage>,
}

impl Summary<'_> {
    /// The files read, grouped by kind, in the order of kinds.
    pub fn files_by_kind(&self) -> Vec<FilesOfKind> {
        let mut by_kind: BTreeMap<Kind, FilesOfKind> = BTreeMap::new();
        for s in &self.plan.sources {
            let entry = by_kind.entry(s.kind).or_insert(FilesOfKind {
                kind: s.kind,
                files: 0,
                items: 0,
            });
            entry.files += 1;
            entry.items += s.items;
        }
        by_kind.into_values().collect()
    }

    /// Every record left out: those the exports could not give and those the rules refused.
    pub fn left_out(&self) -> Vec<LeftOut> {
        super::importing::left_out(self.plan, self.report)
    }

    /// How many records each rule left out, by rule.
    pub fn left_out_by_rule(&self) -> Vec<RuleCount> {
        let mut counts: BTreeMap<RuleId, usize> = BTreeMap::new();
        for l in self.left_out() {
            *counts.entry(l.rule).or_default() += 1;
        }
        counts
            .into_iter()
            .map(|(rule, count)| RuleCount { rule, count })
            .collect()
    }

    /// The summary as lines of text; `verbose` adds a line per file and lists every entry.
    pub fn lines(&self, verbose: bool) -> Vec<String> {
        let mut lines = Vec::new();
        let files: Vec<String> = self
            .files_by_kind()
            .iter()
            .map(|f| format!("{} {} ({} items)", f.files, f.kind.label(), f.items))
            .collect();
        lines.push(format!(
            "{} file(s): {}",
            self.plan.sources.len(),
            if files.is_empty() {
                "none".to_string()
            } else {
                files.join(", ")
            }
        ));
        if verbose {
            for s in &self.plan.sources {
                lines.push(format!(
                    "  {}: {} ({} items)",
                    s.file,
                    s.kind.label(),
                    s.items
                ));
            }
        }
        lines.push(format!(
            "{:<20} {:>7} {:>8} {:>10}",
            "RECORDS", "ADDED", "UPDATED", "UNCHANGED"
        ));
        let r = self.report;
        for (kind, c) in [
            ("partners", r.partners),
            ("customers", r.customers),
            ("subscriptions", r.subscriptions),
            ("relationships", r.relationships),
            ("access assignments", r.access_assignments),
        ] {
            lines.push(format!(
                "{kind:<20} {:>7} {:>8} {:>10}",
                c.added, c.updated, c.unchanged
            ));
        }
        if self.plan.repeated > 0 {
            lines.push(format!("{} repeated record(s) merged", self.plan.repeated));
        }
        let left_out = self.left_out();
        if !left_out.is_empty() {
            let by_rule: Vec<String> = self
                .left_out_by_rule()
                .iter()
                .map(|c| format!("{} {}", c.rule, c.count))
                .collect();
            lines.push(format!(
                "left out ({}): {}",
                left_out.len(),
                by_rule.join(", ")
            ));
            listed(&mut lines, verbose, &left_out, |l| {
                format!("  {} {}: {}: {}", l.kind, l.key, l.rule, l.reason)
            });
        }
        if !r.linked.is_empty() {
            lines.push(format!(
                "plans confirmed and linked to Microsoft's records ({}):",
                r.linked.len()
            ));
            listed(&mut lines, verbose, &r.linked, |l| {
                let mut line = format!("  {} {} ← {}", l.kind, l.id, l.external_id);
                if !l.differences.is_empty() {
                    line.push_str(&format!(
                        " (Microsoft's kept; {})",
                        l.differences.join("; ")
                    ));
                }
                line
            });
        }
        if !self.missing.is_empty() {
            lines.push(format!(
                "no longer in the complete export, kept here ({}):",
                self.missing.len()
            ));
            listed(&mut lines, verbose, self.missing, |m| {
                format!("  {} {} ({})", m.kind, m.id, m.external_id)
            });
        }
        if !r.findings.is_empty() {
            lines.push(format!(
                "findings, nothing imported for them ({}):",
                r.findings.len()
            ));
            listed(&mut lines, verbose, &r.findings, |f| {
                format!("  {} {}: {}", f.kind, f.key, f.message)
            });
        }
        if !r.unknown_roles.is_empty() {
            lines.push(format!(
                "unknown roles, kept as they came ({}): {}",
                r.unknown_roles.len(),
                r.unknown_roles.join(", ")
            ));
        }
        if let Some(slowest) = &self.slowest {
            lines.push(format!(
                "slowest page: {} ({:.0} ms)",
                slowest.file,
                slowest.seconds * 1000.0
            ));
        }
        lines
    }
}

/// The entries of a list, one a line: the first few, or all with `verbose`.
fn listed<T>(lines: &mut Vec<String>, verbose: bool, items: &[T], line: impl Fn(&T) -> String) {
    let shown = if verbose { items.len() } else { SHOWN };
    lines.extend(items.iter().take(shown).map(line));
    if items.len() > shown {
        lines.push(format!(
            "  … and {} more (--verbose lists them all)",
            items.len() - shown
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Refusal;
    use crate::domain::imported::{ImportRecords, LeftOut};
    use crate::interop::SourceSummary;

    fn plan(pages: usize, left_out: usize) -> Plan {
        Plan {
            records: ImportRecords::default(),
            left_out: (0..left_out)
                .map(|i| {
                    LeftOut::new(
                        "relationship",
                        format!("r-{i}"),
                        Refusal::new(if i % 2 == 0 { RuleId::GD6 } else { RuleId::WS1 }, "x"),
                    )
                })
                .collect(),
            sources: (0..pages)
                .map(|i| SourceSummary {
                    file: format!("page{i}.json"),
                    kind: if i % 3 == 0 {
                        Kind::Customers
                    } else {
                        Kind::DelegatedAdminRelationships
                    },
                    items: 10,
                    sha256: String::new(),
                    digest_later: None,
                })
                .collect(),
            repeated: 0,
        }
    }

    #[test]
    fn a_summary_of_many_pages_fits_a_screen_and_verbose_names_every_file_and_record() {
        let plan = plan(700, 100);
        let report = ImportReport::default();
        let summary = Summary {
            plan: &plan,
            report: &report,
            missing: &[],
            slowest: None,
        };
        let short = summary.lines(false);
        assert!(short.len() <= 24, "{} lines: {short:#?}", short.len());
        assert_eq!(
            short[0],
            "700 file(s): 234 Partner Center customers (2340 items), 466 Graph delegatedAdminRelationships (4660 items)"
        );
        let left = short
            .iter()
            .find(|l| l.starts_with("left out (100): "))
            .unwrap();
        assert!(left.contains("WS1 50") && left.contains("GD6 50"), "{left}");
        let long = summary.lines(true);
        assert!(long.iter().any(|l| l.contains("page699.json")));
        assert!(long.iter().any(|l| l.contains("r-99")));
    }

    #[test]
    fn the_slowest_page_is_named_with_its_time() {
        let plan = plan(2, 0);
        let report = ImportReport::default();
        let summary = Summary {
            plan: &plan,
            report: &report,
            missing: &[],
            slowest: Some(SlowestPage {
                file: "page1.json".into(),
                seconds: 0.25,
            }),
        };
        assert!(
            summary
                .lines(false)
                .contains(&"slowest page: page1.json (250 ms)".to_string())
        );
    }
}
