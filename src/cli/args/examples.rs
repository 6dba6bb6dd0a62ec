//! The examples the main subcommands show under their help (`after_help`), at most 80 columns
//! wide (`\` continues a line). They use the embedded demo's records (`partnerdesk demo -o
//! demo.json`), and `tests/cli_help.rs` runs every example of the six main commands on a fresh
//! copy of it, so an example that stops working fails a test. Import's `exports/` stands for a
//! folder of a partner's own exports.

pub const INVITE: &str = "\
Examples:
  # GDAP with the Helpdesk roles for a year, locked at once for Litware's approval
  partnerdesk invite demo.json --as partner:relecloud --customer litware \\
      --template Helpdesk --days 365
  # A reseller relationship, naming the customer by its primary domain
  partnerdesk invite demo.json --as partner:vanarsdel \\
      --customer fourthcoffee.onmicrosoft.com --reseller";

pub const IMPORT: &str = "\
Examples:
  # What a new partner's exports (a folder of Partner Center and Graph .json)
  # would add, writing nothing
  partnerdesk import demo.json --as partner:7104418 --dry-run \\
      --partner-name \"Tidewater Cloud Services\" \\
      --partner-tenant 36cf6aec-3deb-471e-b1a2-4eab79c1a842 exports/
  # Relecloud's Graph relationship listing, its pages in any order
  partnerdesk import demo.json --as partner:relecloud \\
      exports/delegatedAdminRelationships.page2.json \\
      exports/delegatedAdminRelationships.page1.json";

pub const EXPORT: &str = "\
Examples:
  # The relationships that end within 60 days, as CSV on standard output
  partnerdesk export demo.json expiring --days 60
  # Who works with whom, as a Markdown table in a file
  partnerdesk export demo.json mapping --format md -o mapping.md";

pub const DIFF: &str = "\
Examples:
  # What an import changed, in words
  cp demo.json before.json
  partnerdesk diff before.json demo.json
  # As git's diff driver for workspace files (see `partnerdesk diff --help`)
  git config diff.partnerdesk.command 'partnerdesk diff --git'";

pub const MERGE: &str = "\
Examples:
  # Git's merge driver for a workspace (partnerdesk git-setup writes this)
  git config merge.partnerdesk.driver 'partnerdesk merge %O %A %B -o %A'
  # By hand: the merge of two copies of one base, into merged.json
  partnerdesk merge base.json mine.json theirs.json -o merged.json";

pub const RESOLVE: &str = "\
Examples:
  # After git merge reported team.json conflicted: what conflicts, then take theirs
  partnerdesk conflicts team.json
  partnerdesk resolve team.json --theirs customers/litware/displayName";

pub const GIT_SETUP: &str = "\
Examples:
  # Once per clone: merge and diff team.json by record
  partnerdesk git-setup team.json";

pub const EMIT: &str = "\
Examples:
  # The az rest calls that create Relecloud's draft GDAP relationship with Lamna
  partnerdesk emit demo.json rel-1127
  # The requests for the relationship awaiting Contoso Japan's approval, as JSON
  partnerdesk emit demo.json rel-1121 --json";

pub const APPLY: &str = "\
Examples:
  # Coho Winery accepts VanArsdel's reseller invitation
  partnerdesk apply demo.json --as customer:coho-winery \\
      '{\"type\":\"accept\",\"invitationId\":\"inv-1116\"}'
  # Adatum declines Relecloud's reseller invitation
  partnerdesk apply demo.json --as customer:adatum \\
      '{\"type\":\"decline\",\"invitationId\":\"inv-1122\"}'";

pub const TICK: &str = "\
Examples:
  # Let the workspace catch up with the clock (what a daily cron job runs)
  partnerdesk tick demo.json --as operator
  # The same with the workspace named once, printing what changed as JSON
  PARTNERDESK_FILE=demo.json partnerdesk tick --as operator --json";

pub const COMPLETIONS: &str = "\
Examples:
  # bash, for this session; or for every session
  source <(partnerdesk completions bash)
  partnerdesk completions bash \\
      > ~/.local/share/bash-completion/completions/partnerdesk
  # zsh (into a directory on $fpath) and fish
  partnerdesk completions zsh > ~/.zfunc/_partnerdesk
  partnerdesk completions fish > ~/.config/fish/completions/partnerdesk.fish";

pub const MAN: &str = "\
Examples:
  partnerdesk man | man -l -
  partnerdesk man -o ~/.local/share/man/man1/partnerdesk.1";

pub const REVIEW: &str = "\
Examples:
  # The findings at medium or above, most severe first, each with its fix
  partnerdesk review demo.json --severity medium
  # Apply the proposed fixes of every high finding, as one batch
  partnerdesk review demo.json --fix-all --severity high
  # For cron or CI: exit 1 when a high finding is left
  partnerdesk review demo.json --fail-on high";

pub const OFFBOARD: &str = "\
Examples:
  # What offboarding Relecloud from Fabrikam would end and what would stay
  partnerdesk offboard demo.json --partner relecloud --customer fabrikam --dry-run
  # End VanArsdel's DAP and reseller relationships with Northwind, then print
  # the requests that make it real (the entry number is in the output)
  partnerdesk offboard demo.json --partner vanarsdel --customer northwind
  partnerdesk emit demo.json audit:N";

pub const TEMPLATES: &str = "\
Examples:
  # The role templates, each role marked when Microsoft labels it privileged
  partnerdesk templates";
