//! Reading and verifying the hash-chained audit log.

use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use nqtrack_domain::audit::{AuditEntry, ChainBreak};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::{ApiQuery, ApiResult, Problems, problem, required};
use crate::auth::Caller;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(history)).routes(routes!(verify))
}

/// One recorded change, linked to the one before by its hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryDto {
    /// Position in the chain, from 1.
    pub seq: i64,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// The account that made the change; absent for the server's operator.
    pub actor_id: Option<Uuid>,
    #[schema(example = "tuyenquang.thuongtruc")]
    pub actor_name: String,
    #[schema(example = "unit.create")]
    pub action: String,
    /// `unit`, `user` or `group`.
    #[schema(example = "unit")]
    pub object_type: String,
    pub object_id: String,
    /// The object's state before the change: JSON text exactly as hashed (absent on creation).
    pub before: Option<String>,
    /// The object's state after the change: JSON text exactly as hashed (absent on deletion).
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl From<AuditEntry> for AuditEntryDto {
    fn from(entry: AuditEntry) -> Self {
        Self {
            seq: entry.seq,
            at: entry.at,
            actor_id: entry.actor_id,
            actor_name: entry.actor_name,
            action: entry.action,
            object_type: entry.object_type,
            object_id: entry.object_id,
            before: entry.before,
            after: entry.after,
            prev_hash: entry.prev_hash,
            hash: entry.hash,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// With `object_id`: the history of one object (`unit`, `user`, `group`).
    object_type: Option<String>,
    /// With `object_type`: the object's id.
    object_id: Option<String>,
    /// Only entries older than this sequence number (the previous page's `next_before`).
    before: Option<i64>,
}

/// A page of history, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntryDto>,
    /// Pass as `before` for the next (older) page; absent when this page is empty.
    pub next_before: Option<i64>,
}

/// The history of one object, or the recent changes anywhere in the caller's scope, newest first.
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, description = "A page of entries", body = AuditPage), Problems))]
async fn history(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<AuditPage> {
    let entries = match (query.object_type, query.object_id) {
        (None, None) => state.app.recent_history(caller.actor(), query.before).await,
        (object_type, object_id) => {
            let object_type = required(caller.lang, "object_type", object_type)?;
            let object_id = required(caller.lang, "object_id", object_id)?;
            state.app.object_history(caller.actor(), &object_type, &object_id, query.before).await
        }
    }
    .map_err(problem(caller.lang))?;
    let next_before = entries.last().map(|entry| entry.seq);
    Ok(Json(AuditPage { entries: entries.into_iter().map(AuditEntryDto::from).collect(), next_before }))
}

/// The outcome of checking the whole chain.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    /// Whether every entry matches its hash and follows the one before.
    pub ok: bool,
    /// How many entries were found intact (before the break, if any).
    pub entries: i64,
    /// Where and how the chain is broken.
    #[serde(rename = "break", skip_serializing_if = "Option::is_none")]
    pub chain_break: Option<String>,
}

/// Checks every link of the audit chain (system administrators only).
#[utoipa::path(get, path = "/audit/verify", tag = "audit",
    responses((status = 200, description = "The outcome", body = Verification), Problems))]
async fn verify(State(state): State<AppState>, caller: Caller) -> ApiResult<Verification> {
    let outcome = state.app.verify_audit(caller.actor()).await.map_err(problem(caller.lang))?;
    Ok(Json(match outcome {
        Ok(entries) => Verification { ok: true, entries, chain_break: None },
        Err(broken) => {
            Verification { ok: false, entries: intact_before(&broken), chain_break: Some(broken.to_string()) }
        }
    }))
}

/// How many entries were checked and found intact before the chain broke.
fn intact_before(broken: &ChainBreak) -> i64 {
    match *broken {
        ChainBreak::Tampered { seq } | ChainBreak::BrokenLink { seq } => seq - 1,
        ChainBreak::Gap { previous, .. } => previous,
        ChainBreak::Truncated { last, .. } => last,
    }
}
