//! Translations: Fluent catalogues under `crates/web/i18n/<lang>/`, compiled into the binary.
//!
//! Vietnamese is the default and the fallback: a message missing from the English catalogue is shown
//! in Vietnamese, and a message missing from both shows its own id. Unicode isolation marks around
//! placeables are turned off because they would end up inside HTML attributes and copied text.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./i18n",
        fallback_language: "vi",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static VI: LanguageIdentifier = langid!("vi");
static EN: LanguageIdentifier = langid!("en");

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The code used in `?lang=`, the cookie and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// "vi" or "en" in any case, with or without a region ("vi-VN", "en_US").
    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next()?;
        if primary.eq_ignore_ascii_case("vi") {
            Some(Lang::Vi)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first usable choice of: the `?lang=` query value, the language cookie, the
    /// `Accept-Language` header (by q-value, then order of appearance); Vietnamese otherwise.
    pub fn negotiate(query: Option<&str>, cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        query
            .and_then(Lang::parse)
            .or_else(|| cookie.and_then(Lang::parse))
            .or_else(|| accept_language.and_then(from_accept_language))
            .unwrap_or_default()
    }

    fn langid(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The supported language with the highest q-value in an `Accept-Language` header; among equal
/// q-values the one listed first. Entries with q=0 or a malformed q are ignored.
fn from_accept_language(header: &str) -> Option<Lang> {
    let mut ranked: Vec<(f32, Lang)> = header
        .split(',')
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let lang = Lang::parse(parts.next()?)?;
            let mut q = 1.0_f32;
            for param in parts {
                if let Some((name, value)) = param.split_once('=')
                    && name.trim().eq_ignore_ascii_case("q")
                {
                    q = value.trim().parse().ok().filter(|q: &f32| (0.0..=1.0).contains(q))?;
                }
            }
            (q > 0.0).then_some((q, lang))
        })
        .collect();
    // Stable: equal q-values keep their order of appearance.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.first().map(|&(_, lang)| lang)
}

/// A message without arguments; a missing message yields its id.
pub fn tr(lang: Lang, key: &str) -> String {
    LOCALES.try_lookup(lang.langid(), key).unwrap_or_else(|| key.to_owned())
}

/// A message with arguments. Values written as plain integers ("3", not "03") are passed as Fluent
/// numbers so that plural selectors work; everything else stays text. A missing message, or one that
/// needs an argument not given, yields its id.
pub fn tr_args(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let args = args.iter().map(|(name, value)| (Cow::Owned((*name).to_owned()), fluent_value(value))).collect();
    lookup(lang, key, &args).unwrap_or_else(|| key.to_owned())
}

/// The translated label of a form field (`field-<name>`). Indexes and prefixes are dropped, so
/// "sources[1]" and "members[0].position" read as "sources" and "position"; an unknown field shows
/// its raw name.
pub fn field_label(lang: Lang, field: &str) -> String {
    let base = field_base(field);
    LOCALES.try_lookup(lang.langid(), &format!("field-{base}")).unwrap_or_else(|| base.to_owned())
}

/// A translated message for one field error: label of the field (key field-<name>, falling back to the
/// raw name; strip an index like "sources[1]" -> "sources") and the message err-<code> with args plus
/// $field. Level arguments ("province") are shown by their translated names.
pub fn field_error_message(lang: Lang, field: &str, code: &str, args: &[(&'static str, String)]) -> String {
    let label = field_label(lang, field);
    let mut fluent_args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(name, value)| {
            let value = match *name {
                "level" | "parent_level" | "target_level" => LOCALES
                    .try_lookup(lang.langid(), &format!("level-{value}"))
                    .map(FluentValue::from)
                    .unwrap_or_else(|| fluent_value(value)),
                _ => fluent_value(value),
            };
            (Cow::Borrowed(*name), value)
        })
        .collect();
    fluent_args.insert(Cow::Borrowed("field"), FluentValue::from(label.clone()));
    lookup(lang, &format!("err-{code}"), &fluent_args).unwrap_or_else(|| format!("{label}: {code}"))
}

/// The message id of an audit action: Fluent ids cannot contain '.', so "unit.create" is
/// "action-unit_create".
pub fn action_key(action: &str) -> String {
    format!("action-{}", action.replace('.', "_"))
}

fn lookup(lang: Lang, key: &str, args: &HashMap<Cow<'static, str>, FluentValue<'static>>) -> Option<String> {
    LOCALES.try_lookup_with_args(lang.langid(), key, args)
}

fn fluent_value(value: &str) -> FluentValue<'static> {
    match value.parse::<i64>() {
        // Only canonical integers: a unit code such as "01" must keep its leading zero.
        Ok(number) if number.to_string() == value => FluentValue::from(number),
        _ => FluentValue::from(value.to_owned()),
    }
}

fn field_base(field: &str) -> &str {
    let without_index = field.split('[').next().unwrap_or(field);
    let last = field.rsplit('.').next().unwrap_or(field);
    // "members[0].position" -> "position"; "sources[1]" -> "sources"; "code" -> "code".
    let base = if field.contains('.') { last } else { without_index };
    base.split('[').next().unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use fluent_templates::fluent_bundle::FluentResource;

    use super::*;

    /// Every catalogue file, by name, in Vietnamese and English (one file per area of the
    /// application, so the areas' messages are edited apart).
    const CATALOGUES: &[(&str, &str, &str)] = &[
        ("main.ftl", include_str!("../i18n/vi/main.ftl"), include_str!("../i18n/en/main.ftl")),
        ("evaluation.ftl", include_str!("../i18n/vi/evaluation.ftl"), include_str!("../i18n/en/evaluation.ftl")),
        ("dashboard.ftl", include_str!("../i18n/vi/dashboard.ftl"), include_str!("../i18n/en/dashboard.ftl")),
        ("portal.ftl", include_str!("../i18n/vi/portal.ftl"), include_str!("../i18n/en/portal.ftl")),
        ("reports.ftl", include_str!("../i18n/vi/reports.ftl"), include_str!("../i18n/en/reports.ftl")),
        (
            "evaluation_pages.ftl",
            include_str!("../i18n/vi/evaluation_pages.ftl"),
            include_str!("../i18n/en/evaluation_pages.ftl"),
        ),
    ];

    /// Every field error code the domain, the application and the importer produce.
    const ERROR_CODES: &[&str] = &[
        "required",
        "too-long",
        "unit-code-format",
        "control-characters",
        "unit-kind-unknown",
        "level-unknown",
        "level-above-parent",
        "unit-cycle",
        "username-length",
        "username-format",
        "email-format",
        "password-too-short",
        "role-unknown",
        "member-role-unknown",
        "body-unknown",
        "date-format",
        "date-in-future",
        "unit-dissolved",
        "merge-into-itself",
        "duplicate",
        "merge-level-mismatch",
        "split-needs-two",
        "name-unchanged",
        "duplicate-code",
        "duplicate-in-file",
        "unknown-parent",
        "missing-column",
        "not-found",
        "username-taken",
        "wrong-password",
        "password-mismatch",
        "file-too-large",
        "file-type",
        "file-malformed",
        "too-many-rows",
        "file-empty",
        "parent-required",
        "unit-not-permitted",
        "round-missing",
        "import-batch-conflict",
        "json-invalid",
        "edit-conflict",
        "publication-kind-unknown",
        "publication-subject-format",
        "publication-exists",
        "peers-format",
        "subject-format",
        "period-not-ended",
        "period-range-order",
        "period-already-closed",
        "period-not-closed",
        "methodology-version-exists",
        "definition-format",
    ];

    const FIELDS: &[&str] = &[
        "code",
        "name",
        "kind",
        "level",
        "parent",
        "parent_code",
        "username",
        "display_name",
        "email",
        "password",
        "new_password",
        "current_password",
        "role",
        "unit",
        "effective_on",
        "reason",
        "sources",
        "target",
        "source",
        "successors",
        "body",
        "person_name",
        "position",
        "portfolio",
        "standing_office",
        "decision",
        "file",
        "group",
        "query",
        "unit_code",
        "indicator_code",
        "value",
        "comment",
        "batch_key",
        "action",
        "period",
    ];

    const ACTIONS: &[&str] = &[
        "unit.create",
        "unit.update",
        "unit.move",
        "unit.merge",
        "unit.split",
        "unit.rename",
        "unit.import",
        "committee.update",
        "committee.member_add",
        "committee.member_remove",
        "group.create",
        "group.member_add",
        "group.member_remove",
        "user.create",
        "user.update",
        "user.disable",
        "user.enable",
        "user.password_reset",
        "user.password_change",
        "user.grant",
        "user.revoke",
        "session.login",
        "session.logout",
        "session.revoke",
        "token.create",
        "token.revoke",
        "publication.publish",
        "publication.withdraw",
        "scorecard.save",
        "methodology.save",
        "period.close",
        "period.reopen",
    ];

    /// Message ids by a line scan: `id =` at the start of a line.
    fn message_ids(source: &str) -> Vec<String> {
        source
            .lines()
            .filter_map(|line| {
                let (id, _) = line.split_once(" =")?;
                let mut chars = id.chars();
                let well_formed = chars.next().is_some_and(|c| c.is_ascii_lowercase())
                    && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
                well_formed.then(|| id.to_owned())
            })
            .collect()
    }

    fn all_args() -> HashMap<Cow<'static, str>, FluentValue<'static>> {
        [
            ("field", "X"),
            ("expected", "100"),
            ("actual", "90"),
            ("green", "80"),
            ("yellow", "60"),
            ("direction", "higher"),
            ("max", "32"),
            ("min", "3"),
            ("value", "v"),
            ("level", "Xã"),
            ("parent_level", "Tỉnh"),
            ("target_level", "Tỉnh"),
            ("row", "7"),
            ("limit", "5 MB"),
            ("detail", "d"),
            ("seconds", "30"),
            ("count", "2"),
            ("date", "01/07/2025"),
            ("password", "p"),
            ("token", "t"),
            ("page", "1"),
            ("pages", "2"),
            ("quarter", "3"),
            ("month", "10"),
            ("year", "2026"),
            ("tolerance", "30"),
            ("subject", "s"),
            ("period", "p"),
            ("name", "n"),
            ("score", "72"),
            ("rank", "5"),
            ("of", "34"),
        ]
        .into_iter()
        .map(|(k, v)| (Cow::Borrowed(k), fluent_value(v)))
        .collect()
    }

    fn exists_in(lang: Lang, key: &str) -> bool {
        LOCALES.lookup_single_language(lang.langid(), key, Some(&all_args())).is_ok()
    }

    #[test]
    fn catalogues_parse_and_have_the_same_ids() {
        let (mut vi, mut en) = (Vec::new(), Vec::new());
        for (file, vi_source, en_source) in CATALOGUES {
            for (name, source) in [("vi", vi_source), ("en", en_source)] {
                if let Err((_, errors)) = FluentResource::try_new((*source).to_owned()) {
                    panic!("{name}/{file} has syntax errors: {errors:?}");
                }
            }
            let (file_vi, file_en): (BTreeSet<_>, BTreeSet<_>) =
                (message_ids(vi_source).into_iter().collect(), message_ids(en_source).into_iter().collect());
            assert_eq!(file_vi, file_en, "{file}: the Vietnamese and English ids differ");
            vi.extend(message_ids(vi_source));
            en.extend(message_ids(en_source));
        }
        let (vi_set, en_set): (BTreeSet<_>, BTreeSet<_>) = (vi.iter().collect(), en.iter().collect());
        assert_eq!(vi.len(), vi_set.len(), "duplicate ids in the vi catalogues");
        assert_eq!(en.len(), en_set.len(), "duplicate ids in the en catalogues");
        let only_vi: Vec<_> = vi_set.difference(&en_set).collect();
        let only_en: Vec<_> = en_set.difference(&vi_set).collect();
        assert!(only_vi.is_empty() && only_en.is_empty(), "only in vi: {only_vi:?}; only in en: {only_en:?}");
        assert!(vi.len() > 200, "the line scan found too few ids: {}", vi.len());
        // Every scanned id really is a message in its own language (no fallback involved).
        for id in &vi {
            assert!(exists_in(Lang::Vi, id), "vi: {id} does not format");
            assert!(exists_in(Lang::En, id), "en: {id} does not format");
        }
    }

    #[test]
    fn every_error_code_label_and_action_has_a_message_in_both_languages() {
        for lang in Lang::ALL {
            for code in ERROR_CODES {
                assert!(exists_in(lang, &format!("err-{code}")), "{lang}: err-{code}");
            }
            for field in FIELDS {
                assert!(exists_in(lang, &format!("field-{field}")), "{lang}: field-{field}");
            }
            for action in ACTIONS {
                assert!(exists_in(lang, &action_key(action)), "{lang}: {action}");
            }
        }
    }

    #[test]
    fn vietnamese_is_the_default() {
        assert_eq!(Lang::default(), Lang::Vi);
        assert_eq!(Lang::negotiate(None, None, None), Lang::Vi);
        assert_eq!(tr(Lang::Vi, "nav-units"), "Đơn vị");
        assert_eq!(tr(Lang::En, "nav-units"), "Units");
        assert_eq!(tr(Lang::Vi, "role-administrator"), "Quản trị hệ thống");
        assert_eq!(tr(Lang::Vi, "kind-ministry"), "Bộ, ngành");
        assert_eq!(serde_json::to_string(&Lang::Vi).unwrap(), "\"vi\"");
    }

    #[test]
    fn unknown_keys_return_the_key() {
        assert_eq!(tr(Lang::Vi, "no-such-key"), "no-such-key");
        assert_eq!(tr_args(Lang::En, "no-such-key", &[("count", "1".into())]), "no-such-key");
        // A message whose argument is missing cannot be formatted either.
        assert_eq!(tr(Lang::En, "units-count"), "units-count");
    }

    #[test]
    fn parsing_language_tags() {
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("VI-vn"), Some(Lang::Vi));
        assert_eq!(Lang::parse(" en-US "), Some(Lang::En));
        assert_eq!(Lang::parse("en_GB"), Some(Lang::En));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("vie"), None);
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn negotiation_order() {
        // The query wins, then the cookie, then the header.
        assert_eq!(Lang::negotiate(Some("en"), Some("vi"), Some("vi")), Lang::En);
        assert_eq!(Lang::negotiate(Some("xx"), Some("en"), Some("vi")), Lang::En);
        assert_eq!(Lang::negotiate(None, Some("garbage"), Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(Some(""), None, Some("fr")), Lang::Vi);
        // Header: q-values first, then order of appearance; unsupported, q=0 and bad q are skipped.
        let header = |h| Lang::negotiate(None, None, Some(h));
        assert_eq!(header("fr-FR,en;q=0.8,vi;q=0.9"), Lang::Vi);
        assert_eq!(header("en-US,en;q=0.9,vi;q=0.8"), Lang::En);
        assert_eq!(header("en, vi"), Lang::En);
        assert_eq!(header("vi;q=0.5, en;q=0.5"), Lang::Vi);
        assert_eq!(header("vi;q=0,en"), Lang::En);
        assert_eq!(header("en;q=abc,vi;q=0.1"), Lang::Vi);
        assert_eq!(header("en ; Q=0.7 , de"), Lang::En);
        assert_eq!(header("*"), Lang::Vi);
        assert_eq!(header(""), Lang::Vi);
    }

    #[test]
    fn plurals() {
        let count = |lang, n: &str| tr_args(lang, "units-count", &[("count", n.to_owned())]);
        assert_eq!(count(Lang::En, "0"), "No units");
        assert_eq!(count(Lang::En, "1"), "1 unit");
        assert_eq!(count(Lang::En, "34"), "34 units");
        assert_eq!(count(Lang::Vi, "0"), "Không có đơn vị nào");
        assert_eq!(count(Lang::Vi, "1"), "1 đơn vị");
        assert_eq!(count(Lang::Vi, "3321"), "3321 đơn vị");
        assert_eq!(tr_args(Lang::En, "import-ok", &[("count", "1".into())]), "Imported 1 unit.");
        assert!(tr_args(Lang::En, "import-rejected", &[("count", "2".into())]).starts_with("The file has 2 errors."));
    }

    #[test]
    fn field_error_messages() {
        let too_long = [("max", "32".to_owned())];
        assert_eq!(
            field_error_message(Lang::Vi, "code", "too-long", &too_long),
            "Mã đơn vị không được vượt quá 32 ký tự."
        );
        assert_eq!(
            field_error_message(Lang::En, "code", "too-long", &too_long),
            "Unit code must be at most 32 characters long."
        );
        assert_eq!(field_error_message(Lang::Vi, "sources[1]", "duplicate", &[]), "Đơn vị sáp nhập bị chọn trùng lặp.");
        assert_eq!(
            field_error_message(Lang::En, "sources[1]", "duplicate", &[]),
            "Merged unit was selected more than once."
        );
        // Levels are translated; codes keep their leading zeros; no isolation marks.
        assert_eq!(
            field_error_message(
                Lang::Vi,
                "level",
                "level-above-parent",
                &[("level", "province".into()), ("parent_level", "commune".into())]
            ),
            "Cấp của đơn vị (Tỉnh) không được cao hơn cấp của đơn vị cấp trên (Xã)."
        );
        assert_eq!(
            field_error_message(Lang::En, "code", "duplicate-code", &[("value", "01".into())]),
            "Unit code “01” already exists."
        );
        // Unknown fields show their raw name; unknown codes still say something.
        assert_eq!(field_error_message(Lang::En, "widget", "required", &[]), "widget is required.");
        assert_eq!(field_error_message(Lang::Vi, "code", "no-such-code", &[]), "Mã đơn vị: no-such-code");
        assert_eq!(field_label(Lang::En, "members[2].position"), "Position");
        assert!(!field_error_message(Lang::Vi, "code", "required", &[]).contains('\u{2068}'));
    }

    #[test]
    fn audit_action_keys() {
        assert_eq!(action_key("unit.create"), "action-unit_create");
        assert_eq!(tr(Lang::Vi, &action_key("committee.member_add")), "Thêm thành viên Ban Chỉ đạo, Tổ giúp việc");
    }
}
