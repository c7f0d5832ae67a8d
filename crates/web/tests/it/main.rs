//! Integration tests of the whole router, over real databases, without a listening port.

mod api;
mod support;
mod views;
