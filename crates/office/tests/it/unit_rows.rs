use nqtrack_office::table::{TableFormat, read_table};
use nqtrack_office::units::{ColumnProblem, UnitImportRow, read_unit_rows};

use crate::csv_table as table;

fn unit(row: usize, [code, name, kind, level, parent_code]: [&str; 5]) -> UnitImportRow {
    UnitImportRow {
        row,
        code: code.to_owned(),
        name: name.to_owned(),
        kind: kind.to_owned(),
        level: level.to_owned(),
        parent_code: parent_code.to_owned(),
    }
}

fn problem(row: usize, column: &str, code: &'static str) -> ColumnProblem {
    ColumnProblem { row, column: column.to_owned(), code }
}

#[test]
fn vietnamese_headers_with_diacritics_in_any_order_and_case() {
    let table = table(
        &[" Tên Đơn Vị ", "Ghi chú", "CẤP", "Mã đơn vị", "Mã đơn vị cấp trên", "loại"],
        &[(2, &["Xã Đồng Phú", "", "xã", "26734", "75", "commune"])],
    );
    assert_eq!(read_unit_rows(&table), Ok(vec![unit(2, ["26734", "Xã Đồng Phú", "commune", "xã", "75"])]));
}

#[test]
fn unaccented_and_decomposed_headers_match_too() {
    let table = table(&["MA", "Te\u{0302}\u{0300}n", "Loai", "ma cap tren"], &[(7, &["01", "Tỉnh A", "province", ""])]);
    assert_eq!(read_unit_rows(&table), Ok(vec![unit(7, ["01", "Tỉnh A", "province", "", ""])]));
}

#[test]
fn english_headers_and_absent_optional_columns() {
    let table = table(&["Code", "Name", "Type", "Province_Code"], &[(2, &["26734", "Xã Đồng Phú", "commune", "75"])]);
    assert_eq!(read_unit_rows(&table), Ok(vec![unit(2, ["26734", "Xã Đồng Phú", "commune", "", "75"])]));
}

#[test]
fn every_missing_required_column_is_reported_on_the_header_row() {
    let table = table(&["Mã", "Ghi chú"], &[(2, &["01", "x"])]);
    assert_eq!(
        read_unit_rows(&table),
        Err(vec![problem(1, "name", "missing-column"), problem(1, "kind", "missing-column"),])
    );
}

#[test]
fn two_columns_for_one_field_are_ambiguous() {
    let table = table(&["code", "name", "kind", "parent", "Mã cấp trên"], &[(2, &["01", "A", "x", "1", "2"])]);
    assert_eq!(read_unit_rows(&table), Err(vec![problem(1, "parent_code", "duplicate-column")]));
}

#[test]
fn empty_required_cells_are_collected_across_rows() {
    let table = table(
        &["code", "name", "kind"],
        &[(2, &["01", "A", "province"]), (3, &["", "B", "commune"]), (5, &["03", "", ""]), (6, &["", " ", "commune"])],
    );
    assert_eq!(
        read_unit_rows(&table),
        Err(vec![
            problem(3, "code", "required"),
            problem(5, "name", "required"),
            problem(6, "code", "required"),
            problem(6, "name", "required"),
        ])
    );
}

#[test]
fn a_header_only_table_has_no_units() {
    assert_eq!(read_unit_rows(&table(&["code", "name", "kind"], &[])), Ok(vec![]));
}

#[test]
fn csv_upload_end_to_end() {
    let text = "\u{FEFF}Mã đơn vị;Tên đơn vị;Loại;Cấp;Mã đơn vị cấp trên\r\n\
                75;Tỉnh Đồng Nai;province;tỉnh;\r\n\
                \r\n\
                26734;\"Xã Đồng Phú, tỉnh Đồng Nai\";commune;xã;75\r\n";
    let table = read_table(text.as_bytes(), TableFormat::Csv).expect("valid CSV");
    assert_eq!(
        read_unit_rows(&table),
        Ok(vec![
            unit(2, ["75", "Tỉnh Đồng Nai", "province", "tỉnh", ""]),
            unit(4, ["26734", "Xã Đồng Phú, tỉnh Đồng Nai", "commune", "xã", "75"]),
        ])
    );
}

#[test]
fn a_unit_list_with_a_title_row_starts_below_its_header() -> Result<(), Box<dyn std::error::Error>> {
    let text = "DANH SÁCH ĐƠN VỊ CẤP XÃ;;\nMã đơn vị;Tên đơn vị;Loại\n26734;Xã Đồng Phú;xã\n;Phường 1;phường\n";
    let table = read_table(text.as_bytes(), TableFormat::Csv)?;
    assert_eq!(read_unit_rows(&table), Err(vec![problem(4, "code", "required")]));
    let text = text.replace(";Phường 1", "26735;Phường 1");
    let table = read_table(text.as_bytes(), TableFormat::Csv)?;
    assert_eq!(
        read_unit_rows(&table),
        Ok(vec![unit(3, ["26734", "Xã Đồng Phú", "xã", "", ""]), unit(4, ["26735", "Phường 1", "phường", "", ""])])
    );
    Ok(())
}
