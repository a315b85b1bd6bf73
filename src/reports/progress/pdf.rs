//! The progress report as a PDF: the same sections and figures as the HTML
//! page, the areas needing attention in full (their key measures' charts
//! drawn from the same SVG the pages show), the embedded ones in a few lines;
//! or the one-page summary.

use super::super::pdf::{Pdf, Table, CONTENT_WIDTH};
use crate::domain::dates::long_date;
use crate::domain::kinds::ReportForm;
use crate::read::area_page::MeasureChart;
use crate::read::progress::compared::COMPARED_HEADERS;
use crate::read::progress::contents::StatusCount;
use crate::read::progress::contents::{
    actions_line, no_results, summary_area_row, AreaSection, Listed, ACTION_HEADERS, AREA_ACTION_HEADERS,
    COMMENTARY_HEADING, COUNTS_CAPTION, EVIDENCE_HEADERS, READINESS_HEADERS, RULES_INTRO, SUMMARY_AREA_HEADERS,
};
use crate::read::progress::{ProgressReport, ReadinessChange};
use crate::views::area::measure_chart_input;
use crate::views::charts::{svg_document, ChartInput, ChartSize};

const BODY: f32 = 9.5;
const SMALL: f32 = 8.5;

/// The lines at the foot of every page: the council and both dates, and the rules.
fn footer(report: &ProgressReport, authority: &str) -> Vec<String> {
    vec![format!("{authority} · {}", report.dates_line()), report.rules_line()]
}

/// How much of the content width a key measure's chart takes: enough to
/// read, small enough that an area's section fits about a page.
const CHART_SCALE: f32 = 0.62;

/// A chart of one measure, as the pages draw it: the SVG and its size in points.
pub fn chart_svg(m: &MeasureChart) -> (String, f32, f32) {
    let id = format!("measure-{}", m.id);
    svg_document(&chart_input(m, &id))
}

fn changes(pdf: &mut Pdf, list: &Listed<String>) {
    pdf.heading(&list.heading(), 11.0, 20.0);
    if list.items.is_empty() {
        pdf.paragraph(list.none, BODY);
    } else {
        pdf.bullets(&list.items, BODY);
    }
}

fn action_table(pdf: &mut Pdf, list: &Listed<Vec<String>>) {
    pdf.heading(&list.heading(), 11.0, 40.0);
    if list.items.is_empty() {
        pdf.paragraph(list.none, BODY);
        return;
    }
    let rows = list.items.clone();
    pdf.table(&Table { headers: &ACTION_HEADERS, widths: &[0.6, 3.0, 1.8, 2.0, 1.4, 1.5], rows }, SMALL);
}

/// A table of rows under its heading, or what to say when there are none.
fn listed_table(pdf: &mut Pdf, list: &Listed<Vec<String>>, headers: &[&str], widths: &[f32]) {
    pdf.heading(list.title, 11.0, 40.0);
    if list.items.is_empty() {
        pdf.paragraph(list.none, BODY);
    } else {
        pdf.table(&Table { headers, widths, rows: list.items.clone() }, SMALL);
    }
}

/// Words that may run to several paragraphs (a commentary), one per line typed.
fn paragraphs(pdf: &mut Pdf, text: &str, size: f32) {
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        pdf.paragraph(line, size);
    }
}

/// The report as PDF bytes, whole or as its one-page summary.
pub fn render(report: &ProgressReport, authority: &str, form: ReportForm) -> Result<Vec<u8>, String> {
    let title = match form {
        ReportForm::Full => report.title(),
        ReportForm::Summary => report.summary_title(),
    };
    let mut pdf = Pdf::new(&title, &format!("{authority} · {title}"), footer(report, authority));
    pdf.strong(authority, 11.0);
    pdf.heading(&title, if form == ReportForm::Summary { 16.0 } else { 18.0 }, 30.0);
    pdf.paragraph(&report.dates_line(), BODY + 1.0);
    // The summary keeps to one page: smaller headings.
    let h2 = if form == ReportForm::Summary { 12.0 } else { 14.0 };
    if let Some(words) = &report.commentary.overall {
        pdf.heading(COMMENTARY_HEADING, h2, 40.0);
        paragraphs(&mut pdf, words, BODY);
    }
    pdf.heading("Summary", h2, 60.0);
    let (since, as_at) = (long_date(report.since), long_date(report.as_at));
    if form == ReportForm::Summary {
        for line in [report.counts_line(), report.changes_line(), actions_line(&report.actions)] {
            pdf.paragraph(&line, BODY);
        }
    } else {
        let rows = report.counts.iter().map(StatusCount::row);
        let headers: [&str; 3] = [COUNTS_CAPTION, &since, &as_at];
        pdf.table(&Table { headers: &headers, widths: &[3.0, 1.5, 1.5], rows: rows.collect() }, SMALL);
        for list in &report.changes {
            changes(&mut pdf, list);
        }
        for list in &report.actions {
            action_table(&mut pdf, list);
        }
    }
    pdf.heading(report.readiness.title, 11.0, 40.0);
    if form == ReportForm::Summary {
        let lines: Vec<String> = report.readiness.items.iter().map(|r| r.line(report.since)).collect();
        pdf.bullets(&lines, SMALL);
        pdf.heading("Practice areas", 11.0, 40.0);
        let rows = report.areas.iter().map(summary_area_row).collect();
        pdf.table(&Table { headers: &SUMMARY_AREA_HEADERS, widths: &[2.9, 1.9, 4.2], rows }, 8.0);
        return pdf.finish();
    }
    let rows = report.readiness.items.iter().map(ReadinessChange::row).collect();
    let (first, last) = READINESS_HEADERS;
    pdf.table(&Table { headers: &[first, &since, &as_at, last], widths: &[3.0, 1.8, 1.8, 0.6], rows }, SMALL);
    pdf.heading(report.compared.table.title, 11.0, 40.0);
    pdf.paragraph(&report.compared.whose, SMALL);
    if report.compared.table.items.is_empty() {
        pdf.paragraph(report.compared.table.none, BODY);
    } else {
        let (headers, widths) = (&COMPARED_HEADERS, &[2.6, 0.6, 1.2, 2.0, 1.2, 1.8]);
        pdf.table(&Table { headers, widths, rows: report.compared.table.items.clone() }, SMALL);
    }
    pdf.heading("The rules in force", 14.0, 40.0);
    pdf.paragraph(RULES_INTRO, BODY);
    pdf.bullets(&report.rules, BODY);
    pdf.page_break();
    for area in &report.areas {
        area_section(&mut pdf, report, area)?;
    }
    pdf.finish()
}

/// An area's section: in full for one needing attention (kept with a good
/// part of what follows rather than always on a new page), in a few lines
/// for an embedded one.
fn area_section(pdf: &mut Pdf, report: &ProgressReport, area: &AreaSection) -> Result<(), String> {
    pdf.heading(&area.heading(), 13.0, if area.compact { 40.0 } else { 200.0 });
    pdf.paragraph(&area.change, BODY);
    for words in [&area.embedded, &area.own_rules].into_iter().flatten() {
        pdf.paragraph(words, BODY);
    }
    if let Some(words) = &area.commentary {
        pdf.strong(COMMENTARY_HEADING, BODY);
        paragraphs(pdf, words, BODY);
    }
    if area.compact {
        pdf.paragraph(&area.brief(), BODY);
        return Ok(());
    }
    pdf.heading(&report.verdict_heading(), 11.0, 30.0);
    for (line, reasons) in area.criteria() {
        pdf.strong(&line, BODY);
        pdf.bullets(reasons, SMALL);
    }
    pdf.heading(area.key_measures.title, 11.0, 120.0);
    if area.key_measures.items.is_empty() {
        pdf.paragraph(area.key_measures.none, BODY);
    }
    for m in &area.key_measures.items {
        if let Some(words) = no_results(m) {
            pdf.paragraph(&words, BODY);
            continue;
        }
        pdf.heading(&m.name, BODY + 0.5, 150.0);
        let (svg, w, h) = chart_svg(m);
        let scale = CHART_SCALE * CONTENT_WIDTH / w;
        pdf.svg(&svg, w * scale, h * scale)?;
        pdf.paragraph(&chart_words(m), SMALL);
    }
    listed_table(pdf, &area.actions, &AREA_ACTION_HEADERS, &[0.6, 3.6, 1.8, 1.4, 1.6]);
    listed_table(pdf, &area.counted_evidence, &EVIDENCE_HEADERS, &[4.0, 2.0, 1.5]);
    Ok(())
}

/// A chart in words, as the pages give it beside the chart: the PDF prints
/// it under the chart and the Word document makes it the picture's description.
pub fn chart_words(m: &MeasureChart) -> String {
    crate::views::charts::chart_summary(&chart_input(m, &format!("m{}", m.id)))
}

fn chart_input<'a>(m: &'a MeasureChart, id: &'a str) -> ChartInput<'a> {
    measure_chart_input(m, id, ChartSize::Small, false)
}
