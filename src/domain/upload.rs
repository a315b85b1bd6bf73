//! Checks on an uploaded file: its size, what its bytes really are, and a
//! safe name to store and serve it under.

use super::fields::FieldErrors;

/// A file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    /// A name with no path and no characters that could mislead a browser or a shell.
    pub file_name: String,
    /// The media type the content was recognised as.
    pub media_type: &'static str,
}

/// The kinds of file evidence may carry: (extensions, media type).
pub const ALLOWED: &[(&[&str], &str)] = &[
    (&["pdf"], "application/pdf"),
    (&["png"], "image/png"),
    (&["jpg", "jpeg"], "image/jpeg"),
    (&["docx"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (&["xlsx"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (&["pptx"], "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    (&["odt"], "application/vnd.oasis.opendocument.text"),
    (&["ods"], "application/vnd.oasis.opendocument.spreadsheet"),
    (&["csv"], "text/csv"),
    (&["txt"], "text/plain"),
];

/// What people are told is allowed.
pub const ALLOWED_DESCRIPTION: &str = "PDF, PNG, JPEG, Word, Excel, PowerPoint, OpenDocument, CSV or plain text";

/// Makes a stored name from what the browser sent: the last path part only,
/// letters, digits, spaces and `.-_()` kept, anything else replaced.
pub fn sanitise_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() || " .-_()".contains(c) { c } else { '_' }).collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let mut name: String = trimmed.chars().take(120).collect();
    if name.is_empty() {
        name = "attachment".into();
    }
    name
}

fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase())
}

/// Recognises the content; text counts only if it is UTF-8 with no NUL bytes.
fn recognise(bytes: &[u8]) -> Option<&'static str> {
    if let Some(kind) = infer::get(bytes) {
        return ALLOWED.iter().map(|(_, media)| *media).find(|media| *media == kind.mime_type());
    }
    let text = std::str::from_utf8(bytes).ok()?;
    (!text.contains('\0')).then_some("text/plain")
}

/// Checks a file against the size limit and the allowed types, by its bytes.
pub fn check_upload(field: &str, raw_name: &str, bytes: &[u8], limit: usize) -> Result<CheckedFile, FieldErrors> {
    let mut errors = FieldErrors::new();
    let file_name = sanitise_file_name(raw_name);
    if bytes.is_empty() {
        errors.add(field, "The selected file is empty");
        return Err(errors);
    }
    if bytes.len() > limit {
        errors.add(field, format!("The selected file must be smaller than {}", human_size(limit)));
        return Err(errors);
    }
    let ext = extension(&file_name).unwrap_or_default();
    let Some(expected) = ALLOWED.iter().find(|(exts, _)| exts.contains(&ext.as_str())).map(|(_, m)| *m) else {
        errors.add(field, format!("The selected file must be a {ALLOWED_DESCRIPTION} file"));
        return Err(errors);
    };
    let found = recognise(bytes);
    let agrees = match (expected, found) {
        // CSV is text; its content cannot be told from plain text.
        ("text/csv", Some("text/plain")) => true,
        (want, Some(got)) => want == got,
        _ => false,
    };
    if !agrees {
        errors.add(field, format!("The selected file's content is not a .{ext} file"));
        return Err(errors);
    }
    Ok(CheckedFile { file_name, media_type: expected })
}

/// A byte count as people read it: "20 MB", "512 KB".
pub fn human_size(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MB", bytes / MIB)
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R'];

    #[test]
    fn a_pdf_named_pdf_is_accepted() {
        let file = check_upload("file", "March audit.pdf", PDF, 1024).unwrap();
        assert_eq!(file, CheckedFile { file_name: "March audit.pdf".into(), media_type: "application/pdf" });
    }

    #[test]
    fn a_program_renamed_to_pdf_is_refused_by_its_content() {
        let elf = [0x7F, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let errors = check_upload("file", "report.pdf", &elf, 1024).unwrap_err();
        assert_eq!(errors.for_field("file"), Some("The selected file's content is not a .pdf file"));
    }

    #[test]
    fn an_image_named_as_a_spreadsheet_is_refused() {
        assert!(check_upload("file", "figures.xlsx", PNG, 1024).is_err());
        assert!(check_upload("file", "chart.png", PNG, 1024).is_ok());
    }

    #[test]
    fn an_unknown_extension_is_refused() {
        let errors = check_upload("file", "script.html", b"<script>alert(1)</script>", 1024).unwrap_err();
        assert!(errors.for_field("file").unwrap().starts_with("The selected file must be a PDF"));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_the_limit() {
        let errors = check_upload("file", "notes.txt", &[b'a'; 2048], 1024).unwrap_err();
        assert_eq!(errors.for_field("file"), Some("The selected file must be smaller than 1 KB"));
    }

    #[test]
    fn csv_and_text_must_be_text() {
        assert!(check_upload("file", "audit.csv", b"case,grade\n1,good\n", 1024).is_ok());
        assert!(check_upload("file", "audit.csv", &[0u8, 159, 146, 150], 1024).is_err());
    }

    #[test]
    fn names_lose_their_paths_and_odd_characters() {
        assert_eq!(sanitise_file_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitise_file_name("C:\\Users\\x\\Audit <final>.pdf"), "Audit _final_.pdf");
        assert_eq!(sanitise_file_name("..hidden.txt"), "hidden.txt");
        assert_eq!(sanitise_file_name(""), "attachment");
        assert_eq!(sanitise_file_name("a\"b\r\n.pdf"), "a_b__.pdf");
    }
}
