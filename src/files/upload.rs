//! Reading a multipart form: its text fields and every file it carries, within
//! the configured limits on the size of each file, their number and their total.

use crate::domain::fields::FieldErrors;
use crate::domain::upload::{check_upload, human_size, CheckedFile};
use crate::error::AppError;
use actix_multipart::Multipart;
use futures_util::TryStreamExt;
use std::collections::HashMap;

/// The limits an upload is read within.
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    /// Largest single file.
    pub per_file: usize,
    /// Most files in one form.
    pub files: usize,
    /// Largest total of all files in one form.
    pub total: usize,
}

/// A file as sent: its form field, the name the browser gave, and its bytes.
#[derive(Debug, Clone)]
pub struct SentFile {
    pub field: String,
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A multipart form read whole.
#[derive(Debug, Default)]
pub struct Upload {
    /// Text fields by name; a name sent twice keeps every value, in order.
    pub fields: HashMap<String, Vec<String>>,
    /// Every non-empty file, in the order sent.
    pub files: Vec<SentFile>,
    /// Limits passed while reading: reported against the file field.
    pub problems: FieldErrors,
}

impl Upload {
    /// The first value of a text field, or empty.
    pub fn text(&self, name: &str) -> String {
        self.fields.get(name).and_then(|v| v.first()).cloned().unwrap_or_default()
    }

    /// Every value of a text field (checkboxes, multi-selects).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    /// Checks every file by its bytes; problems name `field` and the file.
    pub fn checked_files(&self, field: &str, per_file: usize) -> (Vec<(CheckedFile, &[u8])>, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut good = Vec::new();
        for file in &self.files {
            match check_upload(field, &file.name, &file.bytes, per_file) {
                Ok(checked) => good.push((checked, file.bytes.as_slice())),
                Err(problems) => {
                    for p in problems.iter() {
                        errors.add(
                            field,
                            format!("{}: {}", crate::domain::upload::sanitise_file_name(&file.name), p.message),
                        );
                    }
                }
            }
        }
        (good, errors)
    }
}

/// Reads a whole multipart form. Reading stops at the first file past a limit,
/// so an oversized upload is never held whole; the problem is reported and
/// nothing is saved.
pub async fn read_multipart(mut payload: Multipart, field: &str, limits: UploadLimits) -> Result<Upload, AppError> {
    // A body cut off at its route's limit (`web::bodies`) is too large, not unreadable.
    let unreadable = |e: actix_multipart::MultipartError| match e {
        actix_multipart::MultipartError::Payload(actix_web::error::PayloadError::Overflow) => AppError::TooLarge(
            format!("What you sent is larger than this form takes: at most {} of files.", human_size(limits.total)),
        ),
        _ => AppError::BadRequest("The form could not be read. Go back and try again.".into()),
    };
    let mut upload = Upload::default();
    let mut total = 0usize;
    while let Some(mut part) = payload.try_next().await.map_err(unreadable)? {
        let name = part.name().unwrap_or_default().to_string();
        let file_name = part.content_disposition().and_then(|d| d.get_filename()).map(str::to_string);
        let is_file = file_name.is_some();
        let cap = if is_file { limits.per_file } else { 64 * 1024 };
        let mut bytes = Vec::new();
        let (mut too_large, mut over_total) = (false, false);
        while let Some(chunk) = part.try_next().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > cap {
                too_large = true;
                break;
            }
            if is_file && total + bytes.len() + chunk.len() > limits.total {
                (too_large, over_total) = (true, true);
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        if !is_file {
            if too_large {
                return Err(AppError::BadRequest("A form field is too long".into()));
            }
            // Refused by name rather than stored with U+FFFD in place of the bytes.
            let text = String::from_utf8(bytes).map_err(|_| {
                let message = format!("The {name} field is not UTF-8 text, so it cannot be stored: type it again");
                AppError::Invalid(FieldErrors::one(&name, message))
            })?;
            upload.fields.entry(name).or_default().push(text);
            continue;
        }
        let file_name = file_name.unwrap_or_default();
        if file_name.is_empty() && bytes.is_empty() && !too_large {
            continue; // A file input left empty.
        }
        if too_large {
            let message = if over_total {
                format!("The selected files must be smaller than {} in total", human_size(limits.total))
            } else {
                format!("The selected file must be smaller than {} ({file_name})", human_size(limits.per_file))
            };
            upload.problems.add(field, message);
            break;
        }
        if upload.files.len() == limits.files {
            upload.problems.add(field, format!("Select {} files or fewer at a time", limits.files));
            break;
        }
        total += bytes.len();
        upload.files.push(SentFile { field: name, name: file_name, bytes });
    }
    Ok(upload)
}

impl Upload {
    /// The files sent in `field`, checked (type by their bytes, size, name) and
    /// ready to store, with every problem: the limits met while reading and each bad file.
    pub fn attachments(
        &self,
        field: &str,
        per_file: usize,
    ) -> (Vec<crate::db::attachments::NewAttachment>, FieldErrors) {
        let (files, file_errors) = self.checked_files(field, per_file);
        let mut errors = self.problems.clone();
        errors.merge(file_errors);
        let files = files
            .into_iter()
            .map(|(checked, bytes)| crate::db::attachments::NewAttachment {
                file_name: checked.file_name,
                media_type: checked.media_type.to_string(),
                content: bytes.to_vec(),
            })
            .collect();
        (files, errors)
    }
}
