//! What the stored-text tests share: a small plan with one record of every
//! kind that a document shows, text of every kind that people and other
//! tools can put in a field, and a way to store that text as old data is
//! stored (past the edge checks that refuse some of it today).
#![allow(dead_code)]

use crate::common;
use chrono::{Datelike, Duration, NaiveDate};
use diesel::connection::SimpleConnection;
use diesel::sql_types::Text;
use diesel::RunQueryDsl;
use proptest::prelude::*;
use sustain::db::attachments::NewAttachment;
use sustain::db::{actions, areas, evidence, findings, inspections, measures, owners, shares, Actor, DbConnection};
use sustain::domain::audit::GradeCounts;
use sustain::domain::evidence::{
    EvidenceInput, MeasureInput, MeasureShape, MeasuredResult, RecalculationInput, ResultInput, Review,
};
use sustain::domain::ids::{AreaId, InspectionId};
use sustain::domain::kinds::*;
use sustain::domain::plan::*;

pub const PASSWORD: &str = "a-long-test-password-1";
pub const LEADER: &str = "leader@hartwell.example";

/// Every text column a person (or an import) fills, with the tag that starts
/// its stored values: `Zq{tag}{row id}x `, then the text under test. The tag
/// and id find a value in a document; the id keeps values of unique columns apart.
pub const COLUMNS: &[(&str, &str, &str)] = &[
    ("users", "display_name", "Ud"),
    ("users", "email", "Ue"),
    ("owners", "name", "On"),
    ("owners", "job_title", "Oj"),
    ("owners", "team", "Ot"),
    ("owners", "email", "Oe"),
    ("inspections", "title", "It"),
    ("inspections", "inspectorate", "Ii"),
    ("inspections", "report_url", "Iu"),
    ("judgements", "area", "Ja"),
    ("practice_areas", "name", "An"),
    ("practice_areas", "description", "Ad"),
    ("findings", "reference", "Fr"),
    ("findings", "text", "Ft"),
    ("actions", "reference", "Ar"),
    ("actions", "title", "At"),
    ("actions", "description", "Ax"),
    ("actions", "success_measure", "As"),
    ("action_updates", "note", "Un"),
    ("evidence", "title", "Et"),
    ("evidence", "description", "Ed"),
    ("evidence", "rejection_reason", "Er"),
    ("attachments", "file_name", "Af"),
    ("measures", "name", "Mn"),
    ("measures", "description", "Md"),
    ("recalculation_points", "reason", "Rr"),
    ("results", "note", "Rn"),
    ("pack_shares", "label", "Pl"),
];

/// The text generated for the column with `tag`.
pub fn text_of<'a>(texts: &'a [String], tag: &str) -> &'a str {
    let at = COLUMNS.iter().position(|(_, _, t)| *t == tag).expect("a known tag");
    &texts[at]
}

/// Stores `texts` (one per entry of `COLUMNS`) in every row, as text stored
/// before the edge rule was: straight into the tables, then moves the data
/// generation on so that the server reads the plan afresh.
pub fn store_as_old_data(conn: &mut DbConnection, texts: &[String]) {
    for ((table, column, tag), text) in COLUMNS.iter().zip(texts) {
        let prefix = format!("Zq{tag}");
        let rest = format!("x {text}");
        // Only rows that hold a value: a missing email stays missing.
        let sql =
            |p1: &str, p2: &str| format!("UPDATE {table} SET {column} = {p1} || id || {p2} WHERE {column} IS NOT NULL");
        let done = match conn {
            DbConnection::Sqlite(c) => {
                diesel::sql_query(sql("?", "?")).bind::<Text, _>(&prefix).bind::<Text, _>(&rest).execute(c)
            }
            DbConnection::Postgres(c) => {
                diesel::sql_query(sql("$1", "$2")).bind::<Text, _>(&prefix).bind::<Text, _>(&rest).execute(c)
            }
        };
        done.unwrap_or_else(|e| panic!("{table}.{column}: {e}"));
    }
    conn.batch_execute("UPDATE data_generation SET generation = generation + 1 WHERE id = 1").expect("bump");
}

/// Characters the edge refuses or that formats cannot all hold.
const AWKWARD: &[char] = &[
    '\u{1}',
    '\u{7}',
    '\u{8}',
    '\u{b}',
    '\u{c}',
    '\u{1b}',
    '\u{1f}',
    '\u{7f}',
    '\u{80}',
    '\u{85}',
    '\u{9f}',
    '\t',
    '\n',
    '\r',
    '\u{FFFE}',
    '\u{FFFF}',
    '\u{FDD0}',
    '\u{FDEF}',
    '\u{1FFFE}',
    '\u{10FFFF}',
    '\u{2028}',
    '\u{2029}',
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{202D}',
    '\u{202E}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{2060}',
    '\u{FEFF}',
    '\u{FFF9}',
    '\u{FFFD}',
    '\u{E000}',
    '\u{E0001}',
    '\u{FE0F}',
    '\u{AD}',
    '\u{A0}',
    '\u{3000}',
];

/// Text people write, and text that means something to a format.
const WORDS: &[&str] = &[
    "Front door",
    "مكتب الاستقبال الآمن",
    "שלום עולם",
    "👩🏽‍⚕️ social worker",
    "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
    "日本語のテキスト",
    "Ünïcödé naïve café",
    "&amp; <b>bold</b> &lt;",
    "]]> <![CDATA[",
    "\"quoted\" 'single'",
    "=SUM(A1:A9)",
    "+44 1632",
    "-1",
    "@mention",
    "_x0041_ _x000D_",
    "a,b;c\"d",
    "..",
    "../../etc/passwd",
    "C:\\Windows",
    "%s %n {0}",
    "  ",
    "1.3",
];

/// One piece of generated text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<char>().prop_map(String::from),
        4 => prop::sample::select(AWKWARD).prop_map(String::from),
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => prop::collection::vec(0x300u32..0x370, 1..12)
            .prop_map(|marks| std::iter::once('a').chain(marks.into_iter().filter_map(char::from_u32)).collect()),
    ]
}

/// Arbitrary text, joined from pieces. PostgreSQL cannot store a null
/// character at all, so its text has none; SQLite's may.
pub fn text(backend: common::Backend) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..8).prop_map(move |pieces| {
        let joined = pieces.concat();
        match backend {
            common::Backend::Postgres => joined.replace('\0', ""),
            common::Backend::Sqlite => joined,
        }
    })
}

/// A text for every column of `COLUMNS`.
pub fn texts(backend: common::Backend) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(backend), COLUMNS.len())
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The last day of the month `back` months before today's.
fn month_end(back: i32) -> NaiveDate {
    let months = today().year() * 12 + today().month0() as i32 - back;
    let first_of_next = NaiveDate::from_ymd_opt((months + 1).div_euclid(12), (months + 1).rem_euclid(12) as u32 + 1, 1);
    first_of_next.expect("a month") - Duration::days(1)
}

/// What the tests point at.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub inspection: InspectionId,
    pub area: AreaId,
}

/// A small plan through the repository: a leader, an owner, a focused visit
/// with a judgement and two findings, two areas, two actions (one completed,
/// with an update), verified, rejected and draft evidence with a file, a key
/// case-audit measure with 18 monthly results, a note and a recalculation
/// point, and a link shared with an inspector.
pub fn prepare(conn: &mut DbConnection) -> Plan {
    let actor = Actor::system("test");
    common::add_user(conn, LEADER, Role::Leader, PASSWORD);
    common::add_user(conn, "qa@hartwell.example", Role::Contributor, PASSWORD);
    let owner = owners::create(
        conn,
        &actor,
        &common::valid(OwnerInput {
            name: "Sam Okafor".into(),
            job_title: "Head of Service".into(),
            team: "Front door".into(),
            email: Some("sam@hartwell.example".into()),
            user_id: None,
        }),
    )
    .unwrap();
    let visit = inspections::create(
        conn,
        &actor,
        &common::valid(InspectionInput {
            kind: InspectionKind::FocusedVisit,
            title: "Focused visit".into(),
            inspectorate: "Ofsted".into(),
            start_date: month_end(20) - Duration::days(10),
            end_date: month_end(20) - Duration::days(9),
            published_on: Some(month_end(20)),
            overall_judgement: None,
            report_url: Some("https://reports.example/fv".into()),
            draft_plan_due: None,
            final_plan_due: None,
        }),
    )
    .unwrap();
    let judgement = JudgementInput { inspection_id: visit.id, area: "Leadership".into(), grade: Grade::Good };
    inspections::judgement::create(conn, &actor, &common::valid(judgement)).unwrap();
    let area = |conn: &mut DbConnection, name: &str| {
        let input = AreaInput {
            name: name.into(),
            description: "What the area covers".into(),
            lead_owner_id: Some(owner.id),
            ..AreaInput::default()
        };
        areas::create(conn, &actor, &common::valid(input)).unwrap().id
    };
    let (front_door, planning) = (area(conn, "Front door"), area(conn, "Planning"));
    let finding = |conn: &mut DbConnection, reference: &str, kind| {
        let input = FindingInput {
            inspection_id: visit.id,
            practice_area_id: front_door,
            kind,
            reference: reference.into(),
            text: "What the inspectors said".into(),
        };
        findings::create(conn, &actor, &common::valid(input)).unwrap().id
    };
    let apa1 = finding(conn, "APA1", FindingKind::PriorityAction);
    finding(conn, "R1", FindingKind::Recommendation);
    let action = |conn: &mut DbConnection, reference: &str, area, completed: Option<NaiveDate>| {
        let input = ActionInput {
            reference: reference.into(),
            title: "Train the managers".into(),
            description: "How".into(),
            owner_id: Some(owner.id),
            practice_area_id: area,
            start_date: Some(month_end(18)),
            due_date: Some(month_end(10)),
            completed_date: completed,
            state: if completed.is_some() { ActionState::Completed } else { ActionState::InProgress },
            success_measure: "Audits show it".into(),
        };
        actions::create(conn, &actor, &common::valid(input)).unwrap().id
    };
    let done = action(conn, "1.1", front_door, Some(month_end(9)));
    let open = action(conn, "1.2", front_door, None);
    action(conn, "2.1", planning, None);
    for id in [done, open] {
        actions::link_finding(conn, &actor, id, apa1).unwrap();
    }
    let update = UpdateInput { action_id: open, update_date: month_end(2), rag: Rag::Amber, note: "Half".into() };
    actions::add_update(conn, &actor, &common::valid(update), |_| true).unwrap();
    let item = |conn: &mut DbConnection, kind, review: Option<Review>, files: &[NewAttachment]| {
        let input = EvidenceInput {
            title: "Dip-sample".into(),
            kind,
            description: "What it shows".into(),
            observed_on: month_end(3),
            period_start: None,
            period_end: None,
            practice_area_id: front_door,
        };
        let row = evidence::create(conn, &actor, &common::valid(input), files).unwrap();
        if let Some(review) = review {
            evidence::review(conn, &actor, row.id, row.version, &common::valid(review), month_end(2)).unwrap();
        }
        evidence::link(conn, &actor, row.id, &[apa1], &[done]).unwrap();
    };
    let file =
        NewAttachment { file_name: "notes.txt".into(), media_type: "text/plain".into(), content: b"Notes".to_vec() };
    item(conn, EvidenceKind::CaseAudit, Some(Review::Verify), &[file]);
    item(conn, EvidenceKind::ChildFamilyFeedback, Some(Review::Verify), &[]);
    item(conn, EvidenceKind::StaffFeedback, Some(Review::Reject { reason: "Out of date".into() }), &[]);
    item(conn, EvidenceKind::Minutes, None, &[]);
    let measure = measures::create(
        conn,
        &actor,
        &common::valid(MeasureInput {
            practice_area_id: front_door,
            name: "Audits good or better".into(),
            description: "Monthly case audit".into(),
            kind: MeasureKind::CaseAudit,
            unit: Unit::Percent,
            direction: Direction::HigherIsBetter,
            target: Some(70.0),
            frequency: Frequency::Monthly,
            is_key: true,
            baseline_points: None,
            screen_moving_ranges: true,
            published_indicator_code: None,
        }),
    )
    .unwrap();
    let shape = MeasureShape { kind: measure.kind, unit: measure.unit };
    for back in 1..=18 {
        let good = 10 + (back * 7 % 5) as u32;
        let input = ResultInput {
            measure_id: measure.id,
            period_end: month_end(back),
            value: None,
            grades: Some(GradeCounts { outstanding: 2, good, requires_improvement: 4, inadequate: 1 }),
            sample_size: None,
            note: Some("Sampled by the QA team".into()),
        };
        let result = MeasuredResult::check(input, shape, &common::context()).unwrap();
        measures::create_result(conn, &actor, &result).unwrap();
    }
    let point = RecalculationInput { measure_id: measure.id, starts_on: month_end(12), reason: "New model".into() };
    measures::add_recalculation(conn, &actor, &common::valid(point)).unwrap();
    shares::create(conn, &actor, visit.id, "Ofsted inspection team", today() + Duration::days(30)).unwrap();
    Plan { inspection: visit.id, area: front_door }
}
