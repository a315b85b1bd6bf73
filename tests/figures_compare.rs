//! How we compare, checked against the DfE's own files: for three councils
//! and three indicators, the council's figure, its ten statistical
//! neighbours' median and England's figure in the latest year equal those
//! worked out here from the shipped CSVs with nothing but the csv crate. A
//! neighbour's figure the DfE did not publish is shown as not published and
//! left out of the median, which then says "median of 6 of 10 neighbours (4
//! with no published figure)". A council the model does not name
//! (Northamptonshire, abolished in 2021) has no neighbours and no median.

use crate::api_client;
use crate::common;

use api_client::Api;
use serde_json::Value;
use std::collections::HashMap;
use sustain::db::{self, Actor};
use sustain::domain::council::CouncilInput;
use sustain::domain::kinds::Role;

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/figures");

/// Swindon; Barking and Dagenham, four of whose neighbours' figures for
/// long child protection plans are withheld; Northamptonshire, abolished in
/// 2021 and so not in the 2025 model, though the files still name it.
const COUNCILS: [&str; 3] = ["866", "301", "928"];

/// The rows of the children looked after file that hold the rate.
const CLA_FILTER: (&str, &str) = ("population_type", "Children looked after on 31 March each year");

/// An indicator's code, and the shipped file (by prefix), column and rows it is read from.
type Read = (&'static str, &'static str, &'static str, Option<(&'static str, &'static str)>);

/// Three indicators with a better direction, and the rate of children looked
/// after, whose latest year withholds Northamptonshire's own figure.
const INDICATORS: [Read; 4] = [
    ("rereferrals_percent", "c1", "rereferral_percent", None),
    ("cpp_two_years_percent", "d5", "2_years_or_more_percent", None),
    ("sw_turnover_percent", "csww", "turnover_rate_fte", None),
    ("cla_rate_per_10000", "cla", "rate_per_10000", Some(CLA_FILTER)),
];

fn read_csv(name_starts: &str) -> csv::Reader<std::io::Cursor<Vec<u8>>> {
    let path = std::fs::read_dir(SHIPPED)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name_starts))
        .unwrap_or_else(|| panic!("no shipped {name_starts} file"));
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}').as_bytes().to_vec();
    csv::Reader::from_reader(std::io::Cursor::new(text))
}

/// Each row of a file as column name to cell.
fn rows(name_starts: &str) -> Vec<HashMap<String, String>> {
    let mut reader = read_csv(name_starts);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, c)| (h.to_string(), c.to_string())).collect())
        .collect()
}

/// A council's ten neighbours in the model, nearest first; none when the model does not name it.
fn neighbours_in_model(la: &str) -> Option<Vec<String>> {
    let row = rows("sn_model_").into_iter().find(|r| r["old_la_code"] == la)?;
    Some((1..=10).map(|n| row[&format!("SN_{n}")].trim().to_string()).collect())
}

/// The latest year of a file, each council's cell in it, and England's.
struct Latest {
    year: String,
    councils: HashMap<String, String>,
    england: String,
}

fn latest(prefix: &str, column: &str, filter: Option<(&str, &str)>) -> Latest {
    let rows = rows(&format!("{prefix}_"));
    let year = rows.iter().map(|r| r["time_period"].clone()).max().unwrap();
    let of_year = rows.iter().filter(|r| r["time_period"] == year && filter.is_none_or(|(f, v)| r[f] == v));
    let councils = of_year
        .clone()
        .filter(|r| r["geographic_level"] == "Local authority")
        .map(|r| (r["old_la_code"].clone(), r[column].clone()))
        .collect();
    let england = of_year.clone().find(|r| r["geographic_level"] == "National").unwrap()[column].clone();
    Latest { year, councils, england }
}

/// The median of the published figures: the middle one, or the mean of the middle two.
fn median_by_hand(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

/// A percentage as the DfE writes it: one decimal place at most.
fn percent(v: f64) -> String {
    let text = format!("{v:.1}");
    format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
}

/// What the API says of the indicator for the council, checked against the file.
/// Answers how many neighbours had no published figure.
fn check(answer: &Value, la: &str, (code, prefix, column, filter): Read) -> usize {
    let file = latest(prefix, column, filter);
    let entry = answer["indicators"].as_array().unwrap().iter().find(|i| i["indicator"]["code"] == code).unwrap();
    assert_eq!(entry["indicator"]["column"], column, "{code}");
    let y = &entry["latest"];
    let context = format!("{la} {code} {}", file.year);
    assert_eq!(y["time_period"], file.year.as_str(), "{context}: the latest year");
    assert!(close(&y["england"]["value"], file.england.parse().unwrap()), "{context}: England {}", y["england"]);

    match file.councils.get(la).map(|own| (own, own.parse::<f64>())) {
        Some((_, Ok(v))) => assert!(close(&y["council"]["value"], v), "{context}: {} against {v}", y["council"]),
        None => {
            assert!(y["council"]["value"].is_null() && y["council"]["not_published"].is_null(), "{context}: no row");
            assert_eq!(y["council"]["in_words"], "no figure", "{context}");
        }
        Some((own, Err(_))) => {
            assert!(y["council"]["value"].is_null(), "{context}: {own} is not a number");
            assert_eq!(y["council"]["not_published"]["code"], own.as_str(), "{context}");
            assert!(y["rank"].is_null(), "{context}: a council with no figure is not ranked");
        }
    }

    let Some(neighbours) = neighbours_in_model(la) else {
        assert!(answer["council"]["model"].is_null(), "{la} is not in the model");
        assert!(y["median"].is_null() && y["neighbours"].as_array().unwrap().is_empty(), "{context}: {y}");
        return 0;
    };
    let cells: Vec<Option<&String>> = neighbours.iter().map(|n| file.councils.get(n)).collect();
    let published: Vec<f64> = cells.iter().filter_map(|c| c.and_then(|c| c.parse().ok())).collect();
    let missing = 10 - published.len();
    let median = &y["median"];
    assert!(close(&median["value"], median_by_hand(published.clone()).unwrap()), "{context}: {median}");
    assert_eq!((median["of"].as_u64(), median["out_of"].as_u64()), (Some(published.len() as u64), Some(10)));
    let label = match missing {
        0 => "median of 10 neighbours".to_string(),
        m => format!("median of {} of 10 neighbours ({m} with no published figure)", 10 - m),
    };
    assert_eq!(median["label"], label.as_str(), "{context}");
    // Each neighbour in the model's order, a withheld figure shown with the file's code.
    let sent = y["neighbours"].as_array().unwrap();
    assert_eq!(sent.iter().map(|n| n["code"].as_str().unwrap()).collect::<Vec<_>>(), neighbours, "{context}");
    for (n, cell) in sent.iter().zip(&cells) {
        match cell.map(|c| c.parse::<f64>()) {
            Some(Ok(v)) => assert!(close(&n["figure"]["value"], v), "{context}: {n}"),
            Some(Err(_)) => {
                assert!(n["figure"]["value"].is_null(), "{context}: {n}");
                assert_eq!(n["figure"]["not_published"]["code"], cell.unwrap().as_str(), "{context}");
                assert!(n["figure"]["not_published"]["meaning"].as_str().is_some_and(|m| !m.is_empty()));
            }
            None => assert!(n["figure"]["value"].is_null(), "{context}: {n} has no row"),
        }
    }
    missing
}

async fn spawn(backend: common::Backend) -> Api {
    let (api, _) = Api::spawn_with(backend, |conn| {
        db::figures::load_shipped(conn, &Actor::system("test")).expect("the shipped files load");
    })
    .await;
    api
}

on_both_backends! {
    async fn each_councils_figures_equal_those_worked_out_from_the_files(backend) {
        let api = spawn(backend).await;
        let mut withheld = 0;
        for la in COUNCILS {
            let answer = api.get(Role::Viewer, &format!("/api/v1/figures?la={la}")).await;
            assert_eq!(answer.status, 200, "{la}: {}", answer.body);
            assert_eq!(answer.body["council"]["code"], la);
            for read in INDICATORS {
                withheld += check(&answer.body, la, read);
            }
        }
        assert!(withheld > 0, "at least one neighbour's figure is withheld, so a median is of fewer than ten");

        // Barking and Dagenham's neighbours' long child protection plans: four withheld.
        let answer = api.get(Role::Viewer, "/api/v1/figures?la=301").await.body;
        let d5 = answer["indicators"].as_array().unwrap().iter().find(|i| i["indicator"]["code"] == "cpp_two_years_percent").unwrap();
        assert_eq!(d5["latest"]["median"]["label"], "median of 6 of 10 neighbours (4 with no published figure)");

        // Northamptonshire is named in the files but not in the model; its own rate is withheld.
        let gone = api.get(Role::Viewer, "/api/v1/figures?la=928").await.body;
        assert_eq!(gone["council"]["name"], "Northamptonshire");
        assert!(gone["council"]["model"].is_null() && gone["neighbours"].as_array().unwrap().is_empty(), "{}", gone["council"]);
        let cla = gone["indicators"].as_array().unwrap().iter().find(|i| i["indicator"]["code"] == "cla_rate_per_10000").unwrap();
        assert_eq!(cla["latest"]["council"]["not_published"]["code"], "z");
        assert!(cla["latest"]["median"].is_null() && cla["latest"]["rank"].is_null(), "no neighbours, no median: {}", cla["latest"]);
        let swindon = api.get(Role::Viewer, "/api/v1/figures?la=866").await.body;
        assert_eq!(swindon["council"]["model"], "2025");
        assert_eq!(swindon["neighbours"].as_array().unwrap().len(), 10);
        assert_eq!(swindon["neighbours"][0]["position"], 1);
    }
}

on_both_backends! {
    async fn one_indicator_shows_every_year_and_the_page_shows_the_same(backend) {
        let api = spawn(backend).await;
        let list = api.get(Role::Viewer, "/api/v1/figures?la=301").await.body;
        let d5 = list["indicators"].as_array().unwrap().iter().find(|i| i["indicator"]["code"] == "cpp_two_years_percent").unwrap();
        let id = d5["indicator"]["id"].as_i64().unwrap();
        let one = api.get(Role::Viewer, &format!("/api/v1/figures/{id}?la=301")).await;
        assert_eq!(one.status, 200, "{}", one.body);
        let years = one.body["years"].as_array().unwrap();
        assert!(years.len() > 5, "every year the file holds: {}", years.len());
        assert!(years.windows(2).all(|w| w[0]["time_period"].as_str() < w[1]["time_period"].as_str()), "oldest first");
        assert_eq!(years.last().unwrap(), &d5["latest"], "the last year is the list's latest");
        assert!(years.iter().all(|y| y["neighbours"].as_array().unwrap().len() == 10));
        let trend: Vec<&Value> = d5["trend"].as_array().unwrap().iter().map(|p| &p["value"]).collect();
        let published: Vec<&Value> = years.iter().map(|y| &y["council"]["value"]).filter(|v| !v.is_null()).collect();
        assert_eq!(trend, published, "the trend is the council's published figures");

        // The page of the indicator shows the figures worked out from the file.
        let file = latest("d5", "2_years_or_more_percent", None);
        let own: f64 = file.councils["301"].parse().unwrap();
        let cells: Vec<f64> = neighbours_in_model("301").unwrap().iter().filter_map(|n| file.councils.get(n)?.parse().ok()).collect();
        let median = median_by_hand(cells).unwrap();
        let client = common::TestApp::new_client();
        assert_eq!(api.app.sign_in_with(&client, &api_client::email(Role::Viewer), api_client::PASSWORD).await.status(), 303);
        let page = client.get(api.app.url(&format!("/figures/{id}?la=301"))).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        let shown = html.split(&format!("In {}", file.year)).nth(1).expect("the latest year's summary");
        let shown = &shown[..shown.find("figure-chart").unwrap()];
        for expected in [percent(own), percent(median), percent(file.england.parse().unwrap())] {
            assert!(shown.contains(&format!(">{expected}<")), "the page shows {expected}: {shown}");
        }
        assert!(shown.contains("median of 6 of 10 neighbours (4 with no published figure)"), "{shown}");
    }
}

on_both_backends! {
    async fn the_council_is_the_one_asked_for_else_the_one_in_council_details(backend) {
        let api = spawn(backend).await;
        let none = api.get(Role::Viewer, "/api/v1/figures").await;
        assert_eq!(none.status, 422, "no number in council details and none asked for: {}", none.body);
        assert!(none.names("la"), "{}", none.body);
        for bad in ["86", "8660", "abc"] {
            let answer = api.get(Role::Viewer, &format!("/api/v1/figures?la={bad}")).await;
            assert_eq!(answer.status, 422, "{bad}");
            assert!(answer.names("la"), "{bad}: {}", answer.body);
        }
        let unknown = api.get(Role::Viewer, "/api/v1/figures?la=999").await;
        assert_eq!((unknown.status, unknown.code()), (404, "not_found"), "{}", unknown.body);
        let no_indicator = api.get(Role::Viewer, "/api/v1/figures/999999?la=866").await;
        assert_eq!((no_indicator.status, no_indicator.code()), (404, "not_found"));

        let councils = api.get(Role::Viewer, "/api/v1/figures/councils").await;
        assert_eq!(councils.status, 200);
        let listed = councils.body["councils"].as_array().unwrap();
        assert!(listed.len() > 150, "every council with published figures: {}", listed.len());
        let swindon = listed.iter().find(|c| c["code"] == "866").expect("Swindon is listed");
        assert_eq!((swindon["name"].as_str(), swindon["region"].as_str()), (Some("Swindon"), Some("South West")));

        {
            let conn = &mut api.app.db.connect();
            let details = common::valid(CouncilInput { name: "Swindon Borough Council".into(), la_number: Some("866".into()), colour: "#1d3a5f".into(), sign_off: true });
            db::council::replace(conn, &Actor::system("test"), &details).unwrap();
        }
        let own = api.get(Role::Viewer, "/api/v1/figures").await;
        assert_eq!(own.status, 200, "{}", own.body);
        assert_eq!(own.body["council"]["name"], "Swindon", "the number in council details");
        let asked = api.get(Role::Viewer, "/api/v1/figures?la=301").await;
        assert_eq!(asked.body["council"]["name"], "Barking and Dagenham", "la wins over council details");
    }
}
