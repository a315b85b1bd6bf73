//! Inspections by framework, on both backends: the inspection form offers the
//! judgement areas (and the overall grade) of the inspection's kind as they
//! stood on the day it started, and any other area by name.

use crate::common;
use crate::plan_fixture;

use plan_fixture::*;
use sustain::db::inspections;
use sustain::domain::frameworks::{CARE_LEAVERS, IN_CARE, IN_CARE_AND_CARE_LEAVERS, LEADERS};
use sustain::domain::ids::InspectionId;

/// An inspection form as the browser sends it: the kind, the dates, and the
/// framework its judgement areas were drawn for.
fn form(kind: &str, start: (i32, u32, u32), framework: &str, more: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = pairs(&[
        ("kind", kind),
        ("title", "Inspection"),
        ("inspectorate", "Ofsted"),
        ("judgement_framework", framework),
    ]);
    form.extend(date_fields("start_date", start));
    form.extend(date_fields("end_date", start));
    form.extend(pairs(more));
    form
}

/// The judgement areas a form page shows, in order.
fn areas_shown(html: &str) -> Vec<String> {
    html.match_indices(r#"-area" value=""#)
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].replace("&#39;", "'")
        })
        .collect()
}

on_both_backends! {
    async fn a_2019_standard_inspection_is_graded_on_the_areas_of_its_day(backend) {
        let (app, _) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let blank = page(&leader, &app, "/inspections/new", 200).await;
        assert!(areas_shown(&blank).is_empty(), "no areas before the kind and date are known");
        let asked = post(&app, &leader, "/inspections", &form("standard_inspection", (2019, 5, 13), "", &[])).await;
        assert_eq!(asked.status(), 422, "the form asks for the grades of the areas it now shows");
        let html = asked.text().await.unwrap();
        assert_eq!(areas_shown(&html), [LEADERS, "The experiences and progress of children who need help and protection", IN_CARE_AND_CARE_LEAVERS]);
        assert!(html.contains("judged children in care and care leavers together"), "{html}");
        assert!(html.contains(r#"name="overall_judgement""#), "2019 inspections had an overall grade");
        let graded = form("standard_inspection", (2019, 5, 13), "ilacs_2018", &[
            ("judgement-0-area", LEADERS), ("judgement-0", "good"),
            ("judgement-1-area", "The experiences and progress of children who need help and protection"), ("judgement-1", "good"),
            ("judgement-2-area", IN_CARE_AND_CARE_LEAVERS), ("judgement-2", "requires_improvement"),
            ("overall_judgement", "good"),
        ]);
        let saved = post(&app, &leader, "/inspections", &graded).await;
        assert_eq!(saved.status(), 303);
        let judged = inspections::judgement::for_inspection(&mut conn(&app), InspectionId(id_in(&saved))).unwrap();
        assert_eq!(judged.iter().map(|j| j.area.as_str()).collect::<Vec<_>>(), [LEADERS, "The experiences and progress of children who need help and protection", IN_CARE_AND_CARE_LEAVERS]);
    }
}

on_both_backends! {
    async fn from_2023_care_leavers_are_separate_and_from_april_2026_there_is_no_overall_grade(backend) {
        let (app, _) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let asked = post(&app, &leader, "/inspections", &form("standard_inspection", (2024, 2, 5), "", &[])).await;
        let html = asked.text().await.unwrap();
        let shown = areas_shown(&html);
        assert!(shown.contains(&IN_CARE.to_string()) && shown.contains(&CARE_LEAVERS.to_string()), "{shown:?}");
        assert!(!shown.contains(&IN_CARE_AND_CARE_LEAVERS.to_string()));
        assert!(html.contains(r#"name="overall_judgement""#));

        let asked = post(&app, &leader, "/inspections", &form("standard_inspection", (2026, 5, 11), "", &[])).await;
        assert_eq!(asked.status(), 422);
        let html = asked.text().await.unwrap();
        assert_eq!(areas_shown(&html).len(), 4, "the sub-judgements remain");
        assert!(!html.contains(r#"name="overall_judgement""#), "no overall grade is offered from April 2026");
        let graded = post(&app, &leader, "/inspections", &form("standard_inspection", (2026, 5, 11), "ilacs_2026", &[("overall_judgement", "good")])).await;
        assert_eq!(graded.status(), 422, "and none is taken");
        assert!(graded.text().await.unwrap().contains(r#"id="overall_judgement-error""#));
        let saved = post(&app, &leader, "/inspections", &form("standard_inspection", (2026, 5, 11), "ilacs_2026", &[("judgement-0-area", CARE_LEAVERS), ("judgement-0", "good")])).await;
        assert_eq!(saved.status(), 303);
        let edit = page(&leader, &app, &format!("/inspections/{}/edit", id_in(&saved)), 200).await;
        assert_eq!(areas_shown(&edit).len(), 4);
        assert!(!edit.contains(r#"name="overall_judgement""#));
    }
}

on_both_backends! {
    async fn a_focused_visit_offers_no_judgements_but_an_area_can_be_added_by_name(backend) {
        let (app, _) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let named = [("judgement-new-area", "Leadership of the front door"), ("judgement-new", "requires_improvement")];
        let saved = post(&app, &leader, "/inspections", &form("focused_visit", (2025, 3, 4), "", &named)).await;
        assert_eq!(saved.status(), 303, "nothing more to ask: a focused visit has no graded areas");
        let id = id_in(&saved);
        let judged = inspections::judgement::for_inspection(&mut conn(&app), InspectionId(id)).unwrap();
        assert_eq!(judged.iter().map(|j| j.area.as_str()).collect::<Vec<_>>(), ["Leadership of the front door"]);
        let edit = page(&leader, &app, &format!("/inspections/{id}/edit"), 200).await;
        assert_eq!(areas_shown(&edit), ["Leadership of the front door"], "only the area added by name");
        assert!(!edit.contains(r#"name="overall_judgement""#), "no overall grade for a focused visit");
        assert!(edit.contains("gives no graded judgements"));
    }
}
