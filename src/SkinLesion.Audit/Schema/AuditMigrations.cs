namespace SkinLesion.Audit.Schema;

/// <summary>
/// The audit schema, as numbered migrations applied in order and recorded in schema_version. A published migration
/// never changes: a change to the schema is a new number. Tables: assessments (one row per answer), purges (the log of
/// every deletion), heartbeat (one row readiness writes to). Triggers make assessments append-only at the database
/// too: no UPDATE, and a DELETE only of rows older than a logged purge's cutoff (ADR 0015). data_protection_keys
/// (2) holds the ASP.NET Core Data Protection key ring the replicas share (ADR 0018): rows are only inserted. Migration 3
/// adds the operating point each answer used (ADR 0019); rows from before it keep NULL there (adding a column is no UPDATE,
/// so the append-only triggers allow it), and those answers all used the shipped operating point. Migration 4 closes two
/// ways around the triggers: SQLite's INSERT OR REPLACE deletes the row it replaces without firing delete triggers (they
/// fire on REPLACE only with recursive_triggers on), and a purge row whose cutoff lies after its own time would cover
/// records still to come. PostgreSQL needs only the second: its upsert fires the update trigger. Migration 5 holds a
/// purge row to the database's clock: dated more than 5 minutes after it (the service's own purge check,
/// DbAuditStore.MaxClockLead), its cutoff could still reach records within retention, as a purge by a host whose clock
/// runs ahead would.
/// </summary>
internal static class AuditMigrations
{
    public static IReadOnlyList<AuditMigration> All { get; } =
    [
        new(1, "assessments, purges and heartbeat; append-only triggers", Sqlite: """
            CREATE TABLE assessments (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                recorded_utc TEXT NOT NULL,
                request_id TEXT NOT NULL UNIQUE,
                client TEXT NOT NULL,
                client_kind TEXT NOT NULL,
                channel TEXT NOT NULL CHECK (channel IN ('api', 'page')),
                status TEXT NOT NULL CHECK (status IN ('classified', 'uncertain', 'rejected', 'refused')),
                http_status INTEGER NOT NULL,
                problem_type TEXT,
                reason_codes TEXT NOT NULL,
                image_sha256 TEXT,
                image_format TEXT,
                image_width INTEGER,
                image_height INTEGER,
                image_bytes INTEGER NOT NULL,
                model_name TEXT NOT NULL,
                model_version TEXT NOT NULL,
                model_sha256 TEXT NOT NULL,
                screening_artifact_version TEXT,
                top_class TEXT,
                p_akiec REAL, p_bcc REAL, p_bkl REAL, p_df REAL, p_mel REAL, p_nv REAL, p_vasc REAL,
                malignant_probability REAL,
                threshold REAL,
                verdict TEXT,
                queue_ms REAL, decode_ms REAL, preprocess_ms REAL, inference_ms REAL, screening_ms REAL, total_ms REAL
            );
            CREATE INDEX assessments_recorded_utc ON assessments (recorded_utc);
            CREATE TABLE purges (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                purged_utc TEXT NOT NULL,
                cutoff_utc TEXT NOT NULL,
                deleted INTEGER NOT NULL,
                purged_by TEXT NOT NULL
            );
            CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), checked_utc TEXT);
            INSERT INTO heartbeat (id, checked_utc) VALUES (1, NULL);
            CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: assessments are never updated'); END;
            CREATE TRIGGER assessments_delete_only_purged BEFORE DELETE ON assessments
            WHEN OLD.recorded_utc >= COALESCE((SELECT MAX(cutoff_utc) FROM purges), '')
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: assessments are deleted only by a logged purge'); END;
            CREATE TRIGGER purges_no_update BEFORE UPDATE ON purges
            BEGIN SELECT RAISE(ABORT, 'the purge log is append-only'); END;
            CREATE TRIGGER purges_no_delete BEFORE DELETE ON purges
            BEGIN SELECT RAISE(ABORT, 'the purge log is append-only'); END;
            """, PostgreSql: """
            CREATE TABLE assessments (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                recorded_utc timestamptz NOT NULL,
                request_id text NOT NULL UNIQUE,
                client text NOT NULL,
                client_kind text NOT NULL,
                channel text NOT NULL CHECK (channel IN ('api', 'page')),
                status text NOT NULL CHECK (status IN ('classified', 'uncertain', 'rejected', 'refused')),
                http_status integer NOT NULL,
                problem_type text,
                reason_codes text NOT NULL,
                image_sha256 text,
                image_format text,
                image_width integer,
                image_height integer,
                image_bytes bigint NOT NULL,
                model_name text NOT NULL,
                model_version text NOT NULL,
                model_sha256 text NOT NULL,
                screening_artifact_version text,
                top_class text,
                p_akiec real, p_bcc real, p_bkl real, p_df real, p_mel real, p_nv real, p_vasc real,
                malignant_probability double precision,
                threshold double precision,
                verdict text,
                queue_ms double precision, decode_ms double precision, preprocess_ms double precision,
                inference_ms double precision, screening_ms double precision, total_ms double precision
            );
            CREATE INDEX assessments_recorded_utc ON assessments (recorded_utc);
            CREATE TABLE purges (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                purged_utc timestamptz NOT NULL,
                cutoff_utc timestamptz NOT NULL,
                deleted bigint NOT NULL,
                purged_by text NOT NULL
            );
            CREATE TABLE heartbeat (id integer PRIMARY KEY CHECK (id = 1), checked_utc timestamptz);
            INSERT INTO heartbeat (id, checked_utc) VALUES (1, NULL);
            CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
            END $$;
            CREATE FUNCTION audit_delete_only_purged() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.recorded_utc >= COALESCE((SELECT max(cutoff_utc) FROM purges), '-infinity') THEN
                    RAISE EXCEPTION 'the audit trail is append-only: assessments are deleted only by a logged purge';
                END IF;
                RETURN OLD;
            END $$;
            CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
            CREATE TRIGGER assessments_no_truncate BEFORE TRUNCATE ON assessments FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
            CREATE TRIGGER assessments_delete_only_purged BEFORE DELETE ON assessments FOR EACH ROW EXECUTE FUNCTION audit_delete_only_purged();
            CREATE TRIGGER purges_no_change BEFORE UPDATE OR DELETE ON purges FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
            CREATE TRIGGER purges_no_truncate BEFORE TRUNCATE ON purges FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
            """),
        new(2, "data_protection_keys: the Data Protection key ring replicas share", Sqlite: """
            CREATE TABLE data_protection_keys (
                friendly_name TEXT PRIMARY KEY,
                xml TEXT NOT NULL,
                created_utc TEXT NOT NULL
            );
            """, PostgreSql: """
            CREATE TABLE data_protection_keys (
                friendly_name text PRIMARY KEY,
                xml text NOT NULL,
                created_utc timestamptz NOT NULL
            );
            """),
        new(3, "assessments: the operating point (shipped or a site profile) each answer used", Sqlite: """
            ALTER TABLE assessments ADD COLUMN operating_point_kind TEXT CHECK (operating_point_kind IN ('shipped', 'site'));
            ALTER TABLE assessments ADD COLUMN operating_point_name TEXT;
            ALTER TABLE assessments ADD COLUMN operating_point_version TEXT;
            """, PostgreSql: """
            ALTER TABLE assessments
                ADD COLUMN operating_point_kind text CHECK (operating_point_kind IN ('shipped', 'site')),
                ADD COLUMN operating_point_name text,
                ADD COLUMN operating_point_version text;
            """),
        new(4, "no record or purge replaced by an insert; no purge covering records after its own time", Sqlite: """
            CREATE TRIGGER assessments_no_replace BEFORE INSERT ON assessments
            WHEN EXISTS (SELECT 1 FROM assessments WHERE id = NEW.id OR request_id = NEW.request_id)
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: a record is never replaced'); END;
            CREATE TRIGGER purges_no_replace BEFORE INSERT ON purges
            WHEN EXISTS (SELECT 1 FROM purges WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, 'the purge log is append-only'); END;
            CREATE TRIGGER purges_cutoff_not_after_purge BEFORE INSERT ON purges
            WHEN NEW.cutoff_utc > NEW.purged_utc
            BEGIN SELECT RAISE(ABORT, 'a purge cannot cover records recorded after it'); END;
            """, PostgreSql: """
            ALTER TABLE purges ADD CONSTRAINT purges_cutoff_not_after_purge CHECK (cutoff_utc <= purged_utc);
            """),
        new(5, "no purge dated after the database's clock", Sqlite: """
            CREATE TRIGGER purges_not_after_the_database_clock BEFORE INSERT ON purges
            WHEN NEW.purged_utc > strftime('%Y-%m-%dT%H:%M:%f000Z', 'now', '+5 minutes')
            BEGIN SELECT RAISE(ABORT, 'a purge cannot be dated after the database''s clock'); END;
            """, PostgreSql: """
            CREATE FUNCTION audit_purge_not_after_the_clock() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.purged_utc > statement_timestamp() + interval '5 minutes' THEN
                    RAISE EXCEPTION 'a purge cannot be dated after the database''s clock';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER purges_not_after_the_database_clock BEFORE INSERT ON purges FOR EACH ROW EXECUTE FUNCTION audit_purge_not_after_the_clock();
            """),
    ];

    /// <summary>The version this build writes and reads.</summary>
    public static int Current => All[^1].Version;
}
