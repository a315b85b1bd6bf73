//! The progress report as a PDF: the same sections and figures as the HTML
//! page, each area on a new page, its key measures' charts drawn from the
//! same SVG the pages show.

use super::super::pdf::{Pdf, Table};
use crate::domain::dates::long_date;
use crate::read::area_page::MeasureChart;
use crate::read::progress::compared::COMPARED_HEADERS;
use crate::read::progress::contents::StatusCount;
use crate::read::progress::contents::{
    no_results, Listed, ACTION_HEADERS, AREA_ACTION_HEADERS, COUNTS_CAPTION, EVIDENCE_HEADERS, READINESS_HEADERS,
    RULES_INTRO,
};
use crate::read::progress::{ProgressReport, ReadinessChange};
use crate::views::area::measure_chart_input;
use crate::views::charts::{svg_document, ChartInput, ChartSize};

const BODY: f32 = 9.5;
const SMALL: f32 = 8.5;

/// The lines at the foot of every page: the council and both dates, and the rules.
fn footer(report: &ProgressReport, authority: &str) -> Vec<String> {
    vec![
        format!("{authority} · {}", report.dates_line()),
        format!(
            "Rules in force: delivered (every action completed); practice changed ({} verified items of {} kinds \
             in {} months); sustained ({} results on target in {} months per key measure, no concern).",
            report.defaults.evidence_min_items,
            report.defaults.evidence_min_kinds,
            report.defaults.evidence_window_months,
            report.defaults.results_min_count,
            report.defaults.results_window_months,
        ),
    ]
}

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

/// The report as PDF bytes.
pub fn render(report: &ProgressReport, authority: &str) -> Result<Vec<u8>, String> {
    let mut pdf = Pdf::new(&report.title(), &format!("{authority} · {}", report.title()), footer(report, authority));
    pdf.strong(authority, 11.0);
    pdf.heading(&report.title(), 18.0, 30.0);
    pdf.paragraph(&report.dates_line(), BODY + 1.0);
    pdf.heading("Summary", 14.0, 60.0);
    let rows = report.counts.iter().map(StatusCount::row);
    let (since, as_at) = (long_date(report.since), long_date(report.as_at));
    let headers: [&str; 3] = [COUNTS_CAPTION, &since, &as_at];
    pdf.table(&Table { headers: &headers, widths: &[3.0, 1.5, 1.5], rows: rows.collect() }, BODY);
    for list in &report.changes {
        changes(&mut pdf, list);
    }
    for list in &report.actions {
        action_table(&mut pdf, list);
    }
    pdf.heading(report.readiness.title, 11.0, 40.0);
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
    for area in &report.areas {
        pdf.page_break();
        pdf.heading(&area.heading(), 14.0, 40.0);
        pdf.paragraph(&area.change, BODY);
        for words in [&area.embedded, &area.own_rules].into_iter().flatten() {
            pdf.paragraph(words, BODY);
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
            pdf.svg(&svg, w, h)?;
            pdf.paragraph(&chart_words(m), SMALL);
        }
        listed_table(&mut pdf, &area.actions, &AREA_ACTION_HEADERS, &[0.6, 3.6, 1.8, 1.4, 1.6]);
        listed_table(&mut pdf, &area.counted_evidence, &EVIDENCE_HEADERS, &[4.0, 2.0, 1.5]);
    }
    pdf.finish()
}

/// A chart in words, as the pages give it beside the chart: the PDF prints
/// it under the chart and the Word document makes it the picture's description.
pub fn chart_words(m: &MeasureChart) -> String {
    crate::views::charts::chart_summary(&chart_input(m, &format!("m{}", m.id)))
}

fn chart_input<'a>(m: &'a MeasureChart, id: &'a str) -> ChartInput<'a> {
    measure_chart_input(m, id, ChartSize::Small, false)
}
