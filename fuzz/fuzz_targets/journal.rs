//! Journal files on arbitrary bytes: never a panic, and what reads back re-encodes to a prefix
//! of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnerdesk::store::journal;

fuzz_target!(|bytes: &[u8]| {
    let dir = std::env::temp_dir().join(format!("partnerdesk-fuzz-journal-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("w.json");
    if std::fs::write(journal::journal_path(&file), bytes).is_err() {
        return;
    }
    if let Ok(contents) = journal::read(&file) {
        let again: Vec<u8> = contents.entries.iter().flat_map(journal::encode).collect();
        assert_eq!(
            &bytes[..again.len()],
            &again[..],
            "records read back are the input's"
        );
    }
});
