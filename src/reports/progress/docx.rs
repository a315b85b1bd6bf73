//! The progress report as a Word document, for committee papers that are
//! edited before they are published: real headings (Heading 1 to 3, so the
//! navigation pane and a table of contents find them), real tables whose
//! header row repeats on each page and whose rows do not split, and the key
//! measures' charts as pictures with their chart-in-words as alternative text.
//!
//! docx-rs writes the document; it cannot yet mark a table's header row or
//! give a picture a description, so a last step adds `w:tblHeader` to each
//! table's first row and `descr` to each picture in `word/document.xml`.

use super::pdf::chart_svg;
use crate::domain::dates::long_date;
use crate::domain::formats::xml_text;
use crate::read::area_page::MeasureChart;
use crate::read::lines::ActionLine;
use crate::read::progress::{AreaChange, ProgressReport};
use crate::views::charts::{chart_summary, ChartInput, ChartSize};
use crate::views::progress::action_state_words;
use docx_rs::{
    BreakType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Style, StyleType, Table, TableCell, TableRow, WidthType,
};
use std::io::{Read, Write};

/// A4 in twentieths of a point, and margins of 2 cm.
const A4: (u32, u32) = (11906, 16838);
const MARGIN: i32 = 1134;
/// The width a chart is drawn at, in EMU (16 cm).
const CHART_WIDTH_EMU: u32 = 5_760_000;

/// A run of text, made safe for Word's XML first: every text of the
/// document goes through here. docx-rs drops line feeds and carriage returns
/// from text, which would run lines together, so line breaks become Word's
/// breaks, and tabs its tabs.
fn run(t: impl AsRef<str>) -> Run {
    let safe = xml_text(t.as_ref()).replace("\r\n", "\n").replace('\r', "\n");
    let mut run = Run::new();
    for (i, line) in safe.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.add_tab();
            }
            if !part.is_empty() {
                run = run.add_text(part);
            }
        }
    }
    run
}

fn text(t: &str) -> Paragraph {
    Paragraph::new().add_run(run(t))
}

fn heading(level: usize, t: &str) -> Paragraph {
    Paragraph::new().style(&format!("Heading{level}")).keep_next(true).add_run(run(t))
}

fn bullet(t: &str) -> Paragraph {
    Paragraph::new().style("ListBullet").add_run(run(format!("• {t}")))
}

/// A table with a bold header row; rows never split across pages.
fn table(headers: &[&str], rows: Vec<Vec<String>>) -> Table {
    let cell = |t: &str, bold: bool| {
        let text = if bold { run(t).bold() } else { run(t) };
        TableCell::new().add_paragraph(Paragraph::new().add_run(text).size(18))
    };
    let mut all = vec![TableRow::new(headers.iter().map(|h| cell(h, true)).collect()).cant_split()];
    all.extend(rows.iter().map(|r| TableRow::new(r.iter().map(|c| cell(c, false)).collect()).cant_split()));
    Table::new(all).width(A4.0 as usize - 2 * MARGIN as usize, WidthType::Dxa)
}

fn changes(doc: Docx, heading_text: &str, none: &str, list: &[AreaChange]) -> Docx {
    let mut doc = doc.add_paragraph(heading(3, &format!("{heading_text} ({})", list.len())));
    if list.is_empty() {
        return doc.add_paragraph(text(none));
    }
    for c in list {
        doc = doc.add_paragraph(bullet(&format!(
            "{}: {} then, {} now",
            c.name,
            c.then.label().to_lowercase(),
            c.now.label().to_lowercase()
        )));
    }
    doc
}

fn actions(doc: Docx, heading_text: &str, none: &str, lines: &[ActionLine]) -> Docx {
    let doc = doc.add_paragraph(heading(3, &format!("{heading_text} ({})", lines.len())));
    if lines.is_empty() {
        return doc.add_paragraph(text(none));
    }
    let rows = lines
        .iter()
        .map(|a| {
            vec![
                a.reference.clone(),
                a.title.clone(),
                a.area.1.clone(),
                a.owner.as_ref().map_or("No owner".to_string(), |(_, l)| l.clone()),
                a.due.map_or("–".into(), long_date),
                action_state_words(a),
            ]
        })
        .collect();
    doc.add_table(table(&["Ref", "Action", "Practice area", "Owner", "Due", "State"], rows))
}

/// A chart drawn to PNG at twice its size, with its words for the alternative text.
fn chart_png(m: &MeasureChart) -> Result<(Vec<u8>, u32, u32, String), String> {
    let (svg, w, h) = chart_svg(m);
    let tree = resvg::usvg::Tree::from_str(&svg, super::super::pdf::svg_options()?)
        .map_err(|e| format!("a chart could not be drawn: {e}"))?;
    let (pw, ph) = ((w * 2.0).ceil() as u32, (h * 2.0).ceil() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pw, ph).ok_or("a chart has no size")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(2.0, 2.0), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| format!("a chart could not be saved: {e}"))?;
    let id = format!("m{}", m.id);
    let words = chart_summary(&ChartInput {
        id: &id,
        title: &m.name,
        unit: m.unit,
        direction: m.direction,
        target: m.target,
        analysis: &m.analysis,
        completed_actions: &m.completed_actions,
        size: ChartSize::Small,
        show_near_limits: false,
    });
    Ok((png, pw, ph, words))
}

fn styles(doc: Docx) -> Docx {
    let style = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph).name(name).size(size).bold().outline_lvl(level)
    };
    doc.add_style(style("Heading1", "Heading 1", 36, 0))
        .add_style(style("Heading2", "Heading 2", 28, 1))
        .add_style(style("Heading3", "Heading 3", 24, 2))
        .add_style(Style::new("ListBullet", StyleType::Paragraph).name("List Bullet"))
}

/// The report as the bytes of a .docx file.
pub fn render(report: &ProgressReport, authority: &str) -> Result<Vec<u8>, String> {
    let fonts = RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial");
    let margin = PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN);
    let header = docx_rs::Header::new().add_paragraph(text(&format!("{authority} · {}", report.dates_line())).size(16));
    let mut doc = styles(Docx::new())
        .default_fonts(fonts)
        .default_size(20)
        .page_size(A4.0, A4.1)
        .page_margin(margin)
        .header(header)
        .created_at("2000-01-01T00:00:00Z");
    let mut alt_texts = Vec::new();
    doc = doc
        .add_paragraph(Paragraph::new().add_run(run(authority).bold()))
        .add_paragraph(heading(1, &report.title()))
        .add_paragraph(text(&report.dates_line()))
        .add_paragraph(heading(2, "Summary"));
    let then = |s| report.counts_then.iter().find(|(t, _)| *t == s).map_or(0, |(_, n)| *n);
    let rows = report
        .counts_now
        .iter()
        .map(|(s, now)| vec![s.label().to_string(), then(*s).to_string(), now.to_string()])
        .collect();
    let (since, as_at) = (long_date(report.since), long_date(report.as_at));
    doc = doc.add_table(table(&["Practice areas by status", &since, &as_at], rows));
    doc = changes(doc, "Became embedded", "No area became embedded.", &report.became_embedded);
    doc = changes(doc, "Slipped", "No area slipped.", &report.slipped);
    doc = changes(doc, "Stalled: same status, no action completed", "No area stalled.", &report.stalled);
    doc = actions(doc, "Actions completed", "No action was completed between the dates.", &report.completed);
    doc = actions(doc, "Newly overdue", "No action became overdue.", &report.newly_overdue);
    doc = actions(doc, "Still overdue", "No action was overdue on both dates.", &report.still_overdue);
    doc = doc.add_paragraph(heading(3, "Readiness for inspection"));
    let rows = super::readiness_rows(report);
    doc = doc.add_table(table(&["Inspection", &since, &as_at, "Gaps"], rows));
    doc = doc.add_paragraph(heading(2, "The rules in force")).add_paragraph(text(
        "Every status is worked out from these rules, as at the date, never typed in. \
         An area that sets its own values says so in its section.",
    ));
    for rule in &report.rules {
        doc = doc.add_paragraph(bullet(rule));
    }
    for area in &report.areas {
        let page = &area.page;
        doc = doc
            .add_paragraph(
                heading(2, &format!("{}: {}", page.line.name, page.line.status.label())).page_break_before(true),
            )
            .add_paragraph(text(&area.change));
        if let Some(words) = crate::read::areas::embedded_words(&page.line) {
            doc = doc.add_paragraph(text(&words));
        }
        let own: Vec<String> = page
            .rules
            .iter()
            .filter(|l| l.overridden)
            .map(|l| format!("{} {} (default {})", l.label, l.value, l.default))
            .collect();
        if !own.is_empty() {
            doc = doc.add_paragraph(text(&format!("This area sets its own rules: {}.", own.join("; "))));
        }
        doc = doc.add_paragraph(heading(3, &format!("Verdict as at {as_at}")));
        for c in &page.verdict.criteria {
            doc = doc
                .add_paragraph(Paragraph::new().add_run(
                    run(format!("{}: {}", c.criterion.label(), if c.met { "met" } else { "not met" })).bold(),
                ));
            for reason in &c.reasons {
                doc = doc.add_paragraph(bullet(reason));
            }
        }
        doc = doc.add_paragraph(heading(3, "Key measures"));
        let key: Vec<&MeasureChart> = page.measures.iter().filter(|m| m.key).collect();
        if key.is_empty() {
            doc = doc.add_paragraph(text("No key measure."));
        }
        for m in key {
            if m.analysis.points.is_empty() {
                doc = doc.add_paragraph(text(&format!("{}: no results yet.", m.name)));
                continue;
            }
            let (png, w, h, words) = chart_png(m)?;
            let height = (u64::from(CHART_WIDTH_EMU) * u64::from(h) / u64::from(w.max(1))) as u32;
            let pic = Pic::new_with_dimensions(png, w, h).size(CHART_WIDTH_EMU, height);
            alt_texts.push(format!("{}: statistical process control chart. {words}", m.name));
            doc = doc
                .add_paragraph(Paragraph::new().keep_next(true).add_run(run(m.name.clone()).bold()))
                .add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)))
                .add_paragraph(text(&words).size(16));
        }
        doc = doc.add_paragraph(heading(3, "Actions"));
        if page.actions.is_empty() {
            doc = doc.add_paragraph(text("No actions."));
        } else {
            let rows = page
                .actions
                .iter()
                .map(|a| {
                    vec![
                        a.reference.clone(),
                        a.title.clone(),
                        a.owner_name.clone().unwrap_or_else(|| "No owner".into()),
                        a.due.map_or("–".into(), long_date),
                        action_state_words(a),
                    ]
                })
                .collect();
            doc = doc.add_table(table(&["Ref", "Action", "Owner", "Due", "State"], rows));
        }
        doc = doc.add_paragraph(heading(3, "Verified evidence that counted"));
        if area.counted_evidence.is_empty() {
            doc = doc.add_paragraph(text("No verified evidence counted."));
        } else {
            let rows = area
                .counted_evidence
                .iter()
                .map(|e| vec![e.title.clone(), e.kind.label().to_string(), long_date(e.observed_on)])
                .collect();
            doc = doc.add_table(table(&["Evidence", "Kind", "Observed"], rows));
        }
    }
    let mut packed = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut packed).map_err(|e| format!("the Word document could not be made: {e}"))?;
    finish(&packed.into_inner(), &alt_texts)
}

/// Marks each table's first row as its header row and gives each picture its
/// description, in `word/document.xml`; every other part is copied as it is.
fn finish(docx: &[u8], alt_texts: &[String]) -> Result<Vec<u8>, String> {
    let failed = |e: zip::result::ZipError| format!("the Word document could not be finished: {e}");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(failed)?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(failed)?;
        let name = part.name().map_err(failed)?.to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        if name == "word/document.xml" {
            let xml = String::from_utf8(bytes).map_err(|e| e.to_string())?;
            bytes = describe_pictures(&mark_header_rows(&xml), alt_texts).into_bytes();
        }
        out.start_file(name, options).map_err(failed)?;
        out.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    Ok(out.finish().map_err(failed)?.into_inner())
}

/// Each table's first row repeats at the top of every page the table runs onto.
fn mark_header_rows(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 1024);
    let mut rest = xml;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(at);
        out.push_str(before);
        let row = "<w:trPr><w:cantSplit />";
        match table.find(row) {
            Some(r) => {
                out.push_str(&table[..r + row.len()]);
                out.push_str("<w:tblHeader />");
                rest = &table[r + row.len()..];
            }
            None => {
                out.push_str(table);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn xml_attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The pictures' descriptions, in the order the pictures come.
fn describe_pictures(xml: &str, alt_texts: &[String]) -> String {
    let mut out = String::with_capacity(xml.len() + 4096);
    let mut texts = alt_texts.iter();
    let mut rest = xml;
    while let Some(at) = rest.find("<wp:docPr ") {
        out.push_str(&rest[..at + "<wp:docPr ".len()]);
        if let Some(alt) = texts.next() {
            out.push_str(&format!("descr=\"{}\" ", xml_attr(&xml_text(alt))));
        }
        rest = &rest[at + "<wp:docPr ".len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_row_of_each_table_becomes_its_header_row() {
        let xml =
            "<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>";
        let marked = mark_header_rows(&format!("{xml}{xml}"));
        assert_eq!(marked.matches("<w:tblHeader />").count(), 2);
        assert!(marked.starts_with(
            "<w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr>"
        ));
    }

    #[test]
    fn pictures_get_their_descriptions_in_order() {
        let xml = r#"<wp:docPr id="1" name="Figure" /><wp:docPr id="2" name="Figure" />"#;
        let described = describe_pictures(xml, &["A \"chart\"".into(), "B".into()]);
        assert_eq!(
            described,
            r#"<wp:docPr descr="A &quot;chart&quot;" id="1" name="Figure" /><wp:docPr descr="B" id="2" name="Figure" />"#
        );
    }
}
