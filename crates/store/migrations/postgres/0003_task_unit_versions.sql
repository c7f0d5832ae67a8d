-- A version per presiding unit, bumped by triggers on every change of a task row, so that counts
-- by status and colour can be kept per unit and "as of" date outside the database and reused until
-- one of that unit's tasks changes. Triggers rather than application code: no write path can forget.
-- Statement-level triggers with transition tables: a cascade to 3,321 communes bumps each unit once.
CREATE TABLE task_unit_versions (
    unit_id UUID PRIMARY KEY NOT NULL,
    unit_path TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX task_unit_versions_path ON task_unit_versions(unit_path);

INSERT INTO task_unit_versions (unit_id, unit_path, version)
SELECT presiding_id, MIN(presiding_path), 1 FROM tasks GROUP BY presiding_id;

CREATE FUNCTION bump_task_unit_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE task_unit_versions SET version = version + 1
        WHERE unit_id IN (SELECT presiding_id FROM old_rows);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO task_unit_versions (unit_id, unit_path, version)
        SELECT presiding_id, MIN(presiding_path), 1 FROM new_rows GROUP BY presiding_id
        ON CONFLICT (unit_id) DO UPDATE SET version = task_unit_versions.version + 1, unit_path = excluded.unit_path;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_bump_unit_version_insert AFTER INSERT ON tasks
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_task_unit_versions();
CREATE TRIGGER tasks_bump_unit_version_update AFTER UPDATE ON tasks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_task_unit_versions();
CREATE TRIGGER tasks_bump_unit_version_delete AFTER DELETE ON tasks
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_task_unit_versions();
