//! The progress report as a PDF: the same sections and figures as the HTML
//! page, each area on a new page, its key measures' charts drawn from the
//! same SVG the pages show.

use super::super::pdf::{Pdf, Table};
use crate::domain::dates::long_date;
use crate::read::area_page::MeasureChart;
use crate::read::lines::ActionLine;
use crate::read::progress::{AreaChange, ProgressReport};
use crate::views::charts::{svg_document, ChartInput, ChartSize};
use crate::views::progress::action_state_words;

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

fn changes(pdf: &mut Pdf, heading: &str, none: &str, list: &[AreaChange]) {
    pdf.heading(&format!("{heading} ({})", list.len()), 11.0, 20.0);
    if list.is_empty() {
        pdf.paragraph(none, BODY);
    } else {
        let items: Vec<String> = list
            .iter()
            .map(|c| {
                format!("{}: {} then, {} now", c.name, c.then.label().to_lowercase(), c.now.label().to_lowercase())
            })
            .collect();
        pdf.bullets(&items, BODY);
    }
}

fn due(a: &ActionLine) -> String {
    a.due.map_or("–".to_string(), long_date)
}

fn action_table(pdf: &mut Pdf, heading: &str, none: &str, lines: &[ActionLine]) {
    pdf.heading(&format!("{heading} ({})", lines.len()), 11.0, 40.0);
    if lines.is_empty() {
        pdf.paragraph(none, BODY);
        return;
    }
    let rows = lines
        .iter()
        .map(|a| {
            vec![
                a.reference.clone(),
                a.title.clone(),
                a.area.1.clone(),
                a.owner.as_ref().map_or("No owner".to_string(), |(_, l)| l.clone()),
                due(a),
                action_state_words(a),
            ]
        })
        .collect();
    let headers = ["Ref", "Action", "Practice area", "Owner", "Due", "State"];
    pdf.table(&Table { headers: &headers, widths: &[0.6, 3.0, 1.8, 2.0, 1.4, 1.5], rows }, SMALL);
}

/// The report as PDF bytes.
pub fn render(report: &ProgressReport, authority: &str) -> Result<Vec<u8>, String> {
    let mut pdf = Pdf::new(&report.title(), &format!("{authority} · {}", report.title()), footer(report, authority));
    pdf.strong(authority, 11.0);
    pdf.heading(&report.title(), 18.0, 30.0);
    pdf.paragraph(&report.dates_line(), BODY + 1.0);
    pdf.heading("Summary", 14.0, 60.0);
    let then = |s| report.counts_then.iter().find(|(t, _)| *t == s).map_or(0, |(_, n)| *n);
    let rows = report
        .counts_now
        .iter()
        .map(|(status, now)| vec![status.label().to_string(), then(*status).to_string(), now.to_string()])
        .collect();
    let (since, as_at) = (long_date(report.since), long_date(report.as_at));
    pdf.table(&Table { headers: &["Practice areas by status", &since, &as_at], widths: &[3.0, 1.5, 1.5], rows }, BODY);
    changes(&mut pdf, "Became embedded", "No area became embedded.", &report.became_embedded);
    changes(&mut pdf, "Slipped", "No area slipped.", &report.slipped);
    changes(&mut pdf, "Stalled: same status, no action completed", "No area stalled.", &report.stalled);
    action_table(&mut pdf, "Actions completed", "No action was completed between the dates.", &report.completed);
    action_table(&mut pdf, "Newly overdue", "No action became overdue.", &report.newly_overdue);
    action_table(&mut pdf, "Still overdue", "No action was overdue on both dates.", &report.still_overdue);
    pdf.heading("Readiness for inspection", 11.0, 40.0);
    let rows = super::readiness_rows(report);
    pdf.table(&Table { headers: &["Inspection", &since, &as_at, "Gaps"], widths: &[3.0, 1.8, 1.8, 0.6], rows }, SMALL);
    pdf.heading("The rules in force", 14.0, 40.0);
    pdf.paragraph(
        "Every status is worked out from these rules, as at the date, never typed in. \
         An area that sets its own values says so in its section.",
        BODY,
    );
    pdf.bullets(&report.rules, BODY);
    for area in &report.areas {
        let page = &area.page;
        pdf.page_break();
        pdf.heading(&format!("{}: {}", page.line.name, page.line.status.label()), 14.0, 40.0);
        pdf.paragraph(&area.change, BODY);
        if let Some(words) = crate::read::areas::embedded_words(&page.line) {
            pdf.paragraph(&words, BODY);
        }
        let own: Vec<String> = page
            .rules
            .iter()
            .filter(|l| l.overridden)
            .map(|l| format!("{} {} (default {})", l.label, l.value, l.default))
            .collect();
        if !own.is_empty() {
            pdf.paragraph(&format!("This area sets its own rules: {}.", own.join("; ")), BODY);
        }
        pdf.heading(&format!("Verdict as at {as_at}"), 11.0, 30.0);
        for c in &page.verdict.criteria {
            pdf.strong(&format!("{}: {}", c.criterion.label(), if c.met { "met" } else { "not met" }), BODY);
            pdf.bullets(&c.reasons, SMALL);
        }
        pdf.heading("Key measures", 11.0, 120.0);
        let key: Vec<&MeasureChart> = page.measures.iter().filter(|m| m.key).collect();
        if key.is_empty() {
            pdf.paragraph("No key measure.", BODY);
        }
        for m in key {
            if m.analysis.points.is_empty() {
                pdf.paragraph(&format!("{}: no results yet.", m.name), BODY);
                continue;
            }
            pdf.heading(&m.name, BODY + 0.5, 150.0);
            let (svg, w, h) = chart_svg(m);
            pdf.svg(&svg, w, h)?;
            pdf.paragraph(&crate::views::charts::chart_summary(&chart_input(m, &format!("m{}", m.id))), SMALL);
        }
        let rows: Vec<Vec<String>> = page
            .actions
            .iter()
            .map(|a| {
                vec![
                    a.reference.clone(),
                    a.title.clone(),
                    a.owner_name.clone().unwrap_or_else(|| "No owner".into()),
                    due(a),
                    action_state_words(a),
                ]
            })
            .collect();
        pdf.heading("Actions", 11.0, 40.0);
        if rows.is_empty() {
            pdf.paragraph("No actions.", BODY);
        } else {
            let headers = ["Ref", "Action", "Owner", "Due", "State"];
            pdf.table(&Table { headers: &headers, widths: &[0.6, 3.6, 1.8, 1.4, 1.6], rows }, SMALL);
        }
        pdf.heading("Verified evidence that counted", 11.0, 40.0);
        if area.counted_evidence.is_empty() {
            pdf.paragraph("No verified evidence counted.", BODY);
        } else {
            let rows = area
                .counted_evidence
                .iter()
                .map(|e| vec![e.title.clone(), e.kind.label().to_string(), long_date(e.observed_on)])
                .collect();
            pdf.table(&Table { headers: &["Evidence", "Kind", "Observed"], widths: &[4.0, 2.0, 1.5], rows }, SMALL);
        }
    }
    pdf.finish()
}

fn chart_input<'a>(m: &'a MeasureChart, id: &'a str) -> ChartInput<'a> {
    ChartInput {
        id,
        title: &m.name,
        unit: m.unit,
        direction: m.direction,
        target: m.target,
        analysis: &m.analysis,
        completed_actions: &m.completed_actions,
        size: ChartSize::Small,
        show_near_limits: false,
    }
}
