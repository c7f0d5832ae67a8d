use nqtrack_office::table::{MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, TableError, TableFormat, read_table};

use crate::rows;

fn read(text: &str) -> Result<nqtrack_office::table::Table, TableError> {
    read_table(text.as_bytes(), TableFormat::Csv)
}

#[test]
fn comma_separated_with_quoted_comma_and_vietnamese_text() {
    let table = read(
        "code,name,kind\n\
         01,\"Xã Đồng Phú, tỉnh Đồng Nai\",commune\n\
         02,\"Phường \"\"Mới\"\"\",ward\n",
    )
    .expect("valid CSV");
    assert_eq!(table.header, ["code", "name", "kind"]);
    assert_eq!(
        rows(&table),
        [(2, vec!["01", "Xã Đồng Phú, tỉnh Đồng Nai", "commune"]), (3, vec!["02", "Phường \"Mới\"", "ward"]),]
    );
    // CSV cells are all text, starting at column A.
    assert_eq!(table.first_column, 0);
    assert!(table.rows.iter().all(|row| row.numeric.is_empty()));
}

#[test]
fn semicolon_separated_with_bom_and_crlf_as_vietnamese_excel_saves_it() {
    let text = "\u{FEFF}Mã đơn vị;Tên đơn vị;Loại\r\n\
                001;\"Xã Đồng Phú, tỉnh Đồng Nai\";xã\r\n\
                002;Phường 1;phường\r\n";
    let table = read(text).expect("valid CSV");
    assert_eq!(table.header, ["Mã đơn vị", "Tên đơn vị", "Loại"]);
    assert_eq!(
        rows(&table),
        [(2, vec!["001", "Xã Đồng Phú, tỉnh Đồng Nai", "xã"]), (3, vec!["002", "Phường 1", "phường"]),]
    );
}

#[test]
fn cells_are_trimmed() {
    let table = read("  code , name \n 01 ,  Xã A  \n").expect("valid CSV");
    assert_eq!(table.header, ["code", "name"]);
    assert_eq!(rows(&table), [(2, vec!["01", "Xã A"])]);
}

#[test]
fn blank_rows_are_skipped_but_still_counted() {
    let text = "code;name\r\n\
                01;A\r\n\
                \r\n\
                ;\r\n\
                \x20;\x20\x20\r\n\
                02;B\r\n\
                \n\
                03;C";
    let table = read(text).expect("valid CSV");
    assert_eq!(rows(&table), [(2, vec!["01", "A"]), (6, vec!["02", "B"]), (8, vec!["03", "C"])]);
}

#[test]
fn old_mac_line_endings_are_rows_too() {
    let table = read("code\r01\r\r02\r").expect("valid CSV");
    assert_eq!(rows(&table), [(2, vec!["01"]), (4, vec!["02"])]);
}

#[test]
fn blank_lines_before_the_header_are_skipped() {
    let table = read("\n\ncode,name\n01,A\n").expect("valid CSV");
    assert_eq!(table.header, ["code", "name"]);
    assert_eq!(rows(&table), [(4, vec!["01", "A"])]);
}

#[test]
fn a_quoted_line_break_stays_within_one_row() {
    let table = read("code,name\n01,\"Xã A\nhuyện B\"\n02,C\n").expect("valid CSV");
    assert_eq!(rows(&table), [(2, vec!["01", "Xã A\nhuyện B"]), (3, vec!["02", "C"])]);
}

#[test]
fn header_only_is_a_table_without_rows() {
    let table = read("code,name\n").expect("valid CSV");
    assert_eq!(table.header, ["code", "name"]);
    assert!(table.rows.is_empty());
}

#[test]
fn row_with_wrong_field_count_is_reported_with_its_row_number() {
    let error = read("code;name\n01;A\n\n02;Xã B; tỉnh C\n").expect_err("malformed");
    assert_eq!(error, TableError::MalformedCsv { row: 4, detail: "expected 2 fields, found 3".to_owned() });
}

#[test]
fn invalid_utf8_is_reported_with_its_row_number() {
    let mut bytes = b"code,name\n01,A\n02,".to_vec();
    // "Xã" in Windows-1258, as legacy tools write it.
    bytes.extend_from_slice(b"X\xE3\n");
    let error = read_table(&bytes, TableFormat::Csv).expect_err("not UTF-8");
    assert_eq!(error, TableError::NotUtf8 { row: 3 });
}

#[test]
fn empty_input_has_no_header() {
    for text in ["", "\u{FEFF}", "\n\r\n", ";;\n ; \n"] {
        assert_eq!(read(text), Err(TableError::Empty), "{text:?}");
    }
}

#[test]
fn input_over_the_size_limit_is_refused_before_parsing() {
    let bytes = vec![b'a'; MAX_IMPORT_BYTES + 1];
    for format in [TableFormat::Csv, TableFormat::Xlsx] {
        assert_eq!(read_table(&bytes, format), Err(TableError::TooLarge { limit_bytes: MAX_IMPORT_BYTES }));
    }
}

#[test]
fn row_limit_counts_data_rows_only() {
    let at_limit = format!("code\n{}", "1\n".repeat(MAX_IMPORT_ROWS));
    assert_eq!(read(&at_limit).map(|table| table.rows.len()), Ok(MAX_IMPORT_ROWS));

    let over_limit = format!("{at_limit}1\n");
    assert_eq!(read(&over_limit), Err(TableError::TooManyRows { limit: MAX_IMPORT_ROWS }));
}
