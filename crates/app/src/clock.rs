use std::sync::{Arc, Mutex, PoisonError};

use jiff::{SignedDuration, Timestamp};

/// The one place the application reads the time, so tests can set "now" and replay any date.
#[derive(Clone, Debug)]
pub enum Clock {
    System,
    Fixed(Arc<Mutex<Timestamp>>),
}

impl Clock {
    pub fn fixed(at: Timestamp) -> Self {
        Clock::Fixed(Arc::new(Mutex::new(at)))
    }

    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(at) => *at.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// Moves a fixed clock forward; a system clock moves by itself.
    pub fn advance(&self, by: SignedDuration) {
        if let Clock::Fixed(at) = self {
            let mut at = at.lock().unwrap_or_else(PoisonError::into_inner);
            *at = at.saturating_add(by).unwrap_or(*at);
        }
    }
}
