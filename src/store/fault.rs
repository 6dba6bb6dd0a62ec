//! Fault injection for tests: a full disk or a failing fsync cannot be produced on demand, so the
//! store asks here before each write and fsync. `PARTNERDESK_FAULT=save-write,journal-fsync`
//! makes those points fail with "no space left on device". Unset (always, outside tests), every
//! check is one environment lookup per save or journal append.
//!
//! Points: `save-write`, `save-fsync`, `save-rename`, `save-dir-fsync`, `journal-write`,
//! `journal-fsync`, `lock-write`, `import-read-again` (a page read again for its digest).

pub const VARIABLE: &str = "PARTNERDESK_FAULT";

pub fn check(point: &str) -> std::io::Result<()> {
    match std::env::var(VARIABLE) {
        Ok(points) if points.split(',').any(|p| p.trim() == point) => Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            format!("No space left on device (simulated at {point})"),
        )),
        _ => Ok(()),
    }
}
