//! Application state: what every handler can reach.

use crate::auth::access::AccessTable;
use crate::auth::credentials::SignIns;
use crate::auth::password::Hasher;
use crate::auth::session::Generation;
use crate::auth::{AuthState, TokenKeys};
use crate::blocking::{Database, Documents, Rendering};
use crate::config::{Clock, Config};
use crate::db::{DbConnection, DbPool, StatementCounter};
use crate::error::AppError;
use crate::read::cache::{PlanCache, Snapshot, Verdicts, View};
use crate::read::figures::{Chosen, CouncilFigures, FiguresCache, Place};
use actix_web::web::Data;
use std::sync::Arc;

/// The pool, the settings, and what the access check needs.
pub struct AppState {
    pub pool: Database,
    pub config: Config,
    /// Shared with the access check, which sees only this part.
    pub auth: Data<AuthState>,
    /// Password hashing on a few threads of its own.
    pub hasher: Hasher,
    /// Sign-in attempts waiting for a slot on this instance.
    pub sign_ins: SignIns,
    /// Statements run by this instance's connections.
    pub statements: StatementCounter,
    /// The plan and its verdicts at the latest data generation seen.
    pub plans: Arc<PlanCache>,
    /// Councils' comparisons with their neighbours, at the latest data generation seen.
    pub figures: Arc<FiguresCache>,
    /// The one clock: "today" is England's date by it.
    pub clock: Clock,
    /// The queue large documents wait in (`[documents]`).
    pub documents: Documents,
    /// The turns slow pages are drawn in, one per core.
    pub rendering: Rendering,
    /// Set on SIGTERM: `/readyz` then answers 503 while requests in flight finish.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
    /// The OpenID providers people may sign in with (`[oidc]`).
    pub providers: Arc<crate::auth::oidc::Providers>,
}

impl AppState {
    /// State for a pool, settings and access rules; the token key comes from
    /// the settings or, when none is set, is generated for this process.
    pub fn new(
        pool: DbPool,
        config: Config,
        access: AccessTable,
        statements: StatementCounter,
    ) -> Result<Self, String> {
        let clock = config.clock()?;
        let secret = match &config.secret_key {
            Some(key) => secrecy::ExposeSecret::expose_secret(key).as_bytes().to_vec(),
            None => {
                use rand::RngCore;
                let mut key = vec![0u8; 32];
                rand::thread_rng().fill_bytes(&mut key);
                key
            }
        };
        let keys = TokenKeys::new(&secret, chrono::Duration::minutes(config.session_minutes));
        let pool = Database::new(pool);
        let auth = Data::new(AuthState {
            pool: pool.clone(),
            keys,
            access,
            https: config.https,
            trust_forwarded_for: config.trust_forwarded_for,
        });
        let documents =
            Documents::new(config.documents.at_once, std::time::Duration::from_secs(config.documents.wait_seconds));
        let providers = Arc::new(crate::auth::oidc::Providers::new(&config.oidc)?);
        Ok(Self {
            pool,
            config,
            auth,
            hasher: Hasher::for_this_machine(),
            sign_ins: SignIns::default(),
            statements,
            plans: Arc::default(),
            figures: Arc::default(),
            clock,
            documents,
            rendering: Rendering::for_this_machine(),
            draining: Arc::default(),
            providers,
        })
    }

    /// Today's date in England, by the application's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// The keys that sign and check session tokens.
    pub fn keys(&self) -> &TokenKeys {
        &self.auth.keys
    }

    /// The plan as at the request's data generation (or later): from this
    /// instance's cache, read afresh only after a write.
    pub async fn plan(&self, generation: Generation) -> Result<Arc<Snapshot>, AppError> {
        if let Some(found) = self.plans.current_for(generation.0) {
            return Ok(found);
        }
        let (plans, rules) = (self.plans.clone(), self.config.rules.clone());
        self.db(move |conn| {
            let before = plans.latest();
            let found = plans.get_or_load(conn, generation.0, &rules)?;
            // Reading the plan takes about twice what it keeps (the rows as
            // read, then indexed); what it freed goes back once it is read.
            if before.is_none_or(|b| !Arc::ptr_eq(&b, &found)) {
                crate::blocking::give_back_memory();
            }
            Ok(found)
        })
        .await
    }

    /// The plan as it stood at `past` (the plan as it is for none), read at
    /// the request's data generation or later.
    pub async fn plan_at(
        &self,
        generation: Generation,
        past: Option<crate::read::rewind::Past>,
    ) -> Result<Arc<Snapshot>, AppError> {
        let Some(past) = past else { return self.plan(generation).await };
        let (plans, rules) = (self.plans.clone(), self.config.rules.clone());
        self.db(move |conn| Ok(plans.get_or_load_past(conn, generation.0, &rules, past)?)).await
    }

    /// The council with this DfE number compared with its neighbours, its
    /// region and England, read at the request's data generation or later;
    /// none when the published files name no such council.
    pub async fn council_figures(
        &self,
        generation: Generation,
        la_code: &str,
    ) -> Result<Option<Arc<CouncilFigures>>, AppError> {
        if let Some(found) = self.figures.get(generation.0, la_code) {
            return Ok(found);
        }
        let (figures, la_code) = (self.figures.clone(), la_code.to_string());
        self.db(move |conn| Ok(figures.get_or_load(conn, generation.0, &la_code)?)).await
    }

    /// The council a request asks for (`la`), else the one council details
    /// name, with whether it is the council's own: the pages and the API choose alike.
    pub async fn chosen_figures(&self, generation: Generation, asked: Option<&str>) -> Result<Chosen, AppError> {
        let snapshot = self.plan(generation).await?;
        let own = snapshot.la_number().map(str::to_string);
        let code = match asked {
            Some(text) => crate::domain::figures::la_code(text)
                .map_err(|message| AppError::Invalid(crate::domain::fields::FieldErrors::one("la", message)))?,
            None => match &own {
                Some(code) => code.clone(),
                None => return Ok(Chosen::NotSet),
            },
        };
        Ok(match self.council_figures(generation, &code).await? {
            Some(figures) => Chosen::Council { own: own.as_deref() == Some(code.as_str()), figures },
            None => Chosen::Unknown { code, asked: asked.is_some() },
        })
    }

    /// The published figures of the council whose number the snapshot's
    /// council details give; none when they give none or the files name none.
    pub async fn own_figures(
        &self,
        generation: Generation,
        snapshot: &Snapshot,
    ) -> Result<Option<Arc<CouncilFigures>>, AppError> {
        match snapshot.la_number() {
            Some(la) => self.council_figures(generation, la).await,
            None => Ok(None),
        }
    }

    /// Every council with published figures, by name.
    pub async fn figure_councils(&self, generation: Generation) -> Result<Arc<Vec<Place>>, AppError> {
        if let Some(found) = self.figures.kept_councils(generation.0) {
            return Ok(found);
        }
        let figures = self.figures.clone();
        self.db(move |conn| Ok(figures.councils(conn, generation.0)?)).await
    }

    /// The plan at the current generation, read for a request that carries
    /// none (a public one): one statement, and the plan from the cache.
    pub async fn current_plan(&self) -> Result<Arc<Snapshot>, AppError> {
        let generation = self.db(|conn| Ok(crate::db::sessions::generation(conn)?)).await?;
        self.plan(Generation(generation)).await
    }

    /// The snapshot's verdicts as at `as_at`: those it keeps, else worked out
    /// on a blocking thread, since a large plan's verdicts would hold an
    /// async worker (and every request waiting on it) for their whole run.
    pub async fn verdicts(
        &self,
        snapshot: &Arc<Snapshot>,
        as_at: chrono::NaiveDate,
    ) -> Result<Arc<Verdicts>, AppError> {
        if let Some(found) = snapshot.kept_verdicts(as_at) {
            return Ok(found);
        }
        let snapshot = snapshot.clone();
        self.rendering.draw(move || snapshot.verdicts(as_at)).await
    }

    /// A view of the snapshot as at `as_at` (the dashboard, say): the one it
    /// keeps, else computed on a blocking thread, as the verdicts are.
    pub async fn derived<T, F>(
        &self,
        snapshot: &Arc<Snapshot>,
        as_at: chrono::NaiveDate,
        compute: F,
    ) -> Result<Arc<T>, AppError>
    where
        T: View,
        F: FnOnce(&Snapshot) -> T + Send + 'static,
    {
        if let Some(found) = snapshot.kept(as_at) {
            return Ok(found);
        }
        let snapshot = snapshot.clone();
        self.rendering.draw(move || snapshot.derived(as_at, || compute(&snapshot))).await
    }

    /// The council's name as the latest plan read holds it (callers have
    /// read the plan for their request first), else the first-start default.
    pub fn authority(&self) -> String {
        match self.plans.latest() {
            Some(snapshot) => snapshot.authority().to_string(),
            None => self.config.authority().to_string(),
        }
    }

    /// The checks' context for input made today.
    pub fn context(&self) -> crate::domain::valid::Context {
        self.context_on(self.today())
    }

    /// The checks' context for input as if made on `day`.
    pub fn context_on(&self, day: chrono::NaiveDate) -> crate::domain::valid::Context {
        crate::domain::valid::Context::new(day, self.config.dates.earliest_year, self.config.dates.latest_year)
    }

    /// Runs database work on the blocking pool with a connection of its own.
    pub async fn db<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
    {
        crate::blocking::with_connection(&self.pool, work).await
    }
}
