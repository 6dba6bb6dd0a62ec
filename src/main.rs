//! The `partnerdesk` binary: parse the command line and hand over to the CLI.

// mimalloc: loading a large workspace makes tens of millions of small allocations on two
// threads; it allocates and frees them faster than the system allocator and returns memory in
// larger pieces.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    partnerdesk::allocator::release_freed_memory_promptly();
    partnerdesk::cli::run(partnerdesk::cli::parse_args())
}
