use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A unique constraint refused the write; `constraint` names it so the caller can name the field.
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("unsupported database URL {0:?}: use sqlite://… or postgres://…")]
    UnsupportedUrl(String),
    #[error("the database schema is behind this version of nqtrack: run `nqtrack db migrate`")]
    MigrationsPending,
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error
            && db.is_unique_violation()
        {
            // SQLite reports no constraint name, only the message "UNIQUE constraint failed: t.col".
            let constraint = db
                .constraint()
                .map(str::to_owned)
                .unwrap_or_else(|| db.message().rsplit(": ").next().unwrap_or_default().replace('.', "_"));
            return StoreError::Conflict { constraint };
        }
        StoreError::Database(error)
    }
}

impl From<nqtrack_domain::FieldError> for StoreError {
    fn from(error: nqtrack_domain::FieldError) -> Self {
        StoreError::Corrupt(error.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
