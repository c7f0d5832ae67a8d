//! Peer groups: the units ranked against each other.

use std::fmt;

use nqtrack_domain::FieldError;
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_store::{Liveness, Tx, Unit};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{AppError, Result};

/// Which units are ranked together. Written `provinces`, `ministries`, `communes:<province id>`,
/// `children:<unit id>` or `group:<unit group id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum PeerSpec {
    /// The provinces and centrally governed cities under the root.
    Provinces,
    /// The ministries and central agencies under the root.
    Ministries,
    /// The communes of a province.
    CommunesOf(Uuid),
    /// The units directly under a unit that report (departments and agencies do not).
    ChildrenOf(Uuid),
    /// The members of a unit group.
    Group(Uuid),
}

impl PeerSpec {
    pub fn parse(field: &str, text: &str) -> Result<PeerSpec, FieldError> {
        let text = text.trim();
        let invalid = || FieldError::new(field, "peers-format").with_arg("value", text);
        let id = |s: &str| Uuid::parse_str(s).map_err(|_| invalid());
        match text.split_once(':') {
            None if text == "provinces" => Ok(PeerSpec::Provinces),
            None if text == "ministries" => Ok(PeerSpec::Ministries),
            Some(("communes", rest)) => Ok(PeerSpec::CommunesOf(id(rest)?)),
            Some(("children", rest)) => Ok(PeerSpec::ChildrenOf(id(rest)?)),
            Some(("group", rest)) => Ok(PeerSpec::Group(id(rest)?)),
            _ => Err(invalid()),
        }
    }
}

impl fmt::Display for PeerSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeerSpec::Provinces => f.write_str("provinces"),
            PeerSpec::Ministries => f.write_str("ministries"),
            PeerSpec::CommunesOf(id) => write!(f, "communes:{id}"),
            PeerSpec::ChildrenOf(id) => write!(f, "children:{id}"),
            PeerSpec::Group(id) => write!(f, "group:{id}"),
        }
    }
}

impl From<PeerSpec> for String {
    fn from(spec: PeerSpec) -> String {
        spec.to_string()
    }
}

impl TryFrom<String> for PeerSpec {
    type Error = FieldError;
    fn try_from(text: String) -> Result<Self, FieldError> {
        PeerSpec::parse("peers", &text)
    }
}

/// A resolved peer group: the units, and the unit the ranking is shared under (everyone below it may
/// read it).
#[derive(Debug, Clone)]
pub struct PeerGroup {
    pub spec: PeerSpec,
    pub name: String,
    pub shared_under: Unit,
    pub units: Vec<Unit>,
}

pub(crate) async fn resolve(tx: &mut Tx, spec: PeerSpec) -> Result<PeerGroup> {
    let (shared_under, units, name) = match spec {
        PeerSpec::Provinces | PeerSpec::Ministries => {
            let root = tx.root_units(Liveness::Live).await?.into_iter().next().ok_or(AppError::NotFound("unit"))?.unit;
            let units = if spec == PeerSpec::Provinces {
                tx.units_below_at_levels(&root.path, &[Level::Province]).await?
            } else {
                tx.children(root.id, Liveness::Live)
                    .await?
                    .into_iter()
                    .map(|c| c.unit)
                    .filter(|u| u.kind == UnitKind::Ministry)
                    .collect()
            };
            let name = if spec == PeerSpec::Provinces { "provinces" } else { "ministries" };
            (root, units, name.to_owned())
        }
        PeerSpec::CommunesOf(id) => {
            let province = tx.unit(id).await?.ok_or(AppError::NotFound("unit"))?;
            let units = tx.units_below_at_levels(&province.path, &[Level::Commune]).await?;
            let name = province.name.clone();
            (province, units, name)
        }
        PeerSpec::ChildrenOf(id) => {
            let parent = tx.unit(id).await?.ok_or(AppError::NotFound("unit"))?;
            let units = tx
                .children(id, Liveness::Live)
                .await?
                .into_iter()
                .map(|c| c.unit)
                .filter(|u| u.kind.reports_indicators())
                .collect();
            let name = parent.name.clone();
            (parent, units, name)
        }
        PeerSpec::Group(id) => {
            let group = tx.group(id).await?.ok_or(AppError::NotFound("group"))?;
            let owner = tx.unit(group.owner_id).await?.ok_or(AppError::NotFound("unit"))?;
            let units = tx.group_members(id).await?.into_iter().filter(Unit::is_live).collect();
            (owner, units, group.name)
        }
    };
    Ok(PeerGroup { spec, name, shared_under, units })
}

/// The peer group a unit is ranked in by default: the provinces for a province, the communes of its
/// province for a commune, its siblings otherwise; `None` at the root.
pub fn default_peers(unit: &Unit) -> Option<PeerSpec> {
    match (unit.level, unit.parent_id) {
        (_, None) => None,
        (Level::Province, _) if unit.kind.reports_indicators() => Some(PeerSpec::Provinces),
        (Level::Central, _) if unit.kind == UnitKind::Ministry => Some(PeerSpec::Ministries),
        (Level::Commune, Some(parent)) => Some(PeerSpec::CommunesOf(parent)),
        (_, Some(parent)) => Some(PeerSpec::ChildrenOf(parent)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_round_trip() {
        let id = Uuid::now_v7();
        for spec in [PeerSpec::Provinces, PeerSpec::Ministries, PeerSpec::CommunesOf(id), PeerSpec::Group(id)] {
            assert_eq!(PeerSpec::parse("peers", &spec.to_string()), Ok(spec));
        }
        assert_eq!(PeerSpec::parse("peers", "communes:xyz").unwrap_err().code, "peers-format");
    }
}
