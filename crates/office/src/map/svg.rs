//! Drawing the baked map for one request.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::asset::{MAP, ProvinceMap};
use super::bake::coordinate_text;

/// The credit the source's licence and its own source ask for; drawn at the
/// bottom of every map.
pub const ATTRIBUTION: &str =
    "Ranh giới: Vietnamese Provinces Database (Thang Le Quoc, MIT), theo sapnhap.bando.com.vn";

/// The class of a province the request gives no value for.
pub const NO_DATA_CLASS: &str = "no-data";

/// What to show: per province code, its class, tooltip and link.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MapRequest {
    /// The map's accessible name (`aria-label` and `<title>`), e.g. "Chỉ số
    /// chuyển đổi số các tỉnh, 9 tháng năm 2026".
    pub caption: String,
    /// Keyed by province code ("04"); provinces left out are drawn as
    /// [`NO_DATA_CLASS`].
    pub provinces: BTreeMap<String, ProvinceStyle>,
    pub legend: Vec<LegendEntry>,
    /// Usually [`ATTRIBUTION`]; see [`MapRequest::new`].
    pub attribution: String,
}

impl MapRequest {
    /// A request with the caption and the standard attribution, and no
    /// province values yet.
    #[must_use]
    pub fn new(caption: impl Into<String>) -> Self {
        Self { caption: caption.into(), attribution: ATTRIBUTION.to_owned(), ..Self::default() }
    }
}

/// How one province is drawn.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProvinceStyle {
    /// CSS classes, e.g. "band-3"; anything but letters, digits, "-" and "_"
    /// is dropped, and an empty result becomes [`NO_DATA_CLASS`].
    pub class: String,
    /// The hover text, e.g. "Cao Bằng: 0,72 — hạng 5/34".
    pub tooltip: String,
    /// Where a click goes: a relative URL or http(s) only; anything else
    /// (e.g. `javascript:`) is left out.
    pub href: Option<String>,
    /// A short text drawn at the province's anchor, e.g. its rank.
    pub label: Option<String>,
}

/// One line of the legend: a swatch of `class` and its meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegendEntry {
    pub class: String,
    pub label: String,
}

/// The default palette, so the map looks right on its own (an exported
/// file, an e-mail). Selectors are `.nq-map .x`: the site's CSS overrides
/// them with anything more specific, e.g. `svg.nq-map path.band-1`.
const STYLE: &str = ".nq-map .province{stroke:#fff;stroke-width:.4;stroke-linejoin:round;fill-rule:evenodd}\
.nq-map .band-1{fill:#eff3ff}.nq-map .band-2{fill:#bdd7e7}.nq-map .band-3{fill:#6baed6}\
.nq-map .band-4{fill:#3182bd}.nq-map .band-5{fill:#08519c}.nq-map .no-data{fill:#d9d9d9}\
.nq-map a:hover .province,.nq-map a:focus .province{stroke:#000;stroke-width:1}\
.nq-map text{font-family:Arial,sans-serif;fill:#222}\
.nq-map .label{font-size:8px;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:2px}\
.nq-map .sea{font-size:8px;font-style:italic;text-anchor:middle;fill:#555}\
.nq-map .legend text{font-size:10px}.nq-map .legend rect{stroke:#999;stroke-width:.5}\
.nq-map .attribution{font-size:8px;fill:#666}";

/// Room under the map for the attribution line, in viewBox units.
const FOOTER: f64 = 16.0;
/// The legend sits in the empty north-east corner (Gulf of Tonkin and
/// beyond), its lines this far apart.
const LEGEND_WIDTH: f64 = 170.0;
const LEGEND_LINE: f64 = 16.0;

/// The map as a standalone, escaped SVG element (no script, colours by
/// class), to inline in a page or save as a file.
#[must_use]
pub fn province_map_svg(request: &MapRequest) -> String {
    draw(&MAP, request)
}

fn draw(map: &ProvinceMap, request: &MapRequest) -> String {
    let mut svg = String::with_capacity(map.provinces.iter().map(|p| p.path.len() + 200).sum::<usize>() + 4096);
    let caption = escape(&request.caption);
    let height = map.height + FOOTER;
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"nq-map\" viewBox=\"0 0 {} {}\" role=\"img\" \
         aria-label=\"{caption}\"><title>{caption}</title><style>{STYLE}</style><g class=\"provinces\">",
        coordinate_text(map.width),
        coordinate_text(height),
    );
    let mut labels = String::new();
    for province in &map.provinces {
        let style = request.provinces.get(&province.code);
        let class = style.map(|s| classes(&s.class)).filter(|c| !c.is_empty());
        let class = class.unwrap_or_else(|| NO_DATA_CLASS.to_owned());
        let tooltip = match style {
            Some(style) if !style.tooltip.trim().is_empty() => escape(&style.tooltip),
            _ => escape(&format!("{}: chưa có số liệu", province.name)),
        };
        let path = format!(
            "<path class=\"province {class}\" data-code=\"{}\" d=\"{}\"><title>{tooltip}</title></path>",
            escape(&province.code),
            province.path
        );
        match style.and_then(|s| s.href.as_deref()).filter(|href| safe_href(href)) {
            Some(href) => {
                let _ = write!(svg, "<a href=\"{}\">{path}</a>", escape(href));
            }
            None => svg.push_str(&path),
        }
        if let Some(label) = style.and_then(|s| s.label.as_deref()).filter(|l| !l.trim().is_empty()) {
            let _ = write!(
                labels,
                "<text class=\"label\" x=\"{}\" y=\"{}\">{}</text>",
                coordinate_text(province.anchor.0),
                coordinate_text(province.anchor.1),
                escape(label)
            );
        }
    }
    svg.push_str("</g>");
    for label in &map.labels {
        let _ = write!(
            svg,
            "<text class=\"sea\" x=\"{}\" y=\"{}\">{}</text>",
            coordinate_text(label.x),
            coordinate_text(label.y),
            escape(&label.text)
        );
    }
    if !labels.is_empty() {
        let _ = write!(svg, "<g class=\"labels\" aria-hidden=\"true\">{labels}</g>");
    }
    legend(&mut svg, map, &request.legend);
    if !request.attribution.trim().is_empty() {
        let _ = write!(
            svg,
            "<text class=\"attribution\" x=\"8\" y=\"{}\">{}</text>",
            coordinate_text(map.height + FOOTER - 5.0),
            escape(&request.attribution)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn legend(svg: &mut String, map: &ProvinceMap, entries: &[LegendEntry]) {
    if entries.is_empty() {
        return;
    }
    let _ =
        write!(svg, "<g class=\"legend\" transform=\"translate({} 12)\">", coordinate_text(map.width - LEGEND_WIDTH));
    for (index, entry) in entries.iter().enumerate() {
        let y = index as f64 * LEGEND_LINE;
        let class = classes(&entry.class);
        let class = if class.is_empty() { NO_DATA_CLASS.to_owned() } else { class };
        let _ = write!(
            svg,
            "<rect class=\"{class}\" x=\"0\" y=\"{}\" width=\"14\" height=\"10\"/><text x=\"20\" y=\"{}\">{}</text>",
            coordinate_text(y),
            coordinate_text(y + 9.0),
            escape(&entry.label)
        );
    }
    svg.push_str("</g>");
}

/// Only characters a CSS class name needs, so a class can neither break out
/// of its attribute nor smuggle in a style.
fn classes(class: &str) -> String {
    class
        .split_whitespace()
        .map(|word| word.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A link the map may carry: relative, or http(s). A scheme such as
/// `javascript:` or `data:` would run or show content in the page.
fn safe_href(href: &str) -> bool {
    let href = href.trim();
    if href.is_empty() {
        return false;
    }
    let scheme_end = href.find([':', '/', '?', '#']);
    match scheme_end {
        Some(end) if href[end..].starts_with(':') => {
            let scheme = href[..end].to_ascii_lowercase();
            scheme == "http" || scheme == "https"
        }
        _ => true,
    }
}

/// XML text and attribute escaping; characters XML 1.0 cannot hold at all
/// (most control characters) are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }

    #[test]
    fn classes_are_sanitised() {
        assert_eq!(classes("band-1  x\"onload=alert(1)"), "band-1 xonloadalert1");
        assert_eq!(classes(" \" "), "");
    }

    #[test]
    fn only_safe_links_are_kept() {
        assert!(safe_href("/tinh/04"));
        assert!(safe_href("tinh/04?ky=2026-q3#bang"));
        assert!(safe_href("https://nqtrack.example.vn/tinh/04"));
        assert!(safe_href("/a:b"));
        assert!(!safe_href("javascript:alert(1)"));
        assert!(!safe_href(" JavaScript:alert(1)"));
        assert!(!safe_href("data:text/html,x"));
        assert!(!safe_href(""));
    }
}
