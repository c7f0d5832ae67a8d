//! A unit's steering committee, its members and its working group.

use nqtrack_domain::committee::{Body, MemberRole};
use nqtrack_domain::error::Checker;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::unit::Name;
use nqtrack_store::{Committee, CommitteeMember};
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::{Change, snapshot};
use crate::units::live_unit;
use crate::{App, AppError, Result};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommitteeInput {
    pub name: String,
    /// The code of the standing office unit; empty for none.
    #[serde(default)]
    pub standing_office_code: String,
    /// The decision that set the committee up, e.g. "Quyết định số 123-QĐ/TU".
    #[serde(default)]
    pub decision: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MemberInput {
    pub body: String,
    pub role: String,
    pub person_name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub portfolio: String,
    /// Links the member to an account, when they have one.
    #[serde(default)]
    pub username: String,
}

/// Free text fields are bounded like names but may be empty.
fn optional_text(field: &str, value: &str) -> Result<String, nqtrack_domain::FieldError> {
    if value.trim().is_empty() { Ok(String::new()) } else { Name::parse(field, value).map(String::from) }
}

impl App {
    pub async fn set_committee(&self, actor: &Actor, unit_id: Uuid, input: CommitteeInput) -> Result<Committee> {
        let mut checker = Checker::default();
        let name = checker.check(Name::parse("name", &input.name));
        let decision = checker.check(optional_text("decision", &input.decision));
        let mut tx = self.store.write().await?;
        let unit = live_unit(&mut tx, unit_id, "unit_id").await?;
        policy::authorize(actor, Action::ManageCommittee, &unit.path)?;
        let office_code = input.standing_office_code.trim();
        let office = if office_code.is_empty() {
            None
        } else {
            match tx.unit_by_code(office_code).await? {
                Some(office) if office.is_live() => Some(office.id),
                _ => {
                    checker.push(
                        nqtrack_domain::FieldError::new("standing_office", "unknown-parent")
                            .with_arg("value", office_code),
                    );
                    None
                }
            }
        };
        checker.finish()?;
        let (Some(name), Some(decision)) = (name, decision) else {
            return Err(AppError::Internal("validated input incomplete".into()));
        };
        let now = self.clock.now();
        let before = tx.committee(unit_id).await?;
        let committee = Committee {
            unit_id,
            name: name.as_str().to_owned(),
            standing_office_id: office,
            decision,
            updated_at: now,
        };
        tx.upsert_committee(&committee).await?;
        Change {
            action: "committee.update",
            object_type: "unit",
            object_id: unit_id.to_string(),
            unit_path: Some(&unit.path),
            before: before.as_ref().and_then(snapshot),
            after: snapshot(&committee),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(committee)
    }

    pub async fn add_committee_member(
        &self,
        actor: &Actor,
        unit_id: Uuid,
        input: MemberInput,
    ) -> Result<CommitteeMember> {
        let mut checker = Checker::default();
        let body = checker.check(Body::parse("body", &input.body));
        let role = checker.check(MemberRole::parse("role", &input.role));
        let person = checker.check(Name::parse("person_name", &input.person_name));
        let position = checker.check(optional_text("position", &input.position));
        let portfolio = checker.check(optional_text("portfolio", &input.portfolio));
        let mut tx = self.store.write().await?;
        let unit = live_unit(&mut tx, unit_id, "unit_id").await?;
        policy::authorize(actor, Action::ManageCommittee, &unit.path)?;
        let username = input.username.trim().to_ascii_lowercase();
        let user_id = if username.is_empty() {
            None
        } else {
            let user = tx.user_by_username(&username).await?;
            if user.is_none() {
                checker.push(nqtrack_domain::FieldError::new("username", "not-found"));
            }
            user.map(|u| u.id)
        };
        checker.finish()?;
        let (Some(body), Some(role), Some(person), Some(position), Some(portfolio)) =
            (body, role, person, position, portfolio)
        else {
            return Err(AppError::Internal("validated input incomplete".into()));
        };
        let now = self.clock.now();
        let existing = tx.committee_members(unit_id).await?;
        let member = CommitteeMember {
            id: Uuid::now_v7(),
            unit_id,
            body,
            role,
            user_id,
            person_name: person.as_str().to_owned(),
            position,
            portfolio,
            sort_order: i32::try_from(existing.len()).unwrap_or(i32::MAX),
            created_at: now,
        };
        tx.insert_committee_member(&member).await?;
        Change {
            action: "committee.member_add",
            object_type: "unit",
            object_id: unit_id.to_string(),
            unit_path: Some(&unit.path),
            before: None,
            after: snapshot(&member),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(member)
    }

    pub async fn remove_committee_member(&self, actor: &Actor, member_id: Uuid) -> Result<()> {
        let mut tx = self.store.write().await?;
        let member = tx.committee_member(member_id).await?.ok_or(AppError::NotFound("member"))?;
        let unit = tx.unit(member.unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ManageCommittee, &unit.path)?;
        tx.delete_committee_member(member_id).await?;
        let now = self.clock.now();
        Change {
            action: "committee.member_remove",
            object_type: "unit",
            object_id: unit.id.to_string(),
            unit_path: Some(&unit.path),
            before: snapshot(&member),
            after: None,
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
