//! The baked map compiled into the binary, parsed once on first use.

use std::sync::LazyLock;

use super::bake::MapLabel;
use crate::OfficeError;

/// The baked boundaries; `nqtrack bake-map` rewrites it, and a test checks it
/// still matches its source.
const ASSET: &str = include_str!("../../assets/provinces-map.tsv");

/// One province as the asset holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceShape {
    /// The 2-digit province code.
    pub code: String,
    /// The name as the source spells it (older tone-mark placement, e.g.
    /// "Khánh Hoà"): join on the code, not the name.
    pub name: String,
    /// Where a label for the province fits, in viewBox units.
    pub anchor: (f64, f64),
    pub path: String,
}

/// The parsed asset.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ProvinceMap {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) labels: Vec<MapLabel>,
    pub(super) provinces: Vec<ProvinceShape>,
}

pub(super) static MAP: LazyLock<ProvinceMap> =
    // The asset is compiled in and a test parses it, so this cannot fail in a
    // build that passed its tests.
    LazyLock::new(|| parse(ASSET).expect("the baked province map is valid (checked by the tests)"));

/// The 34 provinces of the baked map, sorted by code.
#[must_use]
pub fn provinces() -> &'static [ProvinceShape] {
    &MAP.provinces
}

/// Reads the asset format [`super::BakedMap::to_tsv`] writes.
pub(super) fn parse(text: &str) -> Result<ProvinceMap, OfficeError> {
    let mut map = ProvinceMap { width: 0.0, height: 0.0, labels: Vec::new(), provinces: Vec::new() };
    for (index, line) in text.lines().enumerate() {
        let bad = || OfficeError::MapAsset { line: index + 1 };
        let fields: Vec<&str> = line.split('\t').collect();
        match fields[..] {
            ["# viewBox", width, height] => {
                map.width = number(width).ok_or_else(bad)?;
                map.height = number(height).ok_or_else(bad)?;
            }
            ["# label", text, x, y] => map.labels.push(MapLabel {
                text: text.to_owned(),
                x: number(x).ok_or_else(bad)?,
                y: number(y).ok_or_else(bad)?,
            }),
            _ if line.starts_with('#') || line.is_empty() => {}
            [code, name, x, y, path] => map.provinces.push(ProvinceShape {
                code: code.to_owned(),
                name: name.to_owned(),
                anchor: (number(x).ok_or_else(bad)?, number(y).ok_or_else(bad)?),
                path: path.to_owned(),
            }),
            _ => return Err(bad()),
        }
    }
    if map.width <= 0.0 || map.height <= 0.0 || map.provinces.is_empty() {
        return Err(OfficeError::MapAsset { line: 0 });
    }
    Ok(map)
}

fn number(text: &str) -> Option<f64> {
    text.parse().ok().filter(|value: &f64| value.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_asset_parses() {
        let map = parse(ASSET).expect("valid asset");
        assert_eq!(map.provinces.len(), 34);
        assert_eq!(map.labels.len(), 2);
        assert!(map.provinces.iter().all(|p| p.path.starts_with('M') && p.path.ends_with('z')));
    }

    #[test]
    fn broken_lines_are_reported() {
        assert_eq!(parse("# viewBox\t10\t10\n01\tA\t1\n"), Err(OfficeError::MapAsset { line: 2 }));
        assert_eq!(parse("# viewBox\tx\t10\n"), Err(OfficeError::MapAsset { line: 1 }));
        assert_eq!(parse("01\tA\t1\t2\tM0 0z\n"), Err(OfficeError::MapAsset { line: 0 }));
    }
}
