//! Ids both sides created for different records: ids come from one counter in the file
//! (`nextSerial`), so two branches that each invite a customer both make `inv-1200`. The merge
//! keeps our record under its id and gives theirs a fresh one past both counters, then rewrites
//! every mention of the old id on their side (other records, audit actions and summaries).

use std::collections::HashMap;

use serde_json::Value;

/// Their ids that change, old → new.
#[derive(Clone, Debug, Default)]
pub struct Renames {
    map: HashMap<String, String>,
    next: u64,
}

impl Renames {
    pub fn starting_after(serial: u64) -> Renames {
        Renames {
            map: HashMap::new(),
            next: serial,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The serial the merged file goes on from.
    pub fn last_serial(&self) -> u64 {
        self.next
    }

    /// Gives `id` (`inv-1200`) a fresh id of the same kind that `taken` does not hold.
    pub fn rename(&mut self, id: &str, taken: impl Fn(&str) -> bool) -> String {
        let prefix = id.rsplit_once('-').map_or(id, |(prefix, _)| prefix);
        loop {
            self.next += 1;
            let fresh = format!("{prefix}-{}", self.next);
            if !taken(&fresh) && !self.map.values().any(|v| *v == fresh) {
                self.map.insert(id.to_string(), fresh.clone());
                return fresh;
            }
        }
    }

    pub fn pairs(&self) -> impl Iterator<Item = (&String, &String)> {
        self.map.iter()
    }

    /// `value` with every renamed id replaced: a string that is an id, and an id named inside
    /// a longer text (an audit summary: "relationship rel-1201: …").
    pub fn rewrite(&self, value: &mut Value) {
        match value {
            Value::String(text) => {
                if let Some(new) = self.map.get(text.as_str()) {
                    *text = new.clone();
                } else if text.len() > 4 {
                    *text = self.in_text(text);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.rewrite(v)),
            Value::Object(fields) => fields.values_mut().for_each(|v| self.rewrite(v)),
            _ => {}
        }
    }

    /// Replaces whole words of `text` that are renamed ids (a word: letters, digits, `-`, `_`).
    fn in_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            match self.map.get(word.as_str()) {
                Some(new) => out.push_str(new),
                None => out.push_str(word),
            }
            word.clear();
        };
        for ch in text.chars() {
            if ch.is_alphanumeric() || ch == '-' || ch == '_' {
                word.push(ch);
            } else {
                flush(&mut word, &mut out);
                out.push(ch);
            }
        }
        flush(&mut word, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_renamed_id_is_replaced_where_it_is_a_value_and_where_a_text_names_it() {
        let mut renames = Renames::starting_after(1202);
        let fresh = renames.rename("inv-1201", |id| id == "inv-1203");
        assert_eq!(fresh, "inv-1204");
        let mut v = json!({
            "invitationId": "inv-1201",
            "summary": "invitation inv-1201: accepted; inv-12010 untouched",
            "list": ["inv-1201", "rel-1"]
        });
        renames.rewrite(&mut v);
        assert_eq!(
            v,
            json!({
                "invitationId": "inv-1204",
                "summary": "invitation inv-1204: accepted; inv-12010 untouched",
                "list": ["inv-1204", "rel-1"]
            })
        );
    }
}
