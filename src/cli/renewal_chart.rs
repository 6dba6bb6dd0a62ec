//! `export expiring --chart`: the renewals outlook as text — the four tiles' counts on one
//! line, then one bar per week for the next 26 weeks, each labelled with the week's first day
//! and its count, so the figures stay readable in a pipe or a mail. The counts are the domain's
//! (`renewal_outlook`).

use crate::domain::renewal_outlook::{Outlook, Tile, WEEKS};

/// The widest bar, in characters: with its label and count, a line fits 80 columns.
const BAR_WIDTH: usize = 50;

/// The outlook as lines of text; `bar` draws the bars ('█' on a terminal, '#' in a pipe, where
/// a block character might not survive whatever reads it).
pub fn render(outlook: &Outlook, bar: char) -> String {
    let mut out = format!(
        "Renewals as of {} (in force, not auto-extending)\n",
        outlook.now.date()
    );
    let tiles: Vec<String> = Tile::ALL
        .iter()
        .map(|t| format!("{}: {}", t.label(), outlook.tile(*t)))
        .collect();
    out.push_str(&tiles.join(" · "));
    out.push_str(&format!("\n\nEnding per week, next {WEEKS} weeks\n"));
    let most = outlook.weeks.iter().copied().max().unwrap_or(0);
    let count_width = most.to_string().len();
    for (k, &n) in outlook.weeks.iter().enumerate() {
        let length = bar_length(n, most);
        out.push_str(&format!(
            "{}  {:>count_width$} {}\n",
            outlook.week_start(k).date(),
            n,
            bar.to_string().repeat(length)
        ));
    }
    out
}

/// Bars are scaled to the busiest week; a week with any relationship gets at least one mark.
fn bar_length(n: usize, most: usize) -> usize {
    if n == 0 || most == 0 {
        return 0;
    }
    (n * BAR_WIDTH).div_ceil(most).clamp(1, BAR_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_busiest_week_and_a_single_one_still_shows() {
        assert_eq!(bar_length(0, 10), 0);
        assert_eq!(bar_length(10, 10), BAR_WIDTH);
        assert_eq!(bar_length(1, 1_000_000), 1);
        assert_eq!(bar_length(5, 10), BAR_WIDTH / 2);
    }
}
