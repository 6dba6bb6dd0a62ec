//! Keys as exports write them, made comparable: trimmed (`Trimmed`), ASCII lower case
//! (`key`), tenants in their stored spelling (`tenant_key`), borrowed when already so.

use std::borrow::Cow;

use crate::domain::rules::identity::{normalised_guid, normalised_guid_of};
use crate::tables::id::Id;
use crate::tables::text::Text;

/// `str::trim`, answered from the first and last bytes when neither can start or end
/// whitespace (most texts in an export): no decoding of characters at both ends.
pub trait Trimmed {
    fn trimmed(&self) -> &str;
}

impl Trimmed for str {
    fn trimmed(&self) -> &str {
        // Every whitespace character is ASCII whitespace or begins and ends with a byte of
        // 0x80 or more.
        let plain = |b: &u8| b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0b;
        match (self.as_bytes().first(), self.as_bytes().last()) {
            (Some(first), Some(last)) if plain(first) && plain(last) => self,
            _ => self.trim(),
        }
    }
}

pub fn key(text: &str) -> String {
    key_of(text).into_owned()
}

/// `key`, borrowed when `text` already is one (trimmed, no upper-case ASCII letter).
pub fn key_of(text: &str) -> Cow<'_, str> {
    let trimmed = text.trimmed();
    if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
        trimmed.to_ascii_lowercase().into()
    } else {
        trimmed.into()
    }
}

/// A text that is its own key (`key_of`: trimmed, no upper-case ASCII letter).
pub fn is_key(text: &str) -> bool {
    matches!(key_of(text), Cow::Borrowed(key) if key.len() == text.len())
}

/// The key of a shared `text` (a Microsoft id an export gave): `text` itself, shared rather
/// than copied, when it already is its key.
pub fn shared_key(text: &Text) -> Text {
    if is_key(text.as_str()) {
        text.clone()
    } else {
        Text::from(key_of(text.as_str()).as_ref())
    }
}

/// The id `key_of` makes of `text`: the export's text itself (shared, not copied) when it
/// already is its key, as nearly every id an export gives.
pub fn id_of_key(text: &Text) -> Id {
    key_sharing(text, || Id::from(text))
}

/// A tenant id as a lookup key: in the spelling it is stored in (ID3), whatever form the
/// export (or an `import` action given as JSON) wrote it in.
pub fn tenant_key(text: &str) -> String {
    normalised_guid(text)
}

/// `tenant_key`, borrowed when `text` is already in the stored spelling.
pub fn tenant_key_of(text: &str) -> Cow<'_, str> {
    normalised_guid_of(text)
}

/// The key of a record's own `text` (an id, a Microsoft id): the text itself, `shared`, when
/// it already is its key.
pub fn key_sharing(text: &str, shared: impl FnOnce() -> Id) -> Id {
    match key_of(text) {
        Cow::Borrowed(key) if key.len() == text.len() => shared(),
        key => Id::new(key),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn an_id_already_its_key_shares_the_exports_text_and_another_is_made_its_key() {
        let given = Text::from("5b0a7c11-0000-4000-8000-00000000002a");
        let id = id_of_key(&given);
        assert_eq!(id.as_str(), given.as_str());
        assert_eq!(
            id.as_str().as_ptr(),
            given.as_str().as_ptr(),
            "shared, not copied"
        );
        let spelled = Text::from(" 5B0A7C11-0000-4000-8000-00000000002A ");
        assert_eq!(id_of_key(&spelled).as_str(), given.as_str());
    }

    proptest! {
        #[test]
        fn trimmed_is_what_trim_gives(text in "[ \t\u{b}\u{c}\r\n\u{85}\u{a0}\u{2003}\u{3000}a\u{e9}\u{1c}.]{0,6}") {
            prop_assert_eq!(text.trimmed(), text.trim());
        }
    }
}
