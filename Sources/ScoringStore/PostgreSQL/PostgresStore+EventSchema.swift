/// The scoring-event tables (SPEC 11) and what the server enforces of them (SPEC 12).
///
/// **Who sees what.** Row-level security now carries all of SPEC 11's independence, not only
/// SPEC 10's calibration blindness: a login whose rater has role `rater` (or that is no rater
/// at all and no lead) selects another rater's operational read only once its submission
/// component is decided (`scorebench_decided`, SPEC 9's rules over the reads' saved rubric
/// version), never another rater's validity read, and never the master read of a validity
/// paper. It sees its own assignments only, and stored work only of its own assignments.
///
/// **Who writes what.** No rater or lead may INSERT, UPDATE or DELETE an assignment: the queue
/// is changed only through SECURITY DEFINER functions, which act for the session's login (or,
/// for a coordinator, for any rater), take the queue's lock, and check what SPEC 11 says a
/// rater may be given (`scorebench_hand_out`) or do (`scorebench_close_assignment`). So a rater
/// with `psql` cannot take work that is not theirs to take, give work a second open
/// assignment, or close another rater's. The choice among eligible work (oldest first, the
/// validity draw) stays with the client, which computes the plan's draws.
///
/// Those functions run as the tables' owner and see every row; each returns no more than its
/// caller needs: the oldest eligible work, whether a code is taken, how many reads a component
/// still lacks, the rater's own validity reads beside their masters (SPEC 11's lock-out needs
/// them, and the master of a paper the rater has scored is no longer blind), which task and
/// student pairs are event work (a rater's shell masks those students' ids).
extension PostgresStore {
    static let eventsMigration = Migration(
        identifier: "scoring events: validity reads, rater schools, submissions, assignments, reinstatements"
    ) { schema in
        """
        ALTER TABLE read DROP CONSTRAINT read_kind_check;
        ALTER TABLE read ADD CONSTRAINT read_kind_check
            CHECK (kind IN ('read', 'adjudication', 'backread', 'master', 'calibration', 'validity'));
        ALTER TABLE rater ADD COLUMN school text COLLATE "C" CHECK (school IS NULL OR char_length(school) BETWEEN 1 AND 200);
        GRANT UPDATE (school) ON rater TO scorebench_coordinator;

        CREATE TABLE submission (
            task text COLLATE "C" NOT NULL,
            component text COLLATE "C" NOT NULL,
            student text COLLATE "C" NOT NULL REFERENCES student(id),
            stored_at text COLLATE "C" NOT NULL,
            text text COLLATE "C",
            path text COLLATE "C",
            size bigint CHECK (size IS NULL OR size >= 0),
            sha256 text COLLATE "C" CHECK (sha256 IS NULL OR char_length(sha256) = 64),
            planned_reads integer NOT NULL CHECK (planned_reads >= 1),
            complete boolean NOT NULL DEFAULT false,
            CHECK ((text IS NULL) <> (path IS NULL)),
            CHECK ((path IS NULL) = (sha256 IS NULL) AND (path IS NULL) = (size IS NULL)),
            PRIMARY KEY (task, component, student)
        );
        CREATE INDEX submission_by_age ON submission (stored_at, task, student, component);
        -- `next` walks one task component's work oldest first and stops at the first it may give;
        -- validity papers are found from the few master reads, a rater's validity reads (their
        -- lock-out standing, checked by every `next` and `score`) without a scan of every read.
        CREATE INDEX submission_queue ON submission (task, component, stored_at, student) WHERE NOT complete;
        CREATE INDEX read_masters ON read (task, component, student) WHERE kind = 'master';
        CREATE INDEX read_validity ON read (rater) WHERE kind = 'validity';
        -- Stored work is never changed; only `complete` is set, by the trigger below.
        CREATE TRIGGER submission_is_kept
            BEFORE UPDATE OF task, component, student, stored_at, text, path, size, sha256, planned_reads OR DELETE OR TRUNCATE
            ON submission FOR EACH STATEMENT EXECUTE FUNCTION scorebench_refuse_change();

        -- `complete` is set, never cleared, when a component has its planned reads (a correction
        -- replaces a read and changes no count), so that `next` walks only work still short of
        -- its reads, not the work already read in full, which grows with every essay scored.
        CREATE FUNCTION scorebench_complete_submissions() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
        BEGIN
            IF NOT EXISTS (SELECT FROM submission) THEN
                RETURN NULL;
            END IF;
            UPDATE submission s SET complete = true
            FROM (SELECT DISTINCT n.task, n.component, n.student FROM new_reads n WHERE n.kind = 'read' AND n.replaces IS NULL) k
            WHERE s.task = k.task AND s.component = k.component AND s.student = k.student AND NOT s.complete
              AND s.planned_reads <= (SELECT count(*) FROM current_read r WHERE r.task = s.task AND r.student = s.student
                                      AND r.component = s.component AND r.kind = 'read');
            RETURN NULL;
        END $$;
        REVOKE ALL ON FUNCTION scorebench_complete_submissions() FROM PUBLIC;
        CREATE TRIGGER read_completes_submission AFTER INSERT ON read REFERENCING NEW TABLE AS new_reads
            FOR EACH STATEMENT EXECUTE FUNCTION scorebench_complete_submissions();

        CREATE TABLE assignment (
            code text COLLATE "C" NOT NULL PRIMARY KEY CHECK (char_length(code) = 9 AND left(code, 1) = '@'),
            rater text COLLATE "C" NOT NULL REFERENCES rater(id),
            task text COLLATE "C" NOT NULL,
            component text COLLATE "C" NOT NULL,
            student text COLLATE "C" NOT NULL REFERENCES student(id),
            kind text COLLATE "C" NOT NULL CHECK (kind IN ('live', 'validity', 'backread')),
            read_id bigint,
            issued_at text COLLATE "C" NOT NULL,
            expires_at text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'scored', 'skipped')),
            closed_at text COLLATE "C",
            reason text COLLATE "C",
            scored_read bigint,
            sequence integer NOT NULL CHECK (sequence >= 1),
            CHECK ((kind = 'backread') = (read_id IS NOT NULL)),
            CHECK ((status = 'open') = (closed_at IS NULL)),
            UNIQUE (rater, sequence)
        );
        CREATE INDEX assignment_by_work ON assignment (task, component, student, status);
        CREATE INDEX assignment_by_rater ON assignment (rater, status);
        CREATE INDEX assignment_by_read ON assignment (read_id) WHERE read_id IS NOT NULL;

        CREATE TABLE reinstatement (
            rater text COLLATE "C" NOT NULL REFERENCES rater(id),
            rubric text COLLATE "C" NOT NULL,
            reason text COLLATE "C" NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
            by text COLLATE "C",
            at text COLLATE "C" NOT NULL,
            PRIMARY KEY (rater, rubric, at)
        );
        CREATE TRIGGER reinstatement_is_kept BEFORE UPDATE OR DELETE OR TRUNCATE ON reinstatement
            FOR EACH STATEMENT EXECUTE FUNCTION scorebench_refuse_change();

        -- Whether the session's login may act for RATER: it is that rater, or a coordinator.
        CREATE FUNCTION scorebench_may_act_as(p_rater text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
            SELECT p_rater = session_user OR pg_has_role(session_user, 'scorebench_coordinator', 'MEMBER')
        $$;

        CREATE FUNCTION scorebench_require_act_as(p_rater text) RETURNS void
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
        BEGIN
            IF NOT scorebench_may_act_as(p_rater) THEN
                RAISE insufficient_privilege USING MESSAGE = format('login %s may not act for rater %s', session_user, p_rater);
            END IF;
        END $$;

        -- Every change to the queue takes this lock first: assignments are handed out, scored and
        -- skipped one transaction at a time, so two shells never receive the last read of one
        -- component, and a rater never holds two open assignments.
        CREATE FUNCTION scorebench_lock_queue() RETURNS void
        LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
            SELECT pg_advisory_xact_lock(hashtextextended('scorebench queue in ' || \(schema.literal), 0))
        $$;

        -- SPEC 9's "decided", over the component's current reads and the rubric version they were
        -- given under (the latest, if they differ): enough usable reads, and they agree (all the
        -- same condition code, or scores whose extremes differ by less than adjudicate_at), or a
        -- usable adjudication read settles them. A read is usable when it gives a code or a
        -- score for every criterion.
        CREATE FUNCTION scorebench_decided(p_task text, p_component text, p_student text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
            WITH rubric AS (
                SELECT v.canonical::jsonb AS doc
                FROM current_read r JOIN rubric_version v ON v.rubric = r.rubric AND v.version = r.rubric_version
                WHERE r.task = p_task AND r.component = p_component AND r.student = p_student
                  AND r.kind IN ('read', 'adjudication')
                ORDER BY r.rubric_version DESC LIMIT 1
            ), criteria AS (
                SELECT c->>'id' AS id FROM rubric, jsonb_array_elements(rubric.doc->'criteria') c
            ), usable AS (
                SELECT r.id, r.kind, r.code, r.scores FROM current_read r
                WHERE r.task = p_task AND r.component = p_component AND r.student = p_student
                  AND r.kind IN ('read', 'adjudication')
                  AND (r.code IS NOT NULL
                       OR NOT EXISTS (SELECT FROM criteria c WHERE strpos(';' || r.scores, ';' || c.id || '=') = 0))
            ), tally AS (
                SELECT count(*) AS reads, count(code) AS codes, count(DISTINCT code) AS distinct_codes
                FROM usable WHERE kind = 'read'
            ), spread AS (
                SELECT coalesce(max(high - low), 0) AS widest FROM (
                    SELECT max(s.score) AS high, min(s.score) AS low
                    FROM usable u
                    CROSS JOIN LATERAL (
                        SELECT split_part(pair, '=', 1) AS criterion, nullif(split_part(pair, '=', 2), '')::bigint AS score
                        FROM regexp_split_to_table(u.scores, ';') pair) s
                    JOIN criteria c ON c.id = s.criterion
                    WHERE u.kind = 'read' AND u.code IS NULL
                    GROUP BY c.id) extremes
            )
            SELECT EXISTS (SELECT FROM rubric)
               AND t.reads >= greatest((SELECT (doc->'resolution'->>'reads')::integer FROM rubric), 1)
               AND ((t.codes = t.reads AND t.distinct_codes = 1)
                    OR (t.codes = 0 AND (t.reads < 2
                        OR (SELECT widest FROM spread) < (SELECT (doc->'resolution'->>'adjudicate_at')::bigint FROM rubric)))
                    OR EXISTS (SELECT FROM usable WHERE kind = 'adjudication'))
            FROM tally t
        $$;

        -- Stored work with a master read in no calibration session: what `next` may serve as a
        -- validity paper, whose master never shows to a rater.
        CREATE FUNCTION scorebench_is_validity_paper(p_task text, p_component text, p_student text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
            SELECT EXISTS (SELECT FROM submission s WHERE s.task = p_task AND s.component = p_component AND s.student = p_student)
               AND NOT EXISTS (SELECT FROM session_anchor a JOIN calibration_session cs ON cs.name = a.session
                               WHERE cs.task = p_task AND cs.component = p_component AND a.student = p_student)
        $$;

        -- The task and student pairs of stored work: a rater's shell names none of those students.
        CREATE FUNCTION scorebench_event_work() RETURNS TABLE (task text, student text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
            SELECT DISTINCT s.task, s.student FROM submission s ORDER BY 1, 2
        $$;

        -- Whether RATER (at SCHOOL) may be given the stored work S as live work at NOW (SPEC 11):
        -- not read or skipped by them, not an anchor, not of their school's students, and short
        -- of its planned reads counting the reads given and the live assignments still open.
        CREATE FUNCTION scorebench_open_to(p_rater text, p_school text, p_now text, s submission) RETURNS boolean
        LANGUAGE sql STABLE SET search_path = \(schema.identifier), pg_temp AS $$
            SELECT (p_school IS NULL OR coalesce((SELECT st.school FROM student st WHERE st.id = s.student) <> p_school, true))
               AND NOT EXISTS (SELECT FROM current_read r WHERE r.task = s.task AND r.student = s.student
                               AND r.component = s.component AND (r.kind = 'master' OR r.rater = p_rater))
               AND NOT EXISTS (SELECT FROM assignment a WHERE a.task = s.task AND a.component = s.component
                               AND a.student = s.student AND a.rater = p_rater AND a.status = 'skipped')
               AND (SELECT count(*) FROM current_read r WHERE r.task = s.task AND r.student = s.student
                               AND r.component = s.component AND r.kind = 'read')
                 + (SELECT count(*) FROM assignment a WHERE a.task = s.task AND a.component = s.component
                               AND a.student = s.student AND a.kind = 'live' AND a.status = 'open' AND a.expires_at > p_now)
                   < s.planned_reads
        $$;

        -- The oldest stored work of the given task components RATER may be given, or (with
        -- ONLY_STUDENT) that student's work if they may be given it.
        CREATE FUNCTION scorebench_live_work(p_rater text, p_tasks text[], p_components text[], p_now text, p_only_student text)
        RETURNS SETOF submission
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
        DECLARE
            v_school text;
        BEGIN
            PERFORM scorebench_require_act_as(p_rater);
            SELECT r.school INTO v_school FROM rater r WHERE r.id = p_rater;
            IF p_only_student IS NOT NULL THEN
                RETURN QUERY
                SELECT s.* FROM unnest(p_tasks, p_components) AS part (task, component)
                JOIN submission s ON s.task = part.task AND s.component = part.component AND s.student = p_only_student
                WHERE scorebench_open_to(p_rater, v_school, p_now, s);
                RETURN;
            END IF;
            -- Per task component, its work oldest first through `submission_queue`, stopping at
            -- the first that may be given; the oldest of those.
            RETURN QUERY
            SELECT w.* FROM unnest(p_tasks, p_components) AS part (task, component)
            CROSS JOIN LATERAL (
                SELECT s.* FROM submission s
                WHERE s.task = part.task AND s.component = part.component AND NOT s.complete
                  AND scorebench_open_to(p_rater, v_school, p_now, s)
                ORDER BY s.stored_at, s.student
                LIMIT 1) w
            ORDER BY w.stored_at, w.task, w.student, w.component
            LIMIT 1;
        END $$;

        -- The anchors of TASK's components RATER may be given as validity papers: stored work
        -- with a master read, in no calibration session, not read by them, not of their school.
        CREATE FUNCTION scorebench_validity_papers(p_rater text, p_task text, p_components text[])
        RETURNS SETOF submission
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
        DECLARE
            v_school text;
        BEGIN
            PERFORM scorebench_require_act_as(p_rater);
            SELECT r.school INTO v_school FROM rater r WHERE r.id = p_rater;
            RETURN QUERY
            SELECT DISTINCT s.* FROM read m
            JOIN submission s ON s.task = m.task AND s.component = m.component AND s.student = m.student
            JOIN student st ON st.id = s.student
            WHERE m.kind = 'master' AND m.task = p_task AND m.component = ANY (p_components)
              AND NOT EXISTS (SELECT FROM read n WHERE n.replaces = m.id)
              AND (v_school IS NULL OR st.school IS NULL OR st.school <> v_school)
              AND NOT EXISTS (SELECT FROM session_anchor sa JOIN calibration_session cs ON cs.name = sa.session
                              WHERE cs.task = s.task AND cs.component = s.component AND sa.student = s.student)
              AND NOT EXISTS (SELECT FROM current_read r WHERE r.task = s.task AND r.student = s.student
                              AND r.component = s.component AND r.rater = p_rater)
            ORDER BY s.task, s.student, s.component;
        END $$;

        CREATE FUNCTION scorebench_code_taken(p_code text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
            SELECT EXISTS (SELECT FROM assignment WHERE code = p_code)
        $$;

        -- How many more `read` reads a component's plan asks for (never below 0).
        CREATE FUNCTION scorebench_reads_lacking(p_task text, p_component text, p_student text) RETURNS integer
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
            SELECT greatest(coalesce((SELECT planned_reads FROM submission
                                      WHERE task = p_task AND component = p_component AND student = p_student), 1)
                          - (SELECT count(*) FROM current_read WHERE task = p_task AND component = p_component
                                     AND student = p_student AND kind = 'read'), 0)::integer
        $$;

        -- Hands work to RATER under CODE, after checking that it is theirs to be given: they hold
        -- no open assignment, and the work is eligible live work, an eligible validity paper, or
        -- (for a lead) a current read of another rater not already backread.
        CREATE FUNCTION scorebench_hand_out(
            p_code text, p_rater text, p_task text, p_component text, p_student text, p_kind text, p_read bigint,
            p_issued text, p_expires text, p_sequence integer
        ) RETURNS void
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
        BEGIN
            PERFORM scorebench_require_act_as(p_rater);
            PERFORM scorebench_lock_queue();
            IF EXISTS (SELECT FROM assignment WHERE rater = p_rater AND status = 'open' AND expires_at > p_issued) THEN
                RAISE check_violation USING MESSAGE = format('rater %s already holds an open assignment', p_rater);
            END IF;
            IF p_expires <= p_issued THEN
                RAISE check_violation USING MESSAGE = 'an assignment must expire after it is issued';
            END IF;
            IF p_kind = 'live' THEN
                IF NOT EXISTS (SELECT FROM scorebench_live_work(p_rater, ARRAY[p_task], ARRAY[p_component], p_issued, p_student)) THEN
                    RAISE check_violation USING MESSAGE = format('%s/%s of %s is not work rater %s may be given', p_task, p_component, p_student, p_rater);
                END IF;
            ELSIF p_kind = 'validity' THEN
                IF NOT EXISTS (SELECT FROM scorebench_validity_papers(p_rater, p_task, ARRAY[p_component]) v WHERE v.student = p_student) THEN
                    RAISE check_violation USING MESSAGE = format('%s/%s of %s is not a validity paper rater %s may be given', p_task, p_component, p_student, p_rater);
                END IF;
            ELSIF p_kind = 'backread' THEN
                IF coalesce((SELECT role FROM rater WHERE id = p_rater), '') <> 'lead' THEN
                    RAISE insufficient_privilege USING MESSAGE = format('only a lead backreads; %s is not one', p_rater);
                END IF;
                IF NOT EXISTS (SELECT FROM current_read r WHERE r.id = p_read AND r.kind = 'read' AND r.rater <> p_rater
                               AND r.task = p_task AND r.component = p_component AND r.student = p_student)
                   OR EXISTS (SELECT FROM assignment a WHERE a.read_id = p_read
                              AND (a.status = 'scored' OR (a.status = 'open' AND a.expires_at > p_issued))) THEN
                    RAISE check_violation USING MESSAGE = format('read %s is not one %s may backread', p_read, p_rater);
                END IF;
            ELSE
                RAISE check_violation USING MESSAGE = format('unknown assignment kind %s', p_kind);
            END IF;
            INSERT INTO assignment (code, rater, task, component, student, kind, read_id, issued_at, expires_at, sequence)
            VALUES (p_code, p_rater, p_task, p_component, p_student, p_kind, p_read, p_issued, p_expires, p_sequence);
        END $$;

        -- Skips an open assignment, or records that READ scored it: a current read of its work
        -- by its rater, of the kind the assignment asks for.
        CREATE FUNCTION scorebench_close_assignment(p_code text, p_status text, p_at text, p_reason text, p_read bigint)
        RETURNS void
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
        DECLARE
            v assignment%ROWTYPE;
        BEGIN
            SELECT * INTO v FROM assignment WHERE code = p_code FOR UPDATE;
            IF NOT FOUND THEN
                RAISE no_data_found USING MESSAGE = format('unknown response code %s', p_code);
            END IF;
            PERFORM scorebench_require_act_as(v.rater);
            -- Scoring an assignment whose lease ran out adds a read the queue no longer counts as
            -- promised: that one waits for the queue, as hand-outs do. Scoring an open one, or
            -- skipping, changes no count `next` relies on (an open assignment becomes a read).
            IF v.status = 'open' AND v.expires_at <= p_at THEN
                PERFORM scorebench_lock_queue();
            END IF;
            IF p_status = 'skipped' THEN
                IF v.status <> 'open' THEN
                    RAISE check_violation USING MESSAGE = format('%s is %s, not open', p_code, v.status);
                END IF;
                UPDATE assignment SET status = 'skipped', closed_at = p_at, reason = p_reason WHERE code = p_code;
            ELSIF p_status = 'scored' THEN
                IF v.status = 'skipped' OR NOT EXISTS (
                    SELECT FROM current_read r WHERE r.id = p_read AND r.rater = v.rater AND r.task = v.task
                    AND r.component = v.component AND r.student = v.student
                    AND r.kind = CASE v.kind WHEN 'live' THEN 'read' ELSE v.kind END) THEN
                    RAISE check_violation USING MESSAGE = format('read %s does not score %s', p_read, p_code);
                END IF;
                UPDATE assignment SET status = 'scored', closed_at = p_at, scored_read = p_read WHERE code = p_code;
            ELSE
                RAISE check_violation USING MESSAGE = format('unknown assignment status %s', p_status);
            END IF;
        END $$;

        -- RATER's current validity reads beside the latest master of each paper, oldest first.
        CREATE FUNCTION scorebench_validity_reads(p_rater text)
        RETURNS TABLE (rater text, task text, component text, student text, rubric text, scored_at text, scores text, master text)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
        BEGIN
            IF (p_rater IS NULL OR NOT scorebench_may_act_as(p_rater))
               AND NOT pg_has_role(session_user, 'scorebench_lead', 'MEMBER') THEN
                RAISE insufficient_privilege USING MESSAGE = format(
                    'login %s may not see the validity reads of %s', session_user, coalesce(p_rater, 'every rater'));
            END IF;
            RETURN QUERY
            SELECT p.rater, p.task, p.component, p.student, p.rubric, p.scored_at, p.scores, p.master FROM (
                SELECT DISTINCT ON (v.id) v.id, v.rater, v.task, v.component, v.student, v.rubric, v.scored_at, v.scores,
                       m.scores AS master
                FROM current_read v JOIN current_read m ON m.task = v.task AND m.component = v.component
                                                       AND m.student = v.student AND m.kind = 'master'
                WHERE v.kind = 'validity' AND (p_rater IS NULL OR v.rater = p_rater)
                ORDER BY v.id, m.scored_at DESC, m.id DESC) p
            ORDER BY p.rater, p.scored_at, p.id;
        END $$;

        REVOKE ALL ON FUNCTION scorebench_open_to(text, text, text, submission), scorebench_may_act_as(text), scorebench_require_act_as(text), scorebench_lock_queue(),
            scorebench_decided(text, text, text), scorebench_is_validity_paper(text, text, text), scorebench_event_work(),
            scorebench_live_work(text, text[], text[], text, text), scorebench_validity_papers(text, text, text[]),
            scorebench_code_taken(text), scorebench_reads_lacking(text, text, text),
            scorebench_hand_out(text, text, text, text, text, text, bigint, text, text, integer),
            scorebench_close_assignment(text, text, text, text, bigint), scorebench_validity_reads(text) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION scorebench_may_act_as(text), scorebench_require_act_as(text), scorebench_lock_queue(),
            scorebench_decided(text, text, text), scorebench_is_validity_paper(text, text, text), scorebench_event_work(),
            scorebench_live_work(text, text[], text[], text, text), scorebench_validity_papers(text, text, text[]),
            scorebench_code_taken(text), scorebench_reads_lacking(text, text, text),
            scorebench_hand_out(text, text, text, text, text, text, bigint, text, text, integer),
            scorebench_close_assignment(text, text, text, text, bigint), scorebench_validity_reads(text) TO scorebench_rater;

        GRANT SELECT ON submission, assignment, reinstatement TO scorebench_rater;
        GRANT INSERT ON submission, reinstatement TO scorebench_lead;

        ALTER TABLE submission ENABLE ROW LEVEL SECURITY;
        CREATE POLICY submission_visible ON submission FOR SELECT USING (
            (SELECT pg_has_role('scorebench_lead', 'MEMBER'))
            OR EXISTS (SELECT FROM assignment a WHERE a.rater = current_user AND a.task = submission.task
                       AND a.component = submission.component AND a.student = submission.student));
        CREATE POLICY submission_insert_by_lead ON submission FOR INSERT TO scorebench_lead WITH CHECK (true);

        ALTER TABLE assignment ENABLE ROW LEVEL SECURITY;
        CREATE POLICY assignment_visible ON assignment FOR SELECT USING (
            (SELECT pg_has_role('scorebench_lead', 'MEMBER')) OR rater = current_user);

        -- SPEC 10 as before, and SPEC 11's independence for whoever is not a lead or an adjudicator.
        DROP POLICY read_visible ON read;
        CREATE POLICY read_visible ON read FOR SELECT USING (
            (SELECT pg_has_role('scorebench_lead', 'MEMBER'))
            OR (((rater = current_user AND kind <> 'master')
                 OR NOT EXISTS (
                     SELECT FROM session_anchor a JOIN calibration_session s ON s.name = a.session
                     WHERE s.closed_at IS NULL AND s.task = read.task AND s.component = read.component
                       AND a.student = read.student))
                AND ((SELECT coalesce((SELECT r.role FROM rater r WHERE r.id = current_user), 'rater') <> 'rater')
                     OR (rater = current_user AND kind <> 'master')
                     OR kind = 'calibration'
                     OR (kind = 'master' AND NOT scorebench_is_validity_paper(task, component, student))
                     OR (kind IN ('read', 'backread', 'adjudication') AND scorebench_decided(task, component, student)))));
        DROP POLICY read_insert_own ON read;
        CREATE POLICY read_insert_own ON read FOR INSERT TO scorebench_rater WITH CHECK (
            rater = current_user AND (kind IN ('read', 'calibration')
                OR (kind = 'adjudication' AND (SELECT r.role FROM rater r WHERE r.id = current_user) = 'adjudicator')
                OR (kind = 'validity' AND EXISTS (
                    SELECT FROM assignment a WHERE a.rater = current_user AND a.kind = 'validity'
                    AND a.task = read.task AND a.component = read.component AND a.student = read.student))));
        """
    }
}
