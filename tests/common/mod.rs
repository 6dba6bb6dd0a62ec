//! Fixtures for the core's tests: a small cast of partners and customers, built the way a user
//! would build it — through operator actions, then invitations answered through the core — at a
//! fixed moment, so every test is reproducible. Nothing here reads `assets/demo.json`.

#![allow(dead_code)]

mod actions;
/// Running the binary, for the tests that drive the command line.
pub mod binary;
mod world;

// Not every test binary uses both halves.
#[allow(unused_imports)]
pub use actions::*;
#[allow(unused_imports)]
pub use world::*;

use partnerdesk::domain::*;

/// Every test starts at this moment.
pub const START: &str = "2026-11-24T09:00:00Z";

pub fn t0() -> Time {
    Time::parse(START).expect("START is an RFC 3339 timestamp")
}

/// A moment before DAP was retired (DP1, 9 October 2023), for tests that need DAP requests.
pub const BEFORE_DAP_RETIRED: &str = "2023-09-01T09:00:00Z";

pub fn dap_era() -> Time {
    Time::parse(BEFORE_DAP_RETIRED).expect("BEFORE_DAP_RETIRED is an RFC 3339 timestamp")
}

pub fn at(text: &str) -> Time {
    Time::parse(text).expect("an RFC 3339 timestamp")
}

// The cast. Partners:
/// Direct-bill partner, Microsoft 365 and Security.
pub const CONTOSO: &str = "contoso-it";
/// A second direct-bill partner, Azure.
pub const WOODGROVE: &str = "woodgrove";
/// An indirect provider (distributor) that authorizes Litware.
pub const TAILSPIN: &str = "tailspin";
/// An indirect provider that authorizes nobody.
pub const ADVENTURE: &str = "adventure";
/// An indirect reseller authorized by Tailspin.
pub const LITWARE: &str = "litware";
// Customers:
pub const NORTHWIND: &str = "northwind";
pub const ADATUM: &str = "adatum";
/// A customer whose tenant is itself a CSP partner (MP6).
pub const FABRIKAM: &str = "fabrikam";
/// A customer record for Contoso IT's own tenant (MP6: a partner cannot resell to itself).
pub const CONTOSO_OWN: &str = "contoso-it-tenant";

pub const CONTOSO_TENANT: &str = "11111111-0000-4000-8000-000000000001";

// Security groups in Contoso IT's tenant (object ids: GUIDs, ID3).
pub const AGENTS: &str = "a6e17000-0000-4000-8000-000000000001";
pub const HELPDESK_AGENTS: &str = "a6e17000-0000-4000-8000-000000000002";
pub const USER_AGENTS: &str = "a6e17000-0000-4000-8000-000000000003";
pub const WOODGROVE_AGENTS: &str = "a6e17000-0000-4000-8000-000000000004";

pub const HELPDESK_ADMIN: &str = "Helpdesk Administrator";
pub const USER_ADMIN: &str = "User Administrator";
pub const DIRECTORY_READERS: &str = "Directory Readers";
pub const GLOBAL_ADMIN: &str = "Global Administrator";
pub const SECURITY_READER: &str = "Security Reader";

pub fn partner(id: &str) -> Actor {
    Actor::Partner(Id::new(id))
}

pub fn customer(id: &str) -> Actor {
    Actor::Customer(Id::new(id))
}

pub fn operator() -> Actor {
    Actor::Operator
}

pub fn id(text: &str) -> Id {
    Id::new(text)
}
