//! The `sustain` command line: one binary for serving, data and analysis.

/// Writes one line of a command's output through [`emit`], so that a closed
/// pipe ends the command quietly; `?` after it stops the command there.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::emit(&format!("{}\n", format_args!($($arg)*)))
    };
}

mod analysis;
mod data;
mod digest;
mod figures;
mod progress;
mod report;
mod serve;
mod sheets;
mod users;

use crate::config::Config;
use crate::db::{self, DbConnection};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Sustain: improvement and inspection readiness for children's services.
#[derive(Debug, Parser)]
#[command(name = "sustain", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web app (migrates first; creates a first admin on an empty database).
    Serve {
        /// Load the demo authority if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load a fictional demo authority: Hartwell Borough Council, or with
    /// `--scale large` Marlshire County Council, the largest authority.
    Demo {
        /// The date the demo is built back from (default today).
        #[arg(long, value_parser = parse_date)]
        as_at: Option<NaiveDate>,
        /// Which authority: normal (10 practice areas) or large (40 areas,
        /// 5,000 actions, 20,000 evidence items).
        #[arg(long, value_enum, default_value = "normal")]
        scale: ScaleArg,
        /// Delete everything in the database first.
        #[arg(long)]
        replace: bool,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Write the whole database as one JSON document.
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Load an export into an empty database.
    Import { file: PathBuf },
    /// Take a consistent backup (SQLite: a database file; PostgreSQL: a JSON export).
    Backup { file: PathBuf },
    /// Restore a backup or export into an empty database.
    Restore { file: PathBuf },
    /// Statistical process control on a CSV series (period,value[,recalculate]).
    Spc {
        #[arg(long)]
        input: PathBuf,
        #[arg(long, value_enum)]
        direction: DirectionArg,
        #[arg(long)]
        target: Option<f64>,
        /// Points of each segment that set its limits (default all).
        #[arg(long)]
        baseline: Option<usize>,
        /// Keep moving ranges above 3.267 x their mean.
        #[arg(long)]
        no_screen: bool,
    },
    /// The improvement plan as a spreadsheet: import, export, template.
    Plan {
        #[command(subcommand)]
        action: PlanCommand,
    },
    /// Results from a spreadsheet.
    Results {
        #[command(subcommand)]
        action: ResultsCommand,
    },
    /// Send each owner their reminder digest by email: overdue actions, actions
    /// due soon, the areas they lead at risk of slipping and, for leaders,
    /// evidence waiting for review. Only digests with a reminder not sent
    /// before go out, so running it twice a day sends nothing new.
    Digest {
        /// Say what would be sent, to whom, without sending or recording anything.
        #[arg(long)]
        dry_run: bool,
        /// The date to remind as at (default today).
        #[arg(long, value_parser = parse_date)]
        as_at: Option<NaiveDate>,
    },
    /// Documents to take away: the progress report, an inspection's evidence pack.
    Report {
        #[command(subcommand)]
        action: ReportCommand,
    },
    /// Published figures (DfE statistics) to compare the council with its statistical neighbours.
    Figures {
        #[command(subcommand)]
        action: FiguresCommand,
    },
    /// Every practice area's verdict with its reasons.
    Status {
        #[arg(long, value_parser = parse_date)]
        as_at: Option<NaiveDate>,
        /// Read only what had been recorded by the end of this day, as it then stood (`--as-at` defaults to it).
        #[arg(long, value_parser = parse_date)]
        as_recorded: Option<NaiveDate>,
        #[arg(long, value_enum, default_value = "table")]
        format: FormatArg,
    },
}

#[derive(Debug, Subcommand)]
enum ReportCommand {
    /// The lead-member progress report as at a date, with changes since an earlier one.
    Progress {
        /// The date the report is as at (default today).
        #[arg(long, value_parser = parse_date)]
        as_at: Option<NaiveDate>,
        /// Make the report from what had been recorded by the end of this day, as it then stood: the same
        /// document as one made that day (`--as-at` defaults to it).
        #[arg(long, value_parser = parse_date)]
        as_recorded: Option<NaiveDate>,
        /// The earlier date (default the last report's date, or three months earlier).
        #[arg(long, value_parser = parse_date)]
        since: Option<NaiveDate>,
        #[arg(long, value_enum)]
        format: report::ReportFormat,
        /// The whole report, or its one-page summary (the summary and the leaders' commentary only).
        #[arg(long, value_enum, default_value = "full")]
        form: report::ReportForm,
        #[arg(long, short)]
        output: PathBuf,
    },
    /// An inspection's evidence pack as a ZIP: index.html, report.pdf, every file, SHA256SUMS.
    Pack {
        /// The inspection's id.
        #[arg(long)]
        inspection: i64,
        #[arg(long, short)]
        output: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum FiguresCommand {
    /// Load DfE files: statistics (c1, d3, d5, b1, cla, csww), the statistical-neighbour model, the LAIT
    /// dictionary. All load in one go or none does; a year's figures from a newer release are kept over an older's.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a user; prints a generated password once unless one is given on standard input.
    Add {
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: crate::domain::kinds::Role,
        /// Read the password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List,
    /// Give a user a new password (printed once) and end their sessions.
    ResetPassword {
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Stop a user signing in; their sessions end at once.
    Deactivate { email: String },
}

#[derive(Debug, Subcommand)]
enum PlanCommand {
    /// Import the whole plan: a workbook (XLSX), a CSV folder (a directory or a ZIP of CSV files named after
    /// their sheets), or one CSV file of actions. Every sheet is read by its name.
    Import {
        file: PathBuf,
        /// Read only this sheet of a workbook, as the plan (default: every sheet named after one Sustain reads).
        #[arg(long)]
        sheet: Option<String>,
        /// Create practice areas, owners and findings that are not found.
        #[arg(long)]
        create_missing: bool,
        /// Check every row and say what would change, writing nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export the whole plan, evidence and verdicts (CSV: a folder of files, or one register; ZIP: the CSV folder zipped).
    Export {
        #[arg(long, value_enum)]
        format: sheets::SheetFormat,
        #[arg(long, value_parser = parse_date)]
        as_at: Option<NaiveDate>,
        /// With CSV: write only this register (owners, areas, inspections, judgements, findings, plan, measures,
        /// recalculations, results, evidence, verdicts) to the output file.
        #[arg(long)]
        register: Option<String>,
        /// The workbook or ZIP file, or the folder for the CSV files.
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Write a template to fill in: the whole plan's (XLSX, or the CSV folder as ZIP; CSV is its plan sheet), or with
    /// --results the results'.
    Template {
        #[arg(long, value_enum)]
        format: sheets::SheetFormat,
        #[arg(long)]
        results: bool,
        #[arg(long, short)]
        output: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum ResultsCommand {
    /// Import results (CSV or XLSX): one row per measure and period end.
    Import {
        file: PathBuf,
        #[arg(long)]
        sheet: Option<String>,
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DirectionArg {
    Higher,
    Lower,
    Neither,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ScaleArg {
    Normal,
    Large,
}

impl From<ScaleArg> for crate::demo::Scale {
    fn from(scale: ScaleArg) -> Self {
        match scale {
            ScaleArg::Normal => crate::demo::Scale::Normal,
            ScaleArg::Large => crate::demo::Scale::Large,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FormatArg {
    Table,
    Json,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    crate::domain::dates::parse_written(text)
        .ok_or_else(|| format!("'{text}' is not a real date, like 2025-03-31 or 31/03/2025"))
}

fn parse_role(text: &str) -> Result<crate::domain::kinds::Role, String> {
    text.parse().map_err(|e: crate::domain::kinds::UnknownName| e.to_string())
}

/// A command's failure: one line for the person, and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: i32,
    /// Standard output was closed by its reader: nothing more to say, to anyone.
    closed_output: bool,
}

impl Failure {
    fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), code: 1, closed_output: false }
    }
    fn input(message: impl Into<String>) -> Self {
        Self { message: message.into(), code: 2, closed_output: false }
    }
    /// The reader of standard output stopped reading (`| head`): the command
    /// stops where it is and exits 0 without a word, as the reader asked.
    fn closed_output() -> Self {
        Self { message: String::new(), code: 0, closed_output: true }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::new(message)
    }
}

impl From<db::DbError> for Failure {
    fn from(err: db::DbError) -> Self {
        match err {
            db::DbError::Database(e) => {
                Failure::new(format!("database error: {}", e.to_string().lines().next().unwrap_or("")))
            }
            other => Failure::new(other.to_string()),
        }
    }
}

/// Writes a command's output: every command's standard output goes through
/// here. Rust ignores SIGPIPE, so when the reader stops early
/// (`sustain user list | head -1`) a write fails with `BrokenPipe` instead
/// of ending the process; that becomes `Failure::closed_output`, which ends
/// the command quietly. Any other failure to write is an error.
pub(crate) fn emit(text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::closed_output()),
        Err(e) => Err(Failure::new(format!("could not write to standard output: {e}"))),
    }
}

/// Opens the configured database and applies migrations.
/// The checks' context for input given today on the command line.
fn context(config: &Config) -> crate::domain::valid::Context {
    crate::domain::valid::Context::new(today(config), config.dates.earliest_year, config.dates.latest_year)
}

/// Today's date in England by the configured clock (checked when the settings were loaded).
fn today(config: &Config) -> NaiveDate {
    config.clock().unwrap_or_default().today()
}

/// The plan as a command's dates ask for it (`--as-at`, `--as-recorded`),
/// with the "as at" date: as it stood on a past date, as recorded by the end
/// of a day, or as it is.
fn plan_as_at(
    conn: &mut DbConnection,
    config: &Config,
    (as_at, as_recorded): (Option<NaiveDate>, Option<NaiveDate>),
) -> Result<(crate::read::cache::Snapshot, NaiveDate), Failure> {
    let today = today(config);
    for (date, flag) in [(as_at, "--as-at"), (as_recorded, "--as-recorded")] {
        if date.is_some_and(|d| d > today) {
            return Err(Failure::input(format!("{flag} must be today or in the past")));
        }
    }
    let as_at = as_at.or(as_recorded).unwrap_or(today);
    let past = crate::read::rewind::past_for(as_at, as_recorded, today)
        .map_err(|_| Failure::input("--as-at must be on or before --as-recorded"))?;
    let plan = match past {
        Some(past) => crate::read::plan::PlanIndex::load_past(conn, past)?,
        None => crate::read::plan::PlanIndex::load(conn)?,
    };
    Ok((crate::read::cache::Snapshot::new(plan, config.rules.clone()), as_at))
}

/// The council's name as stored, or the settings' until a first start has stored one.
fn authority(council: Option<&db::council::CouncilRow>, config: &Config) -> String {
    council.map_or_else(|| config.authority().to_string(), |c| c.name.clone())
}

/// As `authority`, reading the stored details.
fn authority_in(conn: &mut DbConnection, config: &Config) -> Result<String, Failure> {
    Ok(authority(db::council::find(conn)?.as_ref(), config))
}

/// A connection to a database whose schema is up to date. Only `serve` and
/// `migrate` change the schema, so that commands and instances starting
/// together never race to apply a migration; the others refuse to work on a
/// database that is behind, and say what to run.
fn open(config: &Config) -> Result<DbConnection, Failure> {
    let url = config.database()?;
    let mut conn = db::establish(&url)?;
    match db::pending_migrations(&mut conn)? {
        0 => Ok(conn),
        n => Err(Failure::new(format!(
            "the database at {} is not ready: {n} migration(s) to apply. Run `sustain migrate` first (`sustain serve` also applies them)",
            url.redacted()
        ))),
    }
}

/// A connection to a database brought up to date first.
fn open_migrated(config: &Config) -> Result<DbConnection, Failure> {
    let url = config.database()?;
    let mut conn = db::establish(&url)?;
    db::migrate(&mut conn)?;
    Ok(conn)
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    crate::telemetry::init();
    match dispatch(cli) {
        Ok(()) => 0,
        Err(failure) if failure.closed_output => failure.code,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            failure.code
        }
    }
}

fn dispatch(cli: Cli) -> Result<(), Failure> {
    let config = Config::load().map_err(Failure::new)?;
    match cli.command {
        Command::Serve { demo } => serve::serve(config, demo),
        Command::Migrate => {
            let url = config.database()?;
            let mut conn = db::establish(&url)?;
            let applied = db::migrate(&mut conn)?;
            say!("{applied} migration(s) applied to {}", url.redacted())
        }
        Command::Demo { as_at, scale, replace } => data::demo(&config, as_at, scale.into(), replace),
        Command::User { action } => users::run(&config, action),
        Command::Export { output } => data::export(&config, output),
        Command::Import { file } => data::import(&config, &file),
        Command::Backup { file } => data::backup(&config, &file),
        Command::Restore { file } => data::restore(&config, &file),
        Command::Spc { input, direction, target, baseline, no_screen } => {
            analysis::spc(&input, direction, target, baseline, !no_screen)
        }
        Command::Report { action } => match action {
            ReportCommand::Progress { as_at, as_recorded, since, format, form, output } => {
                report::progress(&config, (as_at, as_recorded), since, (format, form), &output)
            }
            ReportCommand::Pack { inspection, output } => report::pack(&config, inspection, &output),
        },
        Command::Status { as_at, as_recorded, format } => analysis::status(&config, (as_at, as_recorded), format),
        Command::Figures { action: FiguresCommand::Import { files } } => figures::import(&config, &files),
        Command::Digest { dry_run, as_at } => digest::digest(&config, dry_run, as_at),
        Command::Plan { action } => match action {
            PlanCommand::Import { file, sheet, create_missing, dry_run } => {
                let args = sheets::ImportArgs { file: &file, sheet: sheet.as_deref(), create_missing, dry_run };
                sheets::import(&config, args, false)
            }
            PlanCommand::Export { format, as_at, register, output } => {
                sheets::export(&config, format, as_at, register.as_deref(), &output)
            }
            PlanCommand::Template { format, results, output } => sheets::template(format, results, &output),
        },
        Command::Results { action: ResultsCommand::Import { file, sheet, dry_run } } => {
            let args = sheets::ImportArgs { file: &file, sheet: sheet.as_deref(), create_missing: false, dry_run };
            sheets::import(&config, args, true)
        }
    }
}
