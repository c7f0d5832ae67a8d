//! The pure core of nqtrack: types and rules as functions of their inputs.
//!
//! Nothing here performs I/O or reads the clock: the date or instant a rule depends on is an argument,
//! so every rule can be replayed "as of" any past date and tested without a database.

pub mod audit;
pub mod calendar;
pub mod committee;
pub mod dates;
pub mod error;
pub mod evaluation;
pub mod indicator;
pub mod period;
pub mod policy;
pub mod reorg;
pub mod status;
pub mod task;
pub mod text;
pub mod unit;
pub mod user;

pub use error::{FieldError, Invalid};
