//! Vietnamese text folding for search.
//!
//! "chuyen doi so" must find "chuyển đổi số" and "tuyen quang" must find "Tuyên Quang". SQLite's and
//! PostgreSQL's own accent folding disagree (neither folds `đ`), so both the stored `search_text` and
//! every query go through this one function and the databases only compare plain ASCII-ish words.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for search: decompose, drop combining marks, map đ/Đ to d, lowercase, and collapse every
/// run of non-alphanumeric characters into one space.
pub fn fold_vi(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'đ' | 'Đ' => 'd',
            other => other,
        };
        if c.is_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            folded.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    folded
}

/// The words of a search query after folding; empty when the query has nothing searchable.
pub fn query_terms(query: &str) -> Vec<String> {
    fold_vi(query).split(' ').filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// Normalises user text to NFC and trims it: text pasted from Word or Excel is sometimes decomposed,
/// and two spellings of one name must compare equal.
pub fn clean(text: &str) -> String {
    text.trim().nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_vietnamese_names() {
        assert_eq!(fold_vi("Tuyên Quang"), "tuyen quang");
        assert_eq!(fold_vi("chuyển đổi số"), "chuyen doi so");
        assert_eq!(fold_vi("ĐÀ NẴNG"), "da nang");
        assert_eq!(fold_vi("Sở Tài nguyên và Môi trường"), "so tai nguyen va moi truong");
        assert_eq!(fold_vi("  Xã  Đồng Phú, tỉnh Đồng Nai "), "xa dong phu tinh dong nai");
    }

    #[test]
    fn decomposed_and_composed_fold_alike() {
        let composed = "Thanh Hóa";
        let decomposed: String = composed.nfd().collect();
        assert_eq!(fold_vi(composed), fold_vi(&decomposed));
        assert_eq!(clean(&decomposed), composed);
    }

    #[test]
    fn query_terms_drop_punctuation() {
        assert_eq!(query_terms(" Hà-Nội!! "), vec!["ha", "noi"]);
        assert!(query_terms(" ,. ").is_empty());
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC*") {
            let once = fold_vi(&s);
            prop_assert_eq!(fold_vi(&once), once.clone());
        }

        #[test]
        fn fold_has_no_marks_or_uppercase(s in "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐÀÁ ]*") {
            let folded = fold_vi(&s);
            prop_assert!(folded.chars().all(|c| c.is_ascii_lowercase() || c == ' '));
        }
    }
}

/// A number for people to read, at most two decimals: the Vietnamese way (`1.234,5`) or, when
/// `vietnamese` is false, the English way (`1,234.5`).
pub fn format_number(x: f64, vietnamese: bool) -> String {
    let (group, decimal) = if vietnamese { ('.', ',') } else { (',', '.') };
    let rounded = (x * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let text = format!("{:.2}", rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    let fraction = fraction.trim_end_matches('0');
    if !fraction.is_empty() {
        out.push(decimal);
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod number_tests {
    use super::format_number;

    #[test]
    fn numbers_read_the_vietnamese_way() {
        assert_eq!(format_number(1234.5, true), "1.234,5");
        assert_eq!(format_number(1234.5, false), "1,234.5");
        assert_eq!(format_number(-0.004, true), "0");
        assert_eq!(format_number(-1_000_000.0, true), "-1.000.000");
        assert_eq!(format_number(95.567, true), "95,57");
    }
}
