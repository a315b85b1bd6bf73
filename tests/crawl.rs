//! Every link a role is shown is one it may follow: a crawl of the demo as
//! each role, breadth first from the dashboard, follows every `href` of every
//! page it reaches within the site and finds none that answers 403 or 404.

use crate::common;

use common::TestApp;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use sustain::db::{self, Actor, DbConnection};
use sustain::domain::kinds::Role;

const PASSWORD: &str = "a-long-test-password-1";

/// Requests one role's crawl may make: far more than the demo's distinct
/// pages of each kind, so the bound only stops a crawl that has run away.
const MOST_REQUESTS: usize = 4000;

/// Pages of one shape (`/actions/{id}`) whose links are read in turn; every
/// link found is still requested.
const PAGES_READ_PER_SHAPE: usize = 12;

fn demo(conn: &mut DbConnection) {
    let hash = common::password_hash(PASSWORD);
    for user in db::users::list(conn).expect("users") {
        db::users::set_password(conn, &Actor::system("test"), user.id, &hash).expect("password");
    }
}

/// The `href`s of a page's links, entities decoded, fragments dropped; only
/// those on this site.
fn links(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in page.match_indices("<a ") {
        let tag = &page[at..at + page[at..].find('>').unwrap_or(0)];
        let Some(start) = tag.find("href=\"") else { continue };
        let rest = &tag[start + 6..];
        let Some(end) = rest.find('"') else { continue };
        let href = rest[..end].replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'");
        let href = href.split('#').next().unwrap_or_default().to_string();
        if href.starts_with('/') && !href.starts_with("//") {
            found.push(href);
        }
    }
    found
}

/// A path with its numbers as `{id}`, so that pages of one kind are counted together.
fn shape(href: &str) -> String {
    let path = href.split('?').next().unwrap_or_default();
    path.split('/')
        .map(|s| if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() { "{id}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// What the crawl found: every address requested, and the links that failed
/// with the page that showed them.
struct Crawl {
    requested: usize,
    broken: BTreeMap<String, (u16, String)>,
}

async fn crawl(app: &TestApp, client: &reqwest::Client) -> Crawl {
    let mut seen: HashSet<String> = HashSet::from(["/".to_string()]);
    let mut queue: VecDeque<(String, String)> = VecDeque::from([("/".to_string(), "sign-in".to_string())]);
    let mut read_per_shape: HashMap<String, usize> = HashMap::new();
    let mut broken = BTreeMap::new();
    let mut requested = 0;
    while let Some((href, from)) = queue.pop_front() {
        assert!(requested < MOST_REQUESTS, "the crawl ran past {MOST_REQUESTS} requests");
        requested += 1;
        let response = client.get(app.url(&href)).send().await.expect("request");
        let status = response.status().as_u16();
        if status == 403 || status == 404 {
            broken.insert(href.clone(), (status, from));
            continue;
        }
        let is_page = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        if !(200..300).contains(&status) || !is_page {
            continue;
        }
        let body = response.text().await.expect("body");
        let reads = read_per_shape.entry(shape(&href)).or_default();
        if *reads >= PAGES_READ_PER_SHAPE {
            continue;
        }
        *reads += 1;
        for link in links(&body) {
            if link.starts_with("/assets/") || link.starts_with("/api/v1/") {
                continue;
            }
            if seen.insert(link.clone()) {
                queue.push_back((link, href.clone()));
            }
        }
    }
    Crawl { requested, broken }
}

on_both_backends! {
    async fn no_role_is_shown_a_link_it_may_not_follow(backend) {
        let app = TestApp::spawn_demo(backend, demo).await;
        let mut report = Vec::new();
        for role in [Role::Viewer, Role::Contributor, Role::Leader, Role::Admin] {
            let client = TestApp::new_client();
            let signed_in = app.sign_in_with(&client, &format!("{role}@hartwell.example"), PASSWORD).await;
            assert_eq!(signed_in.status(), 303, "{role} signs in");
            let found = crawl(&app, &client).await;
            println!("{role}: {} addresses requested", found.requested);
            assert!(found.requested > 100, "the crawl as {role} reached only {} addresses", found.requested);
            for (href, (status, from)) in found.broken {
                report.push(format!("{role}: {href} answers {status} (linked from {from})"));
            }
        }
        assert!(report.is_empty(), "links that answer 403 or 404:\n{}", report.join("\n"));
    }
}
