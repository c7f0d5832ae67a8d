//! Baking the province boundaries into the small path asset the map draws.
//!
//! The source GeoJSON is 2.1 MB and 93k vertices: far too much to parse per
//! request or to send to a phone. Baking projects it once onto the map's
//! viewBox, simplifies every ring to what the eye sees at that size, rounds to
//! a tenth of a unit and writes SVG path data, one line per province. The
//! asset is committed and a test re-bakes the source to prove it has not
//! drifted.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use geo::{Area, Centroid, Contains, Coord, InteriorPoint, LineString, Point, Polygon, Simplify};
use serde::Deserialize;

use crate::OfficeError;

/// How to bake: the viewBox to fit into, the empty margin kept around the
/// map, and the simplification tolerance, all in viewBox units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BakeOptions {
    pub width: f64,
    pub height: f64,
    pub margin: f64,
    /// Douglas-Peucker tolerance: the farthest a simplified boundary may
    /// stray from the real one.
    pub tolerance: f64,
}

impl Default for BakeOptions {
    /// Vietnam with the Hoàng Sa and Trường Sa archipelagos in their true
    /// place spans about as much east-west as north-south, hence a near
    /// square; 0.35 units of tolerance is under a pixel at the sizes the
    /// dashboard and a printed A4 page show it.
    fn default() -> Self {
        Self { width: 600.0, height: 640.0, margin: 8.0, tolerance: TOLERANCE }
    }
}

/// The default simplification tolerance.
const TOLERANCE: f64 = 0.2;

/// The baked map: what [`super::province_map_svg`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct BakedMap {
    pub width: f64,
    pub height: f64,
    /// Sorted by code.
    pub provinces: Vec<BakedProvince>,
    /// Texts placed at fixed points, e.g. the archipelagos' names.
    pub labels: Vec<MapLabel>,
    /// Vertices in the source and in the baked paths, for the operator.
    pub vertices_before: usize,
    pub vertices_after: usize,
}

/// One province's outline and the point to hang its label on.
#[derive(Debug, Clone, PartialEq)]
pub struct BakedProvince {
    pub code: String,
    pub name: String,
    /// A point inside the province's largest piece: its centroid when that
    /// falls inside, else a point that is.
    pub anchor: (f64, f64),
    /// SVG path data: an absolute move, relative lines, close, per ring.
    pub path: String,
}

/// A text drawn at a fixed place on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLabel {
    pub text: String,
    pub x: f64,
    pub y: f64,
}

/// The archipelagos are named on the map, as Vietnamese maps do, so their
/// dots of islands read as what they are. Longitude and latitude of each
/// name's middle: under Hoàng Sa, above Trường Sa.
const ARCHIPELAGO_LABELS: [(&str, f64, f64); 2] =
    [("Quần đảo Hoàng Sa", 112.0, 15.45), ("Quần đảo Trường Sa", 114.4, 12.0)];

/// Half the diagonal of the diamond an islet too small to draw becomes, in
/// tenths of a unit; and how close two such dots of one province may be
/// before the second is left out (they would print as one blot anyway).
const ISLET_RADIUS: i64 = 6;
const ISLET_SPACING: i64 = 15;

/// Bakes GeoJSON province boundaries (a FeatureCollection of Polygon or
/// MultiPolygon features in WGS84 longitude/latitude, each with a `code`
/// property or an `id`, and a `name` property).
///
/// Rings that simplification reduces to nothing are dropped, except that an
/// island never disappears: an outer ring too small to draw becomes a dot, so
/// the Hoàng Sa and Trường Sa archipelagos stay on the map.
///
/// # Errors
///
/// [`OfficeError::GeoJson`] if the text is not such a collection, a feature
/// has no code, a code repeats, or there is nothing to draw.
pub fn bake(geojson: &str, options: BakeOptions) -> Result<BakedMap, OfficeError> {
    let collection: Collection = serde_json::from_str(geojson).map_err(|error| invalid(error.to_string()))?;
    let features = read_features(collection)?;
    let projection = Projection::fit(&features, options)?;
    let vertices_before = features.iter().flat_map(|f| &f.polygons).flatten().map(Vec::len).sum();
    let mut vertices_after = 0;
    let mut provinces = Vec::with_capacity(features.len());
    for feature in &features {
        let (province, vertices) = bake_province(feature, &projection, options.tolerance);
        vertices_after += vertices;
        provinces.push(province);
    }
    let labels = ARCHIPELAGO_LABELS
        .iter()
        .map(|&(text, lon, lat)| {
            let (x, y) = projection.project([lon, lat]);
            MapLabel { text: text.to_owned(), x: round_tenth(x), y: round_tenth(y) }
        })
        .collect();
    Ok(BakedMap { width: options.width, height: options.height, provinces, labels, vertices_before, vertices_after })
}

// ------------------------------------------------------------ reading ----

#[derive(Deserialize)]
struct Collection {
    features: Vec<RawFeature>,
}

#[derive(Deserialize)]
struct RawFeature {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    properties: RawProperties,
    geometry: Option<RawGeometry>,
}

#[derive(Deserialize, Default)]
struct RawProperties {
    code: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum RawGeometry {
    Polygon { coordinates: Vec<Vec<Vec<f64>>> },
    MultiPolygon { coordinates: Vec<Vec<Vec<Vec<f64>>>> },
}

/// A position in longitude, latitude.
type Position = [f64; 2];

/// One province: its polygons, each an outer ring then its holes.
struct Feature {
    code: String,
    name: String,
    polygons: Vec<Vec<Vec<Position>>>,
}

fn read_features(collection: Collection) -> Result<Vec<Feature>, OfficeError> {
    let mut features = BTreeMap::new();
    for (index, raw) in collection.features.into_iter().enumerate() {
        let id = match raw.id {
            Some(serde_json::Value::String(id)) => Some(id),
            Some(serde_json::Value::Number(id)) => Some(id.to_string()),
            _ => None,
        };
        let code = raw
            .properties
            .code
            .or(id)
            .map(|code| tsv_text(&code))
            .filter(|code| !code.is_empty())
            .ok_or_else(|| invalid(format!("feature {} has no code", index + 1)))?;
        let name = raw.properties.name.map(|name| tsv_text(&name)).unwrap_or_default();
        let polygons = match raw.geometry {
            Some(RawGeometry::Polygon { coordinates }) => vec![positions(coordinates, &code)?],
            Some(RawGeometry::MultiPolygon { coordinates }) => {
                coordinates.into_iter().map(|polygon| positions(polygon, &code)).collect::<Result<_, _>>()?
            }
            None => return Err(invalid(format!("province {code} has no geometry"))),
        };
        if features.insert(code.clone(), Feature { code: code.clone(), name, polygons }).is_some() {
            return Err(invalid(format!("the code {code} appears twice")));
        }
    }
    if features.is_empty() {
        return Err(invalid("the collection has no features".to_owned()));
    }
    Ok(features.into_values().collect())
}

fn positions(polygon: Vec<Vec<Vec<f64>>>, code: &str) -> Result<Vec<Vec<Position>>, OfficeError> {
    polygon
        .into_iter()
        .map(|ring| {
            ring.into_iter()
                .map(|position| match position[..] {
                    [lon, lat, ..] if lon.is_finite() && lat.is_finite() => Ok([lon, lat]),
                    _ => Err(invalid(format!("province {code} has a position that is not [longitude, latitude]"))),
                })
                .collect()
        })
        .collect()
}

/// NFC, and no tab or line break that would split the asset's lines.
fn tsv_text(text: &str) -> String {
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    nqtrack_domain::text::clean(&text)
}

fn invalid(detail: String) -> OfficeError {
    OfficeError::GeoJson { detail }
}

// --------------------------------------------------------- projection ----

/// Equirectangular, with longitudes shrunk by the cosine of the middle
/// latitude: over Vietnam's 16 degrees of latitude the distortion stays
/// small, and unlike Mercator it keeps the south the size it is.
struct Projection {
    west: f64,
    north: f64,
    shrink: f64,
    scale: f64,
    left: f64,
    top: f64,
}

impl Projection {
    fn fit(features: &[Feature], options: BakeOptions) -> Result<Self, OfficeError> {
        let (mut west, mut east, mut south, mut north) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for [lon, lat] in features.iter().flat_map(|f| &f.polygons).flatten().flatten() {
            west = west.min(*lon);
            east = east.max(*lon);
            south = south.min(*lat);
            north = north.max(*lat);
        }
        if west >= east || south >= north {
            return Err(invalid("the boundaries have no extent".to_owned()));
        }
        let shrink = ((south + north) / 2.0).to_radians().cos();
        let inner_width = options.width - 2.0 * options.margin;
        let inner_height = options.height - 2.0 * options.margin;
        if inner_width <= 0.0 || inner_height <= 0.0 {
            return Err(invalid("the viewBox is smaller than its margins".to_owned()));
        }
        let span_x = (east - west) * shrink;
        let span_y = north - south;
        let scale = (inner_width / span_x).min(inner_height / span_y);
        // Centred in whichever direction has room to spare.
        let left = options.margin + (inner_width - span_x * scale) / 2.0;
        let top = options.margin + (inner_height - span_y * scale) / 2.0;
        Ok(Self { west, north, shrink, scale, left, top })
    }

    fn project(&self, [lon, lat]: Position) -> (f64, f64) {
        (self.left + (lon - self.west) * self.shrink * self.scale, self.top + (self.north - lat) * self.scale)
    }
}

// ------------------------------------------------------- simplifying ----

/// A point in tenths of a viewBox unit: rounding once, before the path is
/// written, keeps the relative steps exact.
type Tenths = (i64, i64);

fn bake_province(feature: &Feature, projection: &Projection, tolerance: f64) -> (BakedProvince, usize) {
    let mut path = String::new();
    let mut vertices = 0;
    let mut islets: Vec<Tenths> = Vec::new();
    let mut largest: Option<(f64, Polygon)> = None;
    for polygon in &feature.polygons {
        for (index, ring) in polygon.iter().enumerate() {
            let projected: LineString = ring.iter().map(|&p| Coord::from(projection.project(p))).collect();
            if index == 0 {
                let outline = Polygon::new(projected.clone(), Vec::new());
                let area = outline.unsigned_area();
                if largest.as_ref().is_none_or(|(biggest, _)| area > *biggest) {
                    largest = Some((area, outline));
                }
            }
            let points = rounded_ring(&projected.simplify(tolerance));
            if is_drawable(&points) {
                vertices += points.len();
                write_ring(&mut path, &points);
            } else if index == 0 {
                // An islet: never dropped, at most merged with a close neighbour.
                let centre = mean_point(&projected);
                let crowded = islets
                    .iter()
                    .any(|&(x, y)| (x - centre.0).abs() < ISLET_SPACING && (y - centre.1).abs() < ISLET_SPACING);
                if !crowded {
                    islets.push(centre);
                    vertices += 4;
                    write_islet(&mut path, centre);
                }
            }
            // A hole too small to see is simply filled.
        }
    }
    let anchor = largest.map_or((0.0, 0.0), |(_, outline)| anchor(&outline));
    let province = BakedProvince { code: feature.code.clone(), name: feature.name.clone(), anchor, path };
    (province, vertices)
}

/// The ring in tenths, without repeated points or the closing repeat of the
/// first point.
fn rounded_ring(ring: &LineString) -> Vec<Tenths> {
    let mut points: Vec<Tenths> = Vec::with_capacity(ring.0.len());
    for coord in &ring.0 {
        let point = (to_tenths(coord.x), to_tenths(coord.y));
        if points.last() != Some(&point) {
            points.push(point);
        }
    }
    while points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    points
}

/// At least a triangle with some area.
fn is_drawable(points: &[Tenths]) -> bool {
    if points.len() < 3 {
        return false;
    }
    let twice_area: i64 =
        points.iter().zip(points.iter().cycle().skip(1)).map(|(&(x1, y1), &(x2, y2))| x1 * y2 - x2 * y1).sum();
    twice_area != 0
}

fn mean_point(ring: &LineString) -> Tenths {
    let count = ring.0.len().max(1) as f64;
    let (x, y) = ring.0.iter().fold((0.0, 0.0), |(x, y), c| (x + c.x, y + c.y));
    (to_tenths(x / count), to_tenths(y / count))
}

fn anchor(outline: &Polygon) -> (f64, f64) {
    let point = outline
        .centroid()
        .filter(|centroid| outline.contains(centroid))
        .or_else(|| outline.interior_point())
        .unwrap_or_else(|| Point::new(0.0, 0.0));
    (round_tenth(point.x()), round_tenth(point.y()))
}

fn to_tenths(value: f64) -> i64 {
    // Map coordinates are a few hundred units: far inside i64.
    (value * 10.0).round() as i64
}

fn round_tenth(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

// ----------------------------------------------------------- writing ----

fn write_ring(path: &mut String, points: &[Tenths]) {
    let Some((&first, rest)) = points.split_first() else { return };
    path.push('M');
    push_pair(path, first);
    path.push('l');
    let mut previous = first;
    for &point in rest {
        push_pair(path, (point.0 - previous.0, point.1 - previous.1));
        previous = point;
    }
    path.push('z');
}

/// A small diamond around `centre`.
fn write_islet(path: &mut String, (x, y): Tenths) {
    let r = ISLET_RADIUS;
    write_ring(path, &[(x, y - r), (x + r, y), (x, y + r), (x - r, y)]);
}

/// Two numbers, separated only where the second does not start with "-".
fn push_pair(path: &mut String, (x, y): Tenths) {
    for value in [x, y] {
        let number = tenths_text(value);
        if !(path.ends_with(['M', 'l']) || number.starts_with('-')) {
            path.push(' ');
        }
        path.push_str(&number);
    }
}

/// Tenths as the shortest decimal SVG reads: 12, 1.5, .5, -.5.
pub(super) fn tenths_text(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let (whole, tenth) = (value.unsigned_abs() / 10, value.unsigned_abs() % 10);
    match (whole, tenth) {
        (whole, 0) => format!("{sign}{whole}"),
        (0, tenth) => format!("{sign}.{tenth}"),
        (whole, tenth) => format!("{sign}{whole}.{tenth}"),
    }
}

/// A coordinate already rounded to tenths, written the same way.
pub(super) fn coordinate_text(value: f64) -> String {
    tenths_text(to_tenths(value))
}

// ------------------------------------------------------------- asset ----

/// Where the asset comes from, written at its top.
const ASSET_SOURCE: &str = "# Baked by `nqtrack bake-map` from data/vn-admin/provinces.geojson: Vietnamese Provinces \
     Database by Thang Le Quoc (MIT, Copyright (c) 2021 Thang Le Quoc), \
     https://github.com/thanglequoc/vietnamese-provinces-database commit \
     cd58063299585146ded3981f2272946ef19ced54; boundaries derived from sapnhap.bando.com.vn. Do not edit: \
     re-bake.";

impl BakedMap {
    /// The asset text: comment lines (source, viewBox, fixed labels, column
    /// names), then `code, name, anchor x, anchor y, path` per province,
    /// tab-separated.
    #[must_use]
    pub fn to_tsv(&self) -> String {
        let mut out = String::with_capacity(self.provinces.iter().map(|p| p.path.len() + 64).sum::<usize>() + 512);
        out.push_str(ASSET_SOURCE);
        out.push('\n');
        let _ = writeln!(out, "# viewBox\t{}\t{}", coordinate_text(self.width), coordinate_text(self.height));
        for label in &self.labels {
            let _ =
                writeln!(out, "# label\t{}\t{}\t{}", label.text, coordinate_text(label.x), coordinate_text(label.y));
        }
        out.push_str("# code\tname\tanchor_x\tanchor_y\tpath\n");
        for province in &self.provinces {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                province.code,
                province.name,
                coordinate_text(province.anchor.0),
                coordinate_text(province.anchor.1),
                province.path
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(tenths_text(125), "12.5");
        assert_eq!(tenths_text(120), "12");
        assert_eq!(tenths_text(5), ".5");
        assert_eq!(tenths_text(-5), "-.5");
        assert_eq!(tenths_text(-120), "-12");
        assert_eq!(tenths_text(0), "0");
    }

    #[test]
    fn rings_are_written_relative() {
        let mut path = String::new();
        write_ring(&mut path, &[(100, 100), (150, 100), (150, 40)]);
        assert_eq!(path, "M10 10l5 0 0-6z");
    }

    #[test]
    fn degenerate_rings_are_detected() {
        assert!(!is_drawable(&[(0, 0), (10, 0)]));
        assert!(!is_drawable(&[(0, 0), (10, 0), (20, 0)]));
        assert!(is_drawable(&[(0, 0), (10, 0), (10, 10)]));
    }

    const SQUARE_AND_ISLET: &str = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":"01","properties":{"name":"Một"},"geometry":{"type":"Polygon","coordinates":
            [[[100,10],[101,10],[101,11],[100,11],[100,10]]]}},
        {"type":"Feature","properties":{"code":"02","name":"Hai"},"geometry":{"type":"MultiPolygon","coordinates":
            [[[[102,12],[103,12],[103,13],[102,13],[102,12]]],
             [[[110,10],[110.0001,10],[110.0001,10.0001],[110,10]]]]}}]}"#;

    #[test]
    fn islets_stay_as_dots() {
        let map = bake(SQUARE_AND_ISLET, BakeOptions::default()).expect("valid input");
        assert_eq!(map.provinces.len(), 2);
        assert_eq!(map.provinces[0].code, "01");
        let two = &map.provinces[1];
        assert_eq!(two.path.matches('M').count(), 2, "{}", two.path);
        assert_eq!(map.vertices_before, 14);
        assert_eq!(map.vertices_after, 4 + 4 + 4);
    }

    #[test]
    fn bad_input_is_refused() {
        for text in [
            "{}",
            r#"{"type":"FeatureCollection","features":[]}"#,
            r#"{"features":[{"properties":{},"geometry":{"type":"Polygon","coordinates":[[[1,2],[3,4],[5,5]]]}}]}"#,
            r#"{"features":[{"id":"1","geometry":{"type":"Polygon","coordinates":[[[1],[3,4],[5,5]]]}}]}"#,
        ] {
            assert!(matches!(bake(text, BakeOptions::default()), Err(OfficeError::GeoJson { .. })), "{text}");
        }
    }
}
