//! The loader on arbitrary bytes: never a panic; what loads saves back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnerdesk::store::{parse_workspace, to_json};

fuzz_target!(|bytes: &[u8]| {
    if let Ok((ws, _)) = parse_workspace(bytes) {
        let saved = to_json(&ws);
        let (again, _) = parse_workspace(&saved).expect("what partnerdesk writes, it reads");
        assert_eq!(to_json(&again), saved, "a save is a fixed point");
    }
});
