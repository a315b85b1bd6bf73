//! Changing evidence items and their links; adding one (with files) is in
//! `web::evidence`, which shares this reading and checking of the form.

use super::crud::{Resource, View};
use super::{choice_groups, id_strings};
use crate::db::evidence::{EvidenceRow, Links};
use crate::db::{DbConnection, DbError};
use crate::domain::drafts::evidence::EvidenceDraft;
use crate::domain::evidence::EvidenceInput;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{ActionId, AreaId, FindingId};
use crate::domain::status::Rules;
use crate::domain::valid::{parse, Context, Valid};
use crate::read::archived::RecordKind;
use crate::read::form_choices;
use crate::read::plan::PlanIndex;
use crate::records::count;
use crate::views::evidence::VerificationValues;
use crate::views::fields::DateInput;
use crate::views::forms::archive::ArchiveNotes;
use crate::views::forms::evidence::{evidence_form, EvidenceChoices, EvidenceValues};
use crate::web::forms::{ids, optional_choice, optional_date, optional_id, FormSource, RawForm};
use maud::Markup;

pub use crate::records::Evidence;

/// Reads the evidence form from either encoding.
pub fn read_values(form: &impl FormSource) -> EvidenceValues {
    EvidenceValues {
        title: form.text("title"),
        kind: form.text("kind"),
        practice_area_id: form.text("practice_area_id"),
        observed_on: form.date("observed_on"),
        period_start: form.date("period_start"),
        period_end: form.date("period_end"),
        description: form.text("description"),
        finding_ids: form.all("finding_ids"),
        action_ids: form.all("action_ids"),
        verification: VerificationValues {
            on: form.date("verified_on"),
            by: form.text("verified_by"),
            by_name: form.text("verified_by_name"),
        },
        request_id: form.text("request_id"),
    }
}

/// What the form offers for these values (the chosen area's actions).
pub fn choices_for(conn: &mut DbConnection, plan: &PlanIndex, v: &EvidenceValues) -> Result<EvidenceChoices, DbError> {
    let area: Option<AreaId> = v.practice_area_id.trim().parse().ok();
    let actions: Vec<ActionId> = v.action_ids.iter().filter_map(|a| a.trim().parse().ok()).collect();
    let findings: Vec<FindingId> = v.finding_ids.iter().filter_map(|f| f.trim().parse().ok()).collect();
    Ok(EvidenceChoices {
        areas: form_choices::areas(plan),
        actions: choice_groups(form_choices::actions_by_area(conn, plan, area, &actions)?),
        findings: choice_groups(form_choices::findings_by_inspection(conn, plan, &findings)?),
        upload_limit: None,
        verifiers: None,
        requests: Vec::new(),
    })
}

/// Checks the form, with problems found elsewhere (the files) reported too.
pub fn parse_with(
    mut errors: FieldErrors,
    v: &EvidenceValues,
    context: &Context,
) -> Result<(Valid<EvidenceInput>, Links), FieldErrors> {
    let draft = EvidenceDraft {
        title: v.title.clone(),
        kind: optional_choice(&mut errors, "kind", "what kind of evidence it is", &v.kind),
        description: v.description.clone(),
        observed_on: optional_date(&mut errors, "observed_on", "Date the practice was observed", &v.observed_on),
        period_start: optional_date(&mut errors, "period_start", "Start of the period", &v.period_start),
        period_end: optional_date(&mut errors, "period_end", "End of the period", &v.period_end),
        practice_area_id: optional_id(&mut errors, "practice_area_id", &v.practice_area_id),
    };
    let answers = optional_id(&mut errors, "request_id", &v.request_id).map(|r| (r, context.today));
    let links = Links {
        finding_ids: ids(&mut errors, "finding_ids", &v.finding_ids),
        action_ids: ids(&mut errors, "action_ids", &v.action_ids),
        answers,
    };
    Ok((parse(errors, draft, context)?, links))
}

impl Resource for Evidence {
    type Values = EvidenceValues;
    type Choices = EvidenceChoices;

    const KIND: RecordKind = RecordKind::Evidence;

    fn read(form: &RawForm) -> EvidenceValues {
        read_values(form)
    }

    fn blank(query: &RawForm) -> EvidenceValues {
        EvidenceValues { practice_area_id: query.text("area"), ..Default::default() }
    }

    fn values_of(conn: &mut DbConnection, row: &EvidenceRow) -> Result<EvidenceValues, DbError> {
        let links = crate::db::evidence::links_of(conn, row.id)?;
        Ok(EvidenceValues {
            title: row.title.clone(),
            kind: row.kind.as_str().into(),
            practice_area_id: row.practice_area_id.to_string(),
            observed_on: DateInput::of(Some(row.observed_on)),
            period_start: DateInput::of(row.period_start),
            period_end: DateInput::of(row.period_end),
            description: row.description.clone(),
            finding_ids: id_strings(&links.finding_ids),
            action_ids: id_strings(&links.action_ids),
            verification: VerificationValues::default(),
            request_id: String::new(),
        })
    }

    fn choices(
        conn: &mut DbConnection,
        plan: &PlanIndex,
        v: &EvidenceValues,
        _: &Rules,
    ) -> Result<EvidenceChoices, DbError> {
        choices_for(conn, plan, v)
    }

    fn parse(v: &EvidenceValues, context: &Context) -> Result<Self::Input, FieldErrors> {
        // Verification is recorded in review, not on the item's form.
        parse_with(FieldErrors::new(), v, context).map(|(input, links)| (input, links, None))
    }

    fn page(view: View<'_, Self>) -> Markup {
        evidence_form(view)
    }

    fn archive_notes(plan: &PlanIndex, row: &EvidenceRow) -> ArchiveNotes {
        let files = plan.attachments.get(&row.id).map_or(0, <[_]>::len);
        let links = plan.findings_of_evidence.get(&row.id).map_or(0, <[_]>::len)
            + plan.actions_of_evidence.get(&row.id).map_or(0, <[_]>::len);
        ArchiveNotes {
            stays: vec![
                format!("Its {}, its review and its change history.", count(files, "file")),
                format!("Its {} to findings and actions.", count(links, "link")),
            ],
            changes: vec![
                "It leaves the evidence library and no longer counts towards whether practice has changed in its area."
                    .into(),
            ],
            blocked: None,
        }
    }
}
