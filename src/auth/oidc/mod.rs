//! Signing in through OpenID providers: the authorization code flow with PKCE,
//! state and nonce, by the `openidconnect` crate. This module talks to the
//! providers and checks what they send; who that makes someone in Sustain is
//! `domain::sign_on`'s to say.

pub mod flow;

use crate::config::ProviderSettings;
use crate::domain::sign_on::{mapped_role, RoleRules};
use chrono::{DateTime, Utc};
use flow::Flow;
use openidconnect::core::{
    CoreAuthDisplay, CoreClaimName, CoreClaimType, CoreClient, CoreClientAuthMethod, CoreGenderClaim, CoreGrantType,
    CoreIdTokenVerifier, CoreJsonWebKey, CoreJsonWebKeySet, CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType,
    CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalClaims, AdditionalProviderMetadata, AuthenticationFlow, AuthorizationCode, ClaimsVerificationError,
    ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, ProviderMetadata, RedirectUrl, RequestTokenError, Scope,
    SignatureVerificationError, TokenResponse,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Keys (and the discovery document) are fetched again at least this often,
/// and at once when a token names a key not among them.
const KEYS_AT_MOST: Duration = Duration::from_secs(3600);
/// How long to wait for a provider before telling the person it cannot be reached.
const WAIT_FOR_PROVIDER: Duration = Duration::from_secs(10);

/// The part of a discovery document beyond the core that Sustain reads.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct EndSession {
    #[serde(default)]
    end_session_endpoint: Option<String>,
}
impl AdditionalProviderMetadata for EndSession {}

type Metadata = ProviderMetadata<
    EndSession,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// Claims beyond the standard ones: roles, groups, `xms_edov`.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Extra {
    #[serde(flatten)]
    claims: serde_json::Map<String, Value>,
}
impl AdditionalClaims for Extra {}

/// A client as made from a discovery document: its token endpoint may be missing.
type Client =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

type Token = IdToken<Extra, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;

/// The configured providers, with what each last published.
pub struct Providers {
    http: openidconnect::reqwest::Client,
    list: Vec<Provider>,
}

/// One provider and its discovery document (with its keys), once fetched.
pub struct Provider {
    pub id: String,
    pub settings: ProviderSettings,
    known: Mutex<Option<Known>>,
}

struct Known {
    metadata: Metadata,
    fetched: Instant,
}

/// Why a sign-in through a provider stopped before anyone was known.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The provider did not answer, or answered with something that is not
    /// a provider's answer: the person is told it could not be reached.
    #[error("could not reach {provider}: {cause}")]
    Unreachable { provider: String, cause: String },
    /// What came back did not check out (`reason` for history, `cause` for the log).
    #[error("refused ({reason}): {cause}")]
    Rejected { reason: &'static str, cause: String },
}

/// What a provider vouched for, in an ID token that checked out.
#[derive(Debug, Clone)]
pub struct Verified {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_vouched: bool,
    pub name: Option<String>,
    pub mapped: Option<crate::domain::kinds::Role>,
    pub rules: RoleRules,
}

fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl Providers {
    /// The providers in the settings, in the order of their ids.
    pub fn new(settings: &crate::config::OidcSettings) -> Result<Self, String> {
        let http = openidconnect::reqwest::Client::builder()
            // A provider's endpoints answer directly; following redirects would let one send Sustain elsewhere.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(WAIT_FOR_PROVIDER)
            .build()
            .map_err(|e| format!("could not make the client for OpenID providers: {e}"))?;
        let list = settings
            .providers
            .iter()
            .map(|(id, p)| Provider { id: id.clone(), settings: p.clone(), known: Mutex::new(None) })
            .collect();
        Ok(Self { http, list })
    }

    /// Every provider, for the sign-in page's buttons.
    pub fn all(&self) -> &[Provider] {
        &self.list
    }

    /// The provider with this id.
    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.list.iter().find(|p| p.id == id)
    }

    /// The provider's discovery document and keys: those kept, unless older than an hour.
    async fn metadata(&self, provider: &Provider) -> Result<Metadata, Failure> {
        let mut known = provider.known.lock().await;
        if let Some(k) = known.as_ref().filter(|k| k.fetched.elapsed() < KEYS_AT_MOST) {
            return Ok(k.metadata.clone());
        }
        let unreachable = |cause: String| Failure::Unreachable { provider: provider.settings.name.clone(), cause };
        let issuer = IssuerUrl::new(provider.settings.issuer.clone()).map_err(|e| unreachable(chain(&e)))?;
        // Discovery also checks that the document names this very issuer.
        let metadata = Metadata::discover_async(issuer, &self.http).await.map_err(|e| unreachable(chain(&e)))?;
        *known = Some(Known { metadata: metadata.clone(), fetched: Instant::now() });
        Ok(metadata)
    }

    /// Fetches the provider's keys again (a token named a key not among them).
    async fn fresh_keys(&self, provider: &Provider) -> Result<CoreJsonWebKeySet, Failure> {
        let mut known = provider.known.lock().await;
        let unreachable = |cause: String| Failure::Unreachable { provider: provider.settings.name.clone(), cause };
        let Some(k) = known.as_mut() else { return Err(unreachable("no discovery document yet".into())) };
        let keys = CoreJsonWebKeySet::fetch_async(k.metadata.jwks_uri(), &self.http)
            .await
            .map_err(|e| unreachable(chain(&e)))?;
        k.metadata = k.metadata.clone().set_jwks(keys.clone());
        k.fetched = Instant::now();
        Ok(keys)
    }

    fn client(provider: &Provider, metadata: Metadata, redirect_uri: &str) -> Result<Client, Failure> {
        let redirect = RedirectUrl::new(redirect_uri.to_string())
            .map_err(|e| Failure::Rejected { reason: "redirect_uri", cause: chain(&e) })?;
        let settings = &provider.settings;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(settings.client_id.clone()),
            Some(ClientSecret::new(settings.client_secret.expose_secret().to_string())),
        )
        .set_redirect_uri(redirect))
    }

    /// Where to send the browser to sign in, and the flow it carries meanwhile.
    pub async fn begin(
        &self,
        provider: &Provider,
        redirect_uri: String,
        next: String,
        now: DateTime<Utc>,
    ) -> Result<(url::Url, Flow), Failure> {
        let metadata = self.metadata(provider).await?;
        let client = Self::client(provider, metadata, &redirect_uri)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in provider.settings.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        let flow = Flow::begun(
            &provider.id,
            state.secret().clone(),
            nonce.secret().clone(),
            verifier.secret().clone(),
            redirect_uri,
            next,
            now,
        );
        Ok((url, flow))
    }

    /// Exchanges the code (with the PKCE verifier) and checks the ID token:
    /// signature by the provider's key, issuer, audience, expiry and nonce.
    pub async fn finish(&self, provider: &Provider, flow: &Flow, code: String) -> Result<Verified, Failure> {
        let metadata = self.metadata(provider).await?;
        let issuer = metadata.issuer().clone();
        let keys = metadata.jwks().clone();
        let client = Self::client(provider, metadata, &flow.redirect_uri)?;
        let exchange = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| Failure::Rejected { reason: "no_token_endpoint", cause: chain(&e) })?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.pkce_verifier.clone()));
        let response = exchange.request_async(&self.http).await.map_err(|e| match e {
            // The provider refused the code: used already, expired, or not for this verifier.
            RequestTokenError::ServerResponse(answer) => {
                Failure::Rejected { reason: "code_refused", cause: answer.error().to_string() }
            }
            other => Failure::Unreachable { provider: provider.settings.name.clone(), cause: chain(&other) },
        })?;
        let raw = response
            .id_token()
            .ok_or(Failure::Rejected { reason: "no_id_token", cause: "the token response has no ID token".into() })?
            .to_string();
        let token: Token = raw
            .parse()
            .map_err(|e: serde_json::Error| Failure::Rejected { reason: "unreadable", cause: e.to_string() })?;
        let settings = &provider.settings;
        let nonce = Nonce::new(flow.nonce.clone());
        let check = |keys: CoreJsonWebKeySet| {
            let verifier = CoreIdTokenVerifier::new_confidential_client(
                ClientId::new(settings.client_id.clone()),
                ClientSecret::new(settings.client_secret.expose_secret().to_string()),
                issuer.clone(),
                keys,
            );
            token.claims(&verifier, &nonce).cloned()
        };
        let claims = match check(keys) {
            // A key the provider has rotated in since its keys were fetched.
            Err(ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey)) => {
                check(self.fresh_keys(provider).await?)
            }
            other => other,
        }
        .map_err(|e| Failure::Rejected { reason: rejection(&e), cause: chain(&e) })?;
        let extra = &claims.additional_claims().claims;
        let email = claims
            .email()
            .map(|e| e.as_str().to_string())
            .or_else(|| claims.preferred_username().map(|u| u.as_str().to_string()).filter(|u| u.contains('@')));
        let email_vouched = if settings.email_verified_claim == "email_verified" {
            claims.email_verified() == Some(true)
        } else {
            matches!(extra.get(&settings.email_verified_claim), Some(Value::Bool(true)))
                || matches!(extra.get(&settings.email_verified_claim), Some(Value::String(s)) if s == "true")
        };
        let values: Vec<String> = match settings.role_claim.as_ref().and_then(|c| extra.get(c)) {
            Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            Some(Value::String(one)) => vec![one.clone()],
            _ => Vec::new(),
        };
        Ok(Verified {
            issuer: claims.issuer().as_str().to_string(),
            subject: claims.subject().as_str().to_string(),
            email,
            email_vouched,
            name: claims.name().and_then(|n| n.get(None)).map(|n| n.as_str().to_string()),
            mapped: mapped_role(&values, &settings.roles),
            rules: RoleRules { from_provider: settings.role_claim.is_some(), unmapped: settings.unmapped },
        })
    }

    /// The provider's end-session address, when its discovery document gives
    /// one, asking it to send the browser back to `after`.
    pub async fn end_session_url(&self, provider: &Provider, after: &str) -> Option<url::Url> {
        let metadata = self.metadata(provider).await.ok()?;
        let endpoint = metadata.additional_metadata().end_session_endpoint.as_deref()?;
        let mut url = url::Url::parse(endpoint).ok()?;
        url.query_pairs_mut()
            .append_pair("client_id", &provider.settings.client_id)
            .append_pair("post_logout_redirect_uri", after);
        Some(url)
    }
}

/// The reason change history gives for a token that did not check out.
fn rejection(err: &ClaimsVerificationError) -> &'static str {
    match err {
        ClaimsVerificationError::Expired(_) => "expired",
        ClaimsVerificationError::InvalidAudience(_) => "audience",
        ClaimsVerificationError::InvalidIssuer(_) => "issuer",
        ClaimsVerificationError::InvalidNonce(_) => "nonce",
        ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey) => "unknown_key",
        ClaimsVerificationError::SignatureVerification(_) => "signature",
        _ => "claims",
    }
}
