#!/usr/bin/env bash
# The crash tests for longer: thousands of SIGKILLs at random moments against a writer that saves
# and one that journals. Usage: bench/crash-long.sh [ROUNDS] (default 3000 per test).
# A failure prints its seed; rerun it with PARTNERDESK_CRASH_SEED=... to reproduce.
set -euo pipefail
cd "$(dirname "$0")/.."
export PARTNERDESK_CRASH_ROUNDS="${1:-3000}"
time cargo test --release --test store_crash -- --nocapture --test-threads=2
