//! Writing a command's whole output to standard output without panicking (`print!` panics when
//! the reader has gone or the disk is full). A closed pipe ends the command quietly, since the
//! reader wanted no more; any other write error is a failure (exit 2).

use std::io::{ErrorKind, Write};

use super::outcome::{Failure, Outcome};

pub fn write_all(bytes: &[u8]) -> Outcome {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure::usage(format!(
            "cannot write to standard output: {err}"
        ))),
    }
}
