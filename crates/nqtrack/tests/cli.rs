//! The `nqtrack` binary as an operator uses it: each test runs the built executable in a fresh
//! temporary directory against its own SQLite database.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

/// Runs `nqtrack` in `dir` with a clean configuration environment, feeding `stdin` if given.
fn nqtrack(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nqtrack"));
    command.args(args).current_dir(dir).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for key in [
        "NQTRACK_CONFIG",
        "NQTRACK_DATABASE",
        "NQTRACK_DATABASE_FILE",
        "NQTRACK_LISTEN",
        "NQTRACK_METRICS_LISTEN",
        "NQTRACK_SECURE_COOKIES",
        "NQTRACK_LOG_FORMAT",
        "NQTRACK_MAIL_SMTP_HOST",
        "NQTRACK_MAIL_SMTP_PORT",
        "NQTRACK_MAIL_FROM",
        "NQTRACK_MAIL_USERNAME",
        "NQTRACK_MAIL_PASSWORD_FILE",
        "NQTRACK_MAIL_PUBLIC_URL",
    ] {
        command.env_remove(key);
    }
    command.env("NQTRACK_LOG", "warn");
    let mut child = command.spawn().expect("the nqtrack binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    if let Some(text) = stdin {
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(pipe);
    let output = child.wait_with_output().expect("nqtrack finishes");
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn sqlite_url(dir: &Path, file: &str) -> String {
    format!("sqlite://{}", dir.join(file).display())
}

/// The number in "audit chain intact: N entries".
fn audit_entries(output: &Output) -> i64 {
    let rest = output.stdout.split("audit chain intact: ").nth(1).unwrap_or_else(|| panic!("{output:?}"));
    rest.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{output:?}"))
}

#[test]
fn the_default_configuration_is_valid_toml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = nqtrack(dir.path(), &["config", "print-default"], None);
    assert_eq!(out.code, 0, "{out:?}");
    let table: toml::Table = toml::from_str(&out.stdout).expect("valid TOML");
    assert_eq!(table["database"].as_str(), Some("sqlite://nqtrack.sqlite3"));
    assert_eq!(table["listen"].as_str(), Some("127.0.0.1:8057"));
    assert!(out.stdout.contains("# metrics_listen"), "metrics_listen is documented but unset");
    assert_eq!(table["tasks"]["judge_by"].as_str(), Some("approved"));
}

#[test]
fn the_tasks_section_sets_the_status_thresholds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = sqlite_url(dir.path(), "t.sqlite3");
    let show = ["config", "show", "--database", db.as_str()];
    let out = nqtrack(dir.path(), &show, None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("[tasks]\ndue_soon_days = 7\njudge_by = \"approved\"\n"), "the defaults: {out:?}");

    std::fs::write(
        dir.path().join("nqtrack.toml"),
        "[tasks]\ndue_soon_days = 10\njudge_by = \"original\"\npace_tolerance = 20\nregular_period = \"quarter\"\n\
         evidence_max_mb = 5\n",
    )
    .expect("write");
    let out = nqtrack(dir.path(), &show, None);
    assert_eq!(out.code, 0, "{out:?}");
    for line in [
        "due_soon_days = 10",
        "judge_by = \"original\"",
        "pace_check = true",
        "pace_tolerance = 20",
        "regular_period = \"quarter\"",
        "evidence_max_mb = 5",
    ] {
        assert!(out.stdout.lines().any(|l| l == line), "{line}: {out:?}");
    }

    std::fs::write(dir.path().join("nqtrack.toml"), "[tasks]\npace_tolerance = 150\n").expect("write");
    let out = nqtrack(dir.path(), &show, None);
    assert_ne!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("tasks.pace_tolerance must be percentage points from 0 to 100, not 150"), "{out:?}");
}

#[test]
fn init_with_vn_admin_accounts_then_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = sqlite_url(dir.path(), "x.sqlite3");
    let db = db.as_str();

    let out = nqtrack(dir.path(), &["init", "--with-vn-admin", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("3355 provinces and communes loaded"), "{out:?}");

    let out = nqtrack(dir.path(), &["audit", "verify", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    // The root unit and 34 + 3,321 units, each with its audit entry.
    assert!(audit_entries(&out) >= 3356, "{out:?}");

    // A second init changes nothing.
    let out = nqtrack(dir.path(), &["init", "--with-vn-admin", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("already loaded"), "{out:?}");

    // An account with its password on standard input, at Tuyên Quang (08).
    let out = nqtrack(
        dir.path(),
        &[
            "user",
            "create",
            "--username",
            "TuyenQuang.Coord",
            "--name",
            "Cơ quan thường trực tỉnh",
            "--unit",
            "08",
            "--role",
            "coordinator",
            "--password-stdin",
            "--database",
            db,
        ],
        Some("một mật khẩu đủ dài\n"),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("tuyenquang.coord"), "{out:?}");

    // Invalid input is reported field by field, in the chosen language.
    let out = nqtrack(
        dir.path(),
        &[
            "user",
            "create",
            "--username",
            "x",
            "--name",
            "X",
            "--unit",
            "08",
            "--password-stdin",
            "--lang",
            "en",
            "--database",
            db,
        ],
        Some("short\n"),
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("Username must be 3 to 64 characters long"), "{out:?}");
    assert!(out.stderr.contains("Password must be at least 10 characters long"), "{out:?}");

    let out = nqtrack(dir.path(), &["user", "list", "--unit", "08", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("tuyenquang.coord") && out.stdout.contains("coordinator@08"), "{out:?}");

    let out = nqtrack(dir.path(), &["user", "token", "tuyenquang.coord", "--name", "đồng bộ", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("Bearer nqt_"), "{out:?}");

    let out = nqtrack(dir.path(), &["user", "disable", "tuyenquang.coord", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    let out = nqtrack(dir.path(), &["user", "list", "--unit", "TW", "--subtree", "--database", db], None);
    assert!(out.stdout.contains("disabled"), "{out:?}");

    // A backup is a database of its own, with the whole audit chain.
    let backup = dir.path().join("backup.sqlite3");
    let backup_arg = backup.display().to_string();
    let out = nqtrack(dir.path(), &["backup", "--output", &backup_arg, "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(backup.is_file());
    let out = nqtrack(dir.path(), &["audit", "verify", "--database", &sqlite_url(dir.path(), "backup.sqlite3")], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(audit_entries(&out) >= 3359, "{out:?}");

    // A backup never overwrites.
    let out = nqtrack(dir.path(), &["backup", "--output", &backup_arg, "--database", db], None);
    assert_ne!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("already exists"), "{out:?}");
}

#[test]
fn an_import_with_a_bad_row_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = sqlite_url(dir.path(), "import.sqlite3");
    let db = db.as_str();
    let out = nqtrack(dir.path(), &["init", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");

    std::fs::write(
        dir.path().join("bad.csv"),
        "mã,tên,loại,mã cấp trên\nBO1,Bộ thử nghiệm,ministry,TW\nBO 2,Bộ có mã sai,ministry,TW\n",
    )
    .expect("write");
    let out = nqtrack(dir.path(), &["import", "units", "bad.csv", "--lang", "en", "--database", db], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("row 3, column code:"), "{out:?}");
    assert!(out.stderr.contains("No row was written"), "{out:?}");

    // Vietnamese by default.
    let out = nqtrack(dir.path(), &["import", "units", "bad.csv", "--database", db], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("dòng 3, cột code:"), "{out:?}");

    // Nothing of the rejected file was written, so BO1 is free; rows without a parent go under --parent.
    std::fs::write(
        dir.path().join("good.csv"),
        "code,name,kind,parent_code\nBO1,Bộ thử nghiệm,ministry,\nBO1-V1,Vụ thử nghiệm,department,BO1\n",
    )
    .expect("write");
    let out = nqtrack(dir.path(), &["import", "units", "good.csv", "--parent", "TW", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("2 units created"), "{out:?}");
}

#[test]
fn commands_refuse_a_database_that_does_not_exist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = sqlite_url(dir.path(), "missing.sqlite3");
    let out = nqtrack(dir.path(), &["user", "list", "--database", &db], None);
    assert_ne!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("does not exist"), "{out:?}");
    assert!(!dir.path().join("missing.sqlite3").exists());
}

#[test]
fn postgres_backups_point_to_pg_dump_without_the_password() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = nqtrack(
        dir.path(),
        &["backup", "--output", "nq.dump", "--database", "postgres://nq:s3cret@db.example/nq"],
        None,
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stdout.contains("pg_dump --format=custom --file=nq.dump 'postgres://nq@db.example/nq'"), "{out:?}");
    assert!(!out.stdout.contains("s3cret") && !out.stderr.contains("s3cret"), "{out:?}");
}

#[test]
fn urging_and_the_outbox_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = sqlite_url(dir.path(), "u.sqlite3");
    let db = db.as_str();
    let out = nqtrack(dir.path(), &["init", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");

    let out = nqtrack(dir.path(), &["urge", "--date", "22/11/2026", "--digests", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("urging for 22/11/2026: 0 new notification(s)"), "{out:?}");
    assert!(out.stdout.contains("0 e-mail digest(s) queued"), "{out:?}");
    let out = nqtrack(dir.path(), &["urge", "--date", "31/02/2026", "--database", db], None);
    assert_eq!(out.code, 1, "a date that does not exist: {out:?}");

    let out = nqtrack(dir.path(), &["mail", "status", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("outbox: 0 pending, 0 sent, 0 failed"), "{out:?}");
    let out = nqtrack(dir.path(), &["mail", "send-pending", "--database", db], None);
    assert_ne!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("e-mail is off"), "{out:?}");

    // A password for a relay elsewhere is refused before anything runs, and never printed.
    std::fs::write(dir.path().join("smtp-password"), "s3cret-smtp\n").expect("write");
    std::fs::write(
        dir.path().join("nqtrack.toml"),
        "[mail]\nsmtp_host = \"mail.tinh.gov.vn\"\nusername = \"nq\"\npassword_file = \"smtp-password\"\n",
    )
    .expect("write");
    let out = nqtrack(dir.path(), &["mail", "status", "--database", db], None);
    assert_ne!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("localhost"), "{out:?}");
    assert!(!out.stderr.contains("s3cret-smtp") && !out.stdout.contains("s3cret-smtp"), "{out:?}");
    std::fs::write(
        dir.path().join("nqtrack.toml"),
        "[mail]\nsmtp_host = \"127.0.0.1\"\nusername = \"nq\"\npassword_file = \"smtp-password\"\n",
    )
    .expect("write");
    let out = nqtrack(dir.path(), &["config", "show", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains("smtp_host = \"127.0.0.1\"") && out.stdout.contains("password: set (hidden)"),
        "{out:?}"
    );
    assert!(!out.stdout.contains("s3cret-smtp"), "{out:?}");
}

#[test]
fn a_task_annex_is_imported_whole_or_not_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = sqlite_url(dir.path(), "tasks.sqlite3");
    let db = db.as_str();
    let out = nqtrack(dir.path(), &["init", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    std::fs::write(
        dir.path().join("units.csv"),
        "code,name,kind,parent_code\nP1,Tỉnh thử nghiệm,province,TW\nP1-X1,Xã thử nghiệm,commune,P1\n",
    )
    .expect("write");
    let out = nqtrack(dir.path(), &["import", "units", "units.csv", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");

    std::fs::write(
        dir.path().join("bad.csv"),
        "Mã nhiệm vụ;Tên nhiệm vụ;Mã đơn vị chủ trì;Thời hạn\nP1-1;Việc một;P1-X1;31/12/2099\nP1-2;Việc hai;KHONG-CO;31/12/2099\n",
    )
    .expect("write");
    let import = ["import", "tasks", "--assigner", "P1", "bad.csv", "--database", db];
    let out = nqtrack(dir.path(), &import, None);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("dòng 3, cột C (Mã đơn vị chủ trì): "), "{out:?}");
    assert!(out.stderr.contains("KHONG-CO"), "{out:?}");
    let out = nqtrack(dir.path(), &[&import[..], &["--lang", "en"]].concat(), None);
    assert!(out.stderr.contains("row 3, column C (Mã đơn vị chủ trì): "), "{out:?}");

    let out = nqtrack(
        dir.path(),
        &["import", "tasks", "--assigner", "P1", "--document", "1/KH", "bad.csv", "--database", db],
        None,
    );
    assert_ne!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("no document has the number"), "{out:?}");

    // Nothing of the refused file was written, so its good row's code is still free.
    std::fs::write(
        dir.path().join("good.csv"),
        "Mã nhiệm vụ;Tên nhiệm vụ;Mã đơn vị chủ trì;Thời hạn\nP1-1;Việc một;P1-X1;31/12/2099\nP1-2;Việc hai;P1;31/12/2099\n",
    )
    .expect("write");
    let out = nqtrack(dir.path(), &["import", "tasks", "--assigner", "P1", "good.csv", "--database", db], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("2 tasks created"), "{out:?}");
}
