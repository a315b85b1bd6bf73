//! The lead-member progress report in the three forms people take away: the
//! HTML document, a PDF drawn by the server and a Word document, all from one
//! read model (`read::progress`), whose lists and rows are worded once, so
//! their figures and words agree.

pub mod docx;
pub mod pdf;

use crate::domain::formats::xml_text;
use crate::domain::kinds::ReportForm;
use crate::read::progress::ProgressReport;
use sha2::{Digest, Sha256};

/// A form of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Pdf,
    Docx,
}

impl Format {
    /// The name recorded with an issued report, and the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// The format recorded with an issued report.
    pub fn recorded(self) -> crate::domain::kinds::ReportFormat {
        use crate::domain::kinds::ReportFormat;
        match self {
            Format::Html => ReportFormat::Html,
            Format::Pdf => ReportFormat::Pdf,
            Format::Docx => ReportFormat::Docx,
        }
    }

    /// The media type it is served as.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Pdf => "application/pdf",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

/// The report in one format, whole or as its one-page summary. The same
/// report and authority always give the same bytes (nothing in them depends
/// on the moment they are made).
pub fn render(report: &ProgressReport, authority: &str, format: Format, form: ReportForm) -> Result<Vec<u8>, String> {
    match format {
        Format::Html => {
            let html = crate::views::progress::progress_document(report, authority, form).into_string();
            Ok(xml_text(&html).into_owned().into_bytes())
        }
        Format::Pdf => pdf::render(report, authority, form),
        Format::Docx => docx::render(report, authority, form),
    }
}

/// The SHA-256 of some bytes, in hex, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A file name for the report: `progress-report-2026-06-30.pdf`, or
/// `progress-summary-2026-06-30.pdf` for the summary.
pub fn file_name(report: &ProgressReport, format: Format, form: ReportForm) -> String {
    let name = match form {
        ReportForm::Full => "progress-report",
        ReportForm::Summary => "progress-summary",
    };
    format!("{name}-{}.{}", report.as_at, format.as_str())
}
