//! The province map: the baked asset matches its source, and the SVG is
//! well-formed, escaped and complete.

use std::collections::BTreeMap;

use nqtrack_office::map::{
    ATTRIBUTION, BakeOptions, LegendEntry, MapRequest, NO_DATA_CLASS, ProvinceStyle, bake, province_map_svg, provinces,
};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

const SOURCE: &str = include_str!("../../../../data/vn-admin/provinces.geojson");
const ASSET: &str = include_str!("../../assets/provinces-map.tsv");

/// The 34 province codes of Công văn 915/CTK-CSCL.
const CODES: [&str; 34] = [
    "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38", "40", "42", "44",
    "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96",
];

#[test]
fn the_asset_is_the_source_baked() {
    let baked = bake(SOURCE, BakeOptions::default()).expect("the source GeoJSON bakes");
    // On failure: `nqtrack bake-map` rewrites the asset from the source.
    assert!(baked.to_tsv() == ASSET, "assets/provinces-map.tsv differs from a fresh bake: run `nqtrack bake-map`");
    assert!(ASSET.len() < 200_000, "the asset grew to {} bytes", ASSET.len());
    assert!(baked.vertices_after * 5 < baked.vertices_before, "{} -> {}", baked.vertices_before, baked.vertices_after);
}

#[test]
fn every_province_is_on_the_map() {
    let codes: Vec<&str> = provinces().iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, CODES);
    for province in provinces() {
        assert!(!province.name.is_empty() && province.path.starts_with('M'), "{}", province.code);
        assert!(province.anchor.0 > 0.0 && province.anchor.1 > 0.0, "{}", province.code);
    }
}

#[test]
fn the_archipelagos_stay() {
    // Hoàng Sa (Đà Nẵng, 48) lies east of 111°E and Trường Sa (Khánh Hòa,
    // 56) east of 111.5°E, far right of the mainland coast (about 109.5°E):
    // both provinces must have pieces drawn out there.
    let baked = bake(SOURCE, BakeOptions::default()).expect("bakes");
    let east_of_coast = 0.62 * baked.width;
    for code in ["48", "56"] {
        let province = provinces().iter().find(|p| p.code == code).expect("province present");
        let offshore = move_targets(&province.path).filter(|&(x, _)| x > east_of_coast).count();
        assert!(offshore >= 5, "province {code} has {offshore} pieces offshore");
    }
    let svg = province_map_svg(&MapRequest::new("Bản đồ"));
    assert!(svg.contains(">Quần đảo Hoàng Sa</text>") && svg.contains(">Quần đảo Trường Sa</text>"));
}

/// The absolute starting point of every ring of a baked path.
fn move_targets(path: &str) -> impl Iterator<Item = (f64, f64)> + '_ {
    path.split('M').skip(1).filter_map(|ring| {
        let start = ring.split('l').next()?;
        let split = start[1..].find([' ', '-']).map(|i| i + 1)?;
        let (x, y) = start.split_at(split);
        Some((x.trim().parse().ok()?, y.trim().parse().ok()?))
    })
}

fn request() -> MapRequest {
    let mut provinces = BTreeMap::new();
    provinces.insert(
        "04".to_owned(),
        ProvinceStyle {
            class: "band-5".into(),
            tooltip: "Cao Bằng: 0,72 — hạng 5/34".into(),
            href: Some("/tinh/04?ky=2026&xem=bang".into()),
            label: Some("5".into()),
        },
    );
    provinces.insert(
        "01".to_owned(),
        ProvinceStyle {
            class: "band-1\" onmouseover=\"alert(1)".into(),
            tooltip: "</title><script>alert('x')</script> & \"Hà Nội\"".into(),
            href: Some("javascript:alert(1)".into()),
            label: None,
        },
    );
    MapRequest {
        legend: vec![
            LegendEntry { class: "band-5".into(), label: "Từ 0,8 trở lên".into() },
            LegendEntry { class: NO_DATA_CLASS.into(), label: "Chưa có số liệu <n/a>".into() },
        ],
        provinces,
        ..MapRequest::new("Chỉ số chuyển đổi số các tỉnh & thành phố, 9 tháng năm 2026")
    }
}

#[test]
fn the_svg_is_well_formed_xml() {
    let svg = province_map_svg(&request());
    let mut reader = Reader::from_str(&svg);
    let (mut paths, mut depth, mut root) = (0, 0i32, None);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(element) => {
                let name = element.name().as_ref().to_owned();
                if depth == 0 {
                    root = Some(name.clone());
                }
                depth += 1;
                if name == "path" {
                    paths += 1;
                }
                assert_ne!(name, "script");
                for attribute in element.attributes() {
                    let attribute = attribute.expect("well-formed attribute");
                    attribute.normalized_value(XmlVersion::Implicit1_0).expect("attribute escapes are valid");
                }
            }
            Event::End(_) => depth -= 1,
            Event::GeneralRef(reference) => {
                let name: &str = &reference;
                assert!(["amp", "lt", "gt", "quot", "apos"].contains(&name) || name.starts_with('#'), "&{name};");
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    assert_eq!(root.as_deref(), Some("svg"));
    assert_eq!(paths, 34);
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("aria-label=\"Chỉ số chuyển đổi số các tỉnh &amp; thành phố, 9 tháng năm 2026\""));
    assert!(svg.contains(&format!(">{ATTRIBUTION}</text>")));
}

#[test]
fn request_texts_are_escaped_and_links_checked() {
    let svg = province_map_svg(&request());
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("javascript:"));
    assert!(!svg.contains("onmouseover=\""));
    assert!(svg.contains(
        "<title>&lt;/title&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Hà Nội&quot;</title>"
    ));
    assert!(svg.contains("class=\"province band-1 onmouseoveralert1\" data-code=\"01\""));
    assert!(svg.contains("<a href=\"/tinh/04?ky=2026&amp;xem=bang\"><path class=\"province band-5\" data-code=\"04\""));
    assert!(svg.contains("<title>Cao Bằng: 0,72 — hạng 5/34</title>"));
    assert!(svg.contains(">Chưa có số liệu &lt;n/a&gt;</text>"));
}

#[test]
fn provinces_without_a_value_have_no_data() {
    let svg = province_map_svg(&request());
    // 34 provinces, two of them with values.
    assert_eq!(svg.matches(&format!("class=\"province {NO_DATA_CLASS}\"")).count(), 32);
    assert!(svg.contains("data-code=\"08\""));
    let tuyen_quang = provinces().iter().find(|p| p.code == "08").expect("Tuyên Quang");
    assert!(svg.contains(&format!("<title>{}: chưa có số liệu</title>", tuyen_quang.name)));
    let empty = province_map_svg(&MapRequest::new("Trống"));
    assert_eq!(empty.matches(&format!("class=\"province {NO_DATA_CLASS}\"")).count(), 34);
}
