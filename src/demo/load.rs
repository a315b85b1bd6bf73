//! Writes the demo authority through the repository functions, so it is
//! validated and recorded in change history like anything a person enters.

use super::data::{hartwell, DemoAuthority};
use crate::db::{actions, areas, evidence, findings, inspections, measures, owners, users};
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::evidence::{EvidenceInput, MeasureInput, ResultInput, Review};
use crate::domain::kinds::ReviewState;
use crate::domain::plan::{
    ActionInput, AreaInput, FindingInput, InspectionInput, JudgementInput, OwnerInput, UpdateInput,
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::connection::SimpleConnection;
use diesel::Connection;
use std::collections::HashMap;

fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN))
}

/// Loads the demo as at `as_at` into an empty database, in one transaction.
/// Every timestamp is derived from the date, so the same date gives the same data.
pub fn load(conn: &mut DbConnection, as_at: NaiveDate) -> Result<String, DbError> {
    let demo = hartwell(as_at);
    conn.transaction(|c| write(c, &demo))
}

fn write(c: &mut DbConnection, demo: &DemoAuthority) -> Result<String, DbError> {
    let system = Actor::system("demo loader").at(at(demo.as_at, 8));
    let mut user_ids: HashMap<String, (i64, String)> = HashMap::new();
    for user in &demo.users {
        let row = users::create(
            c,
            &system,
            &users::NewUser {
                email: user.email.clone(),
                display_name: user.display_name.clone(),
                role: user.role,
                password_hash: None,
            },
        )?;
        user_ids.insert(user.email.clone(), (row.id, row.display_name.clone()));
    }
    // Every change is recorded at the moment of loading, so change history reads
    // in order; the dates of updates and reviews are in their own fields.
    let as_user = |email: &str| match user_ids.get(email) {
        Some((id, name)) => Actor::user(*id, name).at(system.at),
        None => system.clone(),
    };

    let mut owner_ids: HashMap<&str, i64> = HashMap::new();
    for owner in &demo.owners {
        let linked = demo.users.iter().find(|u| u.owner_key == Some(owner.key)).and_then(|u| user_ids.get(&u.email));
        let row = owners::create(
            c,
            &system,
            &OwnerInput {
                name: owner.name.clone(),
                job_title: owner.job_title.clone(),
                team: owner.team.clone(),
                email: owner.email.clone(),
                user_id: linked.map(|(id, _)| *id),
            },
        )?;
        owner_ids.insert(owner.key, row.id);
    }

    let mut area_ids: HashMap<&str, i64> = HashMap::new();
    for area in &demo.areas {
        let row = areas::create(
            c,
            &system,
            &AreaInput {
                name: area.name.clone(),
                description: area.description.clone(),
                lead_owner_id: owner_ids.get(area.lead_owner_key).copied(),
                ..AreaInput::default()
            },
        )?;
        area_ids.insert(area.key, row.id);
    }

    let mut finding_ids: HashMap<&str, i64> = HashMap::new();
    for inspection in &demo.inspections {
        let row = inspections::create(
            c,
            &system,
            &InspectionInput {
                kind: inspection.kind,
                title: inspection.title.clone(),
                inspectorate: inspection.inspectorate.clone(),
                start_date: inspection.start_date,
                end_date: inspection.end_date,
                published_on: inspection.published_on,
                overall_judgement: inspection.overall_judgement,
                report_url: inspection.report_url.clone(),
                draft_plan_due: inspection.draft_plan_due,
                final_plan_due: inspection.final_plan_due,
            },
        )?;
        for (area, grade) in &inspection.judgements {
            inspections::judgement::create(
                c,
                &system,
                &JudgementInput { inspection_id: row.id, area: area.clone(), grade: *grade },
            )?;
        }
        for finding in &inspection.findings {
            let practice_area_id =
                *area_ids.get(finding.area_key).ok_or(DbError::NotFound { entity: "practice_area", id: 0 })?;
            let f = findings::create(
                c,
                &system,
                &FindingInput {
                    inspection_id: row.id,
                    practice_area_id,
                    kind: finding.kind,
                    reference: finding.reference.clone(),
                    text: finding.text.clone(),
                },
            )?;
            finding_ids.insert(finding.key, f.id);
        }
    }

    let (mut action_count, mut evidence_count, mut measure_count, mut result_count) = (0, 0, 0, 0);
    let mut action_ids: HashMap<String, i64> = HashMap::new();
    for area in &demo.areas {
        let area_id = area_ids[area.key];
        for action in &area.actions {
            let row = actions::create(
                c,
                &system,
                &ActionInput {
                    reference: action.reference.clone(),
                    title: action.title.clone(),
                    description: action.description.clone(),
                    owner_id: owner_ids.get(action.owner_key).copied(),
                    practice_area_id: area_id,
                    start_date: action.start_date,
                    due_date: action.due_date,
                    completed_date: action.completed_date,
                    state: action.state,
                    success_measure: action.success_measure.clone(),
                },
            )?;
            action_count += 1;
            action_ids.insert(action.reference.clone(), row.id);
            for key in &action.finding_keys {
                if let Some(finding_id) = finding_ids.get(key) {
                    actions::link_finding(c, &system, row.id, *finding_id)?;
                }
            }
            for update in &action.updates {
                actions::add_update(
                    c,
                    &as_user(&update.author_email),
                    &UpdateInput {
                        action_id: row.id,
                        update_date: update.date,
                        rag: update.rag,
                        note: update.note.clone(),
                    },
                )?;
            }
        }
        for item in &area.evidence {
            let row = evidence::create(
                c,
                &system,
                &EvidenceInput {
                    title: item.title.clone(),
                    kind: item.kind,
                    description: item.description.clone(),
                    observed_on: item.observed_on,
                    period_start: item.period.map(|p| p.0),
                    period_end: item.period.map(|p| p.1),
                    practice_area_id: area_id,
                },
            )?;
            evidence_count += 1;
            let decision = match (item.review, &item.rejection_reason) {
                (ReviewState::Verified, _) => Some(Review::Verify),
                (ReviewState::Rejected, reason) => Some(Review::Reject { reason: reason.clone().unwrap_or_default() }),
                (ReviewState::Draft, _) => None,
            };
            let mut version = row.version;
            if let (Some(decision), Some(on)) = (decision, item.reviewed_on) {
                let reviewer = as_user(item.reviewer_email.as_deref().unwrap_or(""));
                version = evidence::review(c, &reviewer, row.id, version, &decision, on)?.version;
            }
            let _ = version;
            let finding_links: Vec<i64> =
                item.finding_keys.iter().filter_map(|k| finding_ids.get(k).copied()).collect();
            let action_links: Vec<i64> = item.action_refs.iter().filter_map(|r| action_ids.get(r).copied()).collect();
            if !finding_links.is_empty() || !action_links.is_empty() {
                evidence::link(c, &system, row.id, &finding_links, &action_links)?;
            }
        }
        for measure in &area.measures {
            let row = measures::create(
                c,
                &system,
                &MeasureInput {
                    practice_area_id: area_id,
                    name: measure.name.clone(),
                    description: measure.description.clone(),
                    kind: measure.kind,
                    unit: measure.unit,
                    direction: measure.direction,
                    target: measure.target,
                    frequency: measure.frequency,
                    is_key: measure.key,
                    baseline_points: None,
                    screen_moving_ranges: true,
                },
            )?;
            measure_count += 1;
            for point in &measure.recalculation_points {
                measures::add_recalculation(c, &system, row.id, *point, "Known change in practice")?;
            }
            for result in &measure.results {
                measures::create_result(
                    c,
                    &system,
                    &ResultInput {
                        measure_id: row.id,
                        period_end: result.period_end,
                        value: Some(result.value),
                        grades: result.grades,
                        sample_size: result.sample_size.and_then(|n| i32::try_from(n).ok()),
                        note: result.note.clone(),
                    },
                )?;
                result_count += 1;
            }
        }
    }
    Ok(format!(
        "{} practice areas, {action_count} actions, {evidence_count} evidence items, {measure_count} measures, {result_count} results, {} users",
        demo.areas.len(),
        demo.users.len()
    ))
}

/// Deletes every row of every table (for `demo --replace`), children first.
pub fn clear(conn: &mut DbConnection) -> Result<(), DbError> {
    conn.transaction(|c| {
        if matches!(c, DbConnection::Postgres(_)) {
            // Restarting the sequences makes a reloaded demo get the same ids.
            c.batch_execute(
                "TRUNCATE sign_in_attempts, change_history, results, recalculation_points, measures, attachments, \
                 evidence_actions, evidence_findings, evidence, action_updates, finding_actions, actions, \
                 findings, judgements, inspections, practice_areas, owners, users RESTART IDENTITY",
            )?;
            return Ok(());
        }
        c.batch_execute(
            "DELETE FROM sign_in_attempts; DELETE FROM change_history; DELETE FROM results; DELETE FROM recalculation_points; \
             DELETE FROM measures; DELETE FROM attachments; DELETE FROM evidence_actions; \
             DELETE FROM evidence_findings; DELETE FROM evidence; DELETE FROM action_updates; \
             DELETE FROM finding_actions; DELETE FROM actions; DELETE FROM findings; \
             DELETE FROM judgements; DELETE FROM inspections; DELETE FROM practice_areas; \
             DELETE FROM owners; DELETE FROM users; DELETE FROM sqlite_sequence;",
        )?;
        Ok(())
    })
}
