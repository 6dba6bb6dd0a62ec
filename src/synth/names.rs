//! Plausible fictional names, domains, countries and offers for synthetic workspaces.

use crate::domain::Specialty;

const FIRST: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Adatum",
    "Northwind",
    "Tailspin",
    "Woodgrove",
    "Litware",
    "Proseware",
    "Fourth Coffee",
    "Alpine",
    "Coho",
    "Lamna",
    "Trey",
    "Wingtip",
    "Relecloud",
    "Humongous",
    "Lucerne",
    "Margie's",
    "Munson's",
    "Southridge",
];
const SECOND: &[&str] = &[
    "Traders",
    "Toys",
    "Bank",
    "Winery",
    "Healthcare",
    "Research",
    "Publishing",
    "Pickle Co",
    "Video",
    "Insurance",
    "Airlines",
    "Logistics",
    "Studios",
    "Foods",
    "Motors",
    "Legal",
    "Energy",
    "Retail",
    "Labs",
    "Travel",
];
const COUNTRIES: &[&str] = &[
    "US", "US", "US", "GB", "DE", "FR", "NL", "JP", "AU", "CA", "IN", "BR", "SE", "ES", "IT",
];
const PARTNER_WORDS: &[&str] = &[
    "Cloud",
    "Systems",
    "IT Services",
    "Solutions",
    "Digital",
    "Networks",
    "Consulting",
    "Managed Services",
];
const OFFERS: &[(&str, &str)] = &[
    ("Microsoft 365 Business Premium", "P1Y"),
    ("Microsoft 365 E3", "P1Y"),
    ("Microsoft 365 E5", "P1Y"),
    ("Office 365 E1", "P1M"),
    ("Azure plan", "P1M"),
    ("Dynamics 365 Sales Enterprise", "P1Y"),
    ("Power BI Pro", "P1M"),
    ("Microsoft Defender for Endpoint P2", "P3Y"),
];

pub fn customer_name(rng: &mut fastrand::Rng, index: usize) -> String {
    format!(
        "{} {} {index}",
        FIRST[rng.usize(0..FIRST.len())],
        SECOND[rng.usize(0..SECOND.len())]
    )
}

pub fn partner_name(index: usize) -> String {
    format!(
        "{} {} {index}",
        FIRST[index % FIRST.len()],
        PARTNER_WORDS[(index / FIRST.len()) % PARTNER_WORDS.len()]
    )
}

pub fn domain(name: &str, index: usize) -> String {
    let slug: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(20)
        .collect::<String>()
        .to_lowercase();
    format!("{slug}{index}.onmicrosoft.com")
}

pub fn country(rng: &mut fastrand::Rng) -> &'static str {
    COUNTRIES[rng.usize(0..COUNTRIES.len())]
}

pub fn offer(rng: &mut fastrand::Rng) -> (&'static str, &'static str) {
    OFFERS[rng.usize(0..OFFERS.len())]
}

pub fn specialties(rng: &mut fastrand::Rng) -> Vec<Specialty> {
    const ALL: [Specialty; 5] = [
        Specialty::Microsoft365,
        Specialty::Azure,
        Specialty::Dynamics365,
        Specialty::PowerPlatform,
        Specialty::Security,
    ];
    let first = rng.usize(0..ALL.len());
    let mut list = vec![
        ALL[first],
        ALL[(first + 1 + rng.usize(0..ALL.len() - 1)) % ALL.len()],
    ];
    list.sort();
    list.dedup();
    list
}
