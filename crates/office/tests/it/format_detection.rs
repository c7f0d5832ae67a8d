use nqtrack_office::table::TableFormat;

#[test]
fn format_from_file_name_ignores_case() {
    let cases = [
        ("don_vi.csv", Some(TableFormat::Csv)),
        ("DANH SACH.CSV", Some(TableFormat::Csv)),
        ("uploads/don vi.xlsx", Some(TableFormat::Xlsx)),
        ("Don_Vi.XlSx", Some(TableFormat::Xlsx)),
        ("don_vi.xls", None),
        ("don_vi.csv.txt", None),
        ("csv", None),
        ("", None),
    ];
    for (name, expected) in cases {
        assert_eq!(TableFormat::from_file_name(name), expected, "{name}");
    }
}

#[test]
fn sniffing_tells_zip_from_text() {
    assert_eq!(TableFormat::sniff(b"PK\x03\x04\x14\x00\x06\x00"), Some(TableFormat::Xlsx));
    assert_eq!(TableFormat::sniff("\u{FEFF}Mã;Tên\n".as_bytes()), Some(TableFormat::Csv));
    assert_eq!(TableFormat::sniff(b"code,name\n"), Some(TableFormat::Csv));
    // Legacy .xls (OLE compound file), UTF-16 and Windows-1258 text.
    assert_eq!(TableFormat::sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), None);
    assert_eq!(TableFormat::sniff(b"\xFF\xFEM\x00"), None);
    assert_eq!(TableFormat::sniff(b"X\xE3;T\xEAn"), None);
}
