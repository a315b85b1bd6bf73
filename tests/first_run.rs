//! A council starting from nothing, over HTTP on both backends: the empty
//! dashboard's checklist, "Add ..." on every list for the roles that may add,
//! next steps that fill in their form and come back after saving, a notice
//! shown on exactly one page, and a share link's address never in a cookie.

use crate::common;
use crate::plan_fixture;

use common::TestApp;
use plan_fixture::*;
use sustain::domain::kinds::Role;

const ADMIN: &str = "admin@hartwell.example";

/// Whether a page links to `href` (as markup writes it, `&` as `&amp;`).
fn links_to(page: &str, href: &str) -> bool {
    page.contains(&format!("href=\"{}\"", href.replace('&', "&amp;")))
}

on_both_backends! {
    async fn the_empty_dashboard_lists_the_steps_of_setting_up_and_ticks_each_when_done(backend) {
        let app = TestApp::spawn_with(backend, |conn| {
            common::add_user(conn, ADMIN, Role::Admin, PASSWORD);
            common::add_user(conn, VIEWER, Role::Viewer, PASSWORD);
        })
        .await;
        let admin = signed_in(&app, ADMIN).await;
        let empty = page(&admin, &app, "/", 200).await;
        assert!(empty.contains("Set up your improvement plan") && empty.contains("0 of 7 steps done"));
        assert!(!empty.contains("Every area has the evidence and key measures the rules ask for."));
        assert!(!empty.contains("app-status-counts"), "no counts of areas that do not exist");
        for href in ["/council", "/inspections/new", "/areas/new", "/owners/new", "/actions/new", "/plan/import",
            "/measures/new", "/evidence/new"] {
            assert!(links_to(&empty, href), "the checklist links to {href}");
        }
        assert_eq!(empty.matches("Not done yet").count(), 7);

        let area = post(&app, &admin, "/areas", &pairs(&[("name", "Front door")])).await;
        assert_eq!(area.status(), 303);
        let version = sustain::db::council::find(&mut conn(&app)).unwrap().unwrap().version.to_string();
        let named = post(&app, &admin, "/council", &pairs(&[("version", &version), ("name", "Hartwell Borough Council"),
            ("colour", "#0b0c0c")])).await;
        assert_eq!(named.status(), 303);
        let after = page(&admin, &app, "/", 200).await;
        assert!(after.contains("2 of 7 steps done"), "council details and practice areas are ticked");
        assert_eq!(after.matches("Not done yet").count(), 5);
        assert!(after.contains("Front door") && !after.contains("There are no practice areas yet."));

        // A viewer sees where things stand, with no link to a page their role cannot open.
        let viewer = signed_in(&app, VIEWER).await;
        let theirs = page(&viewer, &app, "/", 200).await;
        assert!(theirs.contains("Set up your improvement plan"));
        for href in ["/council", "/areas/new", "/plan/import", "/evidence/new"] {
            assert!(!links_to(&theirs, href), "a viewer is not offered {href}");
        }
    }
}

on_both_backends! {
    async fn each_list_offers_add_to_the_roles_that_may_add_and_no_other(backend) {
        let (app, _) = app_with(backend).await;
        let lists = [
            ("/inspections", "/inspections/new", Role::Leader),
            ("/areas", "/areas/new", Role::Leader),
            ("/owners", "/owners/new", Role::Leader),
            ("/measures", "/measures/new", Role::Leader),
            ("/actions", "/actions/new", Role::Leader),
            ("/evidence", "/evidence/new", Role::Contributor),
        ];
        for (email, role) in [(VIEWER, Role::Viewer), (CONTRIBUTOR, Role::Contributor), (LEADER, Role::Leader)] {
            let client = signed_in(&app, email).await;
            for (list, add, least) in lists {
                let shown = page(&client, &app, list, 200).await;
                assert_eq!(links_to(&shown, add), role.includes(least), "{role} on {list}: {add}");
                let followed = client.get(app.url(add)).send().await.unwrap().status();
                assert_eq!(followed == 200, role.includes(least), "{role} following {add}");
            }
        }
    }
}

on_both_backends! {
    async fn next_steps_fill_in_their_form_and_come_back_after_saving(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let inspection_page = format!("/inspections/{}", plan.inspection);
        let shown = page(&leader, &app, &inspection_page, 200).await;
        let add_finding = format!("/findings/new?inspection={}&return={inspection_page}", plan.inspection);
        assert!(links_to(&shown, &add_finding) && shown.contains("Add a finding"));
        assert!(links_to(&shown, &format!("/inspections/{}/edit?return={inspection_page}", plan.inspection)));
        let form = page(&leader, &app, &add_finding, 200).await;
        assert!(form.contains(&format!("<option value=\"{}\" selected>", plan.inspection)), "the inspection is chosen");
        assert!(form.contains(&format!("name=\"return\" value=\"{inspection_page}\"")));
        let saved = post(&app, &leader, "/findings", &pairs(&[("inspection_id", &plan.inspection.to_string()),
            ("practice_area_id", &plan.area.to_string()), ("kind", "recommendation"), ("reference", "R7"),
            ("text", "Care leavers' pathway plans"), ("return", &inspection_page)])).await;
        assert_eq!(saved.status(), 303);
        assert_eq!(saved.headers()["location"], inspection_page.as_str(), "back to the inspection");
        let finding = sustain::db::findings::list(&mut conn(&app), sustain::db::Archived::Hide).unwrap()
            .into_iter().find(|f| f.reference == "R7").expect("the finding is saved").id;

        // The finding offers an action that answers it and evidence for it.
        let finding_page = format!("/findings/{finding}");
        let shown = page(&leader, &app, &finding_page, 200).await;
        let add_action = format!("/actions/new?finding={finding}&area={}&return={finding_page}", plan.area);
        let add_evidence = format!("/evidence/new?finding={finding}&return={finding_page}");
        assert!(links_to(&shown, &add_action) && links_to(&shown, &add_evidence));
        let form = page(&leader, &app, &add_action, 200).await;
        assert!(form.contains(&format!("value=\"{finding}\" checked")), "the finding is ticked");
        assert!(form.contains(&format!("<option value=\"{}\" selected>", plan.area)), "its area is chosen");
        let form = page(&leader, &app, &add_evidence, 200).await;
        assert!(form.contains(&format!("value=\"{finding}\" checked")), "the evidence speaks to the finding");
        let mut action = pairs(&[("reference", "7.1"), ("title", "Audit pathway plans"), ("state", "planned"),
            ("practice_area_id", &plan.area.to_string()), ("finding_ids", &finding.to_string()), ("return", &finding_page)]);
        action.extend(date_fields("due_date", (2030, 3, 31)));
        let saved = post(&app, &leader, "/actions", &action).await;
        assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
        assert_eq!(saved.headers()["location"], finding_page.as_str());
        assert!(page(&leader, &app, &finding_page, 200).await.contains("Audit pathway plans"));

        // An area offers an action, a measure and evidence, each filled in with it.
        let area_page = format!("/areas/{}", plan.area);
        let shown = page(&leader, &app, &area_page, 200).await;
        for add in ["/actions/new", "/measures/new", "/evidence/new"] {
            assert!(links_to(&shown, &format!("{add}?area={}&return={area_page}", plan.area)), "{add}");
        }
        // A viewer is offered none of it.
        let viewer = signed_in(&app, VIEWER).await;
        let theirs = page(&viewer, &app, &finding_page, 200).await;
        assert!(!links_to(&theirs, &add_action) && !links_to(&theirs, &add_evidence));
    }
}

on_both_backends! {
    async fn a_return_address_off_the_site_is_ignored(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        for hostile in ["https://evil.example/", "//evil.example/", "/\\evil.example", "/inspections\n/x"] {
            let form = page(&leader, &app, &format!("/areas/new?return={}", urlencode(hostile)), 200).await;
            assert!(!form.contains("name=\"return\""), "{hostile:?} is not carried by the form");
            let saved = post(&app, &leader, "/owners", &pairs(&[("job_title", "Head of service"), ("return", hostile)])).await;
            assert_eq!(saved.status(), 303);
            let location = saved.headers()["location"].to_str().unwrap().to_string();
            assert!(location.starts_with("/owners/"), "{hostile:?} sent the user to {location}");
        }
        let _ = plan;
    }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

on_both_backends! {
    async fn a_notice_shows_on_the_page_it_was_meant_for_and_on_no_other(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let inspection_page = format!("/inspections/{}", plan.inspection);
        let saved = post(&app, &leader, "/findings", &pairs(&[("inspection_id", &plan.inspection.to_string()),
            ("practice_area_id", &plan.area.to_string()), ("kind", "strength"), ("reference", "S1"),
            ("text", "Leaders know their service well"), ("return", &inspection_page)])).await;
        assert_eq!(saved.status(), 303);
        let notice = "Finding added: S1";
        for elsewhere in ["/", "/inspections", &format!("{inspection_page}/pack"), &format!("/areas/{}", plan.area)] {
            assert!(!page(&leader, &app, elsewhere, 200).await.contains(notice), "no notice on {elsewhere}");
        }
        assert!(page(&leader, &app, &inspection_page, 200).await.contains(notice), "shown where the save returned to");
        assert!(!page(&leader, &app, &inspection_page, 200).await.contains(notice), "and only once");
        assert!(!page(&leader, &app, "/", 200).await.contains(notice));
    }
}

on_both_backends! {
    async fn a_share_address_is_shown_on_the_page_that_made_it_and_never_put_in_a_cookie(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let pack = format!("/inspections/{}/pack", plan.inspection);
        let shares = format!("/inspections/{}/shares", plan.inspection);
        let refused = post(&app, &leader, &shares, &pairs(&[("label", "")])).await;
        assert_eq!(refused.status(), 422);
        let form = refused.text().await.unwrap();
        assert!(form.contains("There is a problem"), "the share form has the error summary");
        assert!(form.contains(r##"href="#label""##) && form.contains(r##"href="#expires_on""##));

        let expires = chrono::Utc::now().date_naive() + chrono::Duration::days(10);
        let mut fields = pairs(&[("label", "Ofsted inspection team")]);
        use chrono::Datelike;
        fields.extend(date_fields("expires_on", (expires.year(), expires.month(), expires.day())));
        let made = post(&app, &leader, &shares, &fields).await;
        assert_eq!(made.status(), 200, "the address is in the answer itself, not after a redirect");
        let cookies: Vec<String> =
            made.headers().get_all("set-cookie").iter().map(|c| c.to_str().unwrap().to_string()).collect();
        let body = made.text().await.unwrap();
        let at = body.find("/shared/").expect("the address is shown");
        let token: String = body[at + 8..].chars().take_while(char::is_ascii_hexdigit).collect();
        assert_eq!(token.len(), 64);
        assert!(body.contains("Link made for Ofsted inspection team"));
        assert!(cookies.iter().all(|c| !c.contains(&token) && !c.contains("shared")), "{cookies:?}");
        let later = page(&leader, &app, &pack, 200).await;
        assert!(!later.contains(&token), "shown once");
        assert!(later.contains("Ofsted inspection team"), "the link is listed, without its address");
        let opened = TestApp::new_client().get(app.url(&format!("/shared/{token}"))).send().await.unwrap();
        assert_eq!(opened.status(), 200, "the address shown works");
    }
}
