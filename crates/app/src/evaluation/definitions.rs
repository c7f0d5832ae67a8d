//! Defining scorecards and index methodologies: in a form, or as a TOML or JSON file that can be kept
//! under version control and shared between committees.
//!
//! A scorecard or methodology belongs to a unit: the unit's coordinators manage it, and the unit and
//! every unit below it may use it. A scorecard is edited in place (its version counts the edits); a
//! methodology version never changes once saved, so that two versions can be computed side by side
//! and a closed period keeps meaning what it meant.

use nqtrack_domain::evaluation::{Methodology, Scorecard};
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{MethodologyRecord, ScorecardRecord, Tx, Unit};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::audit::{Change, snapshot};
use crate::indicators::Catalogue;
use crate::{App, AppError, Result};

/// The format of a definition file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionFormat {
    Toml,
    Json,
}

impl DefinitionFormat {
    /// From a file name's extension; TOML unless it ends in `.json`.
    pub fn of_file(name: &str) -> DefinitionFormat {
        if name.trim().to_ascii_lowercase().ends_with(".json") {
            DefinitionFormat::Json
        } else {
            DefinitionFormat::Toml
        }
    }
}

/// Reads a definition file; a syntax or shape error names the file and says where.
pub fn parse_definition<T: DeserializeOwned>(text: &str, format: DefinitionFormat) -> Result<T, Invalid> {
    let parsed = match format {
        DefinitionFormat::Toml => toml::from_str(text).map_err(|e| e.to_string()),
        DefinitionFormat::Json => serde_json::from_str(text).map_err(|e| e.to_string()),
    };
    parsed
        .map_err(|detail| Invalid::from(FieldError::new("file", "definition-format").with_arg("detail", detail.trim())))
}

/// Writes a definition back out as TOML, the format officials are given to edit.
pub fn definition_toml<T: serde::Serialize>(definition: &T) -> Result<String> {
    toml::to_string_pretty(definition).map_err(|e| AppError::Internal(e.to_string()))
}

async fn owner(tx: &mut Tx, actor: &Actor, owner_id: Uuid) -> Result<Unit> {
    let unit = tx.unit(owner_id).await?.ok_or(AppError::NotFound("unit"))?;
    policy::authorize(actor, Action::ManageEvaluation, &unit.path)?;
    Ok(unit)
}

impl App {
    /// Creates a scorecard, or replaces the unit's scorecard of the same code (its version goes up).
    pub async fn save_scorecard(&self, actor: &Actor, owner_id: Uuid, scorecard: Scorecard) -> Result<ScorecardRecord> {
        let mut tx = self.store.write().await?;
        let owner = owner(&mut tx, actor, owner_id).await?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let scorecard = scorecard.check(|code| {
            let code = nqtrack_domain::indicator::IndicatorCode::parse("indicator", code).ok()?;
            catalogue.by_code(&code).map(|r| r.definition.direction)
        })?;
        let now = self.clock.now();
        let before = tx.scorecard_by_code(owner.id, &scorecard.code).await?;
        let record = ScorecardRecord {
            id: before.as_ref().map_or_else(Uuid::now_v7, |b| b.id),
            owner_id: owner.id,
            owner_path: owner.path.clone(),
            version: before.as_ref().map_or(1, |b| b.version + 1),
            scorecard,
            created_by: before.as_ref().map_or(actor.user_id(), |b| b.created_by),
            created_at: before.as_ref().map_or(now, |b| b.created_at),
            updated_at: now,
        };
        tx.put_scorecard(&record).await?;
        Change {
            action: "scorecard.save",
            object_type: "scorecard",
            object_id: record.id.to_string(),
            unit_path: Some(&owner.path),
            before: before.as_ref().and_then(snapshot),
            after: snapshot(&record),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// A scorecard from a TOML or JSON file.
    pub async fn import_scorecard(
        &self,
        actor: &Actor,
        owner_id: Uuid,
        text: &str,
        format: DefinitionFormat,
    ) -> Result<ScorecardRecord> {
        let scorecard: Scorecard = parse_definition(text, format)?;
        self.save_scorecard(actor, owner_id, scorecard).await
    }

    /// The scorecards the actor may use: those of their units and of the units above them.
    pub async fn scorecards(&self, actor: &Actor) -> Result<Vec<ScorecardRecord>> {
        let mut tx = self.store.read().await?;
        Ok(tx
            .scorecards()
            .await?
            .into_iter()
            .filter(|s| policy::authorize_shared(actor, Action::ViewEvaluation, &s.owner_path).is_ok())
            .collect())
    }

    pub async fn scorecard(&self, actor: &Actor, id: Uuid) -> Result<ScorecardRecord> {
        let mut tx = self.store.read().await?;
        let record = tx.scorecard(id).await?.ok_or(AppError::NotFound("scorecard"))?;
        policy::authorize_shared(actor, Action::ViewEvaluation, &record.owner_path)?;
        Ok(record)
    }

    /// Saves a new version of a methodology; a version that exists already is refused (a version
    /// never changes once saved).
    pub async fn save_methodology(
        &self,
        actor: &Actor,
        owner_id: Uuid,
        methodology: Methodology,
    ) -> Result<MethodologyRecord> {
        let mut tx = self.store.write().await?;
        let owner = owner(&mut tx, actor, owner_id).await?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let methodology = methodology.check(|code| {
            nqtrack_domain::indicator::IndicatorCode::parse("indicator", code)
                .is_ok_and(|code| catalogue.by_code(&code).is_some())
        })?;
        if tx.methodology_version(owner.id, &methodology.code, methodology.version).await?.is_some() {
            return Err(AppError::Conflict(Invalid::from(
                FieldError::new("version", "methodology-version-exists").with_arg("value", methodology.version),
            )));
        }
        let now = self.clock.now();
        let record = MethodologyRecord {
            id: Uuid::now_v7(),
            owner_id: owner.id,
            owner_path: owner.path.clone(),
            methodology,
            created_by: actor.user_id(),
            created_at: now,
        };
        tx.insert_methodology(&record).await?;
        Change {
            action: "methodology.save",
            object_type: "methodology",
            object_id: record.id.to_string(),
            unit_path: Some(&owner.path),
            before: None,
            after: snapshot(&record),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// A methodology version from a TOML or JSON file.
    pub async fn import_methodology(
        &self,
        actor: &Actor,
        owner_id: Uuid,
        text: &str,
        format: DefinitionFormat,
    ) -> Result<MethodologyRecord> {
        let methodology: Methodology = parse_definition(text, format)?;
        self.save_methodology(actor, owner_id, methodology).await
    }

    /// The methodology versions the actor may use.
    pub async fn methodologies(&self, actor: &Actor) -> Result<Vec<MethodologyRecord>> {
        let mut tx = self.store.read().await?;
        Ok(tx
            .methodologies()
            .await?
            .into_iter()
            .filter(|m| policy::authorize_shared(actor, Action::ViewEvaluation, &m.owner_path).is_ok())
            .collect())
    }

    pub async fn methodology(&self, actor: &Actor, id: Uuid) -> Result<MethodologyRecord> {
        let mut tx = self.store.read().await?;
        let record = tx.methodology(id).await?.ok_or(AppError::NotFound("methodology"))?;
        policy::authorize_shared(actor, Action::ViewEvaluation, &record.owner_path)?;
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scorecard_file_reads_in_both_formats() {
        let toml = r#"
            code = "TD57"
            name = "Tiến độ"
            [[criteria]]
            code = "C1"
            name = "Nhiệm vụ xanh"
            measure = "tasks_green_share"
            green = 80
            yellow = 60
        "#;
        let scorecard: Scorecard = parse_definition(toml, DefinitionFormat::Toml).unwrap();
        assert_eq!(scorecard.criteria[0].weight, 1.0);
        let json = serde_json::to_string(&scorecard).unwrap();
        assert_eq!(parse_definition::<Scorecard>(&json, DefinitionFormat::Json).unwrap(), scorecard);
        let back: Scorecard = parse_definition(&definition_toml(&scorecard).unwrap(), DefinitionFormat::Toml).unwrap();
        assert_eq!(back, scorecard);
        let error = parse_definition::<Scorecard>("code = 1", DefinitionFormat::Toml).unwrap_err();
        assert_eq!(error.0[0].field, "file");
        assert_eq!(error.0[0].code, "definition-format");
        let unknown = parse_definition::<Scorecard>(&toml.replace("green = 80", "gren = 80"), DefinitionFormat::Toml);
        assert!(unknown.is_err(), "a misspelt key is an error, not a silent default");
    }
}
