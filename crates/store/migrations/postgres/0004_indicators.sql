-- Indicators (KPIs) and their data collection: definitions in versions, targets, data sets and rounds,
-- submissions with their approval state, values with their history, and import batches.
-- The same version exists for SQLite; keep the two in step.

-- One row per indicator code; its definitions are in indicator_versions.
CREATE TABLE indicators (
    id              UUID PRIMARY KEY,
    code            TEXT COLLATE "C" NOT NULL UNIQUE,
    current_version INTEGER NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- Each version's whole definition as JSON, with the columns queries filter on. `levels` is written
-- ",commune,province," so that one level is found with LIKE '%,commune,%'.
CREATE TABLE indicator_versions (
    indicator_id    UUID NOT NULL REFERENCES indicators(id),
    version         INTEGER NOT NULL,
    code            TEXT COLLATE "C" NOT NULL,
    value_type      TEXT NOT NULL,
    periodicity     TEXT NOT NULL,
    aggregation     TEXT NOT NULL,
    levels          TEXT NOT NULL,
    definition      TEXT NOT NULL,
    created_by      UUID,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (indicator_id, version)
);

-- The tasks an indicator measures (those of its current version).
CREATE TABLE indicator_tasks (
    indicator_id    UUID NOT NULL REFERENCES indicators(id),
    task_id         UUID NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (indicator_id, task_id)
);
CREATE INDEX indicator_tasks_task ON indicator_tasks(task_id);

-- A target and baseline for one period: the default of a level, or the override of one unit.
CREATE TABLE indicator_targets (
    id              UUID PRIMARY KEY,
    indicator_id    UUID NOT NULL REFERENCES indicators(id),
    period_label    TEXT COLLATE "C" NOT NULL,
    level           TEXT,
    unit_id         UUID REFERENCES units(id),
    unit_path       TEXT COLLATE "C",
    target          DOUBLE PRECISION,
    baseline        DOUBLE PRECISION,
    updated_by      UUID,
    updated_at      TIMESTAMPTZ NOT NULL,
    CHECK ((level IS NULL) <> (unit_id IS NULL))
);
CREATE UNIQUE INDEX indicator_targets_level ON indicator_targets(indicator_id, period_label, level)
    WHERE level IS NOT NULL;
CREATE UNIQUE INDEX indicator_targets_unit ON indicator_targets(indicator_id, period_label, unit_id)
    WHERE unit_id IS NOT NULL;

-- Indicators collected together; `definition` is the domain's DataSet as JSON, `rules` its validation
-- rules, `children_first` its approval setting.
CREATE TABLE indicator_data_sets (
    id              UUID PRIMARY KEY,
    name            TEXT NOT NULL,
    periodicity     TEXT NOT NULL,
    definition      TEXT NOT NULL,
    rules           TEXT NOT NULL,
    children_first  BOOLEAN NOT NULL,
    created_by      UUID,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE indicator_rounds (
    id              UUID PRIMARY KEY,
    data_set_id     UUID NOT NULL REFERENCES indicator_data_sets(id),
    period_label    TEXT COLLATE "C" NOT NULL,
    due_central     DATE,
    due_province    DATE,
    due_commune     DATE,
    locks_on        DATE,
    closed          BOOLEAN NOT NULL DEFAULT FALSE,
    created_by      UUID,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (data_set_id, period_label)
);
CREATE INDEX indicator_rounds_period ON indicator_rounds(period_label);

-- One unit's submission in one round. `submitted_on` is the first submission (timeliness);
-- `version` guards against two people deciding at once.
CREATE TABLE indicator_submissions (
    id              UUID PRIMARY KEY,
    round_id        UUID NOT NULL REFERENCES indicator_rounds(id),
    unit_id         UUID NOT NULL REFERENCES units(id),
    unit_path       TEXT COLLATE "C" NOT NULL,
    state           TEXT NOT NULL,
    submitted_on    DATE,
    decided_on      DATE,
    decided_by      UUID,
    reason          TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (round_id, unit_id)
);
CREATE INDEX indicator_submissions_path ON indicator_submissions(round_id, unit_path);

-- The value in force of one indicator for one unit and period. Exactly one of number, yes_no or
-- numerator/denominator is set. `submission_id` is the submission it was entered under: its state says
-- whether the value is approved.
CREATE TABLE indicator_values (
    id                  UUID PRIMARY KEY,
    submission_id       UUID NOT NULL REFERENCES indicator_submissions(id),
    unit_id             UUID NOT NULL REFERENCES units(id),
    unit_path           TEXT COLLATE "C" NOT NULL,
    indicator_id        UUID NOT NULL REFERENCES indicators(id),
    indicator_version   INTEGER NOT NULL,
    period_label        TEXT COLLATE "C" NOT NULL,
    number              DOUBLE PRECISION,
    yes_no              BOOLEAN,
    numerator           DOUBLE PRECISION,
    denominator         DOUBLE PRECISION,
    comment             TEXT NOT NULL DEFAULT '',
    updated_by          UUID,
    updated_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (unit_id, indicator_id, period_label)
);
CREATE INDEX indicator_values_unit_period ON indicator_values(unit_id, period_label);
CREATE INDEX indicator_values_subtree ON indicator_values(indicator_id, period_label, unit_path);
CREATE INDEX indicator_values_submission ON indicator_values(submission_id);

-- Every value replaced (a change before submission or a correction after approval), with who replaced
-- it, when and why; the value in force stays in indicator_values.
CREATE TABLE indicator_value_history (
    id                  UUID PRIMARY KEY,
    value_id            UUID NOT NULL REFERENCES indicator_values(id),
    indicator_version   INTEGER NOT NULL,
    number              DOUBLE PRECISION,
    yes_no              BOOLEAN,
    numerator           DOUBLE PRECISION,
    denominator         DOUBLE PRECISION,
    comment             TEXT NOT NULL,
    entered_by          UUID,
    entered_at          TIMESTAMPTZ NOT NULL,
    replaced_by         UUID,
    replaced_at         TIMESTAMPTZ NOT NULL,
    reason              TEXT NOT NULL
);
CREATE INDEX indicator_value_history_value ON indicator_value_history(value_id, replaced_at);

-- Imports already applied, by the key the sender chose: the same batch again changes nothing.
CREATE TABLE indicator_import_batches (
    id              UUID PRIMARY KEY,
    batch_key       TEXT COLLATE "C" NOT NULL UNIQUE,
    content_hash    TEXT NOT NULL,
    row_count       BIGINT NOT NULL,
    imported_by     UUID,
    created_at      TIMESTAMPTZ NOT NULL
);
