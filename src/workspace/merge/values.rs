//! The three-way merge of one record's fields, on their JSON form: a field changed on one side
//! takes that side's value; the same field changed differently on both is a conflict (ours is
//! kept until it is resolved); objects are merged field by field, anything else whole.

use serde_json::{Map, Value};

/// A field both sides changed, differently.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldClash {
    /// Dotted JSON path ("gdap.autoExtendDuration"); empty for a whole record.
    pub path: String,
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
}

/// `base`, `ours` and `theirs` merged; the clashes found, each resolved to ours for now.
pub fn merge(base: &Value, ours: &Value, theirs: &Value, clashes: &mut Vec<FieldClash>) -> Value {
    merge_at("", Some(base), Some(ours), Some(theirs), clashes).unwrap_or(Value::Null)
}

fn merge_at(
    path: &str,
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    clashes: &mut Vec<FieldClash>,
) -> Option<Value> {
    if ours == theirs || theirs == base {
        return ours.cloned();
    }
    if ours == base {
        return theirs.cloned();
    }
    if let (Some(Value::Object(o)), Some(Value::Object(t))) = (ours, theirs) {
        let empty = Map::new();
        let b = match base {
            Some(Value::Object(b)) => b,
            _ => &empty,
        };
        return Some(Value::Object(objects(path, b, o, t, clashes)));
    }
    clashes.push(FieldClash {
        path: path.to_string(),
        base: base.cloned(),
        ours: ours.cloned(),
        theirs: theirs.cloned(),
    });
    ours.cloned()
}

fn objects(
    path: &str,
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    clashes: &mut Vec<FieldClash>,
) -> Map<String, Value> {
    let mut keys: Vec<&String> = ours
        .keys()
        .chain(theirs.keys())
        .chain(base.keys())
        .collect();
    keys.sort();
    keys.dedup();
    let mut out = Map::new();
    for key in keys {
        let inner = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        if let Some(value) = merge_at(
            &inner,
            base.get(key),
            ours.get(key),
            theirs.get(key),
            clashes,
        ) {
            out.insert(key.clone(), value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_side_brings_the_fields_it_changed() {
        let base = json!({"a": 1, "g": {"x": 1, "y": 1}});
        let ours = json!({"a": 2, "g": {"x": 1, "y": 1}});
        let theirs = json!({"a": 1, "g": {"x": 1, "y": 5}, "new": true});
        let mut clashes = Vec::new();
        let merged = merge(&base, &ours, &theirs, &mut clashes);
        assert!(clashes.is_empty());
        assert_eq!(merged, json!({"a": 2, "g": {"x": 1, "y": 5}, "new": true}));
    }

    #[test]
    fn the_same_field_changed_differently_clashes_and_keeps_ours() {
        let base = json!({"g": {"auto": "PT0S"}});
        let ours = json!({"g": {"auto": "P180D"}});
        let theirs = json!({"g": {"auto": "P90D"}});
        let mut clashes = Vec::new();
        let merged = merge(&base, &ours, &theirs, &mut clashes);
        assert_eq!(merged, ours);
        assert_eq!(clashes.len(), 1);
        assert_eq!(clashes[0].path, "g.auto");
        assert_eq!(clashes[0].theirs, Some(json!("P90D")));
    }

    #[test]
    fn a_field_removed_on_one_side_and_untouched_on_the_other_is_removed() {
        let base = json!({"a": 1, "end": "x"});
        let ours = json!({"a": 1});
        let mut clashes = Vec::new();
        assert_eq!(merge(&base, &ours, &base, &mut clashes), ours);
        assert!(clashes.is_empty());
    }
}
