//! `corridor stats`: deterministic counts, no timings, no paths.

use std::collections::BTreeMap;

use corridor_store::Stats;

pub fn print(s: &Stats) {
    print!("{}", format(s));
}

pub fn format(s: &Stats) -> String {
    let mut out = String::new();
    let mut line = |label: &str, n: u64| out.push_str(&format!("{label:<28}{n:>10}\n"));
    line("reports", s.reports);
    line("mentions", s.mentions);
    line("links", s.links);
    line("protected mentions", s.protected_mentions);
    section(&mut out, "reports by agency", &s.reports_by_agency);
    section(&mut out, "reports by kind", &s.reports_by_kind);
    section(&mut out, "reports by month", &s.reports_by_month);
    section(&mut out, "mentions by kind", &s.mentions_by_kind);
    section(&mut out, "persons by role", &s.persons_by_role);
    section(&mut out, "person names by script", &s.persons_by_script);
    out
}

fn section(out: &mut String, title: &str, counts: &BTreeMap<String, u64>) {
    out.push_str(&format!("\n{title}\n"));
    if counts.is_empty() {
        out.push_str("  (none)\n");
    }
    for (key, n) in counts {
        out.push_str(&format!("  {key:<26}{n:>10}\n"));
    }
}
