//! The choropleth map of Vietnam's 34 provinces, as SVG drawn on the server.
//!
//! The boundaries are baked once ([`bake`], the `nqtrack bake-map` command)
//! from `data/vn-admin/provinces.geojson` into `assets/provinces-map.tsv`,
//! which is compiled into the binary and read on first use. Each request then
//! only chooses a class, a tooltip and a link per province
//! ([`province_map_svg`]); the colours come from CSS so the dashboard, the
//! public portal and a printed export can each theme the same map.
//!
//! The Hoàng Sa and Trường Sa archipelagos are part of Đà Nẵng and Khánh Hòa
//! and are always drawn, in their true place, with their names.

mod asset;
mod bake;
mod svg;

pub use asset::{ProvinceShape, provinces};
pub use bake::{BakeOptions, BakedMap, BakedProvince, MapLabel, bake};
pub use svg::{ATTRIBUTION, LegendEntry, MapRequest, NO_DATA_CLASS, ProvinceStyle, province_map_svg};
