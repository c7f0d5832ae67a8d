//! Argon2id password hashes (PHC strings, so parameters can change later) and random secrets.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};

use crate::{AppError, Result};

fn hasher(memory_kib: u32) -> Result<Argon2<'static>> {
    let params = Params::new(memory_kib, 2, 1, None).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes on a blocking thread: Argon2 is deliberately slow and must not stall the async runtime.
pub(crate) async fn hash(password: String, memory_kib: u32) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_now(&password, memory_kib))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

pub(crate) fn hash_now(password: &str, memory_kib: u32) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Internal(e.to_string()))?;
    let hash =
        hasher(memory_kib)?.hash_password(password.as_bytes(), &salt).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(hash.to_string())
}

/// Verifies with the parameters recorded in the hash itself.
pub(crate) async fn verify(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// A hash no password matches, verified for unknown usernames so their timing looks like a real miss.
pub(crate) const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$6oQwn4r6Qx9F0JvLB0pW0cJ1kU3v0vXy2wV1rD2K1eA";

/// `bytes` random bytes as lowercase hex.
pub(crate) fn random_hex(bytes: usize) -> Result<String> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(hex::encode(buffer))
}

/// Session ids and API tokens are long random secrets, so a fast hash is enough to store them safely.
pub(crate) fn token_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A one-time password an administrator reads out to a user: easy to type, 16 characters.
pub(crate) fn temporary_password() -> Result<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut buffer = [0u8; 16];
    getrandom::fill(&mut buffer).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(buffer.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ() {
        let first = hash("mật khẩu đủ dài".into(), 1024).await.expect("hash");
        let second = hash("mật khẩu đủ dài".into(), 1024).await.expect("hash");
        assert_ne!(first, second, "salted");
        assert!(first.starts_with("$argon2id$"));
        assert!(verify("mật khẩu đủ dài".into(), first.clone()).await);
        assert!(!verify("wrong password".into(), first).await);
        assert!(!verify("anything".into(), DUMMY_HASH.into()).await);
    }
}
