//! Writes a demo authority, normal or large, through the repository functions,
//! so it is validated and recorded in change history like anything a person enters.

use super::data::{DemoAttachment, DemoAuthority, DemoSignOff};
use super::progress::{Progress, Quiet};
use super::scale::{authority, Scale};
use crate::db::attachments::NewAttachment;
use crate::db::{actions, areas, evidence, findings, inspections, measures, owners, users};
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::commentary::CommentaryInput;
use crate::domain::council::CouncilInput;
use crate::domain::evidence::{
    EvidenceInput, MeasureInput, MeasureShape, MeasuredResult, RecalculationInput, ResultInput, Review,
};
use crate::domain::history::Entity;
use crate::domain::ids::{ActionId, AreaId, FindingId, OwnerId, UserId};
use crate::domain::kinds::{ActionState, ReviewState, SignOffDecision};
use crate::domain::plan::{ActionInput, AreaInput, FindingInput, JudgementInput, OwnerInput, UpdateInput};
use crate::domain::sign_off::SignOffInput;
use crate::domain::upload::check_upload;
use crate::domain::users::UserInput;
use crate::domain::valid::{Context, Valid, Validate};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::HashMap;

fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN))
}

fn valid<T: Validate>(input: T, ctx: &Context) -> Result<Valid<T>, DbError> {
    input.validate(ctx).map_err(DbError::Invalid)
}

/// Loads the demo as at `as_at` into an empty database, in one transaction.
/// Every timestamp is derived from the date, so the same date gives the same data.
pub fn load(conn: &mut DbConnection, as_at: NaiveDate) -> Result<String, DbError> {
    load_scaled(conn, Scale::Normal, as_at, &mut Quiet)
}

/// Loads the large demo authority as at `as_at` into an empty database, in one transaction.
pub fn load_large(conn: &mut DbConnection, as_at: NaiveDate) -> Result<String, DbError> {
    load_scaled(conn, Scale::Large, as_at, &mut Quiet)
}

/// Loads the demo of a scale, telling `progress` as it goes: one step per
/// user, owner, area, inspection, finding, action, evidence item and measure.
pub fn load_scaled(
    conn: &mut DbConnection,
    scale: Scale,
    as_at: NaiveDate,
    progress: &mut dyn Progress,
) -> Result<String, DbError> {
    let demo = authority(scale, as_at);
    progress.start(steps(&demo));
    crate::db::connection::write_transaction(conn, |c| {
        council(c, scale, as_at)?;
        write(c, &demo, progress)
    })
}

/// Names the council after the demo authority, so every page and report
/// shows it, with the number of the real council whose published figures it
/// shows (the demo authority has none); its colour stays as it was.
fn council(c: &mut DbConnection, scale: Scale, as_at: NaiveDate) -> Result<(), DbError> {
    let system = Actor::system("demo loader");
    let system = system.clone().at(at(as_at, 8).min(system.at));
    let colour = crate::db::council::find(c)?.map(|row| row.colour);
    let mut input = CouncilInput::defaults(Some(scale.authority_name()), colour.as_deref());
    input.la_number = Some(scale.compared_with().to_string());
    crate::db::council::replace(c, &system, &valid(input, &Context::for_today(as_at))?)?;
    Ok(())
}

/// A leader's decision on a demo action, recorded on the day it was made so
/// that an action signed off the day it was completed counts from then, and
/// every past date's verdict stays as the demo promises.
fn sign_off(
    c: &mut DbConnection,
    as_user: &dyn Fn(&str) -> Actor,
    row: &crate::db::actions::ActionRow,
    decision: &DemoSignOff,
    ctx: &Context,
) -> Result<(), DbError> {
    let (on, by, decision, note) = match decision {
        DemoSignOff::Signed { on, by_email, note } => (*on, by_email, SignOffDecision::SignedOff, note),
        DemoSignOff::Returned { on, by_email, reason, .. } => (*on, by_email, SignOffDecision::Returned, reason),
        DemoSignOff::None | DemoSignOff::Awaiting => return Ok(()),
    };
    if row.state != ActionState::Completed {
        return Ok(());
    }
    let leader = as_user(by);
    let leader = leader.clone().at(at(on, 12).min(leader.at));
    let input = valid(SignOffInput { decision, note: note.clone() }, ctx)?;
    crate::db::sign_offs::decide(c, &leader, row.id, row.version, &input)?;
    Ok(())
}

/// How many steps a load of `demo` reports.
fn steps(demo: &DemoAuthority) -> u64 {
    let findings: usize = demo.inspections.iter().map(|i| i.findings.len()).sum();
    let per_area: usize = demo.areas.iter().map(|a| a.actions.len() + a.evidence.len() + a.measures.len()).sum();
    let total = demo.users.len() + demo.owners.len() + demo.areas.len() + demo.inspections.len() + findings + per_area;
    u64::try_from(total).unwrap_or(u64::MAX)
}

/// The largest demo file: the default upload limit (the demo's are a few kilobytes).
const FILE_LIMIT: usize = 20 * 1024 * 1024;

/// A demo file checked as an upload would be, so it is stored with the media
/// type its bytes show.
fn attachment(file: &DemoAttachment) -> Result<NewAttachment, DbError> {
    let checked = check_upload("files", &file.file_name, &file.content, FILE_LIMIT).map_err(DbError::Invalid)?;
    Ok(NewAttachment {
        file_name: checked.file_name,
        media_type: checked.media_type.to_string(),
        content: file.content.clone(),
    })
}

fn write(c: &mut DbConnection, demo: &DemoAuthority, progress: &mut dyn Progress) -> Result<String, DbError> {
    // Stamped at 08:00 on the "as at" day, or now if that is still to come, so
    // that nothing a user does after loading sorts before the demo's changes.
    let system = Actor::system("demo loader");
    let stamp = at(demo.as_at, 8).min(system.at);
    let system = system.at(stamp);
    // The demo is checked like anything a person enters, with its "as at" date as today.
    let ctx = Context::for_today(demo.as_at);
    let mut user_ids: HashMap<String, (UserId, String)> = HashMap::new();
    for user in &demo.users {
        let row = users::create(
            c,
            &system,
            &valid(
                UserInput { email: user.email.clone(), display_name: user.display_name.clone(), role: user.role },
                &ctx,
            )?,
            None,
        )?;
        user_ids.insert(user.email.clone(), (row.id, row.display_name.clone()));
        progress.advance("users", 1);
    }
    // Every change is recorded at the moment of loading, so change history reads
    // in order; the dates of updates and reviews are in their own fields.
    let as_user = |email: &str| match user_ids.get(email) {
        Some((id, name)) => Actor::user(*id, name).at(system.at),
        None => system.clone(),
    };

    let user_of_owner: HashMap<&str, &str> =
        demo.users.iter().filter_map(|u| Some((u.owner_key.as_deref()?, u.email.as_str()))).collect();
    let mut owner_ids: HashMap<&str, OwnerId> = HashMap::new();
    for owner in &demo.owners {
        let linked = user_of_owner.get(owner.key.as_str()).and_then(|email| user_ids.get(*email));
        let row = owners::create(
            c,
            &system,
            &valid(
                OwnerInput {
                    name: owner.name.clone(),
                    job_title: owner.job_title.clone(),
                    team: owner.team.clone(),
                    email: owner.email.clone(),
                    user_id: linked.map(|(id, _)| *id),
                },
                &ctx,
            )?,
        )?;
        owner_ids.insert(&owner.key, row.id);
        progress.advance("owners", 1);
    }

    let mut area_ids: HashMap<&str, AreaId> = HashMap::new();
    for area in &demo.areas {
        let row = areas::create(
            c,
            &system,
            &valid(
                AreaInput {
                    name: area.name.clone(),
                    description: area.description.clone(),
                    lead_owner_id: owner_ids.get(area.lead_owner_key.as_str()).copied(),
                    ..AreaInput::default()
                },
                &ctx,
            )?,
        )?;
        area_ids.insert(&area.key, row.id);
        progress.advance("practice areas", 1);
    }

    let mut finding_ids: HashMap<&str, FindingId> = HashMap::new();
    for inspection in &demo.inspections {
        let row = inspections::create(c, &system, &valid(inspection.details.clone(), &ctx)?)?;
        for (area, grade) in &inspection.judgements {
            inspections::judgement::create(
                c,
                &system,
                &valid(JudgementInput { inspection_id: row.id, area: area.clone(), grade: *grade }, &ctx)?,
            )?;
        }
        for finding in &inspection.findings {
            let practice_area_id = *area_ids
                .get(finding.area_key.as_str())
                .ok_or(DbError::NotFound { entity: Entity::PracticeArea, id: 0 })?;
            let f = findings::create(
                c,
                &system,
                &valid(
                    FindingInput {
                        inspection_id: row.id,
                        practice_area_id,
                        kind: finding.kind,
                        reference: finding.reference.clone(),
                        text: finding.text.clone(),
                    },
                    &ctx,
                )?,
            )?;
            finding_ids.insert(&finding.key, f.id);
            progress.advance("findings", 1);
        }
        progress.advance("inspections", 1);
    }

    let (mut action_count, mut evidence_count, mut measure_count, mut result_count) = (0, 0, 0, 0);
    let mut attachment_count = 0;
    let mut action_ids: HashMap<&str, ActionId> = HashMap::new();
    for area in &demo.areas {
        let area_id = area_ids[area.key.as_str()];
        for action in &area.actions {
            let row = actions::create(
                c,
                &system,
                &valid(
                    ActionInput {
                        reference: action.reference.clone(),
                        title: action.title.clone(),
                        description: action.description.clone(),
                        owner_id: owner_ids.get(action.owner_key.as_str()).copied(),
                        practice_area_id: area_id,
                        start_date: action.start_date,
                        due_date: action.due_date,
                        completed_date: match &action.sign_off {
                            DemoSignOff::Returned { completed, .. } => Some(*completed),
                            _ => action.completed_date,
                        },
                        state: match &action.sign_off {
                            DemoSignOff::Returned { .. } => ActionState::Completed,
                            _ => action.state,
                        },
                        success_measure: action.success_measure.clone(),
                    },
                    &ctx,
                )?,
            )?;
            action_count += 1;
            action_ids.insert(&action.reference, row.id);
            for key in &action.finding_keys {
                if let Some(finding_id) = finding_ids.get(key.as_str()) {
                    actions::link_finding(c, &system, row.id, *finding_id)?;
                }
            }
            for update in &action.updates {
                actions::add_update(
                    c,
                    &as_user(&update.author_email),
                    &valid(
                        UpdateInput {
                            action_id: row.id,
                            update_date: update.date,
                            rag: update.rag,
                            note: update.note.clone(),
                        },
                        &ctx,
                    )?,
                    |_| true,
                )?;
            }
            sign_off(c, &as_user, &row, &action.sign_off, &ctx)?;
            progress.advance("actions", 1);
        }
        for item in &area.evidence {
            let files = item.attachments.iter().map(attachment).collect::<Result<Vec<_>, _>>()?;
            attachment_count += files.len();
            // Items waiting on a review or on their author were added by the QA manager,
            // so the review queue shows who added each.
            let adder =
                if item.review == ReviewState::Draft { as_user(super::data::CONTRIBUTOR) } else { system.clone() };
            let row = evidence::create(
                c,
                &adder,
                &valid(
                    EvidenceInput {
                        title: item.title.clone(),
                        kind: item.kind,
                        description: item.description.clone(),
                        observed_on: item.observed_on,
                        period_start: item.period.map(|p| p.0),
                        period_end: item.period.map(|p| p.1),
                        practice_area_id: area_id,
                    },
                    &ctx,
                )?,
                &files,
            )?;
            evidence_count += 1;
            let decision = match (item.review, &item.rejection_reason, &item.return_reason) {
                (ReviewState::Verified, _, _) => Some(valid(Review::Verify, &ctx)?),
                (ReviewState::Rejected, reason, _) => {
                    Some(valid(Review::Reject { reason: reason.clone().unwrap_or_default() }, &ctx)?)
                }
                (ReviewState::Draft, _, Some(reason)) => Some(valid(Review::Return { reason: reason.clone() }, &ctx)?),
                (ReviewState::Draft, _, None) => None,
            };
            if let (Some(decision), Some(on)) = (decision, item.reviewed_on) {
                let reviewer = as_user(item.reviewer_email.as_deref().unwrap_or(""));
                evidence::review(c, &reviewer, row.id, row.version, &decision, on)?;
            }
            let finding_links: Vec<FindingId> =
                item.finding_keys.iter().filter_map(|k| finding_ids.get(k.as_str()).copied()).collect();
            let action_links: Vec<ActionId> =
                item.action_refs.iter().filter_map(|r| action_ids.get(r.as_str()).copied()).collect();
            if !finding_links.is_empty() || !action_links.is_empty() {
                evidence::link(c, &system, row.id, &finding_links, &action_links)?;
            }
            progress.advance("evidence", 1);
        }
        for measure in &area.measures {
            let row = measures::create(
                c,
                &system,
                &valid(
                    MeasureInput {
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
                        published_indicator_code: measure.published_indicator.map(str::to_string),
                    },
                    &ctx,
                )?,
            )?;
            measure_count += 1;
            for point in &measure.recalculation_points {
                let point = RecalculationInput {
                    measure_id: row.id,
                    starts_on: *point,
                    reason: "Known change in practice".into(),
                };
                measures::add_recalculation(c, &system, &valid(point, &ctx)?)?;
            }
            for result in &measure.results {
                let input = ResultInput {
                    measure_id: row.id,
                    period_end: result.period_end,
                    value: Some(result.value),
                    grades: result.grades,
                    sample_size: result.sample_size.and_then(|n| i32::try_from(n).ok()),
                    note: result.note.clone(),
                };
                let shape = MeasureShape { kind: row.kind, unit: row.unit };
                let checked = MeasuredResult::check(input, shape, &ctx).map_err(DbError::Invalid)?;
                measures::create_result(c, &system, &checked)?;
                result_count += 1;
            }
            progress.advance("measures", 1);
        }
    }
    let leader = demo.users.iter().find(|u| u.role == crate::domain::kinds::Role::Leader);
    write_commentary(c, demo, &area_ids, &leader.map_or(system.clone(), |u| as_user(&u.email)))?;
    let requests = super::requests::ask(c, &as_user(leader.map_or("", |u| u.email.as_str())), demo.as_at, &owner_ids)?;
    let finding_count: usize = demo.inspections.iter().map(|i| i.findings.len()).sum();
    let files = if attachment_count > 0 { format!(" ({attachment_count} files attached)") } else { String::new() };
    Ok(format!(
        "{} practice areas, {finding_count} findings from {} inspections, {action_count} actions, \
         {evidence_count} evidence items{files}, {measure_count} measures, {result_count} results, \
         {requests} requests for evidence, {} owners, {} users",
        demo.areas.len(),
        demo.inspections.len(),
        demo.owners.len(),
        demo.users.len()
    ))
}

/// The leaders' commentary for the report as at the demo's date, written by
/// the demo's leader.
fn write_commentary(
    c: &mut DbConnection,
    demo: &DemoAuthority,
    area_ids: &HashMap<&str, AreaId>,
    leader: &Actor,
) -> Result<(), DbError> {
    if demo.commentary.is_empty() {
        return Ok(());
    }
    let text_of = |key: Option<&str>| {
        demo.commentary.iter().find(|(k, _)| k.as_deref() == key).map(|(_, t)| t.clone()).unwrap_or_default()
    };
    let mut areas: Vec<(AreaId, String)> = area_ids.iter().map(|(key, id)| (*id, text_of(Some(key)))).collect();
    areas.sort_by_key(|(id, _)| *id);
    let input = CommentaryInput { overall: text_of(None), areas };
    let valid = valid(input, &Context::for_today(demo.as_at))?;
    crate::db::commentary::save(c, leader, demo.as_at, &valid, &Vec::new())
}
