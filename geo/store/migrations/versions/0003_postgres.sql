-- claimmap migration 0003, PostgreSQL part: run once, in the migration's transaction,
-- by the role that owns the store (it needs CREATEROLE, and a superuser must have
-- created the postgis extension if this role may not). See geo/store/server.py.
--
-- Who may do what is decided here, by the database, so that a plain psql session
-- can do no more than claimmap allows:
--   claimmap_reader    SELECT on every table.
--   claimmap_analyst   + INSERT/UPDATE places, sources, claims, stories; INSERT groups
--                        (ungraded, F6), UPDATE their title, DELETE an ungraded group
--                        no claim uses (ingest's drafts); INSERT archives; add ingest's
--                        notes to the audit trail (claimmap_annotate). Claims only in
--                        draft or needs_review (trigger + row-level security).
--   claimmap_reviewer  + accept and reject claims, grade groups (reliability,
--                        credibility, grading_note: column grants + trigger).
-- Nobody (no grant; triggers refuse even the owner) updates or deletes audit
-- entries or archived documents; nobody deletes other records. Audit entries are written
-- only by the SECURITY DEFINER triggers below, with session_user as "who".
-- Every content change of a claim or group must raise its version by exactly one
-- (optimistic concurrency, checked by trigger whatever the client sends).

CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ---------------------------------------------------------------- roles

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['claimmap_reader', 'claimmap_analyst', 'claimmap_reviewer'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', name);
        END IF;
    END LOOP;
END
$$;
GRANT claimmap_reader TO claimmap_analyst;
GRANT claimmap_analyst TO claimmap_reviewer;

-- The owner (who runs db init and db grant) reviews too, unless a superuser already may.
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT claimmap_reviewer TO %I', current_user);
    END IF;
END
$$;

-- ---------------------------------------------------------------- geometry, search

CREATE FUNCTION claimmap_geometry(place_ids jsonb, route_mode text) RETURNS geometry
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN count(*) = 0 THEN NULL
        WHEN count(*) = 1 THEN (array_agg(point))[1]
        WHEN route_mode IS NOT NULL THEN ST_MakeLine(array_agg(point ORDER BY n))
        ELSE ST_Collect(array_agg(point ORDER BY n))
    END
    FROM (
        SELECT e.n, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326) AS point
        FROM jsonb_array_elements_text(place_ids) WITH ORDINALITY AS e(place_id, n)
        JOIN places AS p ON p.id = e.place_id
    ) AS points
$$;

ALTER TABLE claims ADD COLUMN geom geometry(Geometry, 4326);
UPDATE claims SET geom = claimmap_geometry(place_ids, mode);
CREATE INDEX ix_claims_geom ON claims USING gist (geom);
-- a larger pending list: bulk imports insert trigrams in batches (autovacuum merges them)
CREATE INDEX ix_claims_search_text ON claims USING gin (search_text gin_trgm_ops)
    WITH (gin_pending_list_limit = 32768);
CREATE INDEX ix_claims_actor_keys ON claims USING gin (actor_keys);
CREATE INDEX ix_claims_type_event_start ON claims (type, event_start, event_end);

-- ---------------------------------------------------------------- guards

CREATE FUNCTION claimmap_is_reviewer() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, 'claimmap_reviewer', 'USAGE')
$$;

-- A content change raises the version by one; a version that moved otherwise is stale.
CREATE FUNCTION claimmap_check_version(
    entity text, record_id text, old_version integer, new_version integer, changed boolean
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF new_version = old_version + 1 OR (new_version = old_version AND NOT changed) THEN
        RETURN;
    END IF;
    IF new_version = old_version THEN
        RAISE EXCEPTION '% % is at version %: a change must set its version to %',
            entity, record_id, old_version, old_version + 1
            USING ERRCODE = 'check_violation';
    END IF;
    RAISE EXCEPTION 'stale version: % % is at version %, not %',
        entity, record_id, old_version, new_version - 1
        USING ERRCODE = 'serialization_failure';
END
$$;

CREATE FUNCTION claimmap_fixed_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id THEN
        RAISE EXCEPTION 'the id of % % cannot change', TG_ARGV[0], OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION claimmap_claims_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed boolean := true;
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.version := 1;
    ELSE
        IF NEW.id IS DISTINCT FROM OLD.id THEN
            RAISE EXCEPTION 'the id of claim % cannot change', OLD.id
                USING ERRCODE = 'check_violation';
        END IF;
        changed := (NEW.group_id, NEW.source_id, NEW.origin, NEW.claimant, NEW.type,
                    NEW.statement, NEW.quote, NEW.mode, NEW.event_start, NEW.event_end,
                    NEW.date_precision, NEW.date_note, NEW.actors, NEW.quantities, NEW.status,
                    NEW.review_status, NEW.place_ids)
            IS DISTINCT FROM (OLD.group_id, OLD.source_id, OLD.origin, OLD.claimant, OLD.type,
                    OLD.statement, OLD.quote, OLD.mode, OLD.event_start, OLD.event_end,
                    OLD.date_precision, OLD.date_note, OLD.actors, OLD.quantities, OLD.status,
                    OLD.review_status, OLD.place_ids);
        PERFORM claimmap_check_version('claim', OLD.id, OLD.version, NEW.version, changed);
    END IF;
    IF changed AND NEW.review_status IN ('accepted', 'rejected') AND NOT claimmap_is_reviewer() THEN
        IF TG_OP = 'UPDATE' AND NEW.review_status = OLD.review_status THEN
            RAISE EXCEPTION 'only a reviewer may change claim % while it is %; '
                'an analyst''s edit sends it back to needs_review', NEW.id, NEW.review_status
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RAISE EXCEPTION 'only a reviewer may set a claim to % (claim %; % is not a reviewer)',
            NEW.review_status, NEW.id, session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

-- Derived columns: the geometry always from the places; folded text when a client
-- that is not claimmap changed the text without it (lower case only: claimmap folds more).
CREATE FUNCTION claimmap_claims_derived() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.place_ids IS DISTINCT FROM OLD.place_ids
            OR NEW.mode IS DISTINCT FROM OLD.mode OR NEW.geom IS DISTINCT FROM OLD.geom THEN
        NEW.geom := claimmap_geometry(NEW.place_ids, NEW.mode);
    END IF;
    IF (TG_OP = 'INSERT' AND NEW.search_text = '') OR (TG_OP = 'UPDATE'
            AND (NEW.statement, NEW.quote, NEW.claimant, NEW.actors)
                IS DISTINCT FROM (OLD.statement, OLD.quote, OLD.claimant, OLD.actors)
            AND NEW.search_text IS NOT DISTINCT FROM OLD.search_text) THEN
        NEW.search_text := lower(concat_ws(' | ', NEW.statement, NEW.quote, NEW.claimant,
                                           NEW.actors::text));
    END IF;
    IF (TG_OP = 'INSERT' AND NEW.actor_keys = '[]' AND NEW.actors <> '[]') OR (TG_OP = 'UPDATE'
            AND NEW.actors IS DISTINCT FROM OLD.actors
            AND NEW.actor_keys IS NOT DISTINCT FROM OLD.actor_keys) THEN
        NEW.actor_keys := (SELECT coalesce(jsonb_agg(DISTINCT lower(a)), '[]')
                           FROM jsonb_array_elements_text(NEW.actors) AS a);
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION claimmap_groups_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    graded boolean;
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.version := 1;
        graded := (NEW.reliability, NEW.credibility) IS DISTINCT FROM ('F'::varchar, 6::smallint);
    ELSE
        IF NEW.id IS DISTINCT FROM OLD.id THEN
            RAISE EXCEPTION 'the id of group % cannot change', OLD.id
                USING ERRCODE = 'check_violation';
        END IF;
        graded := (NEW.reliability, NEW.credibility, NEW.grading_note)
            IS DISTINCT FROM (OLD.reliability, OLD.credibility, OLD.grading_note);
        PERFORM claimmap_check_version('group', OLD.id, OLD.version, NEW.version,
            graded OR NEW.title IS DISTINCT FROM OLD.title);
    END IF;
    IF graded AND NOT claimmap_is_reviewer() THEN
        RAISE EXCEPTION 'only a reviewer may grade a group (group %; % is not a reviewer)',
            NEW.id, session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION claimmap_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: its entries are never changed or removed', TG_ARGV[0]
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- ---------------------------------------------------------------- audit by the database

CREATE FUNCTION claimmap_audit_action(fallback text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('claimmap.action', true), ''), fallback)
$$;

CREATE FUNCTION claimmap_audit_note() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('claimmap.note', true), '')
$$;

-- Columns that are not audited: order, version, and what is derived from other columns.
CREATE FUNCTION claimmap_unaudited() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['position', 'version', 'geom', 'search_text', 'actor_keys']
$$;

CREATE FUNCTION claimmap_audit_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO audit (at, who, action, entity, entity_id, note)
    SELECT now(), session_user, claimmap_audit_action('insert'), TG_ARGV[0], r.id,
           claimmap_audit_note()
    FROM new_rows AS r
    ORDER BY r.position, r.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION claimmap_audit_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    action text := claimmap_audit_action('update');
    note text := claimmap_audit_note();
BEGIN
    INSERT INTO audit (at, who, action, entity, entity_id, field, before, after, note)
    SELECT now(), session_user,
           CASE WHEN action = 'edit' AND f.key = 'review_status' THEN 'review' ELSE action END,
           TG_ARGV[0], n.id,
           CASE f.key WHEN 'group_id' THEN 'group' WHEN 'place_ids' THEN 'places' ELSE f.key END,
           o.doc -> f.key, f.value,
           CASE WHEN action = 'edit' AND f.key = 'review_status'
                THEN 'content edited after review' ELSE note END
    FROM (SELECT r.id, r.position, to_jsonb(r) - claimmap_unaudited() AS doc
          FROM new_rows AS r) AS n
    JOIN (SELECT r.id, to_jsonb(r) - claimmap_unaudited() AS doc FROM old_rows AS r) AS o
        ON o.id = n.id
    CROSS JOIN LATERAL jsonb_each(n.doc) AS f(key, value)
    JOIN pg_attribute AS a ON a.attrelid = TG_RELID AND a.attname = f.key
    WHERE f.value IS DISTINCT FROM o.doc -> f.key
    ORDER BY n.position, n.id, a.attnum;
    RETURN NULL;
END
$$;

CREATE FUNCTION claimmap_audit_deleted_groups() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO audit (at, who, action, entity, entity_id, field, before, after, note)
    SELECT now(), session_user, claimmap_audit_action('delete'), 'group', r.id, 'title',
           to_jsonb(r.title), NULL, claimmap_audit_note()
    FROM old_rows AS r
    ORDER BY r.position, r.id;
    RETURN NULL;
END
$$;

-- What ingest notes beside a change (a claim's proposal, what a page says about itself):
-- entries of an analyst's own, under their name; never a change of a record.
CREATE FUNCTION claimmap_annotate(
    entry_action text, entry_entity text, entry_id text, entry_field text, entry_after jsonb,
    entry_note text
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(session_user, 'claimmap_analyst', 'USAGE') THEN
        RAISE EXCEPTION 'permission denied: only an analyst may add notes to the audit trail'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF entry_action NOT IN ('propose', 'detail') OR entry_entity NOT IN ('claim', 'source') THEN
        RAISE EXCEPTION 'the audit trail takes no % entry of a % from an application',
            entry_action, entry_entity USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO audit (at, who, action, entity, entity_id, field, before, after, note)
    VALUES (now(), session_user, entry_action, entry_entity, entry_id, entry_field, NULL,
            entry_after, entry_note);
END
$$;
REVOKE ALL ON FUNCTION claimmap_annotate(text, text, text, text, jsonb, text) FROM PUBLIC;

CREATE FUNCTION claimmap_audit_archived() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO audit (at, who, action, entity, entity_id, field, before, after, note)
    VALUES (now(), session_user, claimmap_audit_action('archive'), 'source', NEW.source_id,
            'archive', NULL,
            jsonb_build_object('sha256', NEW.sha256, 'size', NEW.size,
                               'file_name', NEW.file_name),
            claimmap_audit_note());
    RETURN NULL;
END
$$;

-- Whoever inserts into the audit trail or the archive, the database says who and when.
CREATE FUNCTION claimmap_stamp_audit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.who := session_user;
    NEW.at := now();
    RETURN NEW;
END
$$;

CREATE FUNCTION claimmap_stamp_archive() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.archived_by := session_user;
    NEW.archived_at := now();
    RETURN NEW;
END
$$;

-- ---------------------------------------------------------------- place links, moved places

CREATE FUNCTION claimmap_links_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO claim_places (claim_id, seq, place_id)
    SELECT r.id, e.n - 1, e.place_id
    FROM new_rows AS r
    CROSS JOIN LATERAL jsonb_array_elements_text(r.place_ids) WITH ORDINALITY AS e(place_id, n);
    RETURN NULL;
END
$$;

CREATE FUNCTION claimmap_links_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM claim_places AS cp
    USING new_rows AS r, old_rows AS o
    WHERE o.id = r.id AND r.place_ids IS DISTINCT FROM o.place_ids AND cp.claim_id = r.id;
    INSERT INTO claim_places (claim_id, seq, place_id)
    SELECT r.id, e.n - 1, e.place_id
    FROM new_rows AS r
    JOIN old_rows AS o ON o.id = r.id AND r.place_ids IS DISTINCT FROM o.place_ids
    CROSS JOIN LATERAL jsonb_array_elements_text(r.place_ids) WITH ORDINALITY AS e(place_id, n);
    RETURN NULL;
END
$$;

CREATE FUNCTION claimmap_place_moved() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE claims SET geom = NULL
    WHERE id IN (SELECT claim_id FROM claim_places WHERE place_id = NEW.id);
    RETURN NULL;
END
$$;

-- ---------------------------------------------------------------- triggers

CREATE TRIGGER claims_guard BEFORE INSERT OR UPDATE ON claims
    FOR EACH ROW EXECUTE FUNCTION claimmap_claims_guard();
CREATE TRIGGER claims_guard_derived BEFORE INSERT OR UPDATE ON claims
    FOR EACH ROW EXECUTE FUNCTION claimmap_claims_derived();
CREATE TRIGGER groups_guard BEFORE INSERT OR UPDATE ON groups
    FOR EACH ROW EXECUTE FUNCTION claimmap_groups_guard();
CREATE TRIGGER places_fixed_id BEFORE UPDATE ON places
    FOR EACH ROW EXECUTE FUNCTION claimmap_fixed_id('place');
CREATE TRIGGER sources_fixed_id BEFORE UPDATE ON sources
    FOR EACH ROW EXECUTE FUNCTION claimmap_fixed_id('source');
CREATE TRIGGER stories_fixed_id BEFORE UPDATE ON stories
    FOR EACH ROW EXECUTE FUNCTION claimmap_fixed_id('story');

CREATE TRIGGER claims_links_inserted AFTER INSERT ON claims
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_links_inserted();
CREATE TRIGGER claims_links_updated AFTER UPDATE ON claims
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_links_updated();
CREATE TRIGGER places_moved AFTER UPDATE OF lat, lon ON places
    FOR EACH ROW WHEN (NEW.lat IS DISTINCT FROM OLD.lat OR NEW.lon IS DISTINCT FROM OLD.lon)
    EXECUTE FUNCTION claimmap_place_moved();

CREATE TRIGGER places_audit_inserted AFTER INSERT ON places
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_inserted('place');
CREATE TRIGGER places_audit_updated AFTER UPDATE ON places
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_updated('place');
CREATE TRIGGER sources_audit_inserted AFTER INSERT ON sources
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_inserted('source');
CREATE TRIGGER sources_audit_updated AFTER UPDATE ON sources
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_updated('source');
CREATE TRIGGER groups_audit_inserted AFTER INSERT ON groups
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_inserted('group');
CREATE TRIGGER groups_audit_updated AFTER UPDATE ON groups
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_updated('group');
CREATE TRIGGER groups_audit_deleted AFTER DELETE ON groups
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_deleted_groups();
CREATE TRIGGER stories_audit_inserted AFTER INSERT ON stories
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_inserted('story');
CREATE TRIGGER stories_audit_updated AFTER UPDATE ON stories
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_updated('story');
CREATE TRIGGER claims_audit_inserted AFTER INSERT ON claims
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_inserted('claim');
CREATE TRIGGER claims_audit_updated AFTER UPDATE ON claims
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_audit_updated('claim');
CREATE TRIGGER archives_stamp BEFORE INSERT ON archives
    FOR EACH ROW EXECUTE FUNCTION claimmap_stamp_archive();
CREATE TRIGGER archives_audit AFTER INSERT ON archives
    FOR EACH ROW EXECUTE FUNCTION claimmap_audit_archived();

CREATE TRIGGER audit_stamp BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION claimmap_stamp_audit();
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION claimmap_append_only('the audit trail');
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_append_only('the audit trail');
CREATE TRIGGER archives_append_only BEFORE UPDATE OR DELETE ON archives
    FOR EACH ROW EXECUTE FUNCTION claimmap_append_only('the document archive');
CREATE TRIGGER archives_no_truncate BEFORE TRUNCATE ON archives
    FOR EACH STATEMENT EXECUTE FUNCTION claimmap_append_only('the document archive');

-- ---------------------------------------------------------------- grants

REVOKE ALL ON places, sources, archives, groups, claims, claim_places, stories, audit,
    alembic_version FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO claimmap_reader;
GRANT SELECT ON places, sources, archives, groups, claims, claim_places, stories, audit,
    alembic_version TO claimmap_reader;
GRANT INSERT, UPDATE ON places, sources, claims, stories TO claimmap_analyst;
GRANT INSERT, DELETE ON groups TO claimmap_analyst;
GRANT INSERT ON archives TO claimmap_analyst;
GRANT EXECUTE ON FUNCTION claimmap_annotate(text, text, text, text, jsonb, text)
    TO claimmap_analyst;
GRANT UPDATE (position, title, version) ON groups TO claimmap_analyst;
GRANT UPDATE (reliability, credibility, grading_note) ON groups TO claimmap_reviewer;

-- ---------------------------------------------------------------- row-level security

ALTER TABLE claims ENABLE ROW LEVEL SECURITY;
CREATE POLICY claims_read ON claims FOR SELECT TO claimmap_reader USING (true);
CREATE POLICY claims_analyst_insert ON claims FOR INSERT TO claimmap_analyst
    WITH CHECK (review_status IN ('draft', 'needs_review'));
CREATE POLICY claims_analyst_update ON claims FOR UPDATE TO claimmap_analyst
    USING (true) WITH CHECK (review_status IN ('draft', 'needs_review'));
CREATE POLICY claims_reviewer ON claims FOR ALL TO claimmap_reviewer
    USING (true) WITH CHECK (true);

ALTER TABLE groups ENABLE ROW LEVEL SECURITY;
CREATE POLICY groups_read ON groups FOR SELECT TO claimmap_reader USING (true);
CREATE POLICY groups_analyst_insert ON groups FOR INSERT TO claimmap_analyst
    WITH CHECK (reliability = 'F' AND credibility = 6);
CREATE POLICY groups_analyst_update ON groups FOR UPDATE TO claimmap_analyst
    USING (true) WITH CHECK (true);
CREATE POLICY groups_analyst_delete ON groups FOR DELETE TO claimmap_analyst
    USING (reliability = 'F' AND credibility = 6);
CREATE POLICY groups_reviewer ON groups FOR ALL TO claimmap_reviewer
    USING (true) WITH CHECK (true);
