//! How a command ends: `Ok(())`, or a `Failure` saying what to print and which exit code to use.
//! Its own file so that every command (`open.rs`, which starts the terminal app, included) can
//! name it without importing the dispatcher in `cli/mod.rs`.

/// A failure that ends the command: what to print and which exit code to use.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub headline: String,
    pub details: Vec<String>,
}

impl Failure {
    /// Exit 2: usage, I/O or format.
    pub fn usage(headline: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            headline: headline.into(),
            details: Vec::new(),
        }
    }

    /// Exit 1: refused by a rule.
    pub fn refused(refusal: &crate::domain::Refusal) -> Failure {
        let rule = refusal.rule.rule();
        Failure {
            code: 1,
            headline: format!("refused: {refusal}"),
            details: vec![format!(
                "{} ({}): {}",
                rule.id, rule.title, rule.explanation
            )],
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Failure {
        self.details.push(detail.into());
        self
    }
}

pub type Outcome = Result<(), Failure>;
