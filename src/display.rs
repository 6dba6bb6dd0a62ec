//! Making untrusted text safe to show: names come from files and exports, and a name holding an
//! escape sequence (clear screen, set title, OSC 52 clipboard write, hyperlink) must never reach
//! the terminal as one. Every face (TUI and CLI) passes record text through `inert`.

use std::borrow::Cow;

/// `text` with every control character (C0, DEL, C1) and bidi override replaced by a visible,
/// harmless stand-in: ESC becomes `␛`, other C0 controls their Control Pictures symbol, the rest `�`.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escaping) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|ch| match ch {
                '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + ch as u32).unwrap_or('\u{fffd}'),
                '\u{7f}' => '\u{2421}',
                ch if needs_escaping(ch) => '\u{fffd}',
                ch => ch,
            })
            .collect(),
    )
}

fn needs_escaping(ch: char) -> bool {
    ch.is_control() || matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            inert("Contoso 日本 🚀"),
            Cow::Borrowed("Contoso 日本 🚀")
        ));
    }

    #[test]
    fn escape_sequences_become_visible_symbols() {
        let hostile = "Evil\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}[2J\u{9b}31m";
        let shown = inert(hostile);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(shown.contains('␛'));
    }
}
