//! Organisation units: codes, names, kinds, levels and the materialised path of the tree.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::text::clean;

/// An official or local unit code: provinces have 2 digits, communes 5, other units any short code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

impl UnitCode {
    pub const MAX_LEN: usize = 32;

    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let code = input.trim();
        if code.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        if code.len() > Self::MAX_LEN {
            return Err(FieldError::new(field, "too-long").with_arg("max", Self::MAX_LEN));
        }
        if !code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
            return Err(FieldError::new(field, "unit-code-format"));
        }
        Ok(Self(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UnitCode {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse("code", &value)
    }
}

impl From<UnitCode> for String {
    fn from(code: UnitCode) -> Self {
        code.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A display name, NFC-normalised and trimmed, 1 to 255 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

impl Name {
    pub const MAX_CHARS: usize = 255;

    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let name = clean(input);
        if name.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(field, "too-long").with_arg("max", Self::MAX_CHARS));
        }
        if name.chars().any(char::is_control) {
            return Err(FieldError::new(field, "control-characters"));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Name {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse("name", &value)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> Self {
        name.0
    }
}

/// Declares a closed set of values with a stable text form, used in storage, the API and imports.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal, $code:literal { $($variant:ident = $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stable text or a Vietnamese alias (folded, so "Xã", "xa" and "XA" agree).
            pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
                let folded = $crate::text::fold_vi(input);
                if folded.is_empty() {
                    return Err(FieldError::new(field, "required"));
                }
                let folded = folded.replace(' ', "_");
                match folded.as_str() {
                    $($text $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(FieldError::new(field, $code).with_arg("value", input.trim())),
                }
            }
        }

        impl FromStr for $name {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse($field, s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// What a unit is; the kind suggests a level but does not fix it.
    UnitKind, "kind", "unit-kind-unknown" {
        Central = "central" | "trung_uong",
        Ministry = "ministry" | "bo" | "bo_nganh",
        Province = "province" | "tinh",
        City = "city" | "thanh_pho",
        Department = "department" | "so" | "so_nganh" | "ban",
        Commune = "commune" | "xa",
        Ward = "ward" | "phuong",
        SpecialZone = "special_zone" | "dac_khu",
        Agency = "agency" | "co_quan",
    }
);

text_enum!(
    /// The tier of government a unit belongs to. Lower tiers never sit above higher ones.
    Level, "level", "level-unknown" {
        Central = "central" | "trung_uong",
        Province = "province" | "tinh",
        Commune = "commune" | "xa",
    }
);

impl Level {
    /// 0 for the centre, growing downwards.
    pub fn depth(self) -> u8 {
        match self {
            Level::Central => 0,
            Level::Province => 1,
            Level::Commune => 2,
        }
    }
}

impl UnitKind {
    /// Whether units of this kind report indicators. Departments and agencies contribute to their
    /// province's or ministry's figures, which that unit reports; they are not expected in a round.
    pub fn reports_indicators(self) -> bool {
        !matches!(self, UnitKind::Department | UnitKind::Agency)
    }

    /// The folded Vietnamese words for the kind, so "xa dong phu" finds the commune Đồng Phú.
    pub fn search_words(self) -> &'static str {
        match self {
            UnitKind::Central => "trung uong ban chi dao",
            UnitKind::Ministry => "bo nganh",
            UnitKind::Province => "tinh",
            UnitKind::City => "thanh pho",
            UnitKind::Department => "so ban nganh",
            UnitKind::Commune => "xa",
            UnitKind::Ward => "phuong",
            UnitKind::SpecialZone => "dac khu",
            UnitKind::Agency => "co quan",
        }
    }

    /// The level a unit of this kind usually has, used when an import leaves the level empty.
    pub fn usual_level(self, parent_level: Option<Level>) -> Level {
        match self {
            UnitKind::Central | UnitKind::Ministry => Level::Central,
            UnitKind::Province | UnitKind::City => Level::Province,
            UnitKind::Commune | UnitKind::Ward | UnitKind::SpecialZone => Level::Commune,
            UnitKind::Department | UnitKind::Agency => parent_level.unwrap_or(Level::Central),
        }
    }
}

/// A child may sit at its parent's level (a department under a province) or below it, never above.
pub fn check_level_under(parent: Level, child: Level) -> Result<(), FieldError> {
    if child.depth() < parent.depth() {
        Err(FieldError::new("level", "level-above-parent").with_arg("level", child).with_arg("parent_level", parent))
    } else {
        Ok(())
    }
}

/// The materialised path of a unit: the ids of its ancestors and itself, each followed by '/'.
///
/// "Everything under X" is then the key range `[path(X), path(X) with the final '/' replaced by '0')`,
/// one index range scan on both SQLite and PostgreSQL (ids are lowercase hex, which sorts after '/').
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitPath(String);

impl UnitPath {
    pub fn root(id: Uuid) -> Self {
        Self(format!("{}/", id.simple()))
    }

    pub fn child(&self, id: Uuid) -> Self {
        Self(format!("{}{}/", self.0, id.simple()))
    }

    /// Wraps a path read back from storage.
    pub fn from_stored(path: String) -> Self {
        Self(path)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `self` is `ancestor` or lies under it.
    pub fn is_within(&self, ancestor: &UnitPath) -> bool {
        self.0.starts_with(&ancestor.0)
    }

    /// The exclusive upper bound of the subtree's key range.
    pub fn subtree_end(&self) -> String {
        let mut end = self.0.clone();
        end.pop();
        end.push('0');
        end
    }

    pub fn depth(&self) -> usize {
        self.0.matches('/').count()
    }

    /// The ids from the root down to this unit.
    pub fn ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.0.split('/').filter_map(|s| Uuid::try_parse(s).ok())
    }

    /// The path this subtree gets when it moves under `new_parent`, given its current `old_prefix`.
    pub fn rebased(&self, old_prefix: &UnitPath, new_prefix: &UnitPath) -> UnitPath {
        match self.0.strip_prefix(&old_prefix.0) {
            Some(rest) => UnitPath(format!("{}{}", new_prefix.0, rest)),
            None => self.clone(),
        }
    }
}

/// Moving a unit under one of its own descendants (or itself) would make it its own ancestor.
pub fn check_no_cycle(unit: &UnitPath, new_parent: &UnitPath) -> Result<(), FieldError> {
    if new_parent.is_within(unit) { Err(FieldError::new("parent", "unit-cycle")) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_validated() {
        assert_eq!(UnitCode::parse("code", " 01 ").map(|c| c.0), Ok("01".to_owned()));
        assert_eq!(UnitCode::parse("code", "").map_err(|e| e.code), Err("required"));
        assert_eq!(UnitCode::parse("code", "a b").map_err(|e| e.code), Err("unit-code-format"));
        assert_eq!(UnitCode::parse("code", &"9".repeat(33)).map_err(|e| e.code), Err("too-long"));
    }

    #[test]
    fn kinds_accept_vietnamese() {
        assert_eq!(UnitKind::parse("kind", "Xã"), Ok(UnitKind::Commune));
        assert_eq!(UnitKind::parse("kind", "Phường"), Ok(UnitKind::Ward));
        assert_eq!(UnitKind::parse("kind", "Đặc khu"), Ok(UnitKind::SpecialZone));
        assert_eq!(UnitKind::parse("kind", "Thành phố"), Ok(UnitKind::City));
        assert_eq!(UnitKind::parse("kind", "special_zone"), Ok(UnitKind::SpecialZone));
        assert_eq!(UnitKind::parse("kind", "village").map_err(|e| e.code), Err("unit-kind-unknown"));
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::parse("kind", kind.as_str()), Ok(*kind));
        }
    }

    #[test]
    fn levels_never_rise_below_a_parent() {
        assert!(check_level_under(Level::Province, Level::Commune).is_ok());
        assert!(check_level_under(Level::Province, Level::Province).is_ok());
        assert_eq!(check_level_under(Level::Commune, Level::Province).map_err(|e| e.code), Err("level-above-parent"));
    }

    #[test]
    fn cycles_are_refused() {
        let a = UnitPath::root(Uuid::now_v7());
        let b = a.child(Uuid::now_v7());
        assert!(check_no_cycle(&b, &a).is_ok());
        assert_eq!(check_no_cycle(&a, &b).map_err(|e| e.code), Err("unit-cycle"));
        assert_eq!(check_no_cycle(&a, &a).map_err(|e| e.code), Err("unit-cycle"));
    }

    proptest! {
        #[test]
        fn subtree_range_holds_exactly_the_descendants(a in any::<u128>(), b in any::<u128>(), c in any::<u128>()) {
            let root = UnitPath::root(Uuid::from_u128(a));
            let child = root.child(Uuid::from_u128(b));
            let other = UnitPath::root(Uuid::from_u128(c));
            let end = root.subtree_end();
            prop_assert!(child.as_str() >= root.as_str() && child.as_str() < end.as_str());
            let other_inside = other.as_str() >= root.as_str() && other.as_str() < end.as_str();
            prop_assert_eq!(other_inside, other.is_within(&root));
        }

        #[test]
        fn rebasing_keeps_the_tail(a in any::<u128>(), b in any::<u128>(), c in any::<u128>()) {
            let old = UnitPath::root(Uuid::from_u128(a));
            let moved = old.child(Uuid::from_u128(b));
            let new_parent = UnitPath::root(Uuid::from_u128(c)).child(Uuid::from_u128(a));
            let rebased = moved.rebased(&old, &new_parent);
            prop_assert!(rebased.is_within(&new_parent));
            prop_assert_eq!(rebased.depth(), moved.depth() + 1);
        }
    }
}
