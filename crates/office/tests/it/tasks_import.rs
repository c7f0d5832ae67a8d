use std::error::Error;

use nqtrack_domain::dates::parse_date;
use nqtrack_office::columns::{ColumnProblem, HEADER_SEARCH_ROWS, SourceColumn};
use nqtrack_office::table::{
    MAX_IMPORT_BYTES, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS, TableError, TableFormat, read_table,
};
use nqtrack_office::tasks::{TaskImport, TaskRow, read_task_rows};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

use crate::csv_table as table;

type TestResult = Result<(), Box<dyn Error>>;

fn problem(row: usize, column: &str, code: &'static str) -> ColumnProblem {
    ColumnProblem { row, column: column.to_owned(), code }
}

/// A row with only title and presiding code filled, the rest empty.
fn minimal(row: usize, title: &str, presiding: &str) -> TaskRow {
    TaskRow {
        row,
        code: String::new(),
        title: title.to_owned(),
        content: String::new(),
        clause: String::new(),
        presiding_code: presiding.to_owned(),
        coordinating_codes: Vec::new(),
        kind: String::new(),
        deadline: String::new(),
        working_days: String::new(),
        product: String::new(),
        key_results: String::new(),
        field: String::new(),
        priority: String::new(),
        confidentiality: String::new(),
        leader: String::new(),
    }
}

fn read_csv(text: &str) -> Result<TaskImport, Box<dyn Error>> {
    let table = read_table(text.as_bytes(), TableFormat::Csv)?;
    read_task_rows(&table).map_err(|problems| format!("{problems:?}").into())
}

fn read_xlsx(sheet: Worksheet) -> Result<TaskImport, Box<dyn Error>> {
    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    let table = read_table(&workbook.save_to_buffer()?, TableFormat::Xlsx)?;
    read_task_rows(&table).map_err(|problems| format!("{problems:?}").into())
}

#[test]
fn vietnamese_headers_fill_every_field_and_stt_is_ignored() -> TestResult {
    let text = "\u{FEFF}STT;Mã nhiệm vụ;Nhiệm vụ;Nội dung;Mục;Cơ quan chủ trì;Đơn vị phối hợp;Loại nhiệm vụ;\
                Thời gian hoàn thành;Số ngày làm việc;Sản phẩm;Kết quả chủ yếu;Lĩnh vực;Mức độ ưu tiên;Độ mật;\
                Lãnh đạo phụ trách;Ghi chú\r\n\
                1; TQ-57-001 ;Thành lập Ban Chỉ đạo cấp xã;Ban hành quyết định;III.1;00700;\"00691, 00694\";\
                Có thời hạn;15/08/2025;;Quyết định;BCĐ hoạt động;Thể chế;Cao;Nội bộ;Nguyễn Văn An;ghi chú\r\n";
    let import = read_csv(text)?;
    let expected = TaskRow {
        row: 2,
        code: "TQ-57-001".into(),
        title: "Thành lập Ban Chỉ đạo cấp xã".into(),
        content: "Ban hành quyết định".into(),
        clause: "III.1".into(),
        presiding_code: "00700".into(),
        coordinating_codes: vec!["00691".into(), "00694".into()],
        kind: "Có thời hạn".into(),
        deadline: "15/08/2025".into(),
        working_days: String::new(),
        product: "Quyết định".into(),
        key_results: "BCĐ hoạt động".into(),
        field: "Thể chế".into(),
        priority: "Cao".into(),
        confidentiality: "Nội bộ".into(),
        leader: "Nguyễn Văn An".into(),
    };
    assert_eq!(import.rows, [expected]);
    assert!(import.problems.is_empty());
    // STT (column A) and Ghi chú are no field's column.
    assert_eq!(import.columns.len(), 15);
    assert_eq!(import.column("code").map(|column| column.letter.as_str()), Some("B"));
    Ok(())
}

#[test]
fn english_unaccented_and_marked_headers_match_too() -> TestResult {
    let import = read_csv(
        "title,PRESIDING_CODE,coordinating,Deadline,working_days,key_results\n\
         Task A,08,,2025-08-15,10,KPI\n",
    )?;
    let mut expected = minimal(2, "Task A", "08");
    expected.deadline = "2025-08-15".into();
    expected.working_days = "10".into();
    expected.key_results = "KPI".into();
    assert_eq!(import.rows, [expected]);

    let import = read_csv("Ten nhiem vu (*),DON VI CHU TRI,Loai\nA,01,thuong xuyen\n")?;
    let mut expected = minimal(2, "A", "01");
    expected.kind = "thuong xuyen".into();
    assert_eq!(import.rows, [expected]);
    Ok(())
}

#[test]
fn missing_required_columns_are_named_on_the_header_row() {
    let result = read_task_rows(&table(&["STT", "Nội dung", "Thời hạn"], &[(2, &["1", "x", "15/08/2025"])]));
    assert_eq!(result, Err(vec![problem(1, "title", "missing-column"), problem(1, "presiding", "missing-column")]));
}

#[test]
fn two_columns_for_one_field_are_ambiguous() {
    let header = ["Tên nhiệm vụ", "Đơn vị chủ trì", "Sản phẩm", "Sản phẩm dự kiến", "Cơ quan chủ trì"];
    let result = read_task_rows(&table(&header, &[]));
    assert_eq!(
        result,
        Err(vec![problem(1, "presiding", "duplicate-column"), problem(1, "product", "duplicate-column")])
    );
}

#[test]
fn empty_required_cells_are_reported_and_their_rows_kept() -> TestResult {
    let import = read_task_rows(&table(
        &["Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"],
        &[(2, &["A", "01", ""]), (3, &["", "01", "x"]), (5, &[" ", "", ""])],
    ))
    .map_err(|problems| format!("{problems:?}"))?;
    assert_eq!(
        import.problems,
        [problem(3, "title", "required"), problem(5, "title", "required"), problem(5, "presiding", "required")]
    );
    let kept: Vec<usize> = import.rows.iter().map(|row| row.row).collect();
    assert_eq!(kept, [2, 3, 5]);
    Ok(())
}

#[test]
fn coordinating_codes_split_on_separators_and_line_breaks() -> TestResult {
    let import = read_csv("Tên nhiệm vụ,Đơn vị chủ trì,Đơn vị phối hợp\nA,01,\"00691;00694\n00700, 00691\"\nB,01,\n")?;
    let codes: Vec<&[String]> = import.rows.iter().map(|row| row.coordinating_codes.as_slice()).collect();
    assert_eq!(codes, [&["00691", "00694", "00700"][..], &[][..]]);
    Ok(())
}

#[test]
fn column_sources_give_letters_and_headers_as_written() -> TestResult {
    // The list starts in column B, row 3.
    let mut sheet = Worksheet::new();
    for (column, header) in ["STT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"].into_iter().enumerate()
    {
        sheet.write_string(2, u16::try_from(column + 1)?, header)?;
    }
    sheet.write_string(3, 2, "A")?;
    sheet.write_string(3, 3, "00700")?;
    sheet.write_string(3, 4, "31/02/2025")?;
    let import = read_xlsx(sheet)?;
    let deadline = import.column("deadline");
    assert_eq!(deadline, Some(&SourceColumn { field: "deadline", letter: "E".into(), header: "Thời hạn".into() }));
    // The app parses the date and can name row 4, column E (Thời hạn).
    let row = &import.rows[0];
    assert_eq!(row.row, 4);
    assert_eq!(parse_date("deadline", &row.deadline).map_err(|error| error.code), Err("date-format"));
    assert_eq!(import.column("leader"), None);
    Ok(())
}

#[test]
fn xlsx_date_cells_arrive_as_dates() -> TestResult {
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let vietnamese_locale = Format::new().set_num_format("[$-42A]dd/mm/yyyy;@");
    let mut sheet = Worksheet::new();
    sheet.write_string(0, 0, "Tên nhiệm vụ")?;
    sheet.write_string(0, 1, "Đơn vị chủ trì")?;
    sheet.write_string(0, 2, "Thời hạn")?;
    for (row, title) in [(1, "date cell"), (2, "localised date cell"), (3, "date and time"), (4, "typed text")] {
        sheet.write_string(row, 0, title)?;
        sheet.write_string(row, 1, "01")?;
    }
    sheet.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2025, 8, 15)?, &date_format)?;
    sheet.write_datetime_with_format(2, 2, ExcelDateTime::from_ymd(2025, 12, 31)?, &vietnamese_locale)?;
    sheet.write_datetime_with_format(3, 2, ExcelDateTime::from_ymd(2026, 1, 2)?.and_hms(17, 0, 0)?, &date_format)?;
    sheet.write_string(4, 2, "30/09/2025")?;

    let import = read_xlsx(sheet)?;
    let deadlines: Vec<_> = import.rows.iter().map(|row| parse_date("deadline", &row.deadline)).collect();
    let expected = [(2025, 8, 15), (2025, 12, 31), (2026, 1, 2), (2025, 9, 30)]
        .map(|(year, month, day)| Ok(jiff::civil::date(year, month, day)));
    assert_eq!(deadlines, expected);
    Ok(())
}

#[test]
fn unit_codes_stored_as_numbers_are_refused_unless_shown_with_their_zeros() -> TestResult {
    let padded = Format::new().set_num_format("00000");
    let mut sheet = Worksheet::new();
    for (column, header) in ["Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Mã nhiệm vụ"].into_iter().enumerate()
    {
        sheet.write_string(0, u16::try_from(column)?, header)?;
    }
    // Row 2: "08050" typed into General cells became numbers; the task
    // code column may hold numbers.
    sheet.write_string(1, 0, "A")?;
    sheet.write_number(1, 1, 8050)?;
    sheet.write_number(1, 2, 75)?;
    sheet.write_number(1, 3, 12)?;
    // Row 3: a zero-padding format shows the code as typed.
    sheet.write_string(2, 0, "B")?;
    sheet.write_number_with_format(2, 1, 8050, &padded)?;
    sheet.write_string(2, 2, "00691; 00694")?;

    let import = read_xlsx(sheet)?;
    assert_eq!(
        import.problems,
        [problem(2, "presiding", "unit-code-number"), problem(2, "coordinating", "unit-code-number")]
    );
    // The digits are kept as they were, never guessed.
    assert_eq!(import.rows[0].presiding_code, "8050");
    assert_eq!(import.rows[0].code, "12");
    assert_eq!(import.rows[1].presiding_code, "08050");
    assert_eq!(import.rows[1].coordinating_codes, ["00691", "00694"]);
    Ok(())
}

#[test]
fn csv_codes_are_text_as_written() -> TestResult {
    // CSV has no types: whatever the file says is the code.
    let import = read_csv("Tên nhiệm vụ;Đơn vị chủ trì\nA;8050\n")?;
    assert!(import.problems.is_empty());
    assert_eq!(import.rows[0].presiding_code, "8050");
    Ok(())
}

#[test]
fn a_header_only_annex_has_no_tasks() -> TestResult {
    let import = read_csv("Tên nhiệm vụ,Đơn vị chủ trì\n")?;
    assert!(import.rows.is_empty() && import.problems.is_empty());
    Ok(())
}

#[test]
fn limits_are_those_of_read_table() {
    let header = "Tên nhiệm vụ,Đơn vị chủ trì\n";
    let at_limit = format!("{header}{}", "A,01\n".repeat(MAX_IMPORT_ROWS));
    let read = |text: &str| read_table(text.as_bytes(), TableFormat::Csv);
    let rows = read(&at_limit).map(|table| read_task_rows(&table).map(|import| import.rows.len()));
    assert_eq!(rows, Ok(Ok(MAX_IMPORT_ROWS)));
    assert_eq!(read(&format!("{at_limit}A,01\n")), Err(TableError::TooManyRows { limit: MAX_IMPORT_ROWS }));

    let too_large = format!("{header}{}", "A,01\n".repeat(MAX_IMPORT_BYTES / 5 + 1));
    assert_eq!(read(&too_large), Err(TableError::TooLarge { limit_bytes: MAX_IMPORT_BYTES }));

    let too_wide = format!("Tên nhiệm vụ,Đơn vị chủ trì{}\n", ",x".repeat(MAX_IMPORT_COLUMNS));
    assert!(matches!(read(&too_wide), Err(TableError::MalformedCsv { row: 1, .. })));
}

/// An official annex: two merged title rows, a blank row, the header on
/// row 4 and the tasks below it, the list starting in column B.
fn annex_with_title_rows(header: &[&str], rows: &[&[&str]]) -> Result<Worksheet, Box<dyn Error>> {
    let mut sheet = Worksheet::new();
    let title = Format::new().set_bold();
    sheet.merge_range(0, 1, 0, 6, "PHỤ LỤC", &title)?;
    sheet.merge_range(1, 1, 1, 6, "Danh mục nhiệm vụ thực hiện Kế hoạch số 12/KH-UBND ngày 15/7/2025", &title)?;
    for (column, text) in header.iter().enumerate() {
        sheet.write_string(3, u16::try_from(column + 1)?, *text)?;
    }
    for (row, cells) in rows.iter().enumerate() {
        for (column, text) in cells.iter().enumerate() {
            sheet.write_string(u32::try_from(row + 4)?, u16::try_from(column + 1)?, *text)?;
        }
    }
    Ok(sheet)
}

#[test]
fn title_rows_above_the_header_are_skipped() -> TestResult {
    let header = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"];
    let sheet = annex_with_title_rows(
        &header,
        &[&["1", "Thành lập Ban Chỉ đạo", "00700", "15/08/2025"], &["2", "", "00700", "31/02/2025"]],
    )?;
    let import = read_xlsx(sheet)?;
    let kept: Vec<(usize, &str)> = import.rows.iter().map(|row| (row.row, row.title.as_str())).collect();
    assert_eq!(kept, [(5, "Thành lập Ban Chỉ đạo"), (6, "")], "the spreadsheet's row numbers");
    assert_eq!(import.problems, [problem(6, "title", "required")]);
    // Columns are named as the official sees them, on the real header.
    assert_eq!(
        import.column("deadline"),
        Some(&SourceColumn { field: "deadline", letter: "E".into(), header: "Thời hạn".into() })
    );
    Ok(())
}

#[test]
fn a_broken_header_below_title_rows_is_named_on_its_own_row() -> TestResult {
    // "Đơn vị thực hiện" is no alias of the presiding unit.
    let sheet = annex_with_title_rows(&["STT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời hạn"], &[&["1", "A", "01", ""]])?;
    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    let table = read_table(&workbook.save_to_buffer()?, TableFormat::Xlsx)?;
    // The generic table still starts at the first non-blank row, in column B.
    assert_eq!((table.header_row, table.first_column, table.header[0].as_str()), (1, 1, "PHỤ LỤC"));
    assert_eq!(read_task_rows(&table), Err(vec![problem(4, "presiding", "missing-column")]));
    Ok(())
}

#[test]
fn without_any_known_column_the_first_row_is_blamed() -> TestResult {
    let sheet = annex_with_title_rows(&["STT", "Việc", "Ai làm"], &[&["1", "A", "01"]])?;
    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    let table = read_table(&workbook.save_to_buffer()?, TableFormat::Xlsx)?;
    assert_eq!(
        read_task_rows(&table),
        Err(vec![problem(1, "title", "missing-column"), problem(1, "presiding", "missing-column")])
    );
    Ok(())
}

#[test]
fn the_header_is_looked_for_in_the_first_ten_rows_only() -> TestResult {
    let header = "Tên nhiệm vụ;Đơn vị chủ trì\n";
    let titles = |count: usize| (1..=count).map(|n| format!("Tiêu đề {n};\n")).collect::<String>();
    let import = read_csv(&format!("{}{header}A;01\n", titles(HEADER_SEARCH_ROWS - 1)))?;
    assert_eq!(import.rows.iter().map(|row| row.row).collect::<Vec<_>>(), [HEADER_SEARCH_ROWS + 1]);
    let table = read_table(format!("{}{header}A;01\n", titles(HEADER_SEARCH_ROWS)).as_bytes(), TableFormat::Csv)?;
    assert_eq!(
        read_task_rows(&table),
        Err(vec![problem(1, "title", "missing-column"), problem(1, "presiding", "missing-column")])
    );
    Ok(())
}

#[test]
fn csv_title_rows_as_excel_saves_them() -> TestResult {
    // Excel writes every row as wide as the sheet, title rows included.
    let import = read_csv(
        "PHỤ LỤC;;\r\nDanh mục nhiệm vụ năm 2025;;\r\n;;\r\nSTT;Tên nhiệm vụ;Mã đơn vị chủ trì\r\n1;A;01\r\n2;B;\r\n",
    )?;
    assert_eq!(import.rows.iter().map(|row| row.row).collect::<Vec<_>>(), [5, 6]);
    assert_eq!(import.problems, [problem(6, "presiding", "required")]);
    Ok(())
}
