//! The holiday calendar: everyone signed in reads it, administrators at a root unit edit it, and deadlines
//! given in working days are computed from it.

use jiff::civil::Date;
use nqtrack_domain::FieldError;
use nqtrack_domain::calendar::{Holiday, HolidayCalendar, SEEDED_YEARS, vietnam_holidays};
use nqtrack_domain::policy::{self, Actor};
use nqtrack_domain::unit::UnitPath;
use nqtrack_domain::user::Role;
use nqtrack_store::{Liveness, Tx};
use serde::Deserialize;

use crate::audit::{Change, snapshot};
use crate::{App, AppError, Result};

/// A holiday as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HolidayInput {
    /// dd/mm/yyyy or yyyy-mm-dd.
    pub day: String,
    pub name: String,
    /// A Saturday or Sunday worked in exchange for a day off.
    #[serde(default)]
    pub working: bool,
}

/// The years the calendar can be listed for: wide enough for any programme, narrow enough that a
/// mistyped year is caught rather than answered with an empty list.
pub const HOLIDAY_YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

impl App {
    /// The entries of one year, in date order. Any signed-in account may read them: everyone's
    /// deadlines depend on them.
    pub async fn holidays(&self, actor: &Actor, year: i16) -> Result<Vec<Holiday>> {
        require_signed_in(actor)?;
        let (first, last) = year_bounds(year)?;
        let mut tx = self.store.read().await?;
        Ok(tx.list_holidays(first, last).await?)
    }

    /// Adds the entry for a day or replaces the one there. Saving what is already stored changes nothing
    /// and writes no audit entry.
    pub async fn save_holiday(&self, actor: &Actor, input: HolidayInput) -> Result<Holiday> {
        policy::authorize_system(actor)?;
        let holiday = Holiday::parse(&input.day, &input.name, input.working)?;
        let mut tx = self.store.write().await?;
        let before = tx.holiday(holiday.day).await?;
        if before.as_ref() == Some(&holiday) {
            return Ok(holiday);
        }
        tx.upsert_holiday(&holiday).await?;
        let path = installation_path(&mut tx, actor).await?;
        Change {
            action: if before.is_some() { "holiday.update" } else { "holiday.create" },
            object_type: "holiday",
            object_id: holiday.day.to_string(),
            unit_path: path.as_ref(),
            before: before.as_ref().and_then(snapshot),
            after: snapshot(&holiday),
        }
        .record(&mut tx, actor, self.clock.now())
        .await?;
        tx.commit().await?;
        Ok(holiday)
    }

    /// Removes the entry for a day: it becomes an ordinary weekday or weekend day again.
    pub async fn delete_holiday(&self, actor: &Actor, day: Date) -> Result<()> {
        policy::authorize_system(actor)?;
        let mut tx = self.store.write().await?;
        let before = tx.holiday(day).await?.ok_or(AppError::NotFound("holiday"))?;
        tx.delete_holiday(day).await?;
        let path = installation_path(&mut tx, actor).await?;
        Change {
            action: "holiday.delete",
            object_type: "holiday",
            object_id: day.to_string(),
            unit_path: path.as_ref(),
            before: snapshot(&before),
            after: None,
        }
        .record(&mut tx, actor, self.clock.now())
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Fills in Vietnam's decreed days off for the years [`vietnam_holidays`] knows. A year that already
    /// has any entry is left alone: its days are the administrators' to keep, and re-running `nqtrack
    /// init` must not bring back a day they deleted on purpose. Returns how many entries were added.
    pub async fn seed_holidays(&self, actor: &Actor) -> Result<usize> {
        policy::authorize_system(actor)?;
        let mut tx = self.store.write().await?;
        let now = self.clock.now();
        let path = installation_path(&mut tx, actor).await?;
        let mut added = 0;
        for year in SEEDED_YEARS {
            let (first, last) = year_bounds(year)?;
            if !tx.list_holidays(first, last).await?.is_empty() {
                continue;
            }
            let holidays = vietnam_holidays(year);
            for holiday in &holidays {
                tx.upsert_holiday(holiday).await?;
            }
            added += holidays.len();
            // One entry per year seeded, listing its days: the log shows the seed as one act.
            Change {
                action: "holiday.seed",
                object_type: "holiday",
                object_id: year.to_string(),
                unit_path: path.as_ref(),
                before: None,
                after: snapshot(&holidays),
            }
            .record(&mut tx, actor, now)
            .await?;
        }
        tx.commit().await?;
        Ok(added)
    }
}

/// The working-day calendar from the whole holiday table, for deadlines given in working days. Read in
/// the caller's transaction, so a deadline is computed from the same snapshot as the rest of the work.
pub(crate) async fn calendar(tx: &mut Tx) -> Result<HolidayCalendar> {
    Ok(HolidayCalendar::new(tx.all_holidays().await?))
}

fn require_signed_in(actor: &Actor) -> Result<()> {
    match actor {
        Actor::Public => Err(AppError::Unauthenticated),
        Actor::User(_) | Actor::Operator { .. } => Ok(()),
    }
}

/// 1 January and 31 December of `year`, if the year is one the calendar may be asked about.
fn year_bounds(year: i16) -> Result<(Date, Date)> {
    let out_of_range = || {
        FieldError::new("year", "year-range")
            .with_arg("min", HOLIDAY_YEARS.start())
            .with_arg("max", HOLIDAY_YEARS.end())
    };
    if !HOLIDAY_YEARS.contains(&year) {
        return Err(out_of_range().into());
    }
    let first = Date::new(year, 1, 1).map_err(|_| out_of_range())?;
    let last = Date::new(year, 12, 31).map_err(|_| out_of_range())?;
    Ok((first, last))
}

/// Where installation-wide changes are filed in the audit log: the root unit the administrator holds
/// (the operator: the first root unit), so that those who may read the root's history see them.
async fn installation_path(tx: &mut Tx, actor: &Actor) -> Result<Option<UnitPath>> {
    match actor {
        Actor::User(user) => Ok(user
            .grants
            .iter()
            .find(|grant| grant.role == Role::Administrator && grant.unit_path.depth() == 1)
            .map(|grant| grant.unit_path.clone())),
        Actor::Operator { .. } => {
            Ok(tx.root_units(Liveness::Live).await?.into_iter().next().map(|root| root.unit.path))
        }
        Actor::Public => Ok(None),
    }
}
