-- Documents, tasks and their history, evidence, the holiday calendar, notifications, the e-mail outbox and
-- background jobs. The same version exists for PostgreSQL; keep the two in step.

CREATE TABLE documents (
    id              BLOB PRIMARY KEY,
    doc_type        TEXT NOT NULL,
    number          TEXT NOT NULL,
    issued_on       TEXT NOT NULL,
    issuer_id       BLOB NOT NULL REFERENCES units(id),
    issuer_path     TEXT NOT NULL,
    signer          TEXT NOT NULL,
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    created_by      BLOB,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX documents_number ON documents(issuer_id, number);
CREATE INDEX documents_issuer ON documents(issuer_path, issued_on);

-- Files, links and document numbers attached to a document, a progress report or a completion report.
-- File contents live in their own table so that lists never read them; keeping them in the database makes
-- an upload part of the same transaction and of the same backup.
CREATE TABLE attachments (
    id              BLOB PRIMARY KEY,
    owner_type      TEXT NOT NULL,
    owner_id        BLOB NOT NULL,
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    media_type      TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    created_by      BLOB,
    created_at      TEXT NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_type, owner_id);
CREATE TABLE attachment_contents (
    attachment_id   BLOB PRIMARY KEY REFERENCES attachments(id),
    content         BLOB NOT NULL
);

CREATE TABLE tasks (
    id                  BLOB PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    title               TEXT NOT NULL,
    content             TEXT NOT NULL,
    source              TEXT NOT NULL,
    document_id         BLOB REFERENCES documents(id),
    clause              TEXT NOT NULL,
    assigner_id         BLOB NOT NULL REFERENCES units(id),
    assigner_path       TEXT NOT NULL,
    presiding_id        BLOB NOT NULL REFERENCES units(id),
    presiding_path      TEXT NOT NULL,
    leader_id           BLOB REFERENCES committee_members(id),
    kind                TEXT NOT NULL,
    parent_id           BLOB REFERENCES tasks(id),
    series_id           BLOB REFERENCES tasks(id),
    period_label        TEXT,
    assigned_on         TEXT NOT NULL,
    deadline_working_days INTEGER,
    original_deadline   TEXT,
    deadline            TEXT,
    deadline_changed_on TEXT,
    product             TEXT NOT NULL,
    key_results         TEXT NOT NULL,
    field               TEXT NOT NULL,
    priority            TEXT NOT NULL,
    confidentiality     TEXT NOT NULL,
    allow_later_children BOOLEAN NOT NULL DEFAULT FALSE,
    progress_percent    INTEGER NOT NULL DEFAULT 0,
    progress_on         TEXT,
    last_reported_on    TEXT,
    completed_on        TEXT,
    completion_state    TEXT,
    completion_changed_on TEXT,
    cancelled_on        TEXT,
    cancel_reason       TEXT NOT NULL DEFAULT '',
    search_text         TEXT NOT NULL,
    version             INTEGER NOT NULL,
    created_by          BLOB,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
-- Covers everything the status of a task depends on, so counts and lists over a subtree read this narrow
-- index instead of the wide rows.
CREATE INDEX tasks_standing ON tasks(presiding_path, kind, assigned_on, cancelled_on, deadline,
    original_deadline, deadline_changed_on, completed_on, completion_changed_on, progress_on, progress_percent,
    last_reported_on, id);
CREATE INDEX tasks_assigner ON tasks(assigner_path, assigned_on);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tasks_parent ON tasks(parent_id);
CREATE INDEX tasks_series ON tasks(series_id);
CREATE INDEX tasks_leader ON tasks(leader_id);

CREATE TABLE task_coordinators (
    task_id     BLOB NOT NULL REFERENCES tasks(id),
    unit_id     BLOB NOT NULL REFERENCES units(id),
    unit_path   TEXT NOT NULL,
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_coordinators_unit ON task_coordinators(unit_path);

-- The deadline in force from each date on: the original, then every approved extension or adjustment.
CREATE TABLE task_deadlines (
    id              BLOB PRIMARY KEY,
    task_id         BLOB NOT NULL REFERENCES tasks(id),
    effective_on    TEXT NOT NULL,
    deadline        TEXT NOT NULL,
    cause           TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX task_deadlines_task ON task_deadlines(task_id, effective_on);

CREATE TABLE task_extensions (
    id                  BLOB PRIMARY KEY,
    task_id             BLOB NOT NULL REFERENCES tasks(id),
    requested_on        TEXT NOT NULL,
    current_deadline    TEXT NOT NULL,
    requested_deadline  TEXT NOT NULL,
    reason              TEXT NOT NULL,
    requested_by        BLOB,
    state               TEXT NOT NULL,
    decided_on          TEXT,
    decided_by          BLOB,
    decision_note       TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL
);
CREATE INDEX task_extensions_task ON task_extensions(task_id, created_at);

CREATE TABLE task_completions (
    id              BLOB PRIMARY KEY,
    task_id         BLOB NOT NULL REFERENCES tasks(id),
    reported_on     TEXT NOT NULL,
    product         TEXT NOT NULL,
    note            TEXT NOT NULL,
    reported_by     BLOB,
    state           TEXT NOT NULL,
    decided_on      TEXT,
    decided_by      BLOB,
    decision_reason TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX task_completions_task ON task_completions(task_id, reported_on);

CREATE TABLE progress_reports (
    id              BLOB PRIMARY KEY,
    task_id         BLOB NOT NULL REFERENCES tasks(id),
    unit_id         BLOB NOT NULL REFERENCES units(id),
    kind            TEXT NOT NULL,
    reported_on     TEXT NOT NULL,
    percent         INTEGER,
    done            TEXT NOT NULL,
    difficulties    TEXT NOT NULL,
    proposals       TEXT NOT NULL,
    backwards_reason TEXT NOT NULL DEFAULT '',
    reported_by     BLOB,
    created_at      TEXT NOT NULL
);
CREATE INDEX progress_reports_task ON progress_reports(task_id, reported_on);

-- Days off and the Saturdays worked in exchange, for deadlines given in working days.
CREATE TABLE holidays (
    day         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    working     BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE notifications (
    id          BLOB PRIMARY KEY,
    user_id     BLOB NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    task_id     BLOB REFERENCES tasks(id),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    link        TEXT NOT NULL,
    dedupe_key  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    read_at     TEXT,
    emailed_at  TEXT
);
-- One reminder of each kind per task, person and day: reruns of the urging job add nothing.
CREATE UNIQUE INDEX notifications_dedupe ON notifications(user_id, dedupe_key);
CREATE INDEX notifications_user ON notifications(user_id, created_at);

-- One digest per person and day, sent at most once: the row is written before sending and marked after.
CREATE TABLE email_outbox (
    id              BLOB PRIMARY KEY,
    user_id         BLOB NOT NULL REFERENCES users(id),
    recipient       TEXT NOT NULL,
    digest_on       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT,
    sent_at         TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX email_outbox_digest ON email_outbox(user_id, digest_on);
CREATE INDEX email_outbox_pending ON email_outbox(state, next_attempt_at);

-- Background jobs run by whichever server instance takes the lease first (a conditional UPDATE).
CREATE TABLE jobs (
    name        TEXT PRIMARY KEY,
    next_run_at TEXT NOT NULL,
    lease_owner TEXT,
    lease_until TEXT,
    last_run_at TEXT,
    last_error  TEXT NOT NULL DEFAULT ''
);
