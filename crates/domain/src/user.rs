//! Accounts: usernames, e-mail addresses, passwords and roles.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::unit::text_enum;

/// A login name: 3 to 64 of a-z, 0-9, '.', '_' and '-', stored lowercase so logins ignore case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let name = input.trim().to_ascii_lowercase();
        if name.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        if !(3..=64).contains(&name.len()) {
            return Err(FieldError::new(field, "username-length").with_arg("min", 3).with_arg("max", 64));
        }
        if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')) {
            return Err(FieldError::new(field, "username-format"));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse("username", &value)
    }
}

impl From<Username> for String {
    fn from(name: Username) -> Self {
        name.0
    }
}

/// An optional e-mail address, checked for shape only: delivery is the real test.
pub fn parse_email(field: &str, input: &str) -> Result<Option<String>, FieldError> {
    let email = input.trim();
    if email.is_empty() {
        return Ok(None);
    }
    let well_formed = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if well_formed { Ok(Some(email.to_owned())) } else { Err(FieldError::new(field, "email-format")) }
}

/// Minimum password length; length beats composition rules (NIST SP 800-63B).
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Bounded so that a huge body cannot make Argon2 burn memory and time.
pub const MAX_PASSWORD_CHARS: usize = 256;

pub fn check_new_password(field: &str, password: &str) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Err(FieldError::new(field, "password-too-short").with_arg("min", MIN_PASSWORD_CHARS))
    } else if chars > MAX_PASSWORD_CHARS {
        Err(FieldError::new(field, "too-long").with_arg("max", MAX_PASSWORD_CHARS))
    } else {
        Ok(())
    }
}

text_enum!(
    /// What a user may do, always within the subtree of the unit the role is granted at.
    Role, "role", "role-unknown" {
        Administrator = "administrator" | "quan_tri",
        Coordinator = "coordinator" | "dieu_phoi" | "thuong_truc",
        Reporter = "reporter" | "bao_cao",
        Leader = "leader" | "lanh_dao",
        Inspector = "inspector" | "kiem_tra",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse("u", " HaNoi.Coord ").map(|u| u.0), Ok("hanoi.coord".into()));
        assert_eq!(Username::parse("u", "ab").map_err(|e| e.code), Err("username-length"));
        assert_eq!(Username::parse("u", "hà nội").map_err(|e| e.code), Err("username-format"));
    }

    #[test]
    fn emails() {
        assert_eq!(parse_email("e", ""), Ok(None));
        assert_eq!(parse_email("e", "a@b.vn"), Ok(Some("a@b.vn".into())));
        for bad in ["a@b", "@b.vn", "a b@c.vn", "a@.vn", "a@b@c.vn"] {
            assert_eq!(parse_email("e", bad).map_err(|e| e.code), Err("email-format"), "{bad}");
        }
    }

    #[test]
    fn passwords() {
        assert!(check_new_password("p", "short").is_err());
        assert!(check_new_password("p", "mật khẩu dài đủ").is_ok());
        assert!(check_new_password("p", &"x".repeat(257)).is_err());
    }
}
