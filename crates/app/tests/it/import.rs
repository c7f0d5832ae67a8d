use crate::support::Harness;
