-- Evaluation: scorecards and index methodologies (whole definitions as JSON), period closings with
-- the figures they froze, and what is published on the public portal.
-- The same version exists for SQLite; keep the two in step.

-- A scorecard belongs to a unit: that unit manages it, and it and the units below it use it.
CREATE TABLE scorecards (
    id              UUID PRIMARY KEY,
    owner_id        UUID NOT NULL REFERENCES units(id),
    owner_path      TEXT COLLATE "C" NOT NULL,
    code            TEXT NOT NULL,
    version         INTEGER NOT NULL,
    definition      TEXT NOT NULL,
    created_by      UUID,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (owner_id, code)
);

-- Each version of a methodology is its own row and never changes, so two versions can be computed
-- side by side and a closed period names the version it used.
CREATE TABLE methodologies (
    id              UUID PRIMARY KEY,
    owner_id        UUID NOT NULL REFERENCES units(id),
    owner_path      TEXT COLLATE "C" NOT NULL,
    code            TEXT NOT NULL,
    version         INTEGER NOT NULL,
    definition      TEXT NOT NULL,
    created_by      UUID,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (owner_id, code, version)
);

-- A period closed for a unit's subtree. Reopening keeps the row (and what it froze) for the record.
CREATE TABLE period_closings (
    id              UUID PRIMARY KEY,
    unit_id         UUID NOT NULL REFERENCES units(id),
    unit_path       TEXT COLLATE "C" NOT NULL,
    period_label    TEXT COLLATE "C" NOT NULL,
    starts_on       DATE NOT NULL,
    ends_on         DATE NOT NULL,
    closed_at       TIMESTAMPTZ NOT NULL,
    closed_by       UUID,
    reopened_at     TIMESTAMPTZ,
    reopened_by     UUID,
    reopen_reason   TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX period_closings_in_force ON period_closings(unit_id, period_label) WHERE reopened_at IS NULL;
CREATE INDEX period_closings_ends ON period_closings(ends_on);

-- Each unit's figures (tasks by status and colour, indicators against targets) when the period closed.
CREATE TABLE period_unit_facts (
    closing_id      UUID NOT NULL REFERENCES period_closings(id),
    unit_id         UUID NOT NULL REFERENCES units(id),
    facts           TEXT NOT NULL,
    PRIMARY KEY (closing_id, unit_id)
);
CREATE INDEX period_unit_facts_unit ON period_unit_facts(unit_id);

-- Rankings as they stood when the period closed: `subject` names the scorecard or methodology,
-- `peers` the peer group.
CREATE TABLE period_rankings (
    closing_id      UUID NOT NULL REFERENCES period_closings(id),
    subject         TEXT NOT NULL,
    peers           TEXT NOT NULL,
    ranking         TEXT NOT NULL,
    PRIMARY KEY (closing_id, subject, peers)
);

-- Items a coordinator chose to show on the public portal. Withdrawing deletes the row (audited).
CREATE TABLE publications (
    id              UUID PRIMARY KEY,
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    unit_id         UUID NOT NULL REFERENCES units(id),
    unit_path       TEXT COLLATE "C" NOT NULL,
    title           TEXT NOT NULL,
    published_by    UUID,
    published_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (kind, subject)
);
