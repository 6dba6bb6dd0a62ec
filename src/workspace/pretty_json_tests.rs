//! `pretty_json` against serde_json's own pretty writer: every shape serde's data model has
//! (arbitrary JSON values, every kind of variant, keys of every accepted kind, bytes, raw text,
//! nesting past the fixed-size line), at any depth, and workspaces with arbitrary texts.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::Serialize;
use serde_json::Value;
use serde_json::ser::{Formatter, PrettyFormatter};

use super::json_str::tests::texts;
use super::pretty_json::render;
use crate::workspace::{Workspace, WorkspaceFile};

/// serde_json's pretty text of `value` as it stands `depth` objects deep.
pub(super) fn serde_at<T: Serialize + ?Sized>(value: &T, depth: usize) -> String {
    let mut fmt = PrettyFormatter::new();
    for _ in 0..depth {
        fmt.begin_object(&mut std::io::sink()).unwrap();
    }
    let mut out = Vec::new();
    value
        .serialize(&mut serde_json::Serializer::with_formatter(&mut out, fmt))
        .unwrap();
    String::from_utf8(out).unwrap()
}

fn ours_at<T: Serialize + ?Sized>(value: &T, depth: usize) -> String {
    let mut out = Vec::new();
    render(&mut out, value, depth).unwrap();
    String::from_utf8(out).unwrap()
}

#[derive(Serialize, Debug, Clone)]
enum Shape {
    Unit,
    Newtype(String),
    Tuple(i64, String),
    EmptyTuple(),
    Struct { a: Option<u8>, b: Vec<String> },
    EmptyStruct {},
}

#[derive(Serialize, Debug, Clone)]
struct UnitStruct;

#[derive(Serialize, Debug, Clone)]
struct Newtype(u32);

/// Serialized through `serialize_bytes`.
#[derive(Debug, Clone)]
struct Bytes(Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

/// Written through `collect_str` in pieces, as `Display` hands them over.
#[derive(Debug, Clone)]
struct Shown(Vec<String>);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|piece| f.write_str(piece))
    }
}

impl Serialize for Shown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Serialize, Debug, Clone)]
struct Everything {
    flags: (bool, (), UnitStruct, Newtype),
    ints: (i8, i16, i32, i64, i128, u8, u16, u32, u64, u128),
    floats: (f32, f64),
    c: char,
    text: String,
    shown: Shown,
    bytes: Bytes,
    maybe: Option<String>,
    shapes: Vec<Shape>,
    int_keys: BTreeMap<i64, Shape>,
    u8_keys: BTreeMap<u8, bool>,
    bool_keys: BTreeMap<bool, Vec<u8>>,
    char_keys: BTreeMap<char, ()>,
    text_keys: BTreeMap<String, Option<Shape>>,
    shown_keys: BTreeMap<ShownKey, u8>,
    float_key: BTreeMap<String, f64>,
}

/// A key written through `collect_str`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ShownKey(String);

impl Serialize for ShownKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        Just(Shape::Unit),
        texts().prop_map(Shape::Newtype),
        (any::<i64>(), texts()).prop_map(|(n, t)| Shape::Tuple(n, t)),
        Just(Shape::EmptyTuple()),
        (any::<Option<u8>>(), prop::collection::vec(texts(), 0..3))
            .prop_map(|(a, b)| Shape::Struct { a, b }),
        Just(Shape::EmptyStruct {}),
    ]
}

fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-0.0),
        Just(1e300)
    ]
}

fn everything() -> impl Strategy<Value = Everything> {
    (
        (any::<bool>(), any::<u32>()),
        (
            any::<(i8, i16, i32, i64, i128)>(),
            any::<(u8, u16, u32, u64, u128)>(),
        ),
        (float(), float(), any::<char>(), texts()),
        (
            prop::collection::vec(texts(), 0..4),
            prop::collection::vec(any::<u8>(), 0..4),
            proptest::option::of(texts()),
            prop::collection::vec(shape(), 0..4),
        ),
        (
            prop::collection::btree_map(any::<i64>(), shape(), 0..3),
            prop::collection::btree_map(any::<u8>(), any::<bool>(), 0..3),
            prop::collection::btree_map(
                any::<bool>(),
                prop::collection::vec(any::<u8>(), 0..3),
                0..3,
            ),
            prop::collection::btree_map(any::<char>(), Just(()), 0..3),
        ),
        (
            prop::collection::btree_map(texts(), proptest::option::of(shape()), 0..3),
            prop::collection::btree_map(texts().prop_map(ShownKey), any::<u8>(), 0..3),
            prop::collection::btree_map(texts(), float(), 0..3),
        ),
    )
        .prop_map(
            |(
                (flag, newtype),
                ((i1, i2, i3, i4, i5), (u1, u2, u3, u4, u5)),
                (f1, f2, c, text),
                (shown, bytes, maybe, shapes),
                (int_keys, u8_keys, bool_keys, char_keys),
                (text_keys, shown_keys, float_key),
            )| Everything {
                flags: (flag, (), UnitStruct, Newtype(newtype)),
                ints: (i1, i2, i3, i4, i5, u1, u2, u3, u4, u5),
                floats: (f1 as f32, f2),
                c,
                text,
                shown: Shown(shown),
                bytes: Bytes(bytes),
                maybe,
                shapes,
                int_keys,
                u8_keys,
                bool_keys,
                char_keys,
                text_keys,
                shown_keys,
                float_key,
            },
        )
}

/// Any JSON value, nested a few levels, with arbitrary texts as strings and keys.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        texts().prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 64, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((texts(), inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_json_value_at_any_depth_is_written_as_serde_writes_it(value in json(), depth in 0usize..20) {
        prop_assert_eq!(ours_at(&value, depth), serde_at(&value, depth));
    }

    #[test]
    fn every_shape_of_serdes_data_model_is_written_as_serde_writes_it(value in everything(), depth in 0usize..4) {
        prop_assert_eq!(ours_at(&value, depth), serde_at(&value, depth));
    }

    #[test]
    fn a_workspace_with_arbitrary_texts_is_written_as_serde_writes_it(
        customers in 0usize..30,
        seed in any::<u64>(),
        replacements in prop::collection::vec(texts(), 1..8),
    ) {
        let file = workspace_with_texts(customers, seed, &replacements);
        let ws = Workspace::from_file(file).0;
        let mut ours = Vec::new();
        super::pretty::write(&ws.to_file(), &mut ours).unwrap();
        let serde = serde_json::to_vec_pretty(&ws.to_file()).unwrap();
        prop_assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(serde).unwrap());
    }
}

/// A generated workspace whose free texts (names, domains, file names) are replaced in turn by
/// `texts`.
fn workspace_with_texts(customers: usize, seed: u64, texts: &[String]) -> WorkspaceFile {
    let spec = crate::synth::Spec {
        customers,
        partners: 3,
        seed,
        now: crate::domain::Time::parse("2026-11-24T09:00:00Z").unwrap(),
    };
    let mut value = serde_json::to_value(crate::synth::generate(&spec)).unwrap();
    let mut next = texts.iter().cycle();
    replace_free_texts(&mut value, &mut next);
    serde_json::from_value(value).unwrap()
}

fn replace_free_texts<'a>(value: &mut Value, next: &mut impl Iterator<Item = &'a String>) {
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                let free = ["displayName", "name", "domain", "file", "note", "reason"];
                match field {
                    Value::String(text) if free.contains(&key.as_str()) => {
                        *text = next.next().cloned().unwrap_or_default();
                    }
                    _ => replace_free_texts(field, next),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| replace_free_texts(item, next)),
        _ => {}
    }
}

#[test]
fn nesting_deeper_than_the_fixed_size_line_is_indented_as_serde_indents_it() {
    let mut value = serde_json::json!({"leaf": [1, "two", {}]});
    for level in 0..24 {
        value = serde_json::json!({ format!("level{level}"): [value, []] });
    }
    for depth in [0, 1, 15, 16, 30] {
        assert_eq!(
            ours_at(&value, depth),
            serde_at(&value, depth),
            "depth {depth}"
        );
    }
}

#[test]
fn raw_text_is_written_as_it_is_as_serde_writes_it() {
    let raw = serde_json::value::RawValue::from_string("{\"a\" :  [1,2]}".into()).unwrap();
    let value = serde_json::json!({"before": 1});
    let both = (value, &raw, vec![&raw]);
    assert_eq!(ours_at(&both, 2), serde_at(&both, 2));
}

#[test]
fn keys_serde_refuses_are_refused() {
    let by_list: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
    let by_nan: BTreeMap<String, BTreeMap<u8, u8>> = BTreeMap::new();
    assert!(render(&mut Vec::new(), &by_list, 0).is_err());
    assert!(serde_json::to_vec_pretty(&by_list).is_err());
    // An empty map of any key type is written, as serde writes it.
    assert_eq!(ours_at(&by_nan, 0), serde_at(&by_nan, 0));
    let by_float = [(f64::NAN, 1)];
    let refused = render(&mut Vec::new(), &FloatKeys(&by_float), 0);
    assert!(refused.is_err());
    assert!(serde_json::to_vec_pretty(&FloatKeys(&by_float)).is_err());
}

/// A map keyed by floats (serde's maps need `Ord`, which floats lack).
struct FloatKeys<'a>(&'a [(f64, u8)]);

impl Serialize for FloatKeys<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}
