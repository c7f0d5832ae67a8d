-- Documents, tasks and their history, evidence, the holiday calendar, notifications, the e-mail outbox and
-- background jobs. The same version exists for PostgreSQL; keep the two in step.

CREATE TABLE documents (
    id              UUID PRIMARY KEY,
    doc_type        TEXT NOT NULL,
    number          TEXT COLLATE "C" NOT NULL,
    issued_on       DATE NOT NULL,
    issuer_id       UUID NOT NULL REFERENCES units(id),
    issuer_path     TEXT COLLATE "C" NOT NULL,
    signer          TEXT NOT NULL,
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    created_by      UUID,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX documents_number ON documents(issuer_id, number);
CREATE INDEX documents_issuer ON documents(issuer_path, issued_on);

-- Files, links and document numbers attached to a document, a progress report or a completion report.
-- File contents live in their own table so that lists never read them; keeping them in the database makes
-- an upload part of the same transaction and of the same backup.
CREATE TABLE attachments (
    id              UUID PRIMARY KEY,
    owner_type      TEXT NOT NULL,
    owner_id        UUID NOT NULL,
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    media_type      TEXT NOT NULL,
    size_bytes      BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    created_by      UUID,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_type, owner_id);
CREATE TABLE attachment_contents (
    attachment_id   UUID PRIMARY KEY REFERENCES attachments(id),
    content         BYTEA NOT NULL
);

CREATE TABLE tasks (
    id                  UUID PRIMARY KEY,
    code                TEXT COLLATE "C" NOT NULL UNIQUE,
    title               TEXT NOT NULL,
    content             TEXT NOT NULL,
    source              TEXT NOT NULL,
    document_id         UUID REFERENCES documents(id),
    clause              TEXT NOT NULL,
    assigner_id         UUID NOT NULL REFERENCES units(id),
    assigner_path       TEXT COLLATE "C" NOT NULL,
    presiding_id        UUID NOT NULL REFERENCES units(id),
    presiding_path      TEXT COLLATE "C" NOT NULL,
    leader_id           UUID REFERENCES committee_members(id),
    kind                TEXT NOT NULL,
    parent_id           UUID REFERENCES tasks(id),
    series_id           UUID REFERENCES tasks(id),
    period_label        TEXT,
    assigned_on         DATE NOT NULL,
    deadline_working_days INTEGER,
    original_deadline   DATE,
    deadline            DATE,
    deadline_changed_on DATE,
    product             TEXT NOT NULL,
    key_results         TEXT NOT NULL,
    field               TEXT NOT NULL,
    priority            TEXT NOT NULL,
    confidentiality     TEXT NOT NULL,
    allow_later_children BOOLEAN NOT NULL DEFAULT FALSE,
    progress_percent    INTEGER NOT NULL DEFAULT 0,
    progress_on         DATE,
    last_reported_on    DATE,
    completed_on        DATE,
    completion_state    TEXT,
    completion_changed_on DATE,
    cancelled_on        DATE,
    cancel_reason       TEXT NOT NULL DEFAULT '',
    search_text         TEXT NOT NULL,
    version             INTEGER NOT NULL,
    created_by          UUID,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
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
    task_id     UUID NOT NULL REFERENCES tasks(id),
    unit_id     UUID NOT NULL REFERENCES units(id),
    unit_path   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_coordinators_unit ON task_coordinators(unit_path);

-- The deadline in force from each date on: the original, then every approved extension or adjustment.
CREATE TABLE task_deadlines (
    id              UUID PRIMARY KEY,
    task_id         UUID NOT NULL REFERENCES tasks(id),
    effective_on    DATE NOT NULL,
    deadline        DATE NOT NULL,
    cause           TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX task_deadlines_task ON task_deadlines(task_id, effective_on);

CREATE TABLE task_extensions (
    id                  UUID PRIMARY KEY,
    task_id             UUID NOT NULL REFERENCES tasks(id),
    requested_on        DATE NOT NULL,
    current_deadline    DATE NOT NULL,
    requested_deadline  DATE NOT NULL,
    reason              TEXT NOT NULL,
    requested_by        UUID,
    state               TEXT NOT NULL,
    decided_on          DATE,
    decided_by          UUID,
    decision_note       TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX task_extensions_task ON task_extensions(task_id, created_at);

CREATE TABLE task_completions (
    id              UUID PRIMARY KEY,
    task_id         UUID NOT NULL REFERENCES tasks(id),
    reported_on     DATE NOT NULL,
    product         TEXT NOT NULL,
    note            TEXT NOT NULL,
    reported_by     UUID,
    state           TEXT NOT NULL,
    decided_on      DATE,
    decided_by      UUID,
    decision_reason TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX task_completions_task ON task_completions(task_id, reported_on);

CREATE TABLE progress_reports (
    id              UUID PRIMARY KEY,
    task_id         UUID NOT NULL REFERENCES tasks(id),
    unit_id         UUID NOT NULL REFERENCES units(id),
    kind            TEXT NOT NULL,
    reported_on     DATE NOT NULL,
    percent         INTEGER,
    done            TEXT NOT NULL,
    difficulties    TEXT NOT NULL,
    proposals       TEXT NOT NULL,
    backwards_reason TEXT NOT NULL DEFAULT '',
    reported_by     UUID,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX progress_reports_task ON progress_reports(task_id, reported_on);

-- Days off and the Saturdays worked in exchange, for deadlines given in working days.
CREATE TABLE holidays (
    day         DATE PRIMARY KEY,
    name        TEXT NOT NULL,
    working     BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE notifications (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    task_id     UUID REFERENCES tasks(id),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    link        TEXT NOT NULL,
    dedupe_key  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    read_at     TIMESTAMPTZ,
    emailed_at  TIMESTAMPTZ
);
-- One reminder of each kind per task, person and day: reruns of the urging job add nothing.
CREATE UNIQUE INDEX notifications_dedupe ON notifications(user_id, dedupe_key);
CREATE INDEX notifications_user ON notifications(user_id, created_at);

-- One digest per person and day, sent at most once: the row is written before sending and marked after.
CREATE TABLE email_outbox (
    id              UUID PRIMARY KEY,
    user_id         UUID NOT NULL REFERENCES users(id),
    recipient       TEXT NOT NULL,
    digest_on       DATE NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_until     TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX email_outbox_digest ON email_outbox(user_id, digest_on);
CREATE INDEX email_outbox_pending ON email_outbox(state, next_attempt_at);

-- Background jobs run by whichever server instance takes the lease first (a conditional UPDATE).
CREATE TABLE jobs (
    name        TEXT PRIMARY KEY,
    next_run_at TIMESTAMPTZ NOT NULL,
    lease_owner TEXT,
    lease_until TIMESTAMPTZ,
    last_run_at TIMESTAMPTZ,
    last_error  TEXT NOT NULL DEFAULT ''
);
