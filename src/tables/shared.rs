//! Values read many times over, made once per thread: a value found by a hash of what it says
//! and a check of it, shared (`Arc`) by everything that names the same (every record an import
//! read from one file names one provenance). The table is per thread, so parsers on several
//! threads never wait on each other; it forgets everything past `MAX_SEEN` values.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use smallvec::SmallVec;

type Seen =
    HashMap<(TypeId, u64), SmallVec<[Arc<dyn Any + Send + Sync>; 1]>, foldhash::fast::FixedState>;

/// Past this many, the values seen are forgotten.
const MAX_SEEN: usize = 1 << 14;

thread_local! {
    static SEEN: RefCell<Seen> = RefCell::new(Seen::default());
}

/// The value of type `T` with hash `hash` that `is` accepts, made once by `make` on this thread.
pub fn shared<T: Any + Send + Sync>(
    hash: u64,
    is: impl Fn(&T) -> bool,
    make: impl FnOnce() -> T,
) -> Arc<T> {
    let key = (TypeId::of::<T>(), hash);
    SEEN.with_borrow_mut(|seen| {
        let found = seen.get(&key).and_then(|same| {
            same.iter()
                .find(|v| v.downcast_ref::<T>().is_some_and(&is))
                .and_then(|v| v.clone().downcast::<T>().ok())
        });
        if let Some(found) = found {
            return found;
        }
        if seen.len() >= MAX_SEEN {
            seen.clear();
        }
        let made = Arc::new(make());
        seen.entry(key).or_default().push(made.clone());
        made
    })
}
