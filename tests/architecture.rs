//! The modules depend on each other in one direction only: each top-level
//! module of `src/` may use the modules listed for it here and no others, and
//! the allowed uses form no cycle. A new `use crate::...` that breaks the
//! layering fails this test with the file that did it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each module and the modules it may use. `lib`, `main` are the roots.
const LAYERS: &[(&str, &[&str])] = &[
    ("domain", &[]),
    // Telemetry is a leaf: any layer may count into it.
    ("telemetry", &[]),
    ("db", &["domain"]),
    ("config", &["db", "domain"]),
    ("error", &["db", "domain"]),
    ("blocking", &["db", "error", "telemetry"]),
    ("read", &["db", "domain", "telemetry"]),
    ("demo", &["db", "domain"]),
    ("mail", &["config", "db", "domain", "read"]),
    ("auth", &["blocking", "config", "db", "domain", "error"]),
    ("state", &["auth", "blocking", "config", "db", "domain", "error", "read"]),
    ("views", &["auth", "db", "domain", "read"]),
    ("reports", &["db", "domain", "read", "views"]),
    // Uploads read and files sent alike by the pages and the API.
    ("files", &["db", "domain", "error", "state"]),
    // The pages and the API use nothing of each other (see below).
    // One model of each record, which the pages and the API both read.
    ("records", &["auth", "db", "domain", "read"]),
    ("api", &["auth", "blocking", "config", "db", "domain", "error", "files", "read", "records", "reports", "state"]),
    // The pages send invitations by email.
    (
        "web",
        &[
            "auth",
            "blocking",
            "config",
            "db",
            "domain",
            "error",
            "files",
            "mail",
            "read",
            "records",
            "reports",
            "state",
            "telemetry",
            "views",
        ],
    ),
    // The one route table, of the pages and the API, with what the API's document says of each route.
    ("routes", &["api", "auth", "domain", "error", "state", "views", "web"]),
    ("app", &["api", "auth", "config", "db", "error", "routes", "state", "telemetry", "web"]),
    (
        "cli",
        &[
            "app",
            "auth",
            "config",
            "db",
            "demo",
            "domain",
            "error",
            "mail",
            "read",
            "reports",
            "state",
            "telemetry",
            "views",
        ],
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/db/actions.rs` is in `db`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("under src");
    let first = relative.components().next().expect("a component").as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

/// Every `crate::NAME` a file mentions (in `use` lines and in paths), and
/// each NAME of a group (`use crate::{auth, web as pages};`).
fn crate_uses(text: &str) -> BTreeSet<String> {
    let word = |s: &str| -> String { s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect() };
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        // `$crate::` in macros counts as a use too.
        let rest = &text[i + "crate::".len()..];
        let names = match rest.strip_prefix('{') {
            Some(group) => top_level_items(group).iter().map(|item| word(item.trim_start())).collect(),
            None => vec![word(rest)],
        };
        found.extend(names.into_iter().filter(|name| !name.is_empty()));
    }
    found
}

/// The items of a `{...}` group up to its closing brace, split at its own
/// commas (not those of a nested group).
fn top_level_items(group: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    LAYERS.iter().map(|(m, uses)| (*m, uses.iter().copied().collect())).collect()
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let allowed = allowed();
    let mut problems = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(may_use) = allowed.get(module.as_str()) else {
            problems.push(format!("{}: module '{module}' is not in the layer table", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable");
        for used in crate_uses(&text) {
            if used != module && !may_use.contains(used.as_str()) {
                problems.push(format!("{}: '{module}' may not use crate::{used}", file.display()));
            }
        }
    }
    assert!(problems.is_empty(), "layering broken:\n{}", problems.join("\n"));
}

#[test]
fn the_allowed_uses_form_no_cycle() {
    let allowed = allowed();
    // Depth-first search for a back edge.
    fn visit<'a>(
        node: &'a str,
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if done.contains(node) {
            return;
        }
        assert!(!path.contains(&node), "cycle: {} -> {node}", path.join(" -> "));
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(node);
    }
    let mut done = BTreeSet::new();
    for node in allowed.keys() {
        visit(node, &allowed, &mut Vec::new(), &mut done);
    }
}

#[test]
fn a_use_of_a_higher_layer_is_caught() {
    let uses = crate_uses("use crate::routes::Access;\nlet x = crate::db::pool();");
    assert!(uses.contains("routes") && uses.contains("db"));
    assert!(!allowed()["auth"].contains("routes"));
    let grouped = crate_uses("use crate::{auth::{csrf, session}, web as pages};");
    assert_eq!(grouped.into_iter().collect::<Vec<_>>(), ["auth", "web"]);
}

/// The module of `api` or `web` that a file of the other names, if any.
fn other_side_named(module: &str, text: &str) -> Option<&'static str> {
    let other = match module {
        "web" => "api",
        "api" => "web",
        _ => return None,
    };
    crate_uses(text).contains(other).then_some(other)
}

/// The pages and the API share only what lies below them both (the route
/// table above them lists the routes of each): neither names the other.
#[test]
fn the_pages_and_the_api_use_nothing_of_each_other() {
    assert_eq!(other_side_named("web", "pub use crate::api::upload;"), Some("api"));
    assert_eq!(other_side_named("web", "use crate::{api::openapi, db};"), Some("api"));
    assert_eq!(other_side_named("api", "let page = crate::web::html(status, markup);"), Some("web"));
    assert_eq!(other_side_named("web", "use crate::files::upload;"), None);
    assert_eq!(other_side_named("routes", "use crate::api::records;\nuse crate::web::errors;"), None);
    let allowed = allowed();
    assert!(!allowed["web"].contains("api") && !allowed["api"].contains("web"), "the layer table allows it");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        let text = std::fs::read_to_string(file).expect("readable");
        if let Some(other) = other_side_named(&module, &text) {
            problems.push(format!("{}: '{module}' names crate::{other}", file.display()));
        }
    }
    assert!(problems.is_empty(), "the pages and the API are tied:\n{}", problems.join("\n"));
}

/// Migrations are applied in version order, the version being the folder name
/// up to its first underscore: two folders with one version would leave one
/// unapplied. Both backends have the same migrations.
#[test]
fn migrations_have_unique_versions_and_match_across_backends() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let folders = |backend: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root.join(backend))
            .expect("migrations folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    };
    let (sqlite, postgres) = (folders("sqlite"), folders("postgres"));
    assert_eq!(sqlite, postgres, "both backends have the same migrations");
    let mut versions = BTreeSet::new();
    for name in &sqlite {
        let version = name.split('_').next().expect("a version");
        assert!(versions.insert(version.to_string()), "version {version} is used twice ({name})");
    }
}

/// What names diesel's query language: outside `db`, a file may name diesel's
/// error and pool types (to report them) but never build or run a query.
const QUERY_DSL: &[&str] = &[
    "diesel::prelude",
    "diesel::dsl",
    "diesel::query_dsl",
    "diesel::expression",
    "diesel::connection",
    "diesel::sql_types",
    "diesel::insert_into",
    "diesel::update(",
    "diesel::delete(",
    "QueryDsl",
    "RunQueryDsl",
    "ExpressionMethods",
    "SimpleConnection",
    "sql_query",
    "db::schema",
    "db::{schema",
];

/// The query-language names a file's text mentions.
fn query_dsl_in(text: &str) -> Vec<&'static str> {
    QUERY_DSL.iter().copied().filter(|name| text.contains(name)).collect()
}

#[test]
fn only_db_names_the_query_language() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        if module_of(&src, file) == "db" {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("readable");
        for name in query_dsl_in(&text) {
            problems.push(format!("{}: names {name}; queries belong in src/db", file.display()));
        }
    }
    assert!(problems.is_empty(), "SQL outside db:\n{}", problems.join("\n"));
}

#[test]
fn a_query_outside_db_is_caught() {
    let query = "use crate::db::schema::findings;\nuse diesel::prelude::*;\nfindings::table.filter(x).load(conn)";
    assert_eq!(query_dsl_in(query), vec!["diesel::prelude", "db::schema"]);
    assert!(query_dsl_in("impl From<diesel::r2d2::PoolError> for AppError {}").is_empty());
    assert!(query_dsl_in("DbError::Database(diesel::result::Error::NotFound)").is_empty());
}
