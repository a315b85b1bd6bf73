//! A small page-layout engine for A4 PDF documents drawn with krilla: headings,
//! wrapped paragraphs, bullet lists, tables whose rows are never split (a table
//! that runs on repeats its header row on the next page) and SVG charts kept
//! whole on one page. Every page carries a header line and footer lines (the
//! council, the dates, the rules) and "Page n of N".
//!
//! The text is real text in an embedded font (DejaVu Sans, whose licence is in
//! `assets/fonts/`), so it can be searched, copied and read aloud. Nothing in
//! the output depends on the moment it is made: the same content gives the
//! same bytes.

use crate::domain::formats::pdf_text;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};
use std::sync::{Arc, OnceLock};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 48.0;
const TOP: f32 = 64.0;
const BOTTOM: f32 = 78.0;
/// The width text and tables may take.
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const CELL_PAD: f32 = 4.0;

/// The fonts, loaded once.
struct Fonts {
    regular: Font,
    bold: Font,
    regular_face: ttf_parser::Face<'static>,
    bold_face: ttf_parser::Face<'static>,
    svg: resvg::usvg::Options<'static>,
}

fn fonts() -> Result<&'static Fonts, String> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            // Every reader shares the fonts as built into the program: a copy
            // each would keep 3 MB for as long as the server runs.
            let mut db = resvg::usvg::fontdb::Database::new();
            for font in [REGULAR, BOLD] {
                db.load_font_source(resvg::usvg::fontdb::Source::Binary(Arc::new(font)));
            }
            db.set_sans_serif_family("DejaVu Sans");
            let svg = resvg::usvg::Options {
                font_family: "DejaVu Sans".into(),
                fontdb: Arc::new(db),
                ..resvg::usvg::Options::default()
            };
            Some(Fonts {
                regular: Font::new(REGULAR.into(), 0)?,
                bold: Font::new(BOLD.into(), 0)?,
                regular_face: ttf_parser::Face::parse(REGULAR, 0).ok()?,
                bold_face: ttf_parser::Face::parse(BOLD, 0).ok()?,
                svg,
            })
        })
        .as_ref()
        .ok_or_else(|| "the report font could not be read".to_string())
}

/// The options to read an SVG with, with the report's font.
pub fn svg_options() -> Result<&'static resvg::usvg::Options<'static>, String> {
    Ok(&fonts()?.svg)
}

/// The width of a line of text in points.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let Ok(f) = fonts() else { return 0.0 };
    let face = if bold { &f.bold_face } else { &f.regular_face };
    let units: u32 =
        text.chars().map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(600, u32::from)).sum();
    units as f32 * size / f32::from(face.units_per_em())
}

/// Text broken into lines no wider than `width`; a word wider than the line is
/// cut. Every text drawn passes through here, made safe for PDF first.
pub fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let text = pdf_text(text);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if text_width(&candidate, size, bold) <= width || line.is_empty() && text_width(word, size, bold) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = String::new();
            for c in word.chars() {
                rest.push(c);
                if text_width(&rest, size, bold) > width && rest.chars().count() > 1 {
                    let last = rest.pop().unwrap_or(' ');
                    lines.push(std::mem::take(&mut rest));
                    rest.push(last);
                }
            }
            line = rest;
        }
        lines.push(line);
    }
    lines
}

/// Something drawn on a page.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        grey: bool,
        text: String,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
    },
    Shade {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// Kept as its source and read only when its page is drawn: a read chart
    /// (its text turned into outlines) takes hundreds of kilobytes, and a
    /// large pack has hundreds of charts.
    Svg {
        svg: String,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// A table: column headings, each column's share of the width, and rows of cells.
pub struct Table<'a> {
    pub headers: &'a [&'a str],
    pub widths: &'a [f32],
    pub rows: Vec<Vec<String>>,
}

/// A document being laid out, page by page.
pub struct Pdf {
    pages: Vec<Vec<Op>>,
    y: f32,
    header: String,
    footer: Vec<String>,
    title: String,
}

impl Pdf {
    /// A new document: its title, the line at the head of every page and the
    /// lines at the foot of every page.
    pub fn new(title: &str, header: &str, footer: Vec<String>) -> Pdf {
        let footer = footer.iter().flat_map(|line| wrap(line, 7.0, false, CONTENT_WIDTH)).take(3).collect();
        let (header, title) = (pdf_text(header).into_owned(), pdf_text(title).into_owned());
        Pdf { pages: vec![Vec::new()], y: TOP, header, footer, title }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page (unless the current one is still empty).
    pub fn page_break(&mut self) {
        if self.y > TOP {
            self.pages.push(Vec::new());
            self.y = TOP;
        }
    }

    fn room(&self) -> f32 {
        PAGE_HEIGHT - BOTTOM - self.y
    }

    /// Makes sure `height` fits on this page, starting a new one if not.
    fn ensure(&mut self, height: f32) {
        if height > self.room() {
            self.page_break();
        }
    }

    fn text_lines(&mut self, lines: &[String], x: f32, size: f32, bold: bool, grey: bool) {
        let leading = size * 1.35;
        for line in lines {
            self.ensure(leading);
            let y = self.y + size;
            self.ops().push(Op::Text { x, y, size, bold, grey, text: line.clone() });
            self.y += leading;
        }
    }

    /// A heading, kept with at least `keep_with` points of what follows.
    pub fn heading(&mut self, text: &str, size: f32, keep_with: f32) {
        let lines = wrap(text, size, true, CONTENT_WIDTH);
        self.ensure(lines.len() as f32 * size * 1.35 + keep_with + size * 0.6);
        self.y += size * 0.6;
        self.text_lines(&lines, MARGIN, size, true, false);
        self.y += size * 0.3;
    }

    /// A paragraph of wrapped text.
    pub fn paragraph(&mut self, text: &str, size: f32) {
        let lines = wrap(text, size, false, CONTENT_WIDTH);
        self.text_lines(&lines, MARGIN, size, false, false);
        self.y += size * 0.5;
    }

    /// A paragraph in bold.
    pub fn strong(&mut self, text: &str, size: f32) {
        let lines = wrap(text, size, true, CONTENT_WIDTH);
        self.text_lines(&lines, MARGIN, size, true, false);
        self.y += size * 0.3;
    }

    /// A bulleted list.
    pub fn bullets(&mut self, items: &[String], size: f32) {
        for item in items {
            let lines = wrap(item, size, false, CONTENT_WIDTH - 14.0);
            self.ensure(size * 1.35);
            let y = self.y + size;
            self.ops().push(Op::Text { x: MARGIN + 2.0, y, size, bold: false, grey: false, text: "•".into() });
            self.text_lines(&lines, MARGIN + 14.0, size, false, false);
        }
        self.y += size * 0.5;
    }

    fn row(&mut self, cells: &[Vec<String>], xs: &[f32], size: f32, head: bool) -> f32 {
        let leading = size * 1.35;
        let height = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * CELL_PAD;
        let top = self.y;
        if head {
            self.ops().push(Op::Shade { x: MARGIN, y: top, w: CONTENT_WIDTH, h: height });
        }
        for (lines, x) in cells.iter().zip(xs) {
            for (i, line) in lines.iter().enumerate() {
                let y = top + CELL_PAD + size + i as f32 * leading;
                self.ops().push(Op::Text { x: x + CELL_PAD, y, size, bold: head, grey: false, text: line.clone() });
            }
        }
        self.y += height;
        let y = self.y;
        self.ops().push(Op::Rule { x1: MARGIN, x2: MARGIN + CONTENT_WIDTH, y });
        height
    }

    /// A table. A row is never split across pages; a table that runs on
    /// repeats its header row at the top of the next page.
    pub fn table(&mut self, table: &Table<'_>, size: f32) {
        let total: f32 = table.widths.iter().sum();
        let widths: Vec<f32> = table.widths.iter().map(|w| w / total * CONTENT_WIDTH).collect();
        let xs: Vec<f32> = widths.iter().scan(MARGIN, |x, w| Some(std::mem::replace(x, *x + w))).collect();
        let cells = |row: &[String], bold: bool| -> Vec<Vec<String>> {
            row.iter().zip(&widths).map(|(text, w)| wrap(text, size, bold, w - 2.0 * CELL_PAD)).collect()
        };
        let head: Vec<String> = table.headers.iter().map(|h| (*h).to_string()).collect();
        let head_cells = cells(&head, true);
        let leading = size * 1.35;
        let head_height = head_cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * CELL_PAD;
        let first_height = table
            .rows
            .first()
            .map_or(0.0, |r| cells(r, false).iter().map(Vec::len).max().unwrap_or(1) as f32 * leading)
            + 2.0 * CELL_PAD;
        self.ensure(head_height + first_height);
        self.row(&head_cells, &xs, size, true);
        for row in &table.rows {
            let body = cells(row, false);
            let height = body.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * CELL_PAD;
            if height > self.room() {
                self.page_break();
                self.row(&head_cells, &xs, size, true);
            }
            self.row(&body, &xs, size, false);
        }
        self.y += size;
    }

    /// An SVG drawing, scaled to at most the content width and kept whole on one page.
    pub fn svg(&mut self, svg: &str, width: f32, height: f32) -> Result<(), String> {
        let scale = (CONTENT_WIDTH / width).min(1.0);
        let (w, h) = (width * scale, height * scale);
        self.ensure(h + 6.0);
        let y = self.y;
        self.ops().push(Op::Svg { svg: svg.to_string(), x: MARGIN, y, w, h });
        self.y += h + 6.0;
        Ok(())
    }

    /// Space between blocks.
    pub fn gap(&mut self, points: f32) {
        self.y += points;
    }

    /// The finished PDF.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        let f = fonts()?;
        let mut document = Document::new();
        document.set_metadata(krilla::metadata::Metadata::new().title(self.title.clone()).language("en-GB".into()));
        let count = self.pages.len();
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or("bad page size")?;
        for (index, ops) in self.pages.into_iter().enumerate() {
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            let text =
                |s: &mut krilla::surface::Surface, x: f32, y: f32, size: f32, bold: bool, grey: bool, t: &str| {
                    let colour = if grey { rgb::Color::new(80, 80, 80) } else { rgb::Color::new(11, 12, 12) };
                    s.set_fill(Some(Fill { paint: colour.into(), ..Fill::default() }));
                    let font = if bold { f.bold.clone() } else { f.regular.clone() };
                    s.draw_text(Point::from_xy(x, y), font, size, t, false, TextDirection::Auto);
                };
            text(&mut surface, MARGIN, 36.0, 8.0, true, true, &self.header);
            for (i, line) in self.footer.iter().enumerate() {
                text(&mut surface, MARGIN, PAGE_HEIGHT - 56.0 + i as f32 * 9.0, 7.0, false, true, line);
            }
            let number = format!("Page {} of {count}", index + 1);
            let width = text_width(&number, 8.0, false);
            text(&mut surface, PAGE_WIDTH - MARGIN - width, 36.0, 8.0, false, true, &number);
            for op in ops {
                match op {
                    Op::Text { x, y, size, bold, grey, text: t } => text(&mut surface, x, y, size, bold, grey, &t),
                    Op::Rule { x1, x2, y } => {
                        let mut path = PathBuilder::new();
                        path.move_to(x1, y);
                        path.line_to(x2, y);
                        if let Some(path) = path.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(Stroke {
                                paint: rgb::Color::new(177, 180, 182).into(),
                                width: 0.6,
                                ..Stroke::default()
                            }));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                        }
                    }
                    Op::Shade { x, y, w, h } => {
                        let mut path = PathBuilder::new();
                        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                            path.push_rect(rect);
                        }
                        if let Some(path) = path.finish() {
                            surface.set_fill(Some(Fill {
                                paint: rgb::Color::new(243, 242, 241).into(),
                                ..Fill::default()
                            }));
                            surface.draw_path(&path);
                        }
                    }
                    Op::Svg { svg, x, y, w, h } => {
                        let tree = resvg::usvg::Tree::from_str(&svg, &f.svg)
                            .map_err(|e| format!("a chart could not be drawn: {e}"))?;
                        surface.push_transform(&Transform::from_translate(x, y));
                        if let Some(size) = Size::from_wh(w, h) {
                            surface.draw_svg(&tree, size, SvgSettings::default());
                        }
                        surface.pop();
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        document.finish().map_err(|e| format!("the PDF could not be made: {e:?}"))
    }
}
