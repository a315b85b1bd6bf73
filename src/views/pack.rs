//! An inspection's evidence pack as HTML: in the app, as the ZIP's offline
//! `index.html` (links relative to the ZIP's own files) and behind a link
//! shared with an inspector (links to the pack's own ZIP only).

use super::area::measure_chart;
use super::blocks::{criteria, finding_checks, ready_tag, status_tag, table_region};
use super::charts::{format_value, ChartSize};
use super::components::date;
use super::progress::standalone;
use super::{layout, Chrome};
use crate::read::pack::{file_path, EvidencePack, FindingPack};
use maud::{html, Markup, PreEscaped};

/// Where the pack's links go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackLinks {
    /// In the app: files download from `/attachments/{id}`, and the ZIP is offered.
    App,
    /// Inside the ZIP: files and the PDF by their relative paths.
    Offline,
    /// Behind a shared link: the ZIP at this address, and nothing else.
    Shared(String),
}

/// A pack's HTML in parts, so that it can be written a finding at a time
/// (a large authority's pack runs to tens of megabytes): everything before
/// the findings' sections, then each section (`finding_section`), then
/// everything after them.
#[derive(Debug, Clone)]
pub struct PackParts {
    pub head: String,
    pub tail: String,
}

/// Marks where the findings' sections go. Text is escaped by the templates,
/// so stored text can never hold it.
const SECTIONS_HERE: &str = "<!--sustain:finding-sections-->";

impl PackParts {
    fn split(document: Markup) -> Self {
        let document = document.into_string();
        let (head, tail) = document.split_once(SECTIONS_HERE).unwrap_or((&document, ""));
        Self { head: head.to_string(), tail: tail.to_string() }
    }

    /// The whole document, every finding's section in its place.
    pub fn join(&self, pack: &EvidencePack, links: &PackLinks) -> String {
        let mut whole = self.head.clone();
        for f in &pack.findings {
            whole.push_str(&finding_section(f, links).into_string());
        }
        whole.push_str(&self.tail);
        whole
    }
}

/// The pack inside the app's frame.
pub fn pack_page(pack: &EvidencePack, share_panel: Markup, chrome: &Chrome) -> PackParts {
    PackParts::split(layout(
        &pack.title(),
        chrome,
        html! { (share_panel) (pack_body(pack, &PackLinks::App, &chrome.authority)) },
    ))
}

/// The pack as a document of its own (the ZIP's `index.html`).
pub fn pack_document(pack: &EvidencePack, links: &PackLinks, authority: &str) -> PackParts {
    let dates = format!("As at {}", date(pack.as_at));
    PackParts::split(standalone(&pack.title(), authority, &dates, pack_body(pack, links, authority)))
}

/// Everything the pack says, its findings' sections marked by `SECTIONS_HERE`.
fn pack_body(pack: &EvidencePack, links: &PackLinks, authority: &str) -> Markup {
    let inspection = &pack.readiness.inspection;
    let readiness = &pack.readiness.readiness;
    html! {
        div class="app-report" {
            header class="app-report__header" {
                p class="app-report__authority" { (authority) }
                h1 class="app-heading-l" { (pack.title()) }
                p class="app-report__dates" {
                    (inspection.kind.label()) ", " (inspection.inspectorate) ", " (date(inspection.start_date))
                    " to " (date(inspection.end_date)) ". As at " (date(pack.as_at)) "."
                }
            }
            div class="app-no-print" {
                @match links {
                    PackLinks::App => p { a href={ "/inspections/" (inspection.id) "/pack.zip" } { "Download the pack as a ZIP" }
                        " (this page, a PDF and every file, with SHA256SUMS)" },
                    PackLinks::Offline => p { a href="report.pdf" { "The pack as a PDF" } },
                    PackLinks::Shared(zip) => p { a href=(zip) { "Download the pack as a ZIP" }
                        " (this page, a PDF and every file, with SHA256SUMS)" },
                }
            }
            section aria-labelledby="readiness" {
                h2 class="app-heading-m" id="readiness" { "Readiness" }
                p { (readiness.findings_ready) " of " (readiness.findings_total)
                    " findings (strengths left out) are ready: each delivered, evidenced and in an embedded area. "
                    (readiness.findings_embedded) " are in areas that are embedded." }
                @if !pack.readiness.gaps.is_empty() {
                    ul class="app-list app-list--bullet" { @for gap in &pack.readiness.gaps { li { (gap.text) } } }
                }
                h3 class="app-heading-s" { "Findings" }
                ul class="app-list" {
                    @for f in &pack.findings {
                        li { @if let Some(judged) = &f.readiness { (ready_tag(judged)) " " }
                            a href={ "#finding-" (f.folder) } { (f.finding.reference) " " (f.finding.kind.label()) } ": " (f.finding.text) }
                    }
                }
            }
            (PreEscaped(SECTIONS_HERE))
        }
    }
}

/// One finding's section of the pack.
pub fn finding_section(f: &FindingPack, links: &PackLinks) -> Markup {
    let heading = format!("finding-{}", f.folder);
    html! {
        section class="app-report__area" aria-labelledby=(heading) {
            h2 class="app-heading-m" id=(heading) { (f.finding.reference) " " (f.finding.kind.label()) }
            p { (f.finding.text) }
            @if let Some(judged) = &f.readiness {
                p { "Ready for inspection: " (ready_tag(judged)) }
                (finding_checks(judged))
            }
            p { "Practice area: " strong { (f.finding.area.1) } " "
                @if let Some(v) = &f.verdict { (status_tag(v.status)) } }
            @if let Some(v) = &f.verdict { (criteria(v)) }
            h3 class="app-heading-s" { "Actions answering it" }
            @if f.actions.is_empty() { p { "No action answers this finding." } } @else {
                (table_region("Actions answering it", html! {
                    table class="app-table" {
                        caption class="app-visually-hidden" { "Actions answering " (f.finding.reference) }
                        thead { tr { th scope="col" { "Ref" } th scope="col" { "Action" } th scope="col" { "Owner" }
                            th scope="col" { "Due" } th scope="col" { "State" } th scope="col" { "Latest progress" } } }
                        tbody { @for a in &f.actions { tr {
                            td class="app-nowrap" { (a.line.reference) } td { (a.line.title) }
                            td { (a.line.owner_name.as_deref().unwrap_or("No owner")) }
                            td class="app-nowrap" { @match a.line.due { Some(d) => (date(d)), None => "–" } }
                            td { (a.line.state_words()) }
                            td { @match &a.latest_update { Some((on, rag, note)) => { (date(*on)) " (" (rag.label()) "): " (note) }, None => "No update" } }
                        } } }
                    }
                }))
            }
            h3 class="app-heading-s" { "Verified evidence" }
            @if f.evidence.is_empty() { p { "No verified evidence is linked to this finding." } } @else {
                (table_region("Verified evidence", html! {
                    table class="app-table" {
                        caption class="app-visually-hidden" { "Verified evidence for " (f.finding.reference) }
                        thead { tr { th scope="col" { "Evidence" } th scope="col" { "Kind" } th scope="col" { "Observed" } th scope="col" { "Files" } } }
                        tbody { @for e in &f.evidence { tr {
                            td { (e.line.title) } td { (e.line.kind.label()) } td class="app-nowrap" { (date(e.line.observed_on)) }
                            td {
                                @if e.files.is_empty() { "None" }
                                @for (i, file) in e.files.iter().enumerate() {
                                    @if i > 0 { br; }
                                    @match links {
                                        PackLinks::App => a href={ "/attachments/" (file.id) } { (file.file_name) },
                                        PackLinks::Offline => a href=(file_path(&f.folder, file)) { (file.file_name) },
                                        PackLinks::Shared(_) => (file.file_name),
                                    }
                                }
                            }
                        } } }
                    }
                }))
            }
            @for audit in &f.audits {
                h3 class="app-heading-s" { "Audit results: " (audit.name) }
                @if audit.results.is_empty() { p { "No results yet." } } @else {
                    (table_region(&audit.name, html! {
                        table class="app-table" {
                            caption class="app-visually-hidden" { (audit.name) }
                            thead { tr { th scope="col" { "Period end" } th scope="col" class="app-numeric" { "Good or better" }
                                th scope="col" class="app-numeric" { "Outstanding" } th scope="col" class="app-numeric" { "Good" }
                                th scope="col" class="app-numeric" { "Requires improvement" } th scope="col" class="app-numeric" { "Inadequate" } } }
                            tbody { @for r in &audit.results { tr {
                                td class="app-nowrap" { (date(r.period_end)) }
                                td class="app-numeric" { (format_value(r.value, crate::domain::kinds::Unit::Percent)) }
                                @for n in [r.outstanding, r.good, r.requires_improvement, r.inadequate] {
                                    td class="app-numeric" { @match n { Some(n) => (n), None => "–" } }
                                }
                            } } }
                        }
                    }))
                }
            }
            @if !f.charts.is_empty() {
                h3 class="app-heading-s" { "Charts" }
                @for m in &f.charts { (measure_chart(m, ChartSize::Small, false)) }
            }
        }
    }
}

/// The pack behind a shared link: the app's stylesheets by address (the
/// Content-Security-Policy refuses inline styles), no navigation, no account.
pub fn pack_shared(pack: &EvidencePack, links: &PackLinks, authority: &str) -> PackParts {
    PackParts::split(html! {
        (maud::DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (pack.title()) " – " (authority) }
                link rel="stylesheet" href="/assets/sustain.css";
                link rel="stylesheet" href="/assets/print.css" media="print";
            }
            body {
                main id="main-content" class="app-width app-main" { (pack_body(pack, links, authority)) }
            }
        }
    })
}
