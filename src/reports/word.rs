//! A small writer of Word documents (WordprocessingML in a ZIP), for the
//! reports people edit before they publish them. It writes only what the
//! reports use, and writes it whole: headings that Word's navigation pane
//! finds, tables whose first row is marked as the header row that repeats on
//! each page and whose rows do not split, and pictures with a description
//! (alternative text) and an id of their own. Elements come in the order the
//! schema sets, so Word opens the file without repairing it.

use crate::domain::formats::xml_text;
use std::io::Write;

/// A4 in twentieths of a point, and margins of 2 cm.
const A4: (u32, u32) = (11906, 16838);
const MARGIN: u32 = 1134;
/// The text width between the margins, in twentieths of a point.
const TEXT_WIDTH: u32 = A4.0 - 2 * MARGIN;
/// Table cells are set at 9 pt (sizes are in half points).
const CELL_SIZE: u32 = 18;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
const PACKAGE_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// How a paragraph is set. `mark_size` sets the size of the paragraph mark
/// only (in half points), as the report has always done for small print.
#[derive(Debug, Clone, Copy, Default)]
pub struct Para {
    pub style: Option<&'static str>,
    pub keep_next: bool,
    pub page_break_before: bool,
    pub bold: bool,
    pub mark_size: Option<u32>,
}

impl Para {
    /// A heading of level 1 to 3, kept with the paragraph after it.
    pub fn heading(level: u8) -> Para {
        let style = match level {
            1 => "Heading1",
            2 => "Heading2",
            _ => "Heading3",
        };
        Para { style: Some(style), keep_next: true, ..Para::default() }
    }

    /// A paragraph in the List Bullet style.
    pub fn bullet() -> Para {
        Para { style: Some("ListBullet"), ..Para::default() }
    }

    /// Bold text.
    pub fn strong() -> Para {
        Para { bold: true, ..Para::default() }
    }
}

/// Text made safe for XML: characters XML cannot hold are replaced, and the
/// five that mark up are escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in xml_text(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A run of text. Line breaks become Word's line breaks and tabs its tabs,
/// since Word would otherwise run the lines together.
fn run(text: &str, bold: bool) -> String {
    let mut out = String::from(if bold { "<w:r><w:rPr><w:b /><w:bCs /></w:rPr>" } else { "<w:r>" });
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br />");
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab />");
            }
            if !part.is_empty() {
                out.push_str(&format!(r#"<w:t xml:space="preserve">{}</w:t>"#, escape(part)));
            }
        }
    }
    out.push_str("</w:r>");
    out
}

fn size(half_points: u32) -> String {
    format!(r#"<w:sz w:val="{half_points}" /><w:szCs w:val="{half_points}" />"#)
}

fn paragraph(p: Para, content: &str) -> String {
    let mut props = String::new();
    if let Some(style) = p.style {
        props.push_str(&format!(r#"<w:pStyle w:val="{style}" />"#));
    }
    if p.keep_next {
        props.push_str("<w:keepNext />");
    }
    if p.page_break_before {
        props.push_str("<w:pageBreakBefore />");
    }
    if let Some(half_points) = p.mark_size {
        props.push_str(&format!("<w:rPr>{}</w:rPr>", size(half_points)));
    }
    if props.is_empty() {
        format!("<w:p>{content}</w:p>")
    } else {
        format!("<w:p><w:pPr>{props}</w:pPr>{content}</w:p>")
    }
}

/// A Word document being written, paragraph by paragraph.
pub struct Word {
    header: String,
    body: String,
    /// The PNG bytes of each picture, in the order they come.
    pictures: Vec<Vec<u8>>,
}

impl Word {
    /// A document on A4 with 2 cm margins, Arial 10 pt, and `header` at the top of every page.
    pub fn new(header: &str) -> Word {
        let header = paragraph(Para { mark_size: Some(16), ..Para::default() }, &run(header, false));
        Word { header, body: String::new(), pictures: Vec::new() }
    }

    /// A paragraph of text set as `p` says.
    pub fn paragraph(&mut self, p: Para, text: &str) {
        self.body.push_str(&paragraph(p, &run(text, p.bold)));
    }

    /// A table with a bold header row that repeats on each page; no row splits across pages.
    pub fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        let cell = |text: &str, bold: bool| {
            let p = Para { mark_size: Some(CELL_SIZE), ..Para::default() };
            format!("<w:tc><w:tcPr />{}</w:tc>", paragraph(p, &run(text, bold)))
        };
        let border = |side: &str| format!(r#"<w:{side} w:val="single" w:sz="2" w:space="0" w:color="000000" />"#);
        let borders: String =
            ["top", "left", "bottom", "right", "insideH", "insideV"].iter().map(|s| border(s)).collect();
        self.body.push_str(&format!(
            r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa" /><w:jc w:val="left" /><w:tblBorders>{borders}</w:tblBorders></w:tblPr><w:tblGrid />"#
        ));
        let header: String = headers.iter().map(|h| cell(h, true)).collect();
        self.body.push_str(&format!("<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>{header}</w:tr>"));
        for row in rows {
            let cells: String = row.iter().map(|c| cell(c, false)).collect();
            self.body.push_str(&format!("<w:tr><w:trPr><w:cantSplit /></w:trPr>{cells}</w:tr>"));
        }
        self.body.push_str("</w:tbl>");
    }

    /// A PNG picture `width` EMU wide (its height keeps the picture's shape),
    /// in a paragraph of its own, with `description` as its alternative text.
    pub fn picture(&mut self, png: Vec<u8>, pixels: (u32, u32), width: u32, description: &str) {
        self.pictures.push(png);
        let n = self.pictures.len();
        let height = (u64::from(width) * u64::from(pixels.1) / u64::from(pixels.0.max(1))) as u32;
        let extent = format!(r#"cx="{width}" cy="{height}""#);
        let descr = escape(description);
        let drawing = format!(
            concat!(
                r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent {extent} />"#,
                r#"<wp:effectExtent l="0" t="0" r="0" b="0" /><wp:docPr descr="{descr}" id="{n}" name="Chart {n}" />"#,
                r#"<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1" /></wp:cNvGraphicFramePr>"#,
                r#"<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">"#,
                r#"<pic:nvPicPr><pic:cNvPr id="{n}" name="chart{n}.png" descr="{descr}" /><pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1" /></pic:cNvPicPr></pic:nvPicPr>"#,
                r#"<pic:blipFill><a:blip r:embed="rIdImage{n}" /><a:srcRect /><a:stretch><a:fillRect /></a:stretch></pic:blipFill>"#,
                r#"<pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0" /><a:ext {extent} /></a:xfrm><a:prstGeom prst="rect"><a:avLst /></a:prstGeom></pic:spPr>"#,
                r#"</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
            ),
            extent = extent,
            descr = descr,
            n = n,
            a = A,
            pic = PIC,
        );
        self.body.push_str(&paragraph(Para::default(), &drawing));
    }

    /// The parts of the document and their names in the ZIP, in the order they are written.
    fn parts(self) -> Vec<(String, Vec<u8>)> {
        let mut parts = vec![
            ("[Content_Types].xml".to_string(), content_types().into_bytes()),
            ("_rels/.rels".to_string(), package_rels().into_bytes()),
            ("docProps/app.xml".to_string(), app().into_bytes()),
            ("docProps/core.xml".to_string(), core().into_bytes()),
            ("word/_rels/document.xml.rels".to_string(), document_rels(self.pictures.len()).into_bytes()),
            ("word/document.xml".to_string(), self.document().into_bytes()),
            ("word/header1.xml".to_string(), self.header_part().into_bytes()),
            ("word/styles.xml".to_string(), styles().into_bytes()),
            ("word/settings.xml".to_string(), settings().into_bytes()),
            ("word/fontTable.xml".to_string(), font_table().into_bytes()),
        ];
        for (i, png) in self.pictures.into_iter().enumerate() {
            parts.push((format!("word/media/image{}.png", i + 1), png));
        }
        parts
    }

    fn document(&self) -> String {
        format!(
            concat!(
                r#"{decl}<w:document xmlns:w="{w}" xmlns:r="{r}" xmlns:wp="{wp}"><w:body>{body}<w:sectPr>"#,
                r#"<w:headerReference w:type="default" r:id="rIdHeader1" /><w:pgSz w:w="{pw}" w:h="{ph}" />"#,
                r#"<w:pgMar w:top="{m}" w:right="{m}" w:bottom="{m}" w:left="{m}" w:header="851" w:footer="992" w:gutter="0" />"#,
                r#"<w:cols w:space="425" w:num="1" /></w:sectPr></w:body></w:document>"#
            ),
            decl = DECLARATION,
            w = W,
            r = R,
            wp = WP,
            body = self.body,
            pw = A4.0,
            ph = A4.1,
            m = MARGIN,
        )
    }

    fn header_part(&self) -> String {
        format!(r#"{DECLARATION}<w:hdr xmlns:w="{W}" xmlns:r="{R}">{}</w:hdr>"#, self.header)
    }

    /// The document as the bytes of a .docx file. The same document always
    /// gives the same bytes: every part is dated the same.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        let failed = |e: zip::result::ZipError| format!("the Word document could not be made: {e}");
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, bytes) in self.parts() {
            out.start_file(name, options).map_err(failed)?;
            out.write_all(&bytes).map_err(|e| format!("the Word document could not be made: {e}"))?;
        }
        Ok(out.finish().map_err(failed)?.into_inner())
    }
}

fn content_types() -> String {
    let part = |name: &str, kind: &str| format!(r#"<Override PartName="{name}" ContentType="{kind}" />"#);
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        r#"{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" /><Default Extension="xml" ContentType="application/xml" /><Default Extension="png" ContentType="image/png" />{}{}{}{}{}{}{}</Types>"#,
        part("/word/document.xml", &format!("{wml}.document.main+xml")),
        part("/word/header1.xml", &format!("{wml}.header+xml")),
        part("/word/styles.xml", &format!("{wml}.styles+xml")),
        part("/word/settings.xml", &format!("{wml}.settings+xml")),
        part("/word/fontTable.xml", &format!("{wml}.fontTable+xml")),
        part("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        part("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    )
}

fn relationship(id: &str, kind: &str, target: &str) -> String {
    format!(r#"<Relationship Id="{id}" Type="{kind}" Target="{target}" />"#)
}

fn package_rels() -> String {
    format!(
        r#"{DECLARATION}<Relationships xmlns="{PACKAGE_RELS}">{}{}{}</Relationships>"#,
        relationship("rId1", &format!("{DOC_RELS}/officeDocument"), "word/document.xml"),
        relationship(
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml"
        ),
        relationship("rId3", &format!("{DOC_RELS}/extended-properties"), "docProps/app.xml"),
    )
}

fn document_rels(pictures: usize) -> String {
    let mut rels = relationship("rId1", &format!("{DOC_RELS}/styles"), "styles.xml");
    rels.push_str(&relationship("rId2", &format!("{DOC_RELS}/fontTable"), "fontTable.xml"));
    rels.push_str(&relationship("rId3", &format!("{DOC_RELS}/settings"), "settings.xml"));
    rels.push_str(&relationship("rIdHeader1", &format!("{DOC_RELS}/header"), "header1.xml"));
    for n in 1..=pictures {
        rels.push_str(&relationship(
            &format!("rIdImage{n}"),
            &format!("{DOC_RELS}/image"),
            &format!("media/image{n}.png"),
        ));
    }
    format!(r#"{DECLARATION}<Relationships xmlns="{PACKAGE_RELS}">{rels}</Relationships>"#)
}

fn app() -> String {
    format!(
        r#"{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" />"#
    )
}

/// Fixed dates, so the same report gives the same bytes.
fn core() -> String {
    format!(
        concat!(
            r#"{}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>"#,
            r#"</cp:coreProperties>"#
        ),
        DECLARATION
    )
}

/// Headings 1 to 3 carry outline levels, so the navigation pane and a table
/// of contents find them.
fn styles() -> String {
    let heading = |level: u32, half_points: u32| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}" /><w:basedOn w:val="Normal" /><w:next w:val="Normal" /><w:qFormat /><w:pPr><w:outlineLvl w:val="{level}" /></w:pPr><w:rPr><w:b /><w:bCs />{size}</w:rPr></w:style>"#,
            n = level + 1,
            size = size(half_points),
        )
    };
    format!(
        concat!(
            r#"{decl}<w:styles xmlns:w="{w}"><w:docDefaults><w:rPrDefault><w:rPr>"#,
            r#"<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" />{size}</w:rPr></w:rPrDefault>"#,
            r#"<w:pPrDefault><w:pPr /></w:pPrDefault></w:docDefaults>"#,
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal" /><w:qFormat /></w:style>"#,
            r#"{h1}{h2}{h3}"#,
            r#"<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet" /><w:basedOn w:val="Normal" /><w:qFormat /></w:style>"#,
            r#"</w:styles>"#
        ),
        decl = DECLARATION,
        w = W,
        size = size(20),
        h1 = heading(0, 36),
        h2 = heading(1, 28),
        h3 = heading(2, 24),
    )
}

fn settings() -> String {
    format!(
        r#"{DECLARATION}<w:settings xmlns:w="{W}"><w:zoom w:percent="100" /><w:defaultTabStop w:val="840" /><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15" /></w:compat></w:settings>"#
    )
}

fn font_table() -> String {
    format!(
        r#"{DECLARATION}<w:fonts xmlns:w="{W}"><w:font w:name="Arial"><w:charset w:val="00" /><w:family w:val="swiss" /><w:pitch w:val="variable" /></w:font></w:fonts>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn parts(bytes: &[u8]) -> Vec<(String, String)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut part = zip.by_index(i).unwrap();
                let name = part.name().unwrap().to_string();
                let mut text = String::new();
                if !name.ends_with(".png") {
                    part.read_to_string(&mut text).unwrap();
                }
                (name, text)
            })
            .collect()
    }

    fn sample() -> Vec<u8> {
        let mut word = Word::new("Council & <partners> · 30 June 2026");
        word.paragraph(Para::heading(1), "Progress report");
        word.paragraph(Para::strong(), "Two lines\nand\ta tab");
        word.table(&["Ref", "Action"], &[vec!["1.1".into(), "Say \"why\" & 'how'".into()]]);
        word.picture(vec![0x89, b'P', b'N', b'G'], (200, 100), 5_760_000, "A chart: 3 results & a \"signal\"");
        word.picture(vec![0x89, b'P', b'N', b'G'], (200, 100), 5_760_000, "Another chart");
        word.finish().unwrap()
    }

    #[test]
    fn every_xml_part_is_well_formed_and_every_part_word_needs_is_there() {
        let parts = parts(&sample());
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        for needed in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/header1.xml",
            "word/media/image1.png",
            "word/media/image2.png",
        ] {
            assert!(names.contains(&needed), "{needed} in {names:?}");
        }
        for (name, xml) in parts.iter().filter(|(n, _)| !n.ends_with(".png")) {
            roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"));
        }
    }

    #[test]
    fn every_table_marks_its_first_row_as_the_header_row() {
        let parts = parts(&sample());
        let xml = &parts.iter().find(|(n, _)| n == "word/document.xml").unwrap().1;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let rows: Vec<_> = doc.descendants().filter(|n| n.tag_name().name() == "tr").collect();
        let header = |row: &roxmltree::Node| row.descendants().any(|n| n.tag_name().name() == "tblHeader");
        assert!(header(&rows[0]) && !header(&rows[1]));
        assert!(xml.contains("Say &quot;why&quot; &amp; &apos;how&apos;"));
    }

    #[test]
    fn every_picture_has_its_description_and_an_id_of_its_own() {
        let parts = parts(&sample());
        let xml = &parts.iter().find(|(n, _)| n == "word/document.xml").unwrap().1;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let pictures: Vec<_> = doc.descendants().filter(|n| n.tag_name().name() == "docPr").collect();
        assert_eq!(pictures.len(), 2);
        assert_eq!(pictures[0].attribute("descr"), Some("A chart: 3 results & a \"signal\""));
        assert_ne!(pictures[0].attribute("id"), pictures[1].attribute("id"));
        let rels = &parts.iter().find(|(n, _)| n == "word/_rels/document.xml.rels").unwrap().1;
        assert!(rels.contains(r#"Id="rIdImage2""#) && rels.contains("media/image2.png"));
    }

    #[test]
    fn line_breaks_and_tabs_become_words_own() {
        assert_eq!(
            run("a\r\nb\tc", true),
            r#"<w:r><w:rPr><w:b /><w:bCs /></w:rPr><w:t xml:space="preserve">a</w:t><w:br /><w:t xml:space="preserve">b</w:t><w:tab /><w:t xml:space="preserve">c</w:t></w:r>"#
        );
    }

    #[test]
    fn the_same_document_gives_the_same_bytes() {
        assert_eq!(sample(), sample());
    }
}
