use nqtrack_domain::policy::Denied;
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::StoreError;

use crate::import::ImportReport;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Denied(#[from] Denied),
    /// Someone else saved the same record since it was read; nothing was written.
    #[error("conflict: {0}")]
    Conflict(Invalid),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("not signed in, or the session has ended")]
    Unauthenticated,
    #[error("too many attempts; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("import rejected: {} problem(s), nothing written", .0.problems.len())]
    ImportRejected(ImportReport),
    #[error(transparent)]
    Store(StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    /// A unique constraint means the user entered something that already exists: that is a field
    /// error to show, not a server failure.
    fn from(error: StoreError) -> Self {
        match &error {
            StoreError::Conflict { constraint } if constraint.contains("username") => {
                AppError::Invalid(Invalid::one("username", "username-taken"))
            }
            StoreError::Conflict { constraint } if constraint.contains("code") => {
                AppError::Invalid(Invalid::one("code", "code-taken"))
            }
            StoreError::Conflict { constraint } if constraint.contains("grant") || constraint.contains("role") => {
                AppError::Invalid(Invalid::one("role", "duplicate"))
            }
            _ => AppError::Store(error),
        }
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        AppError::Invalid(error.into())
    }
}
