//! Inspections, judgements, findings, practice areas and owners in the API.

use super::answers;
use super::body::{Body, Field, Ty};
use super::records::{JsonRecord, Listed};
use crate::db::areas::AreaRow;
use crate::db::findings::FindingRow;
use crate::db::inspections::{InspectionRow, JudgementRow};
use crate::db::owners::OwnerRow;
use crate::domain::drafts::plan::{FindingDraft, InspectionDraft, JudgementDraft};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::*;
use crate::domain::kinds::{FindingKind, Grade, InspectionKind};
use crate::domain::plan::{AreaInput, OwnerInput};
use crate::domain::status::AreaStatus;
use crate::domain::valid::{finish, parse, Context};
use crate::read::cache::Snapshot;
use crate::read::tracker::natural;
use chrono::NaiveDate;

/// Compares text as people read it, ignoring case.
pub fn by_text(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}

pub use crate::records::Inspections;

impl Listed for Inspections {
    type Item<'a> = &'a InspectionRow;
    type Answer = answers::Inspection;
    const PATH: &'static str = "inspections";
    const FILTERS: &'static [Field] =
        &[Field::optional("kind", Ty::Choice(InspectionKind::NAMES), "Only this kind of visit")];
    const SORTS: &'static [&'static str] = &["start_date", "title"];

    fn select<'a>(snapshot: &'a Snapshot, q: &Body, sort: &str, _: NaiveDate) -> Vec<&'a InspectionRow> {
        let kind: Option<InspectionKind> = q.choice("kind");
        let mut rows: Vec<_> = snapshot
            .plan
            .inspections
            .iter()
            .filter(|i| i.archived_at.is_none() && kind.is_none_or(|k| i.kind == k))
            .collect();
        match sort {
            "title" => rows.sort_by(|a, b| by_text(&a.title, &b.title).then(a.id.cmp(&b.id))),
            _ => rows.sort_by_key(|i| (i.start_date, i.id)),
        }
        rows
    }
}

impl JsonRecord for Inspections {
    const FIELDS: &'static [Field] = &[
        Field::required("kind", Ty::Choice(InspectionKind::NAMES), "Kind of visit or review"),
        Field::required("title", Ty::Text, "Title"),
        Field::required("inspectorate", Ty::Text, "Who inspected (Ofsted, the council itself...)"),
        Field::required("start_date", Ty::Date, "First day of the visit"),
        Field::required("end_date", Ty::Date, "Last day of the visit"),
        Field::optional("published_on", Ty::Date, "When the report was published"),
        Field::optional("overall_judgement", Ty::Choice(Grade::NAMES), "Overall judgement, if graded"),
        Field::optional("report_url", Ty::Text, "Link to the published report"),
        Field::optional("draft_plan_due", Ty::Date, "When the draft action plan is due"),
        Field::optional("final_plan_due", Ty::Date, "When the final action plan is due"),
    ];

    fn answer(row: &InspectionRow) -> answers::Inspection {
        row.into()
    }

    fn parse(b: Body, context: &Context) -> Result<Self::Input, FieldErrors> {
        let draft = InspectionDraft {
            kind: b.choice("kind"),
            title: b.text("title"),
            inspectorate: b.text("inspectorate"),
            start_date: b.date("start_date"),
            end_date: b.date("end_date"),
            published_on: b.date("published_on"),
            overall_judgement: b.choice("overall_judgement"),
            report_url: b.opt_text("report_url"),
            draft_plan_due: b.date("draft_plan_due"),
            final_plan_due: b.date("final_plan_due"),
        };
        parse(b.errors, draft, context).map(|inspection| (inspection, None))
    }
}

pub use crate::records::Judgements;

impl Listed for Judgements {
    type Item<'a> = &'a JudgementRow;
    type Answer = answers::Judgement;
    const PATH: &'static str = "judgements";
    const FILTERS: &'static [Field] = &[Field::optional("inspection", Ty::Id, "Only this inspection's judgements")];
    const SORTS: &'static [&'static str] = &["inspection", "area"];

    fn select<'a>(snapshot: &'a Snapshot, q: &Body, sort: &str, _: NaiveDate) -> Vec<&'a JudgementRow> {
        let inspection: Option<InspectionId> = q.id("inspection");
        let mut rows: Vec<_> = match inspection {
            Some(i) => snapshot.plan.judgements.get(&i).into_iter().flatten().collect(),
            None => snapshot.plan.judgements.all().iter().collect(),
        };
        rows.retain(|j| j.archived_at.is_none());
        match sort {
            "area" => rows.sort_by(|a, b| by_text(&a.area, &b.area).then(a.id.cmp(&b.id))),
            _ => rows.sort_by_key(|j| (j.inspection_id, j.id)),
        }
        rows
    }
}

impl JsonRecord for Judgements {
    const FIELDS: &'static [Field] = &[
        Field::required("inspection_id", Ty::Id, "The inspection judged"),
        Field::required("area", Ty::Text, "The judgement area"),
        Field::required("grade", Ty::Choice(Grade::NAMES), "The grade"),
    ];

    fn answer(row: &JudgementRow) -> answers::Judgement {
        row.into()
    }

    fn parse(b: Body, context: &Context) -> Result<Self::Input, FieldErrors> {
        let draft =
            JudgementDraft { inspection_id: b.id("inspection_id"), area: b.text("area"), grade: b.choice("grade") };
        parse(b.errors, draft, context)
    }
}

pub use crate::records::Findings;

impl Listed for Findings {
    type Item<'a> = &'a FindingRow;
    type Answer = answers::Finding;
    const PATH: &'static str = "findings";
    const FILTERS: &'static [Field] = &[
        Field::optional("inspection", Ty::Id, "Only this inspection's findings"),
        Field::optional("area", Ty::Id, "Only this practice area's findings"),
        Field::optional("kind", Ty::Choice(FindingKind::NAMES), "Only this kind"),
    ];
    const SORTS: &'static [&'static str] = &["reference", "kind"];

    fn select<'a>(snapshot: &'a Snapshot, q: &Body, sort: &str, _: NaiveDate) -> Vec<&'a FindingRow> {
        let (inspection, area): (Option<InspectionId>, Option<AreaId>) = (q.id("inspection"), q.id("area"));
        let kind: Option<FindingKind> = q.choice("kind");
        let mut rows: Vec<_> = snapshot
            .plan
            .findings
            .iter()
            .filter(|f| inspection.is_none_or(|i| f.inspection_id == i))
            .filter(|f| area.is_none_or(|a| f.practice_area_id == a))
            .filter(|f| kind.is_none_or(|k| f.kind == k))
            .collect();
        match sort {
            "kind" => rows.sort_by(|a, b| a.kind.cmp(&b.kind).then(natural(&a.reference, &b.reference))),
            _ => rows.sort_by(|a, b| natural(&a.reference, &b.reference).then(a.id.cmp(&b.id))),
        }
        rows
    }
}

impl JsonRecord for Findings {
    const FIELDS: &'static [Field] = &[
        Field::required("inspection_id", Ty::Id, "The inspection that found it"),
        Field::required("practice_area_id", Ty::Id, "The practice area it belongs to"),
        Field::required("kind", Ty::Choice(FindingKind::NAMES), "Kind of finding"),
        Field::required("reference", Ty::Text, "Reference, such as APA1 or R3"),
        Field::required("text", Ty::Text, "What the inspectors wrote"),
    ];

    fn answer(row: &FindingRow) -> answers::Finding {
        row.into()
    }

    fn parse(b: Body, context: &Context) -> Result<Self::Input, FieldErrors> {
        let draft = FindingDraft {
            inspection_id: b.id("inspection_id"),
            practice_area_id: b.id("practice_area_id"),
            kind: b.choice("kind"),
            reference: b.text("reference"),
            text: b.text("text"),
        };
        parse(b.errors, draft, context).map(|finding| (finding, None))
    }
}

pub use crate::records::Areas;

const RULE_OVERRIDES: [&str; 6] = [
    "evidence_window_months",
    "evidence_min_items",
    "evidence_min_kinds",
    "results_window_months",
    "results_min_count",
    "slipping_lookback_months",
];

impl Listed for Areas {
    type Item<'a> = &'a AreaRow;
    type Answer = answers::PracticeArea;
    const PATH: &'static str = "areas";
    const FILTERS: &'static [Field] =
        &[Field::optional("status", Ty::Choice(AreaStatus::NAMES), "Only areas with this status today")];
    const SORTS: &'static [&'static str] = &["name"];

    fn select<'a>(snapshot: &'a Snapshot, q: &Body, _: &str, today: NaiveDate) -> Vec<&'a AreaRow> {
        // A name the filter's choice did not allow matches no area.
        let status: Option<Option<AreaStatus>> = q.opt_text("status").map(|s| s.parse().ok());
        let verdicts = status.as_ref().map(|_| snapshot.verdicts(today));
        let mut rows: Vec<_> = snapshot
            .plan
            .areas
            .iter()
            .filter(|a| match (&status, &verdicts) {
                (Some(s), Some(v)) => v.get(&a.id).is_some_and(|v| Some(v.status) == *s),
                _ => true,
            })
            .collect();
        rows.sort_by(|a, b| by_text(&a.name, &b.name).then(a.id.cmp(&b.id)));
        rows
    }
}

impl JsonRecord for Areas {
    const FIELDS: &'static [Field] = &[
        Field::required("name", Ty::Text, "Name"),
        Field::optional("description", Ty::Text, "What the area covers"),
        Field::optional("lead_owner_id", Ty::Id, "The owner who leads it"),
        Field::optional("evidence_window_months", Ty::Integer, "Override: months of evidence counted"),
        Field::optional("evidence_min_items", Ty::Integer, "Override: verified evidence items needed"),
        Field::optional("evidence_min_kinds", Ty::Integer, "Override: kinds of evidence needed"),
        Field::optional("results_window_months", Ty::Integer, "Override: months of results counted"),
        Field::optional("results_min_count", Ty::Integer, "Override: results needed"),
        Field::optional("slipping_lookback_months", Ty::Integer, "Override: months looked back for slipping"),
    ];

    fn answer(row: &AreaRow) -> answers::PracticeArea {
        row.into()
    }

    fn parse(b: Body, context: &Context) -> Result<Self::Input, FieldErrors> {
        let [ew, ei, ek, rw, rc, sl] = RULE_OVERRIDES.map(|name| b.int(name));
        let input = AreaInput {
            name: b.text("name"),
            description: b.text("description"),
            lead_owner_id: b.id("lead_owner_id"),
            evidence_window_months: ew,
            evidence_min_items: ei,
            evidence_min_kinds: ek,
            results_window_months: rw,
            results_min_count: rc,
            slipping_lookback_months: sl,
        };
        finish(b.errors, input, context)
    }
}

pub use crate::records::Owners;

impl Listed for Owners {
    type Item<'a> = &'a OwnerRow;
    type Answer = answers::Owner;
    const PATH: &'static str = "owners";
    const FILTERS: &'static [Field] = &[Field::optional("team", Ty::Text, "Only this team or agency")];
    const SORTS: &'static [&'static str] = &["name", "team"];

    fn select<'a>(snapshot: &'a Snapshot, q: &Body, sort: &str, _: NaiveDate) -> Vec<&'a OwnerRow> {
        let team = q.opt_text("team").map(|t| t.trim().to_lowercase());
        let mut rows: Vec<_> = snapshot
            .plan
            .owners
            .values()
            .filter(|o| o.archived_at.is_none())
            .filter(|o| team.as_ref().is_none_or(|t| o.team.trim().to_lowercase() == *t))
            .collect();
        match sort {
            "team" => rows.sort_by(|a, b| by_text(&a.team, &b.team).then(by_text(&a.label(), &b.label()))),
            _ => rows.sort_by(|a, b| by_text(&a.label(), &b.label()).then(a.id.cmp(&b.id))),
        }
        rows
    }
}

impl JsonRecord for Owners {
    const FIELDS: &'static [Field] = &[
        Field::optional("name", Ty::Text, "Name (a name or a job title is needed)"),
        Field::optional("job_title", Ty::Text, "Job title"),
        Field::optional("team", Ty::Text, "Team, or partner agency"),
        Field::optional("email", Ty::Text, "Email address"),
        Field::optional("user_id", Ty::Id, "The user account of this person, if any"),
    ];

    fn answer(row: &OwnerRow) -> answers::Owner {
        row.into()
    }

    fn parse(b: Body, context: &Context) -> Result<Self::Input, FieldErrors> {
        let input = OwnerInput {
            name: b.text("name"),
            job_title: b.text("job_title"),
            team: b.text("team"),
            email: b.opt_text("email"),
            user_id: b.id("user_id"),
        };
        finish(b.errors, input, context)
    }
}
