//! Recording and changing inspections, with their judgements.

use super::crud::{Resource, View};
use crate::db::inspections::{self, InspectionRow};
use crate::db::{DbConnection, DbError};
use crate::domain::dates::long_date;
use crate::domain::drafts::plan::InspectionDraft;
use crate::domain::fields::FieldErrors;
use crate::domain::frameworks::Framework;
use crate::domain::kinds::{Grade, InspectionKind};
use crate::domain::plan::LINE_MAX;
use crate::domain::status::Rules;
use crate::domain::valid::{parse, Context};
use crate::read::archived::RecordKind;
use crate::read::plan::PlanIndex;
use crate::records::count;
use crate::views::fields::DateInput;
use crate::views::forms::archive::ArchiveNotes;
use crate::views::forms::inspection::{inspection_form, InspectionValues};
use crate::web::forms::{choice, optional_choice, optional_date, FormSource, RawForm};
use maud::Markup;

pub use crate::records::Inspections;

/// The most judgement areas one form carries.
const MAX_JUDGEMENTS: usize = 20;

/// The framework an inspection of the typed kind and start date was judged
/// under, when both can be read.
fn framework_of(kind: &str, start: &DateInput) -> Option<Framework> {
    Some(Framework::of(kind.trim().parse().ok()?, start.date()?))
}

/// The form's judgement rows for `framework`: every graded row and every area
/// added by name are kept; ungraded rows another framework offered are
/// dropped, and the framework's own areas are added.
fn rows_for(framework: Option<Framework>, typed: Vec<(String, String)>) -> Vec<(String, String)> {
    let Some(framework) = framework else { return typed };
    let ungraded = |grade: &str| matches!(grade.trim(), "" | "none");
    let mut rows: Vec<(String, String)> = typed
        .into_iter()
        .filter(|(area, grade)| {
            !ungraded(grade) || !Framework::is_offered(area) || framework.areas().contains(&area.as_str())
        })
        .collect();
    for area in framework.areas() {
        if !rows.iter().any(|(a, _)| a == area) {
            rows.push((area.to_string(), String::new()));
        }
    }
    rows
}

impl Resource for Inspections {
    type Values = InspectionValues;
    type Choices = ();

    const KIND: RecordKind = RecordKind::Inspection;

    fn read(form: &RawForm) -> InspectionValues {
        let judgements: Vec<(String, String)> = (0..MAX_JUDGEMENTS)
            .map_while(|i| {
                let area = form.all(&format!("judgement-{i}-area")).into_iter().next()?;
                Some((area, form.text(&format!("judgement-{i}"))))
            })
            .collect();
        let (new_area, new_grade) = (form.text("judgement-new-area"), form.text("judgement-new"));
        let (kind, start_date) = (form.text("kind"), form.date("start_date"));
        let framework = framework_of(&kind, &start_date);
        // A form drawn for other areas (the kind or date changed, or a new form
        // before either was given) is shown again with this framework's areas.
        let shown = form.has("judgement_framework").then(|| form.text("judgement_framework"));
        let areas_changed = match (shown, framework) {
            (Some(shown), Some(now)) if shown != now.key() => {
                let before = Framework::from_key(&shown);
                let new_areas = now.areas().iter().any(|a| !judgements.iter().any(|(shown, _)| shown == a));
                new_areas
                    || (now.grades_overall() && !before.is_some_and(Framework::grades_overall) && before.is_some())
            }
            _ => false,
        };
        InspectionValues {
            new_area,
            new_grade,
            framework: framework.map_or("", Framework::key).to_string(),
            areas_changed,
            judgements: rows_for(framework, judgements),
            kind,
            start_date,
            title: form.text("title"),
            inspectorate: form.text("inspectorate"),
            end_date: form.date("end_date"),
            published_on: form.date("published_on"),
            overall_judgement: form.text("overall_judgement"),
            report_url: form.text("report_url"),
            draft_plan_due: form.date("draft_plan_due"),
            final_plan_due: form.date("final_plan_due"),
        }
    }

    fn blank(_: &RawForm) -> InspectionValues {
        // The areas follow the kind and start date, which are not known yet.
        InspectionValues { inspectorate: "Ofsted".into(), ..Default::default() }
    }

    fn values_of(conn: &mut DbConnection, row: &InspectionRow) -> Result<InspectionValues, DbError> {
        let stored = inspections::judgement::for_inspection(conn, row.id)?;
        let framework = Framework::of(row.kind, row.start_date);
        let mut judgements: Vec<(String, String)> =
            framework.areas().iter().map(|a| (a.to_string(), String::new())).collect();
        for j in &stored {
            match judgements.iter_mut().find(|(area, _)| *area == j.area) {
                Some(slot) => slot.1 = j.grade.as_str().to_string(),
                None => judgements.push((j.area.clone(), j.grade.as_str().to_string())),
            }
        }
        for slot in judgements.iter_mut().filter(|(_, g)| g.is_empty()) {
            slot.1 = "none".into();
        }
        Ok(InspectionValues {
            kind: row.kind.as_str().into(),
            title: row.title.clone(),
            inspectorate: row.inspectorate.clone(),
            start_date: DateInput::of(Some(row.start_date)),
            end_date: DateInput::of(Some(row.end_date)),
            published_on: DateInput::of(row.published_on),
            overall_judgement: row.overall_judgement.map_or("none", Grade::as_str).to_string(),
            report_url: row.report_url.clone().unwrap_or_default(),
            draft_plan_due: DateInput::of(row.draft_plan_due),
            final_plan_due: DateInput::of(row.final_plan_due),
            judgements,
            framework: framework.key().to_string(),
            areas_changed: false,
            new_area: String::new(),
            new_grade: String::new(),
        })
    }

    fn choices(_: &mut DbConnection, _: &PlanIndex, _: &InspectionValues, _: &Rules) -> Result<(), DbError> {
        Ok(())
    }

    fn parse(v: &InspectionValues, context: &Context) -> Result<Self::Input, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = optional_choice(&mut errors, "kind", "what kind of visit or review it was", &v.kind);
        let start = optional_date(&mut errors, "start_date", "Start date", &v.start_date);
        let end = optional_date(&mut errors, "end_date", "End date", &v.end_date);
        let published_on = optional_date(&mut errors, "published_on", "Publication date", &v.published_on);
        let overall = match v.overall_judgement.trim() {
            "none" => None,
            raw => optional_choice(&mut errors, "overall_judgement", "an overall judgement, or no overall grade", raw),
        };
        let framework = Framework::from_key(&v.framework);
        if let (Some(framework), Some(_)) = (framework, overall) {
            if !framework.grades_overall() {
                errors.add("overall_judgement", format!("{} Choose \"No overall grade\".", framework.describe()));
            }
        }
        if v.areas_changed {
            if let (Some(framework), Some(kind), Some(start)) =
                (framework, v.kind.parse::<InspectionKind>().ok(), v.start_date.date())
            {
                errors.add(
                    "judgements",
                    format!(
                        "Choose a grade, or \"Not judged\", for each judgement area of a {} that started on {}. {}",
                        kind.label().to_lowercase(),
                        long_date(start),
                        framework.describe()
                    ),
                );
            }
        }
        let draft_plan_due = optional_date(&mut errors, "draft_plan_due", "Draft action plan due", &v.draft_plan_due);
        let final_plan_due = optional_date(&mut errors, "final_plan_due", "Final action plan due", &v.final_plan_due);
        let mut judged = Vec::new();
        for (i, (area, grade)) in v.judgements.iter().enumerate() {
            match grade.trim() {
                "" | "none" => judged.push((area.trim().to_string(), None)),
                raw => {
                    let field = format!("judgement-{i}");
                    let grade =
                        choice(&mut errors, &field, &format!("a grade for {}, or \"Not judged\"", area.trim()), raw);
                    judged.push((area.trim().to_string(), grade));
                }
            }
        }
        let unreadable = |area: &str| {
            area.is_empty()
                || area.chars().count() > crate::domain::plan::LINE_MAX
                || crate::domain::fields::refused_character(area, crate::domain::fields::TextKind::Line).is_some()
        };
        if judged.iter().any(|(area, _)| unreadable(area)) {
            errors.add("judgements", "A judgement area's name is missing or too long: reload the page and try again");
        }
        // An area added by name is checked as any typed name is, then kept like the others.
        let mut added = v.new_area.clone();
        errors.line("judgement-new-area", "the name of the judgement area", &mut added, LINE_MAX, false);
        if !added.is_empty() {
            let grade = match v.new_grade.trim() {
                "" | "none" => None,
                raw => choice(&mut errors, "judgement-new", &format!("a grade for {added}, or \"Not judged\""), raw),
            };
            judged.push((added, grade));
        }
        let draft = InspectionDraft {
            kind,
            title: v.title.clone(),
            inspectorate: v.inspectorate.clone(),
            start_date: start,
            end_date: end,
            published_on,
            overall_judgement: overall,
            report_url: Some(v.report_url.clone()),
            draft_plan_due,
            final_plan_due,
        };
        Ok((parse(errors, draft, context)?, Some(judged)))
    }

    fn page(view: View<'_, Self>) -> Markup {
        inspection_form(view)
    }

    fn archive_notes(plan: &PlanIndex, row: &InspectionRow) -> ArchiveNotes {
        let findings = plan.findings_of_inspection(row.id).count();
        ArchiveNotes {
            stays: vec![
                format!("Its {} and judgements, with their links to actions and evidence.", count(findings, "finding")),
                "Its change history.".into(),
            ],
            changes: vec![
                "It is no longer listed with the inspections, or counted in readiness for inspection.".into(),
                "Its findings stay on their practice areas until they are archived too.".into(),
            ],
            blocked: None,
        }
    }
}
