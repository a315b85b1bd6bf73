//! An issued report's page, reached from its entry in change history: what
//! was issued, and the check that makes it again and compares its SHA-256.

use super::blocks::summary_list;
use super::components::{date, tag};
use super::{layout, Chrome};
use crate::db::reports::ReportRow;
use crate::domain::dates::uk_local;
use crate::domain::issued::Check;
use maud::{html, Markup};

/// What the page shows of one issued report.
pub struct IssuedReport {
    pub report: ReportRow,
    /// Who issued it ("System" for the command line).
    pub issued_by: String,
    /// The inspection a pack is of, by its title.
    pub inspection: Option<String>,
    /// The outcome of making it again, when that was asked for.
    pub check: Option<Check>,
}

impl IssuedReport {
    /// "Progress report as at 31 March 2026".
    pub fn title(&self) -> String {
        format!("{} as at {}", self.report.kind.label(), date(self.report.as_at))
    }
}

/// The page of an issued report.
pub fn issued_page(issued: &IssuedReport, chrome: &Chrome) -> Markup {
    let report = &issued.report;
    let issued_at = uk_local(report.created_at).format("%-d %B %Y at %H:%M").to_string();
    let mut rows: Vec<(&str, Markup)> = vec![
        ("Report", html! { (report.kind.label()) }),
        ("Format", html! { (report.format.label()) }),
        ("As at", html! { (date(report.as_at)) }),
    ];
    if let Some(since) = report.since {
        rows.push(("Changes since", html! { (date(since)) }));
    }
    if let Some(inspection) = &issued.inspection {
        rows.push(("Inspection", html! { (inspection) }));
    }
    rows.push(("Issued", html! { (issued_at) " by " (issued.issued_by) }));
    rows.push(("SHA-256", html! { code class="app-break-all" { (report.sha256) } }));
    let content = html! {
        h1 { (issued.title()) }
        p { "The SHA-256 identifies the exact file that was issued: any copy with the same SHA-256 is that file." }
        (summary_list(&rows))
        h2 { "Check a copy" }
        @match &issued.check {
            None => {
                p {
                    "Sustain can make this report again from what it held when the report was issued, each record as it "
                    "then stood, whatever has been changed since, and compare it with the SHA-256 recorded at issue."
                }
                p { a class="app-button app-button--secondary" href={ "/reports/issued/" (report.id) "?check=yes" } { "Make it again and check" } }
            }
            Some(Check::Same) => {
                p role="status" { (tag("Same document", "green")) " " "Made again from what Sustain held at " (issued_at) ", the report has the SHA-256 recorded when it was issued." }
            }
            Some(Check::Different { sha256 }) => {
                p role="status" {
                    (tag("Not the same", "red")) " "
                    "Made again from what Sustain held at " (issued_at) ", the report has the SHA-256 "
                    code class="app-break-all" { (sha256) }
                    ". Something the report shows was not kept in history (a file removed from evidence, or a change made by another version of Sustain)."
                }
            }
            Some(Check::NotMade(why)) => {
                p role="status" { (tag("Not checked", "grey")) " " "The report could not be made again: " (why) "." }
            }
        }
    };
    layout(&issued.title(), chrome, content)
}
