//! The committed JSON Schema is generated from the types; this fails when it is stale.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn committed_schema_matches_the_types() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/workspace.schema.json"
    ))
    .unwrap_or_default();
    let generated = partnerdesk::workspace::format::schema_json();
    assert!(
        committed == generated,
        "assets/workspace.schema.json is stale: run `cargo run -- schema > assets/workspace.schema.json`"
    );
}

#[test]
fn schema_names_the_top_level_fields_in_camel_case() {
    let schema: serde_json::Value =
        serde_json::from_str(&partnerdesk::workspace::format::schema_json()).unwrap();
    let properties = schema["properties"].as_object().unwrap();
    for field in [
        "format",
        "version",
        "partners",
        "customers",
        "subscriptions",
        "relationships",
        "invitations",
        "accessAssignments",
        "audit",
    ] {
        assert!(properties.contains_key(field), "missing {field}");
    }
}
