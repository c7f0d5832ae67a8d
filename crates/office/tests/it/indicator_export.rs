use std::error::Error;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use jiff::civil::date;
use nqtrack_domain::indicator::SubmissionState;
use nqtrack_domain::period::Period;
use nqtrack_office::indicators::{EXPORT_TITLE, ValueExportRow, read_values, values_csv, values_xlsx};
use nqtrack_office::table::TableFormat;

type TestResult = Result<(), Box<dyn Error>>;

const HEADERS: [&str; 12] = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Mã chỉ tiêu",
    "Tên chỉ tiêu",
    "Đơn vị tính",
    "Kỳ",
    "Giá trị",
    "Mục tiêu",
    "Tỷ lệ đạt (%)",
    "Trạng thái",
    "Ngày gửi",
    "Ghi chú",
];

fn values() -> Result<Vec<ValueExportRow>, Box<dyn Error>> {
    let period = Period::parse("period", "2026-Q3")?;
    Ok(vec![
        ValueExportRow {
            unit_code: "00700".to_owned(),
            unit_name: "Xã Ngọc Đường".to_owned(),
            indicator_code: "TL_SO_HOA".to_owned(),
            indicator_name: "Tỷ lệ hồ sơ được số hóa".to_owned(),
            unit_of_measure: "%".to_owned(),
            period,
            value: "95,57 %".to_owned(),
            target: Some(90.0),
            achievement: Some(106.188_888_9),
            state: Some(SubmissionState::Approved),
            submitted_on: Some(date(2026, 10, 3)),
            comment: "Đã đối chiếu với Cổng dịch vụ công".to_owned(),
        },
        ValueExportRow {
            unit_code: "00691".to_owned(),
            unit_name: "Phường Hà Giang 1".to_owned(),
            indicator_code: "TTHC_DVC".to_owned(),
            indicator_name: "Thủ tục cung cấp dịch vụ công trực tuyến".to_owned(),
            unit_of_measure: "thủ tục".to_owned(),
            period,
            value: "-3".to_owned(),
            target: None,
            achievement: None,
            state: None,
            submitted_on: None,
            comment: String::new(),
        },
    ])
}

#[test]
fn xlsx_has_vietnamese_headers_numbers_and_dates() -> TestResult {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(values_xlsx(&values()?)?))?;
    assert_eq!(workbook.sheet_names(), [EXPORT_TITLE]);
    let range = workbook.worksheet_range(EXPORT_TITLE)?;
    let header: Vec<String> =
        (0..12).map(|column| range.get_value((0, column)).map(Data::to_string).unwrap_or_default()).collect();
    assert_eq!(header, HEADERS);
    assert_eq!(range.get_value((1, 0)), Some(&Data::String("00700".into())));
    assert_eq!(range.get_value((1, 5)), Some(&Data::String("2026-Q3".into())));
    assert_eq!(range.get_value((1, 7)), Some(&Data::Float(90.0)));
    // Achievement is rounded to two decimals for the sheet.
    assert_eq!(range.get_value((1, 8)), Some(&Data::Float(106.19)));
    assert_eq!(range.get_value((1, 9)), Some(&Data::String("Đã duyệt".into())));
    let Some(Data::DateTime(submitted)) = range.get_value((1, 10)) else {
        return Err(format!("not a date cell: {:?}", range.get_value((1, 10))).into());
    };
    let (year, month, day, ..) = submitted.to_ymd_hms_milli();
    assert_eq!((year, month, day), (2026, 10, 3));
    let styles = workbook.worksheet_style(EXPORT_TITLE)?;
    let format = styles.get((1, 10)).and_then(|style| style.number_format.as_ref()).map(|f| f.format_code.clone());
    assert_eq!(format.as_deref(), Some("dd/mm/yyyy"));
    // The value is text as displayed, without the CSV's apostrophe.
    assert_eq!(range.get_value((2, 6)), Some(&Data::String("-3".into())));
    // Nothing else entered, nothing shown.
    for column in [7, 8, 9, 10, 11] {
        assert!(range.get_value((2, column)).is_none_or(|cell| *cell == Data::Empty), "column {column}");
    }
    Ok(())
}

#[test]
fn csv_has_a_bom_and_dd_mm_yyyy_dates() -> TestResult {
    let bytes = values_csv(&values()?);
    let text = std::str::from_utf8(&bytes)?;
    let text = text.strip_prefix('\u{FEFF}').ok_or("no byte order mark")?;
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], HEADERS.join(","));
    assert_eq!(
        lines[1],
        "00700,Xã Ngọc Đường,TL_SO_HOA,Tỷ lệ hồ sơ được số hóa,%,2026-Q3,\"95,57 %\",90,106.19,Đã duyệt,03/10/2026,\
         Đã đối chiếu với Cổng dịch vụ công"
    );
    // The negative value is text; the apostrophe keeps Excel from reading it as a formula.
    assert_eq!(
        lines[2],
        "00691,Phường Hà Giang 1,TTHC_DVC,Thủ tục cung cấp dịch vụ công trực tuyến,thủ tục,2026-Q3,'-3,,,,,"
    );
    Ok(())
}

#[test]
fn an_export_reads_back_as_values() -> TestResult {
    for (bytes, format) in [(values_xlsx(&values()?)?, TableFormat::Xlsx), (values_csv(&values()?), TableFormat::Csv)] {
        let rows = read_values(&bytes, format)?;
        let read: Vec<(usize, &str, &str, &str, &str)> = rows
            .iter()
            .map(|row| {
                (
                    row.row,
                    row.unit_code.as_str(),
                    row.indicator_code.as_str(),
                    row.period.as_str(),
                    row.value_text.as_str(),
                )
            })
            .collect();
        assert_eq!(read, [(2, "00700", "TL_SO_HOA", "2026-Q3", "95,57 %"), (3, "00691", "TTHC_DVC", "2026-Q3", "-3")]);
        assert_eq!(rows[0].comment, "Đã đối chiếu với Cổng dịch vụ công");
    }
    Ok(())
}
