//! Period reports: the DOCX in the Decree 30/2020 layout and the XLSX beside it.

use std::io::{Cursor, Read as _};

use calamine::{Data, Reader as _, Xlsx, open_workbook_from_rs};
use jiff::civil::date;
use nqtrack_office::report_doc::{
    AdminDocument, Block, DocTable, Section, vietnamese_long_date, write_docx, write_report_xlsx,
};

/// A 9-month report of a provincial steering committee, as the app would
/// build it.
fn sample() -> AdminDocument {
    let para = |text: &str| Block::Paragraph(text.to_owned());
    let bullet = |text: &str| Block::Bullet(text.to_owned());
    let section = |heading: &str, blocks: Vec<Block>, subsections: Vec<Section>| Section {
        heading: heading.to_owned(),
        blocks,
        subsections,
    };
    let tasks = DocTable {
        caption: "Bảng 1. Tình hình thực hiện nhiệm vụ theo đơn vị".into(),
        headers: vec!["STT".into(), "Đơn vị".into(), "Số nhiệm vụ".into(), "Hoàn thành".into(), "Tỷ lệ (%)".into()],
        rows: vec![
            vec!["1".into(), "Sở Khoa học và Công nghệ".into(), "1.234".into(), "1.100".into(), "89,1".into()],
            vec!["2".into(), "Sở Tài chính".into(), "48".into(), "40".into(), "83,3".into()],
            vec!["3".into(), "UBND xã Hòa An".into(), "12".into(), "12".into(), "100".into()],
        ],
        numeric_columns: vec![2, 3, 4],
    };
    let indicators = DocTable {
        caption: "Bảng 2. Chỉ tiêu chuyển đổi số".into(),
        headers: vec!["Chỉ tiêu".into(), "Kế hoạch".into(), "Thực hiện".into()],
        rows: vec![
            vec!["Tỷ lệ hồ sơ trực tuyến toàn trình".into(), "80".into(), "95,5".into()],
            vec!["Doanh nghiệp công nghệ số".into(), "25".into(), "chưa có".into()],
        ],
        numeric_columns: vec![1, 2],
    };
    AdminDocument {
        parent_body: "UBND TỈNH CAO BẰNG".into(),
        issuer: "BAN CHỈ ĐẠO VỀ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ".into(),
        number: "Số:     /BC-BCĐ".into(),
        place: "Cao Bằng".into(),
        date: date(2026, 9, 30),
        kind: "BÁO CÁO".into(),
        subject: "Kết quả thực hiện Nghị quyết số 57-NQ/TW 9 tháng năm 2026".into(),
        sections: vec![
            section(
                "KẾT QUẢ THỰC HIỆN",
                vec![para("Thực hiện Kế hoạch số 15-KH/TU của Tỉnh ủy, Ban Chỉ đạo báo cáo như sau:")],
                vec![
                    section(
                        "Công tác chỉ đạo, điều hành",
                        vec![
                            para("Ban Chỉ đạo đã ban hành 12 văn bản chỉ đạo, hướng dẫn."),
                            bullet("Kế hoạch hành động thực hiện Nghị quyết;"),
                            bullet("- Quy chế hoạt động của Ban Chỉ đạo."),
                        ],
                        vec![],
                    ),
                    section("Kết quả thực hiện nhiệm vụ", vec![Block::Table(tasks)], vec![]),
                ],
            ),
            section(
                "CHỈ TIÊU CHỦ YẾU",
                vec![Block::Table(indicators), para("Một số chỉ tiêu chưa có số liệu & cần rà soát <quý IV>.")],
                vec![section(
                    "Tồn tại, hạn chế",
                    vec![bullet("Hạ tầng số ở vùng sâu, vùng xa còn thiếu.")],
                    vec![section("Nguyên nhân", vec![para("Nguồn lực còn hạn chế.")], vec![])],
                )],
            ),
            section(
                "NHIỆM VỤ TRỌNG TÂM QUÝ IV",
                vec![],
                vec![
                    section("Hoàn thành các nhiệm vụ chậm tiến độ", vec![], vec![]),
                    section(
                        "Đẩy mạnh dịch vụ công trực tuyến",
                        vec![para("Giao Sở Khoa học và Công nghệ chủ trì.")],
                        vec![],
                    ),
                ],
            ),
        ],
        recipients: vec![
            "Ban Chỉ đạo Trung ương".into(),
            "Thường trực Tỉnh ủy;".into(),
            "Các thành viên Ban Chỉ đạo".into(),
            "Lưu: VT, BCĐ.".into(),
        ],
        signer_authority: "TM. BAN CHỈ ĐẠO".into(),
        signer_title: "TRƯỞNG BAN".into(),
        signer_name: "Nguyễn Văn A".into(),
    }
}

/// One part of the DOCX package, as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("the DOCX is a ZIP");
    let mut file = archive.by_name(name).unwrap_or_else(|_| panic!("the DOCX has {name}"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8 XML");
    text
}

/// The document body, one paragraph, table or row per line so the snapshot
/// diffs readably. docx-rs numbers paragraphs (`w14:paraId`) from a counter
/// shared by the whole process, so the ids depend on what other tests ran
/// first and are left out.
fn document_xml(doc: &AdminDocument) -> String {
    let docx = write_docx(doc).expect("writes");
    let xml = part(&docx, "word/document.xml");
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml.as_str();
    while let Some(start) = rest.find(" w14:paraId=\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start + " w14:paraId=\"".len()..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out.replace("<w:p>", "\n<w:p>").replace("<w:tbl>", "\n<w:tbl>").replace("<w:tr>", "\n<w:tr>")
}

#[test]
fn sample_report_docx() {
    insta::assert_snapshot!(document_xml(&sample()));
}

#[test]
fn docx_follows_the_decree_layout() {
    let docx = write_docx(&sample()).expect("writes");
    let document = part(&docx, "word/document.xml");
    // A4 portrait, margins 20/20/30/15 mm.
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{document}");
    assert!(document.contains(r#"w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#));
    // Page numbers from page 2: a distinct first-page header.
    assert!(document.contains("<w:titlePg"));
    assert!(part(&docx, "word/header1.xml").contains("PAGE"));
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:ascii="Times New Roman""#) && styles.contains(r#"w:eastAsia="Times New Roman""#));
    assert!(styles.contains(r#"w:cs="Times New Roman""#));
    for text in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Cao Bằng, ngày 30 tháng 9 năm 2026",
        "I. KẾT QUẢ THỰC HIỆN",
        "II. CHỈ TIÊU CHỦ YẾU",
        "III. NHIỆM VỤ TRỌNG TÂM QUÝ IV",
        "1. Công tác chỉ đạo, điều hành",
        "2. Đẩy mạnh dịch vụ công trực tuyến",
        "a) Nguyên nhân",
        "- Quy chế hoạt động của Ban Chỉ đạo.",
        "Nơi nhận:",
        "- Ban Chỉ đạo Trung ương;",
        "- Lưu: VT, BCĐ.",
        "Một số chỉ tiêu chưa có số liệu &amp; cần rà soát &lt;quý IV&gt;.",
    ] {
        assert!(document.contains(text), "missing {text:?}");
    }
    assert!(!document.contains("- - Quy chế"));
    // Each data table repeats its header row; the layout tables do not.
    assert_eq!(document.matches("<w:tblHeader />").count(), 2);
}

#[test]
fn dates_follow_decree_30() {
    assert_eq!(vietnamese_long_date("Cao Bằng", date(2026, 2, 5)), "Cao Bằng, ngày 05 tháng 02 năm 2026");
    assert_eq!(vietnamese_long_date("Cao Bằng", date(2026, 9, 30)), "Cao Bằng, ngày 30 tháng 9 năm 2026");
    assert_eq!(vietnamese_long_date("Hà Nội", date(2026, 12, 1)), "Hà Nội, ngày 01 tháng 12 năm 2026");
    assert_eq!(vietnamese_long_date("Hà Nội", date(2026, 1, 15)), "Hà Nội, ngày 15 tháng 01 năm 2026");
    assert_eq!(vietnamese_long_date("Hà Nội", date(2026, 3, 9)), "Hà Nội, ngày 09 tháng 3 năm 2026");
    assert_eq!(vietnamese_long_date(" ", date(2026, 10, 10)), "ngày 10 tháng 10 năm 2026");
}

#[test]
fn decomposed_text_comes_out_composed() {
    let mut doc = sample();
    // "Hòa An" and "Cao Bằng" typed with combining marks (NFD).
    doc.place = "Cao Ba\u{306}\u{300}ng".into();
    doc.subject = "Ke\u{302}\u{301}t qua\u{309} xa\u{303} Ho\u{300}a An".into();
    let document = part(&write_docx(&doc).expect("writes"), "word/document.xml");
    assert!(document.contains("Cao Bằng, ngày 30 tháng 9 năm 2026"));
    assert!(document.contains("Kết quả xã Hòa An"));
    assert!(!document.contains('\u{300}') && !document.contains('\u{306}'));
    let mut workbook = open(&write_report_xlsx(&doc).expect("writes"));
    assert_eq!(text_column(&mut workbook, "Báo cáo")[8], "Kết quả xã Hòa An");
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("the XLSX opens")
}

/// Column A of a sheet, one string per row, empty rows as "".
fn text_column(workbook: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<String> {
    let range = workbook.worksheet_range(sheet).expect("the sheet exists");
    range.rows().map(|row| row.first().map(ToString::to_string).unwrap_or_default()).collect()
}

#[test]
fn report_xlsx_has_the_text_and_one_sheet_per_table() {
    let mut workbook = open(&write_report_xlsx(&sample()).expect("writes"));
    assert_eq!(
        workbook.sheet_names(),
        ["Báo cáo", "Bảng 1. Tình hình thực hiện nhi", "Bảng 2. Chỉ tiêu chuyển đổi số"]
    );
    let text = text_column(&mut workbook, "Báo cáo");
    assert_eq!(
        text[..9],
        [
            "UBND TỈNH CAO BẰNG",
            "BAN CHỈ ĐẠO VỀ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ",
            "Số:     /BC-BCĐ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Cao Bằng, ngày 30 tháng 9 năm 2026",
            "",
            "BÁO CÁO",
            "Kết quả thực hiện Nghị quyết số 57-NQ/TW 9 tháng năm 2026",
        ]
    );
    for line in [
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Công tác chỉ đạo, điều hành",
        "- Kế hoạch hành động thực hiện Nghị quyết;",
        "Bảng 1. Tình hình thực hiện nhiệm vụ theo đơn vị (xem trang tính \"Bảng 1. Tình hình thực hiện nhi\")",
        "a) Nguyên nhân",
        "- Lưu: VT, BCĐ.",
        "TM. BAN CHỈ ĐẠO",
        "Nguyễn Văn A",
    ] {
        assert!(text.iter().any(|t| t == line), "missing {line:?} in {text:#?}");
    }
    let tasks = workbook.worksheet_range("Bảng 1. Tình hình thực hiện nhi").expect("table sheet");
    assert_eq!(tasks.get((0, 1)), Some(&Data::String("Đơn vị".into())));
    assert_eq!(tasks.get((1, 2)), Some(&Data::Float(1234.0)));
    assert_eq!(tasks.get((1, 4)), Some(&Data::Float(89.1)));
    // Not a numeric column: the text stays text.
    assert_eq!(tasks.get((1, 0)), Some(&Data::String("1".into())));
    let indicators = workbook.worksheet_range("Bảng 2. Chỉ tiêu chuyển đổi số").expect("table sheet");
    assert_eq!(indicators.get((1, 2)), Some(&Data::Float(95.5)));
    assert_eq!(indicators.get((2, 2)), Some(&Data::String("chưa có".into())));
}

#[test]
fn empty_documents_and_tables_still_write() {
    let mut doc = sample();
    doc.sections.clear();
    doc.recipients.clear();
    doc.signer_name.clear();
    let document = part(&write_docx(&doc).expect("writes"), "word/document.xml");
    assert!(document.contains("TRƯỞNG BAN") && !document.contains("Nơi nhận:</w:t></w:r></w:p><w:p>"));
    let workbook = open(&write_report_xlsx(&doc).expect("writes"));
    assert_eq!(workbook.sheet_names(), ["Báo cáo"]);

    let empty = DocTable::default();
    let headers_only =
        DocTable { caption: "Bảng trống".into(), headers: vec!["Đơn vị".into()], ..DocTable::default() };
    doc.sections = vec![Section {
        heading: "Số liệu".into(),
        blocks: vec![Block::Table(empty), Block::Table(headers_only)],
        subsections: vec![Section::default()],
    }];
    let document = part(&write_docx(&doc).expect("writes"), "word/document.xml");
    assert_eq!(document.matches("<w:tbl>").count(), 3, "header, the table with headers, ending");
    let mut workbook = open(&write_report_xlsx(&doc).expect("writes"));
    assert_eq!(workbook.sheet_names(), ["Báo cáo", "Bảng 1", "Bảng trống"]);
    assert!(workbook.worksheet_range("Bảng 1").expect("sheet").is_empty());
}
