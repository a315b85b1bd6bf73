//! Any text stored in any field, existing data included, goes into every
//! document whole: a property test stores arbitrary Unicode (non-characters,
//! C0 and C1 controls, separators, bidi overrides, zero-width characters,
//! emoji, right-to-left text, combining marks, U+FFFD, markup and formulas) in
//! every text column of every record, as data stored before the edge rule
//! would be, then makes the progress report's PDF and Word document, the
//! evidence pack's ZIP, the four CSV registers and the XLSX workbook over
//! HTTP. None fails, and each opens in a real reader: pdftotext, the ZIP
//! reader with an XML parser for every part of the Word document and the
//! workbook, calamine, an HTML parser, and the csv crate, with the stored
//! text found whole where each shows it.
//!
//! The records are made through the repository; their text is then set
//! straight in the tables, since the repository takes only checked input,
//! which would refuse much of it now. Both backends; PostgreSQL cannot hold
//! a null character at all, so its text has none.

use crate::common;
use crate::text_fixture;

use calamine::Reader;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use sustain::domain::formats::{xlsx_cell, xml_text};
use sustain::domain::sheets::escape::unescape;
use text_fixture::{text_of, Plan};

/// Cases per backend: each makes eight documents, so a few seconds each.
const CASES: u32 = 10;

type Checked = Result<(), TestCaseError>;

/// The server, serving from its own thread until dropped.
struct Served {
    address: String,
    url: sustain::db::DatabaseUrl,
    plan: Plan,
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Served {
    fn start(backend: common::Backend) -> Served {
        let (ready, started) = std::sync::mpsc::channel();
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let mut plan = None;
                let app = common::TestApp::spawn_with(backend, |c| plan = Some(text_fixture::prepare(c))).await;
                ready.send((app.address.clone(), app.db.url.clone(), plan.expect("prepared"))).expect("ready");
                let _ = actix_web::rt::task::spawn_blocking(move || stopped.recv()).await;
                drop(app);
            });
        });
        let (address, url, plan) = started.recv().expect("the server starts");
        Served { address, url, plan, stop: Some(stop), thread: Some(thread) }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A document as served: its status and every byte, or why the body broke off.
async fn fetch(client: &reqwest::Client, url: &str) -> Result<(u16, Vec<u8>), TestCaseError> {
    let response = client.get(url).send().await.map_err(|e| TestCaseError::fail(format!("{url}: {e}")))?;
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(|e| TestCaseError::fail(format!("{url}: the body broke off: {e}")))?;
    Ok((status, body.to_vec()))
}

/// A document that must be there.
async fn document(client: &reqwest::Client, url: &str) -> Result<Vec<u8>, TestCaseError> {
    let (status, body) = fetch(client, url).await?;
    prop_assert_eq!(status, 200, "{} answered {}: {}", url, status, String::from_utf8_lossy(&body));
    Ok(body)
}

/// The text pdftotext reads from a PDF.
fn pdf_words(pdf: &[u8]) -> Result<String, TestCaseError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("document.pdf");
    std::fs::write(&file, pdf).expect("write");
    let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext is installed");
    prop_assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Every entry of a ZIP by name; the same name twice is a fault.
fn entries(bytes: &[u8]) -> Result<HashMap<String, Vec<u8>>, TestCaseError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| TestCaseError::fail(format!("the ZIP does not open: {e}")))?;
    let mut found = HashMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut content = Vec::new();
        file.read_to_end(&mut content).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let name = file.name().map_err(|e| TestCaseError::fail(e.to_string()))?.to_string();
        prop_assert!(found.insert(name.clone(), content).is_none(), "{} is in the ZIP twice", name);
    }
    Ok(found)
}

/// Every XML part of an Office file parses; the text of each element named
/// `tag` (Word's runs `r`, a workbook's strings `t`), with Word's breaks and
/// tabs as line feeds and tabs.
fn office_texts(parts: &HashMap<String, Vec<u8>>, tag: &str) -> Result<Vec<String>, TestCaseError> {
    let mut texts = Vec::new();
    for (name, bytes) in parts.iter().filter(|(n, _)| n.ends_with(".xml") || n.ends_with(".rels")) {
        let xml = std::str::from_utf8(bytes).map_err(|_| TestCaseError::fail(format!("{name} is not UTF-8")))?;
        let doc = roxmltree::Document::parse(xml).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
        let text_of = |node: roxmltree::Node| -> String {
            node.descendants()
                .filter_map(|n| match n.tag_name().name() {
                    "br" => Some("\n"),
                    "tab" => Some("\t"),
                    _ => n.text().filter(|_| n.is_text()),
                })
                .collect()
        };
        texts.extend(doc.descendants().filter(|n| n.tag_name().name() == tag).map(text_of));
    }
    Ok(texts)
}

/// Whether a stored value (`Zq{tag}{id}x {text}`) is shown as `shown`, for some row id.
fn shows(shown: &str, tag: &str, text: &str) -> bool {
    let Some(rest) = shown.strip_prefix(&format!("Zq{tag}")) else { return false };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && rest[digits..].strip_prefix("x ") == Some(text)
}

/// The progress report: the PDF names every area, action and measure; the
/// Word document's parts all parse and hold each action's title whole.
async fn progress_report(served: &Served, client: &reqwest::Client, texts: &[String]) -> Checked {
    let pdf = document(client, &format!("{}/reports/progress.pdf", served.address)).await?;
    let words = pdf_words(&pdf)?;
    for tag in ["An", "At", "Mn"] {
        prop_assert!(words.contains(&format!("Zq{tag}")), "the PDF shows the {} values:\n{}", tag, words);
    }
    let docx = entries(&document(client, &format!("{}/reports/progress.docx", served.address)).await?)?;
    prop_assert!(docx.contains_key("word/document.xml"));
    let runs = office_texts(&docx, "r")?;
    // Line breaks come back as Word's breaks, one per break.
    let title = xml_text(text_of(texts, "At")).replace("\r\n", "\n").replace('\r', "\n");
    prop_assert!(runs.iter().any(|r| shows(r, "At", &title)), "an action title is whole in Word: {:?}", title);
    Ok(())
}

/// The evidence pack's ZIP: distinct, safe names; SHA256SUMS right; the
/// index parses as HTML and holds each finding's text; the PDF opens.
async fn pack(served: &Served, client: &reqwest::Client, texts: &[String]) -> Checked {
    let url = format!("{}/inspections/{}/pack.zip", served.address, served.plan.inspection);
    let files = entries(&document(client, &url).await?)?;
    for name in files.keys() {
        let safe = name.chars().all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
        prop_assert!(safe && !name.split('/').any(|part| part == ".." || part.is_empty()), "a safe name: {}", name);
    }
    let sums = String::from_utf8(files["SHA256SUMS"].clone()).expect("SHA256SUMS is text");
    prop_assert_eq!(sums.lines().count(), files.len() - 1);
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").expect("sha256sum's format");
        prop_assert_eq!(hash, hex::encode(Sha256::digest(&files[name])), "{}", name);
    }
    let index = std::str::from_utf8(&files["index.html"]).expect("the index is UTF-8");
    prop_assert!(matches!(xml_text(index), std::borrow::Cow::Borrowed(_)), "the index holds only what HTML can");
    let page = scraper::Html::parse_document(index);
    let items = scraper::Selector::parse("li").expect("selector");
    // An HTML reader takes every carriage return as a line feed.
    let finding = xml_text(text_of(texts, "Ft")).replace("\r\n", "\n").replace('\r', "\n");
    let shown = page.select(&items).any(|li| {
        let text: String = li.text().collect();
        text.find("ZqFt").is_some_and(|at| shows(&text[at..], "Ft", &finding))
    });
    prop_assert!(shown, "a finding's text is whole in the index: {:?}", finding);
    let words = pdf_words(&files["report.pdf"])?;
    prop_assert!(words.contains("ZqFr"), "the pack's PDF names the findings:\n{}", words);
    Ok(())
}

/// The CSV registers read back to the text stored, and the workbook's parts
/// all parse and calamine reads the stored text from its cells.
async fn registers(served: &Served, client: &reqwest::Client, texts: &[String]) -> Checked {
    let download = format!("{}/plan/export/download", served.address);
    let expected = [
        ("plan", "Title", "At"),
        ("evidence", "Title", "Et"),
        ("results", "Note", "Rn"),
        ("verdicts", "Practice area", "An"),
    ];
    for (register, column, tag) in expected {
        let csv_bytes = document(client, &format!("{download}?format=csv&register={register}")).await?;
        let body = csv_bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&csv_bytes);
        let mut reader = csv::ReaderBuilder::new().from_reader(body);
        let headers = reader.headers().map_err(|e| TestCaseError::fail(format!("{register}: {e}")))?.clone();
        let at = headers.iter().position(|h| h == column).expect("the column");
        let mut rows = 0;
        for record in reader.records() {
            let record = record.map_err(|e| TestCaseError::fail(format!("{register}: {e}")))?;
            prop_assert!(
                shows(unescape(&record[at]), tag, text_of(texts, tag)),
                "{} {}: {:?}",
                register,
                column,
                &record[at]
            );
            rows += 1;
        }
        prop_assert!(rows > 0, "the {} register has rows", register);
    }
    let xlsx = document(client, &format!("{download}?format=xlsx")).await?;
    office_texts(&entries(&xlsx)?, "t")?;
    let mut workbook =
        calamine::Xlsx::new(std::io::Cursor::new(xlsx)).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let plan = workbook.worksheet_range("plan").map_err(|e| TestCaseError::fail(e.to_string()))?;
    let title = xlsx_cell(text_of(texts, "At"));
    let shown =
        plan.rows().skip(1).filter(|row| row.get(1).is_some_and(|c| shows(&c.to_string(), "At", &title))).count();
    prop_assert_eq!(shown, 3, "every action's title is whole in the workbook: {:?}", title);
    for sheet in workbook.sheet_names() {
        workbook.worksheet_range(&sheet).map_err(|e| TestCaseError::fail(format!("{sheet}: {e}")))?;
    }
    Ok(())
}

/// The pages that show the same text answer too (the pack page lists the shared link's label).
async fn pages(served: &Served, client: &reqwest::Client) -> Checked {
    for path in [format!("/inspections/{}/pack", served.plan.inspection), format!("/areas/{}", served.plan.area)] {
        document(client, &format!("{}{path}", served.address)).await?;
    }
    Ok(())
}

fn any_stored_text_goes_into_every_document(backend: common::Backend) {
    let served = Served::start(backend);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let client = common::TestApp::new_client();
    runtime.block_on(async {
        let page = client.get(format!("{}/sign-in", served.address)).send().await.unwrap().text().await.unwrap();
        let token = common::token_in(&page).expect("a CSRF token");
        let form =
            [("csrf_token", token.as_str()), ("email", text_fixture::LEADER), ("password", text_fixture::PASSWORD)];
        let signed_in = client.post(format!("{}/sign-in", served.address)).form(&form).send().await.unwrap();
        assert_eq!(signed_in.status(), 303, "the leader signs in");
    });
    let conn = std::cell::RefCell::new(sustain::db::establish(&served.url).expect("connect"));
    let config = Config { cases: CASES, max_shrink_iters: 64, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    runner
        .run(&text_fixture::texts(backend), |texts| {
            text_fixture::store_as_old_data(&mut conn.borrow_mut(), &texts);
            runtime.block_on(async {
                progress_report(&served, &client, &texts).await?;
                pack(&served, &client, &texts).await?;
                registers(&served, &client, &texts).await?;
                pages(&served, &client).await
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn any_stored_text_goes_into_every_document_sqlite() {
    any_stored_text_goes_into_every_document(common::Backend::Sqlite);
}

#[test]
fn any_stored_text_goes_into_every_document_postgres() {
    any_stored_text_goes_into_every_document(common::Backend::Postgres);
}
