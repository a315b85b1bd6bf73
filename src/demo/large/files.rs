//! Small files attached to evidence: a few kilobytes of CSV for audits,
//! figures and training records, plain text for everything else, each valid
//! content for its extension (the loader checks them as uploads).

use super::rng::Rng;
use super::Place;
use crate::demo::data::DemoAttachment;
use crate::domain::kinds::EvidenceKind;
use chrono::NaiveDate;
use std::fmt::Write;

const GRADES: &[&str] =
    &["outstanding", "good", "good", "good", "requires improvement", "requires improvement", "inadequate"];
const ROLES: &[&str] = &[
    "social worker",
    "senior practitioner",
    "team manager",
    "personal adviser",
    "family support worker",
    "partner agency",
];

/// A file for an evidence item, named after it.
pub(super) fn attachment(
    title: &str,
    kind: EvidenceKind,
    observed: NaiveDate,
    place: &Place,
    rng: &mut Rng,
) -> DemoAttachment {
    let slug: String = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-");
    let (extension, text) = match kind {
        EvidenceKind::CaseAudit => ("csv", audit(place, observed, rng)),
        EvidenceKind::PerformanceData => ("csv", figures(place, observed, rng)),
        EvidenceKind::Training => ("csv", attendance(observed, rng)),
        _ => ("txt", notes(title, place, observed, rng)),
    };
    DemoAttachment { file_name: format!("{slug}.{extension}"), content: text.into_bytes() }
}

/// One row per case audited.
fn audit(place: &Place, observed: NaiveDate, rng: &mut Rng) -> String {
    let mut csv =
        String::from("case_reference,team,audited_on,grade,child_seen_alone,voice_recorded,oversight_recorded\n");
    let yes_no = |rng: &mut Rng, p| if rng.chance(p) { "yes" } else { "no" };
    for _ in 0..rng.between(30, 50) {
        let _ = writeln!(
            csv,
            "MC-{:06},{} {},{},{},{},{},{}",
            rng.between(100_000, 999_999),
            place.locality,
            rng.between(1, 6),
            observed,
            rng.pick(GRADES),
            yes_no(rng, 0.8),
            yes_no(rng, 0.75),
            yes_no(rng, 0.85),
        );
    }
    csv
}

/// Monthly figures by team for the year to the month observed.
fn figures(place: &Place, observed: NaiveDate, rng: &mut Rng) -> String {
    let mut csv = String::from("month,team,measure,numerator,denominator,percent\n");
    for back in (0..12).rev() {
        let month = observed.checked_sub_months(chrono::Months::new(back)).unwrap_or(observed).format("%Y-%m");
        for team in 1..=3 {
            let denominator = rng.between(40, 160);
            let numerator = denominator * rng.between(60, 98) / 100;
            let percent = f64::from(numerator) * 100.0 / f64::from(denominator);
            let measure = place.theme.measures[0].name;
            let _ =
                writeln!(csv, "{month},{} {team},\"{measure}\",{numerator},{denominator},{percent:.1}", place.locality);
        }
    }
    csv
}

/// Who attended each session, and how they rated it.
fn attendance(observed: NaiveDate, rng: &mut Rng) -> String {
    let mut csv = String::from("session,date,attendee_role,attended,rating_out_of_5\n");
    for n in 0..rng.between(40, 70) {
        let attended = rng.chance(0.88);
        let rating = if attended { rng.between(3, 5).to_string() } else { String::new() };
        let _ = writeln!(
            csv,
            "{},{observed},{},{},{rating}",
            n / 15 + 1,
            rng.pick(ROLES),
            if attended { "yes" } else { "no" }
        );
    }
    csv
}

/// Notes of a meeting, survey or observation.
fn notes(title: &str, place: &Place, observed: NaiveDate, rng: &mut Rng) -> String {
    let mut text =
        format!("{title}\n{} County Council, {} locality\nDate: {observed}\n\n", "Marlshire", place.locality);
    let _ = writeln!(text, "Present or contributing: {} people ({}).\n", rng.between(6, 40), ROLES.join(", "));
    for (n, point) in place.theme.improve.iter().chain(place.theme.strengths).enumerate() {
        let status = if rng.chance(0.7) { "Progress seen" } else { "More to do" };
        let _ = writeln!(
            text,
            "{}. {point}\n   {status}: {} examples discussed; owner to report back next month.\n",
            n + 1,
            rng.between(2, 12)
        );
    }
    text.push_str("Actions are recorded in the improvement plan and reviewed at the next meeting.\n");
    text
}
