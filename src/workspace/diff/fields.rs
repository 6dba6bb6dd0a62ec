//! A changed record's fields: both sides as JSON, objects walked into dotted paths
//! ("gdap.autoExtendDuration"), anything else (text, numbers, lists) compared whole. Working
//! on the serialized form means a field added to a record type is diffed with no change here.

use serde::Serialize;
use serde_json::{Map, Value};

/// One field that differs; `None` where a side does not have it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// The fields that differ between `old` and `new`, in path order.
pub fn changed(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", Some(old), Some(new), &mut out);
    out
}

fn walk(path: &str, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<FieldChange>) {
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => objects(path, a, b, out),
        (Some(Value::Object(a)), None) => objects(path, a, &Map::new(), out),
        (None, Some(Value::Object(b))) => objects(path, &Map::new(), b, out),
        (a, b) if a != b => out.push(FieldChange {
            path: path.to_string(),
            old: a.cloned(),
            new: b.cloned(),
        }),
        _ => {}
    }
}

fn objects(path: &str, a: &Map<String, Value>, b: &Map<String, Value>, out: &mut Vec<FieldChange>) {
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let inner = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        walk(&inner, a.get(key), b.get(key), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_objects_become_dotted_paths_and_lists_compare_whole() {
        let old = json!({"id": "r", "gdap": {"roles": ["a"], "autoExtendDuration": "PT0S"}});
        let new = json!({"id": "r", "gdap": {"roles": ["a", "b"], "autoExtendDuration": "PT0S"}});
        let changes = changed(&old, &new);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, "gdap.roles");
        assert_eq!(changes[0].new, Some(json!(["a", "b"])));
    }

    #[test]
    fn a_field_on_one_side_only_has_no_value_on_the_other() {
        let changes = changed(
            &json!({"a": 1}),
            &json!({"a": 1, "end": "x", "g": {"n": 2}}),
        );
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["end", "g.n"]);
        assert_eq!(changes[0].old, None);
        assert_eq!(changes[1].new, Some(json!(2)));
    }

    #[test]
    fn equal_records_have_no_change() {
        let v = json!({"a": [1, 2], "b": {"c": null}});
        assert!(changed(&v, &v).is_empty());
    }
}
