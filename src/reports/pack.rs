//! An inspection's evidence pack as a ZIP: `index.html` that works offline
//! (its stylesheet inside it, every link relative to a file in the ZIP),
//! `report.pdf`, every attachment in a folder per finding
//! (`findings/APA1/12-dip-sample.pdf`) and `SHA256SUMS`, which
//! `sha256sum -c SHA256SUMS` accepts. The ZIP is written as a stream and
//! each attachment is read from the database only when its turn comes, so a
//! pack of a thousand files never holds them all in memory.

use super::pdf::{Pdf, Table};
use super::progress::pdf::chart_svg;
use crate::domain::dates::long_date;
use crate::domain::formats::xml_text;
use crate::domain::ids::AttachmentId;
use crate::read::pack::{file_path, EvidencePack};
use crate::views::pack::{finding_section, pack_document, PackLinks};
use sha2::{Digest, Sha256};
use std::io::Write;
use zip::write::SimpleFileOptions;

const BODY: f32 = 9.5;
const SMALL: f32 = 8.5;

/// The ZIP's file name: `evidence-pack-3-2026-06-30.zip`.
pub fn zip_name(pack: &EvidencePack) -> String {
    format!("evidence-pack-{}-{}.zip", pack.readiness.inspection.id, pack.as_at)
}

/// Writes the pack's ZIP to `out`. `content` reads one attachment's bytes.
/// The same pack gives the same bytes (entries are dated with the pack's date).
pub fn write_zip<W: Write>(
    out: W,
    pack: &EvidencePack,
    authority: &str,
    mut content: impl FnMut(AttachmentId) -> Result<Vec<u8>, String>,
) -> Result<W, String> {
    let failed = |e: zip::result::ZipError| format!("the ZIP could not be written: {e}");
    let io = |e: std::io::Error| format!("the ZIP could not be written: {e}");
    let mut zip = zip::ZipWriter::new_stream(out);
    let stamp = chrono::Datelike::year(&pack.as_at);
    let when = zip::DateTime::from_date_and_time(
        u16::try_from(stamp).unwrap_or(1980).clamp(1980, 2107),
        chrono::Datelike::month(&pack.as_at) as u8,
        chrono::Datelike::day(&pack.as_at) as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).last_modified_time(when);
    let mut sums = String::new();
    // The page is written a finding at a time, and hashed as it goes.
    let index = pack_document(pack, &PackLinks::Offline, authority);
    zip.start_file("index.html", options).map_err(failed)?;
    let mut hash = Sha256::new();
    let sections = pack.findings.iter().map(|f| finding_section(f, &PackLinks::Offline).into_string());
    for part in std::iter::once(index.head.clone()).chain(sections).chain(std::iter::once(index.tail.clone())) {
        let text = xml_text(&part);
        hash.update(text.as_bytes());
        zip.write_all(text.as_bytes()).map_err(io)?;
    }
    sums.push_str(&format!("{}  index.html\n", hex::encode(hash.finalize())));
    let mut add = |zip: &mut zip::ZipWriter<_>, name: &str, bytes: &[u8]| -> Result<(), String> {
        zip.start_file(name, options).map_err(failed)?;
        zip.write_all(bytes).map_err(io)?;
        sums.push_str(&format!("{}  {name}\n", hex::encode(Sha256::digest(bytes))));
        Ok(())
    };
    add(&mut zip, "report.pdf", &pdf(pack, authority)?)?;
    for (path, file) in pack.files() {
        let bytes = content(file.id)?;
        add(&mut zip, &path, &bytes)?;
    }
    zip.start_file("SHA256SUMS", options).map_err(failed)?;
    zip.write_all(sums.as_bytes()).map_err(io)?;
    Ok(zip.finish().map_err(failed)?.into_inner())
}

/// The pack as a PDF: the same sections as the page, each finding on a new page.
pub fn pdf(pack: &EvidencePack, authority: &str) -> Result<Vec<u8>, String> {
    let inspection = &pack.readiness.inspection;
    let dates = format!("As at {}", long_date(pack.as_at));
    let footer = vec![format!("{authority} · {} · {dates}", inspection.title)];
    let mut pdf = Pdf::new(&pack.title(), &format!("{authority} · {}", pack.title()), footer);
    pdf.strong(authority, 11.0);
    pdf.heading(&pack.title(), 18.0, 30.0);
    pdf.paragraph(
        &format!(
            "{}, {}, {} to {}. {dates}.",
            inspection.kind.label(),
            inspection.inspectorate,
            long_date(inspection.start_date),
            long_date(inspection.end_date)
        ),
        BODY,
    );
    let r = &pack.readiness.readiness;
    pdf.heading("Readiness", 14.0, 30.0);
    pdf.paragraph(
        &format!(
            "{} of {} findings (strengths left out) are ready: each delivered, evidenced and in an embedded area. \
             {} are in areas that are embedded.",
            r.findings_ready, r.findings_total, r.findings_embedded
        ),
        BODY,
    );
    let gaps: Vec<String> = pack.readiness.gaps.iter().map(|g| g.text.clone()).collect();
    pdf.bullets(&gaps, BODY);
    for f in &pack.findings {
        pdf.page_break();
        pdf.heading(&format!("{} {}", f.finding.reference, f.finding.kind.label()), 14.0, 40.0);
        pdf.paragraph(&f.finding.text, BODY);
        if let Some(judged) = &f.readiness {
            pdf.strong(&format!("Ready for inspection: {}", if judged.ready { "ready" } else { "not ready" }), BODY);
            for c in &judged.checks {
                pdf.strong(&format!("{}: {}", c.test.label(), if c.met { "met" } else { "not met" }), BODY);
                pdf.bullets(&c.reasons, SMALL);
            }
        }
        let status = f.verdict.as_ref().map_or("no verdict".to_string(), |v| v.status.label().to_string());
        pdf.strong(&format!("Practice area: {} ({status})", f.finding.area.1), BODY);
        if let Some(v) = &f.verdict {
            for c in &v.criteria {
                pdf.strong(&format!("{}: {}", c.criterion.label(), if c.met { "met" } else { "not met" }), BODY);
                pdf.bullets(&c.reasons, SMALL);
            }
        }
        pdf.heading("Actions answering it", 11.0, 40.0);
        if f.actions.is_empty() {
            pdf.paragraph("No action answers this finding.", BODY);
        } else {
            let rows = f
                .actions
                .iter()
                .map(|a| {
                    vec![
                        a.line.reference.clone(),
                        a.line.title.clone(),
                        a.line.owner_name.clone().unwrap_or_else(|| "No owner".into()),
                        a.line.due.map_or("–".into(), long_date),
                        a.line.state_words(),
                        a.latest_update.as_ref().map_or("No update".into(), |(on, rag, note)| {
                            format!("{} ({}): {note}", long_date(*on), rag.label())
                        }),
                    ]
                })
                .collect();
            let headers = ["Ref", "Action", "Owner", "Due", "State", "Latest progress"];
            pdf.table(&Table { headers: &headers, widths: &[0.5, 2.2, 1.4, 1.2, 1.3, 3.0], rows }, SMALL);
        }
        pdf.heading("Verified evidence", 11.0, 40.0);
        if f.evidence.is_empty() {
            pdf.paragraph("No verified evidence is linked to this finding.", BODY);
        } else {
            let rows = f
                .evidence
                .iter()
                .map(|e| {
                    let files: Vec<String> = e.files.iter().map(|file| file_path(&f.folder, file)).collect();
                    vec![
                        e.line.title.clone(),
                        e.line.kind.label().to_string(),
                        long_date(e.line.observed_on),
                        if files.is_empty() { "None".into() } else { files.join("\n") },
                    ]
                })
                .collect();
            let headers = ["Evidence", "Kind", "Observed", "Files in the pack"];
            pdf.table(&Table { headers: &headers, widths: &[2.6, 1.4, 1.2, 2.6], rows }, SMALL);
        }
        for audit in &f.audits {
            pdf.heading(&format!("Audit results: {}", audit.name), 11.0, 40.0);
            if audit.results.is_empty() {
                pdf.paragraph("No results yet.", BODY);
                continue;
            }
            let count = |n: Option<i32>| n.map_or("–".to_string(), |n| n.to_string());
            let rows = audit
                .results
                .iter()
                .map(|r| {
                    vec![
                        long_date(r.period_end),
                        format!("{:.1}%", r.value),
                        count(r.outstanding),
                        count(r.good),
                        count(r.requires_improvement),
                        count(r.inadequate),
                    ]
                })
                .collect();
            let headers = ["Period end", "Good or better", "Outstanding", "Good", "Requires improvement", "Inadequate"];
            pdf.table(&Table { headers: &headers, widths: &[1.6, 1.2, 1.2, 1.0, 1.4, 1.2], rows }, SMALL);
        }
        if !f.charts.is_empty() {
            pdf.heading("Charts", 11.0, 150.0);
        }
        for m in f.charts.iter().filter(|m| !m.analysis.points.is_empty()) {
            pdf.heading(&m.name, BODY + 0.5, 150.0);
            let (svg, w, h) = chart_svg(m);
            pdf.svg(&svg, w, h)?;
        }
    }
    pdf.finish()
}
