use std::error::Error;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use jiff::civil::date;
use nqtrack_office::OfficeError;
use nqtrack_office::export::{Cell, Sheet, write_csv, write_xlsx};
use nqtrack_office::table::{TableFormat, read_table};

use crate::rows;

type TestResult = Result<(), Box<dyn Error>>;

fn text(value: &str) -> Cell {
    Cell::Text(value.to_owned())
}

/// A progress report as the app would export it.
fn report() -> Sheet {
    Sheet {
        title: "Tiến độ 01/2026".to_owned(),
        headers: ["Mã nhiệm vụ", "Tên nhiệm vụ", "Thời hạn", "Tiến độ (%)", "Số ngày chậm", "Ghi chú"]
            .map(str::to_owned)
            .to_vec(),
        rows: vec![
            vec![
                text("TQ-57-001"),
                text("Thành lập Ban Chỉ đạo, \"cấp xã\""),
                Cell::Date(date(2025, 8, 15)),
                Cell::Number(62.5),
                Cell::Integer(-3),
                Cell::Empty,
            ],
            vec![
                text("00700"),
                text("Dòng 1\nDòng 2"),
                Cell::Date(date(1899, 12, 31)),
                Cell::Number(0.0),
                Cell::Integer(1_234_567_890_123_456_789),
                text("=1+1"),
            ],
        ],
    }
}

fn open(bytes: Vec<u8>) -> Result<Xlsx<Cursor<Vec<u8>>>, Box<dyn Error>> {
    Ok(calamine::open_workbook_from_rs(Cursor::new(bytes))?)
}

#[test]
fn xlsx_has_a_vietnamese_header_and_real_date_cells() -> TestResult {
    let mut workbook = open(write_xlsx(&report())?)?;
    assert_eq!(workbook.sheet_names(), ["Tiến độ 01-2026"]);
    let range = workbook.worksheet_range("Tiến độ 01-2026")?;

    let header: Vec<String> = (0..6).filter_map(|column| range.get_value((0, column))).map(Data::to_string).collect();
    assert_eq!(header, ["Mã nhiệm vụ", "Tên nhiệm vụ", "Thời hạn", "Tiến độ (%)", "Số ngày chậm", "Ghi chú"]);

    let Some(Data::DateTime(deadline)) = range.get_value((1, 2)) else {
        return Err(format!("not a date cell: {:?}", range.get_value((1, 2))).into());
    };
    assert!(deadline.is_datetime());
    assert_eq!(deadline.to_ymd_hms_milli(), (2025, 8, 15, 0, 0, 0, 0));

    assert_eq!(range.get_value((1, 3)), Some(&Data::Float(62.5)));
    assert_eq!(range.get_value((1, 4)), Some(&Data::Float(-3.0)));
    assert_eq!(range.get_value((1, 5)), Some(&Data::Empty));
    // Codes stay text, Excel has no dates before 1900, integers beyond 15
    // digits keep every digit as text, and text is never a formula.
    assert_eq!(range.get_value((2, 0)), Some(&Data::String("00700".into())));
    assert_eq!(range.get_value((2, 2)), Some(&Data::String("31/12/1899".into())));
    assert_eq!(range.get_value((2, 4)), Some(&Data::String("1234567890123456789".into())));
    assert_eq!(range.get_value((2, 5)), Some(&Data::String("=1+1".into())));
    assert!(workbook.worksheet_formula("Tiến độ 01-2026")?.used_cells().next().is_none());
    Ok(())
}

#[test]
fn xlsx_header_is_bold_and_wrapped_dates_show_day_first_and_a_filter_is_set() -> TestResult {
    let mut workbook = open(write_xlsx(&report())?)?;
    let styles = workbook.worksheet_style("Tiến độ 01-2026")?;
    let header = styles.get((0, 1)).ok_or("header cell has no style")?;
    assert!(header.font.as_ref().is_some_and(|font| font.is_bold()));
    assert!(header.alignment.as_ref().is_some_and(|alignment| alignment.wrap_text));
    let deadline =
        styles.get((1, 2)).and_then(|style| style.number_format.as_ref()).ok_or("date cell has no format")?;
    assert_eq!(deadline.format_code, "dd/mm/yyyy");
    // The autofilter covers the header and every row.
    let filter = workbook.defined_names().iter().find(|(name, _)| name == "_xlnm._FilterDatabase");
    assert_eq!(filter.map(|(_, range)| range.as_str()), Some("'Tiến độ 01-2026'!$A$1:$F$3"));
    Ok(())
}

#[test]
fn xlsx_reads_back_through_the_importer() -> TestResult {
    let table = read_table(&write_xlsx(&report())?, TableFormat::Xlsx)?;
    assert_eq!(table.header[1], "Tên nhiệm vụ");
    assert_eq!(
        rows(&table),
        [
            (2, vec!["TQ-57-001", "Thành lập Ban Chỉ đạo, \"cấp xã\"", "2025-08-15", "62.5", "-3", ""]),
            (3, vec!["00700", "Dòng 1\nDòng 2", "31/12/1899", "0", "1234567890123456789", "=1+1"]),
        ]
    );
    Ok(())
}

#[test]
fn an_empty_sheet_still_makes_a_workbook() -> TestResult {
    let sheet = Sheet { title: String::new(), headers: Vec::new(), rows: Vec::new() };
    let workbook = open(write_xlsx(&sheet)?)?;
    assert_eq!(workbook.sheet_names(), ["Dữ liệu"]);
    Ok(())
}

#[test]
fn xlsx_refuses_what_excel_cannot_hold() {
    let mut sheet = report();
    sheet.rows[1][1] = Cell::Text("x".repeat(32_768));
    assert_eq!(write_xlsx(&sheet), Err(OfficeError::CellTooLong { row: 3, column: "B".into() }));

    let wide = Sheet { title: "x".into(), headers: vec![String::new(); 16_385], rows: Vec::new() };
    assert_eq!(write_xlsx(&wide), Err(OfficeError::SheetTooLarge { rows: 1, columns: 16_385 }));
}

#[test]
fn csv_has_a_bom_crlf_quoting_and_day_first_dates() -> TestResult {
    let bytes = write_csv(&report());
    let text = std::str::from_utf8(&bytes)?;
    assert_eq!(
        text,
        "\u{FEFF}Mã nhiệm vụ,Tên nhiệm vụ,Thời hạn,Tiến độ (%),Số ngày chậm,Ghi chú\r\n\
         TQ-57-001,\"Thành lập Ban Chỉ đạo, \"\"cấp xã\"\"\",15/08/2025,62.5,-3,\r\n\
         00700,\"Dòng 1\nDòng 2\",31/12/1899,0,1234567890123456789,'=1+1\r\n"
    );
    Ok(())
}

#[test]
fn csv_reads_back_through_the_importer() -> TestResult {
    let table = read_table(&write_csv(&report()), TableFormat::Csv)?;
    assert_eq!(table.header[0], "Mã nhiệm vụ");
    assert_eq!(
        rows(&table),
        [
            (2, vec!["TQ-57-001", "Thành lập Ban Chỉ đạo, \"cấp xã\"", "15/08/2025", "62.5", "-3", ""]),
            (3, vec!["00700", "Dòng 1\nDòng 2", "31/12/1899", "0", "1234567890123456789", "'=1+1"]),
        ]
    );
    Ok(())
}

#[test]
fn csv_keeps_ragged_rows_whole() -> TestResult {
    let sheet = Sheet {
        title: String::new(),
        headers: vec!["a".into(), "b".into()],
        rows: vec![vec![text("1")], vec![text("1"), text("2"), text("3")], vec![]],
    };
    assert_eq!(std::str::from_utf8(&write_csv(&sheet))?, "\u{FEFF}a,b\r\n1\r\n1,2,3\r\n\"\"\r\n");
    Ok(())
}
