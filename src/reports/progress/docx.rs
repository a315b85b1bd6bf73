//! The progress report as a Word document, for committee papers that are
//! edited before they are published: real headings (Heading 1 to 3, so the
//! navigation pane and a table of contents find them), real tables whose
//! header row repeats on each page and whose rows do not split, and the key
//! measures' charts as pictures with their chart-in-words as alternative
//! text. The document is written by `reports::word`.

use super::pdf::{chart_svg, chart_words};
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
use crate::reports::word::{Para, Word};

/// The width a chart is drawn at, in EMU (11 cm: readable, and an area's
/// section keeps to about a page).
const CHART_WIDTH_EMU: u32 = 3_960_000;

fn text(word: &mut Word, t: &str) {
    word.paragraph(Para::default(), t);
}

fn heading(word: &mut Word, level: u8, t: &str) {
    word.paragraph(Para::heading(level), t);
}

fn bullet(word: &mut Word, t: &str) {
    word.paragraph(Para::bullet(), &format!("• {t}"));
}

fn changes(word: &mut Word, list: &Listed<String>) {
    heading(word, 3, &list.heading());
    if list.items.is_empty() {
        text(word, list.none);
    }
    for item in &list.items {
        bullet(word, item);
    }
}

fn actions(word: &mut Word, list: &Listed<Vec<String>>) {
    heading(word, 3, &list.heading());
    if list.items.is_empty() {
        text(word, list.none);
    } else {
        word.table(&ACTION_HEADERS, &list.items);
    }
}

/// A table of rows under its heading, or what to say when there are none.
fn listed_table(word: &mut Word, list: &Listed<Vec<String>>, headers: &[&str]) {
    heading(word, 3, list.title);
    if list.items.is_empty() {
        text(word, list.none);
    } else {
        word.table(headers, &list.items);
    }
}

/// A chart drawn to PNG at twice its size, and that size in pixels.
fn chart_png(m: &MeasureChart) -> Result<(Vec<u8>, u32, u32), String> {
    let (svg, w, h) = chart_svg(m);
    let tree = resvg::usvg::Tree::from_str(&svg, super::super::pdf::svg_options()?)
        .map_err(|e| format!("a chart could not be drawn: {e}"))?;
    let (pw, ph) = ((w * 2.0).ceil() as u32, (h * 2.0).ceil() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pw, ph).ok_or("a chart has no size")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(2.0, 2.0), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| format!("a chart could not be saved: {e}"))?;
    Ok((png, pw, ph))
}

/// Words that may run to several paragraphs (a commentary), one per line typed.
fn paragraphs(word: &mut Word, words: &str) {
    for line in words.lines().map(str::trim).filter(|l| !l.is_empty()) {
        text(word, line);
    }
}

/// The report as the bytes of a .docx file, whole or as its one-page summary.
pub fn render(report: &ProgressReport, authority: &str, form: ReportForm) -> Result<Vec<u8>, String> {
    let title = match form {
        ReportForm::Full => report.title(),
        ReportForm::Summary => report.summary_title(),
    };
    let mut word = Word::new(&format!("{authority} · {}", report.dates_line()));
    word.paragraph(Para::strong(), authority);
    heading(&mut word, 1, &title);
    text(&mut word, &report.dates_line());
    if let Some(words) = &report.commentary.overall {
        heading(&mut word, 2, COMMENTARY_HEADING);
        paragraphs(&mut word, words);
    }
    heading(&mut word, 2, "Summary");
    let (since, as_at) = (long_date(report.since), long_date(report.as_at));
    if form == ReportForm::Summary {
        for line in [report.counts_line(), report.changes_line(), actions_line(&report.actions)] {
            text(&mut word, &line);
        }
    } else {
        let rows: Vec<Vec<String>> = report.counts.iter().map(StatusCount::row).collect();
        word.table(&[COUNTS_CAPTION, &since, &as_at], &rows);
        for list in &report.changes {
            changes(&mut word, list);
        }
        for list in &report.actions {
            actions(&mut word, list);
        }
    }
    heading(&mut word, 3, report.readiness.title);
    if form == ReportForm::Summary {
        for item in &report.readiness.items {
            bullet(&mut word, &item.line(report.since));
        }
        heading(&mut word, 3, "Practice areas");
        let rows: Vec<Vec<String>> = report.areas.iter().map(summary_area_row).collect();
        word.table(&SUMMARY_AREA_HEADERS, &rows);
        text(&mut word, &report.rules_line());
        return word.finish();
    }
    let rows: Vec<Vec<String>> = report.readiness.items.iter().map(ReadinessChange::row).collect();
    let (first, last) = READINESS_HEADERS;
    word.table(&[first, &since, &as_at, last], &rows);
    heading(&mut word, 3, report.compared.table.title);
    text(&mut word, &report.compared.whose);
    if report.compared.table.items.is_empty() {
        text(&mut word, report.compared.table.none);
    } else {
        word.table(&COMPARED_HEADERS, &report.compared.table.items);
    }
    heading(&mut word, 2, "The rules in force");
    text(&mut word, RULES_INTRO);
    for rule in &report.rules {
        bullet(&mut word, rule);
    }
    for (i, area) in report.areas.iter().enumerate() {
        area_section(&mut word, report, area, i == 0)?;
    }
    word.finish()
}

/// An area's section: in full for one needing attention, in a few lines
/// for an embedded one. The first starts a new page.
fn area_section(word: &mut Word, report: &ProgressReport, area: &AreaSection, first: bool) -> Result<(), String> {
    word.paragraph(Para { page_break_before: first, ..Para::heading(2) }, &area.heading());
    text(word, &area.change);
    for words in [&area.embedded, &area.own_rules].into_iter().flatten() {
        text(word, words);
    }
    if let Some(words) = &area.commentary {
        word.paragraph(Para { keep_next: true, ..Para::strong() }, COMMENTARY_HEADING);
        paragraphs(word, words);
    }
    if area.compact {
        text(word, &area.brief());
        return Ok(());
    }
    heading(word, 3, &report.verdict_heading());
    for (line, reasons) in area.criteria() {
        word.paragraph(Para::strong(), &line);
        for reason in reasons {
            bullet(word, reason);
        }
    }
    heading(word, 3, area.key_measures.title);
    if area.key_measures.items.is_empty() {
        text(word, area.key_measures.none);
    }
    for m in &area.key_measures.items {
        if let Some(words) = no_results(m) {
            text(word, &words);
            continue;
        }
        let (png, w, h) = chart_png(m)?;
        let words = chart_words(m);
        word.paragraph(Para { keep_next: true, ..Para::strong() }, &m.name);
        let description = format!("{}: statistical process control chart. {words}", m.name);
        word.picture(png, (w, h), CHART_WIDTH_EMU, &description);
        word.paragraph(Para { mark_size: Some(16), ..Para::default() }, &words);
    }
    listed_table(word, &area.actions, &AREA_ACTION_HEADERS);
    listed_table(word, &area.counted_evidence, &EVIDENCE_HEADERS);
    Ok(())
}
