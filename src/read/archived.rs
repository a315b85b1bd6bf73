//! The kinds of record people create, change and archive, and the archived
//! records of each kind, a page at a time (archived rows are not in the plan
//! index, so they are read from the database).

use crate::db::{actions, areas, evidence, findings, inspections, measures, owners, DbConnection, DbError};
use crate::domain::history::Entity;
use chrono::NaiveDateTime;

/// A kind of record with its own pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Inspection,
    Finding,
    Area,
    Owner,
    Measure,
    Action,
    Evidence,
}

impl RecordKind {
    /// Every kind, in the order the archived-records filter lists them.
    pub const ALL: [RecordKind; 7] = [
        RecordKind::Inspection,
        RecordKind::Finding,
        RecordKind::Area,
        RecordKind::Action,
        RecordKind::Owner,
        RecordKind::Measure,
        RecordKind::Evidence,
    ];

    /// The plural in URLs and filters: `inspections`.
    pub fn slug(self) -> &'static str {
        match self {
            RecordKind::Inspection => "inspections",
            RecordKind::Finding => "findings",
            RecordKind::Area => "areas",
            RecordKind::Owner => "owners",
            RecordKind::Measure => "measures",
            RecordKind::Action => "actions",
            RecordKind::Evidence => "evidence",
        }
    }

    /// The kind named by a slug.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// One of them, in a sentence: "practice area".
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Inspection => "inspection",
            RecordKind::Finding => "finding",
            RecordKind::Area => "practice area",
            RecordKind::Owner => "owner",
            RecordKind::Measure => "measure",
            RecordKind::Action => "action",
            RecordKind::Evidence => "evidence item",
        }
    }

    /// Several of them, as a heading: "Practice areas".
    pub fn plural_label(self) -> &'static str {
        match self {
            RecordKind::Inspection => "Inspections",
            RecordKind::Finding => "Findings",
            RecordKind::Area => "Practice areas",
            RecordKind::Owner => "Owners",
            RecordKind::Measure => "Measures",
            RecordKind::Action => "Actions",
            RecordKind::Evidence => "Evidence",
        }
    }

    /// The name change history files it under.
    pub fn entity(self) -> Entity {
        match self {
            RecordKind::Inspection => Entity::Inspection,
            RecordKind::Finding => Entity::Finding,
            RecordKind::Area => Entity::PracticeArea,
            RecordKind::Owner => Entity::Owner,
            RecordKind::Measure => Entity::Measure,
            RecordKind::Action => Entity::Action,
            RecordKind::Evidence => Entity::Evidence,
        }
    }

    /// The record's own page.
    pub fn path(self, id: impl std::fmt::Display) -> String {
        format!("/{}/{id}", self.slug())
    }

    /// The list where new records are made from and saved ones found.
    pub fn list_path(self) -> String {
        match self {
            RecordKind::Area => "/".to_string(),
            other => format!("/{}", other.slug()),
        }
    }

    /// The navigation item its pages belong to.
    pub fn nav(self) -> &'static str {
        match self {
            RecordKind::Action => "/actions",
            RecordKind::Evidence => "/evidence",
            RecordKind::Inspection => "/inspections",
            RecordKind::Owner => "/owners",
            RecordKind::Measure => "/measures",
            RecordKind::Finding => "/inspections",
            RecordKind::Area => "/",
        }
    }

    /// Where the archived records of this kind are listed.
    pub fn archived_path(self) -> String {
        format!("/archived?kind={}", self.slug())
    }
}

/// One archived record as the archived list shows it.
#[derive(Debug, Clone)]
pub struct ArchivedLine {
    pub id: i64,
    pub title: String,
    pub archived_at: NaiveDateTime,
    /// The version the restore button carries.
    pub version: i32,
}

/// One page of a kind's archived records.
#[derive(Debug, Clone)]
pub struct ArchivedPage {
    pub kind: RecordKind,
    pub lines: Vec<ArchivedLine>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Archived records shown per page.
pub const PER_PAGE: i64 = 50;

/// Page `page` (from 1) of a kind's archived records, newest archived first.
pub fn archived(conn: &mut DbConnection, kind: RecordKind, page: i64) -> Result<ArchivedPage, DbError> {
    let page = page.max(1);
    let offset = (page - 1) * PER_PAGE;
    macro_rules! lines {
        ($module:path, $title:expr) => {{
            use $module as m;
            let (rows, total) = m::archived_page(conn, offset, PER_PAGE)?;
            let lines = rows
                .into_iter()
                .map(|r| ArchivedLine {
                    id: r.id.0,
                    title: $title(&r),
                    archived_at: r.archived_at.unwrap_or(r.updated_at),
                    version: r.version,
                })
                .collect();
            (lines, total)
        }};
    }
    let (lines, total) = match kind {
        RecordKind::Inspection => lines!(inspections, |r: &inspections::InspectionRow| r.title.clone()),
        RecordKind::Finding => {
            lines!(findings, |r: &findings::FindingRow| format!("{} {}", r.reference, first_words(&r.text)))
        }
        RecordKind::Area => lines!(areas, |r: &areas::AreaRow| r.name.clone()),
        RecordKind::Owner => lines!(owners, |r: &owners::OwnerRow| r.label()),
        RecordKind::Measure => lines!(measures, |r: &measures::MeasureRow| r.name.clone()),
        RecordKind::Action => lines!(actions, |r: &actions::ActionRow| format!("{} {}", r.reference, r.title)),
        RecordKind::Evidence => lines!(evidence, |r: &evidence::EvidenceRow| r.title.clone()),
    };
    Ok(ArchivedPage { kind, lines, total, page, per_page: PER_PAGE })
}

/// The first dozen words of long text, for a title.
pub fn first_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{}…", words[..12].join(" "))
    }
}
