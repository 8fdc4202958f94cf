#!/usr/bin/python3
"""W5, the table-rebuild workload: mig against the hand-written procedure
and Alembic, on SQLite and PostgreSQL.

Normally run through bench/run_rebuild.sh, which builds mig, starts a
throwaway PostgreSQL cluster and passes its socket here.  Method (as in
/work/shared/BASELINES.md): every variant is a whole process, start-up
included; variants run round-robin (the starting variant rotates each
round), one warm-up round, then --rounds counted rounds; before every run
an untimed fresh copy of the input (file copy + sync; CREATE DATABASE ...
TEMPLATE + CHECKPOINT), after it an untimed check of the result.  Medians,
and the ratio to the hand-written variant computed per round, then the
median of those.
"""
import argparse
import datetime
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"
TIME = "/usr/bin/time"


def log(msg):
    print(msg, flush=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


# ---------------------------------------------------------------- timing

class Run:
    def __init__(self, seconds, rc, rss_kb, err):
        self.seconds = seconds
        self.rc = rc
        self.rss_kb = rss_kb
        self.err = err
        self.problems = []


def timed(cmd, cwd, env, stdin_path, tmp):
    """Run one whole process under /usr/bin/time -v; wall time from here."""
    tfile = os.path.join(tmp, "time.out")
    full = [TIME, "-v", "-o", tfile] + cmd
    stdin = open(stdin_path) if stdin_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        p = subprocess.run(full, cwd=cwd, env=env, stdin=stdin,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        t1 = time.perf_counter()
    finally:
        if stdin_path:
            stdin.close()
    rss = None
    with open(tfile) as f:
        for line in f:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", line)
            if m:
                rss = int(m.group(1))
    err = ""
    if p.returncode != 0:
        lines = [l.strip() for l in (p.stderr + "\n" + p.stdout).splitlines() if l.strip()]
        # the last error line says what went wrong: Python's exception, or
        # the shell's / psql's "Error:" / "ERROR:" line
        pick = [l for l in lines if re.match(r"([\w.]+(Error|Exception)\b|Error|ERROR|Parse error|Runtime error)", l)]
        err = (pick or lines or ["exit %d" % p.returncode])[-1]
        err = re.sub(r"^sqlalchemy\.exc\.\w+: ", "", err)[:300]
    return Run(t1 - t0, p.returncode, rss, err)


# ---------------------------------------------------------------- SQLite

SQLITE_DATA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
.read {schema}
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {rows})
INSERT INTO item (id, name, qty, price, note, created)
SELECT i, printf('item-%08x', (i * 2654435761) % 4294967296), i % 1000,
       CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 10000) / 100.0 END,
       CASE WHEN i % 3 = 0 THEN NULL ELSE 'note ' || i END,
       date('2024-01-01', '+' || (i % 365) || ' days')
FROM s;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {children})
INSERT INTO child (id, item_id, tag)
SELECT i, (i * 7919) % {rows} + 1, 'tag ' || (i % 100) FROM s;
PRAGMA journal_mode = DELETE;
"""


def generate_sqlite(path, rows, children):
    if os.path.exists(path):
        os.unlink(path)
    script = SQLITE_DATA.format(schema=os.path.join(HERE, "sqlite_schema.sql"),
                                rows=rows, children=children)
    subprocess.run(["sqlite3", "-bail", "-batch", path], input=script, text=True,
                   check=True, capture_output=True)
    con = sqlite3.connect(path)
    facts = {
        "items": con.execute("SELECT count(*) FROM item").fetchone()[0],
        "children": con.execute("SELECT count(*) FROM child").fetchone()[0],
        "qty_sum": con.execute("SELECT sum(qty) FROM item").fetchone()[0],
        "priced": con.execute("SELECT count(*) FROM item WHERE price IS NOT NULL").fetchone()[0],
        "names": con.execute("SELECT sum(length(name)) FROM item").fetchone()[0],
    }
    con.close()
    return facts


SQLITE_ORIGINAL = [("id", "INTEGER", 0, None), ("name", "TEXT", 1, None),
                   ("qty", "INTEGER", 1, "0"), ("price", "REAL", 0, None),
                   ("note", "TEXT", 0, None), ("created", "TEXT", 0, None)]
SQLITE_COLUMNS = [("id", "INTEGER", 0, None), ("label", "TEXT", 1, None),
                  ("qty", "BIGINT", 1, "0"), ("price", "REAL", 0, None),
                  ("created", "TEXT", 0, None), ("status", "TEXT", 1, "'new'")]
SQLITE_TABLES = {"item", "child", "item_log"}


def check_sqlite(path, facts, versioned):
    """What is wrong with the result, as a list of short phrases."""
    problems = []
    con = sqlite3.connect(path)
    con.isolation_level = None
    q = lambda sql, *a: con.execute(sql, a).fetchall()
    objects = {(t, n): s for t, n, s in q("SELECT type, name, sql FROM sqlite_schema")}
    tables = {n for (t, n) in objects if t == "table"}
    extra = sorted(n for n in tables - SQLITE_TABLES
                   if not n.startswith(("sqlite_", "mig_")) and n != "alembic_version")
    for n in extra:
        rows = q('SELECT count(*) FROM "%s"' % n)[0][0]
        problems.append("LEFT BEHIND: table %s (%d rows)" % (n, rows))
    if "item" not in tables:
        problems.append("LOST: table item")
        con.close()
        return problems
    cols = [(r[1], r[2].upper(), r[3], r[4]) for r in q("SELECT * FROM pragma_table_info('item')")]
    unchanged = cols == SQLITE_ORIGINAL
    if unchanged:
        problems.append("NOT APPLIED: item unchanged")
    elif cols != SQLITE_COLUMNS:
        problems.append("WRONG columns: " + ", ".join(
            "%s %s%s%s" % (n, t, " NOT NULL" if nn else "", " DEFAULT " + d if d else "")
            for n, t, nn, d in cols))
    names = [c[0] for c in cols]
    label = "label" if "label" in names else "name"
    n_items = q("SELECT count(*) FROM item")[0][0]
    if n_items != facts["items"]:
        problems.append("LOST: %d item rows" % (facts["items"] - n_items))
    n_child = q("SELECT count(*) FROM child")[0][0] if "child" in tables else 0
    if n_child != facts["children"]:
        problems.append("LOST: %d of %d child rows" % (facts["children"] - n_child, facts["children"]))
    if n_items and q("SELECT sum(qty) FROM item")[0][0] != facts["qty_sum"]:
        problems.append("WRONG: qty values")
    if n_items and q('SELECT sum(length("%s")) FROM item' % label)[0][0] != facts["names"]:
        problems.append("WRONG: label values")
    if "status" in names and q("SELECT count(*) FROM item WHERE status IS NOT 'new'")[0][0]:
        problems.append("WRONG: status values")
    for idx, col in (("item_name", label), ("item_qty", "qty"), ("child_item", "item_id")):
        if ("index", idx) not in objects:
            problems.append("LOST: index %s" % idx)
        elif [r[2] for r in q("SELECT * FROM pragma_index_info(?)", idx)] != [col]:
            problems.append("WRONG: index %s" % idx)
    if ("trigger", "item_qty_log") not in objects:
        problems.append("LOST: trigger item_qty_log")
    else:
        before = q("SELECT count(*) FROM item_log")[0][0]
        try:
            con.execute("UPDATE item SET qty = qty + 1 WHERE id = 1")
            if q("SELECT count(*) FROM item_log")[0][0] != before + 1:
                problems.append("BROKEN: trigger item_qty_log does not fire")
        except sqlite3.Error as e:
            problems.append("BROKEN: trigger item_qty_log: %s" % e)
    if ("view", "item_priced") not in objects:
        problems.append("LOST: view item_priced")
    else:
        try:
            if q("SELECT count(*) FROM item_priced")[0][0] != facts["priced"]:
                problems.append("WRONG: view item_priced rows")
        except sqlite3.Error as e:
            problems.append("BROKEN: view item_priced: %s" % e)
    fk = q("SELECT \"table\", \"to\", on_delete FROM pragma_foreign_key_list('child')")
    if fk != [("item", "id", "CASCADE")]:
        problems.append("WRONG: child foreign key %r" % (fk,))
    bad = q("SELECT count(*) FROM pragma_foreign_key_check")[0][0]
    if bad:
        problems.append("BROKEN: %d dangling foreign keys" % bad)
    qc = q("PRAGMA quick_check")
    if qc != [("ok",)]:
        problems.append("CORRUPT: %s" % qc[0][0])
    if versioned and not unchanged:
        v = q("SELECT version_num FROM alembic_version") if "alembic_version" in tables else []
        if v != [("w5",)]:
            problems.append("WRONG: alembic_version %r" % (v,))
    con.close()
    return problems


def alembic_dir(tmp, name, url, version_file):
    d = os.path.join(tmp, "alembic_" + name)
    os.makedirs(os.path.join(d, "versions"), exist_ok=True)
    shutil.copy(os.path.join(HERE, "alembic", "env.py"), d)
    shutil.copy(os.path.join(HERE, "alembic", version_file), os.path.join(d, "versions", "w5.py"))
    with open(os.path.join(d, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %s\nsqlalchemy.url = %s\n" % (d, url))
    return d


def sqlite_variants(tmp, db, mig_so, with_alembic):
    # mig: the sqlite3 shell loads the extension, registers, upgrades
    mig_run = os.path.join(tmp, "mig_run.sql")
    with open(mig_run, "w") as f:
        f.write(".bail on\nPRAGMA foreign_keys = ON;\n.load %s\n"
                "SELECT mig_register(readfile('%s'));\nSELECT mig_upgrade('head');\n"
                % (mig_so, os.path.join(HERE, "sqlite_mig.sql")))
    # the hand-written procedure, and the same without its foreign_key_check
    hand = os.path.join(HERE, "sqlite_12step.sql")
    nocheck = os.path.join(tmp, "sqlite_12step_nocheck.sql")
    with open(hand) as f:
        text = f.read()
    text, n = re.subn(r"-- 10\. \(fk-check\).*?-- \(end fk-check\)\n", "", text, flags=re.S)
    assert n == 1
    with open(nocheck, "w") as f:
        f.write(text)
    fk_on = ["sqlite3", "-batch", "-cmd", "PRAGMA foreign_keys = ON", db]
    v = [
        ("hand", "hand-written 12-step procedure, one transaction, with foreign_key_check",
         fk_on, hand, None, False),
        ("nocheck", "the same without the final foreign_key_check", fk_on, nocheck, None, False),
        ("mig", "mig: `SELECT mig_upgrade('head')` (sqlite3 shell, .load, register, upgrade)",
         ["sqlite3", "-batch", db], mig_run, None, True),
    ]
    if with_alembic:
        url = "sqlite:///" + db
        for key, label, vf in (
                ("alembic", "Alembic batch mode (`op.batch_alter_table`)", "sqlite_batch.py"),
                ("alembic_view", "Alembic batch mode, the view dropped and recreated by hand",
                 "sqlite_batch_view.py")):
            d = alembic_dir(tmp, key, url, vf)
            v.append((key, label, [PY, "-m", "alembic", "-c", os.path.join(d, "alembic.ini"),
                                   "upgrade", "head"], None, d, True))
    return v


def bench_sqlite(args, tmp, results):
    template = os.path.join(tmp, "w5_template.db")
    db = os.path.join(tmp, "w5_run.db")
    log("== SQLite: generating %d items, %d children" % (args.rows, args.children))
    facts = generate_sqlite(template, args.rows, args.children)
    variants = sqlite_variants(tmp, db, args.mig_so, args.alembic)
    env = dict(os.environ)
    runs = run_rounds(args, tmp, variants, env,
                      fresh=lambda: fresh_file(template, db),
                      check=lambda versioned: check_sqlite(db, facts, versioned))
    results["sqlite"] = (variants, runs)
    # peak memory of mig (and the hand-written procedure) at a tenth of the rows
    small_rows = max(args.rows // 10, 1)
    small_t = os.path.join(tmp, "w5_small.db")
    log("== SQLite: peak memory at %d items" % small_rows)
    sfacts = generate_sqlite(small_t, small_rows, max(args.children // 10, 1))
    mem = {}
    for key, label, cmd, stdin, cwd, versioned in sqlite_variants(tmp, db, args.mig_so, False):
        if key == "nocheck":
            continue
        rss = []
        for _ in range(args.mem_rounds):
            fresh_file(small_t, db)
            r = timed(cmd, cwd, env, stdin, tmp)
            probs = check_sqlite(db, sfacts, versioned)
            if r.rc != 0 or probs:
                raise SystemExit("memory run of %s failed: %s %s" % (key, r.err, probs))
            rss.append(r.rss_kb)
        mem[key] = (small_rows, statistics.median(rss))
    results["sqlite_mem"] = mem
    if args.alembic:
        # reference: Alembic (view fixed) with foreign keys OFF, what the
        # cascade costs; median of mem_rounds runs, not part of the table
        key, label, cmd, stdin, cwd, versioned = [v for v in variants if v[0] == "alembic_view"][0]
        ref = []
        for _ in range(args.mem_rounds):
            fresh_file(template, db)
            r = timed(cmd, cwd, dict(env, W5_FOREIGN_KEYS="OFF"), stdin, tmp)
            ref.append((r.seconds, ([("FAILED: " + r.err)] if r.rc else []) + check_sqlite(db, facts, True)))
        results["alembic_fk_off"] = (statistics.median(t for t, _ in ref), ref[0][1], len(ref))
    # where the time goes: one more (untimed) run each of mig and the
    # hand-written procedure, every statement timed through the trace hook
    samples = {"mig": [], "hand": []}
    for _ in range(args.mem_rounds):
        for key, script in (("mig", None), ("hand", os.path.join(HERE, "sqlite_12step.sql"))):
            fresh_file(template, db)
            samples[key].append(statement_profile(db, args.mig_so, script))
    prof = {}
    for key, runs in samples.items():
        # the same statements every time: the median per statement
        stmts = runs[0][1]
        if any(len(r[1]) != len(stmts) for r in runs):
            runs = runs[:1]
        prof[key] = (statistics.median(r[0] for r in runs),
                     [(statistics.median(r[1][i][0] for r in runs), stmts[i][1])
                      for i in range(len(stmts))], len(runs))
    results["sqlite_profile"] = prof
    os.unlink(small_t)
    os.unlink(template)


def statement_profile(db, mig_so, script):
    """[(seconds, statement)] for one run in this process: mig's statements
    run on the caller's connection, so its trace hook sees them all (nested
    ones prefixed "-- ").  A statement's time is the time to the next one."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.enable_load_extension(True)
    con.load_extension(mig_so)
    events = []
    con.set_trace_callback(lambda sql: events.append((time.perf_counter(), sql)))
    t0 = time.perf_counter()
    if script is None:
        with open(os.path.join(HERE, "sqlite_mig.sql")) as f:
            con.execute("SELECT mig_register(?)", (f.read(),)).fetchall()
        con.execute("SELECT mig_upgrade('head')").fetchall()
    else:
        with open(script) as f:
            text = "".join(l for l in f if not l.startswith("."))
        con.executescript(text)
    t1 = time.perf_counter()
    con.close()
    events.append((t1, None))
    out = []
    for (a, sql), (b, _) in zip(events, events[1:]):
        lines = [l.strip() for l in sql.splitlines() if l.strip() and l.strip() != "--"]
        if script is not None:
            # the script's own comments come with its statements; a nested
            # statement (the one pragma_foreign_key_check runs) is all "-- "
            lines = [l for l in lines if not l.startswith("--")] or lines
        out.append((b - a, re.sub(r"\s+", " ", " ".join(lines))))
    return t1 - t0, out


def fresh_file(src, dst):
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.unlink(dst + suffix)
    shutil.copyfile(src, dst)
    os.sync()


# ---------------------------------------------------------------- PostgreSQL

PG_DATA = """
INSERT INTO item (id, name, qty, price, note, created)
SELECT i, 'item-' || lpad(to_hex((i::bigint * 2654435761) % 4294967296), 8, '0'), i % 1000,
       CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 10000) / 100.0 END,
       CASE WHEN i % 3 = 0 THEN NULL ELSE 'note ' || i END,
       timestamptz '2024-01-01 00:00:00+00' + (i % 365) * interval '1 day'
FROM generate_series(1, {rows}) i;
INSERT INTO child (id, item_id, tag)
SELECT i, (i::bigint * 7919) % {rows} + 1, 'tag ' || (i % 100) FROM generate_series(1, {children}) i;
"""

PG_TEMPLATE = "mig_bench_w5"
PG_RUN = "mig_bench_run"


def psql(db, *sql, args=()):
    cmd = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db] + list(args)
    for s in sql:
        cmd += ["-c", s]
    return sh(cmd)


def generate_pg(rows, children):
    psql("postgres", "DROP DATABASE IF EXISTS %s" % PG_RUN, "DROP DATABASE IF EXISTS %s" % PG_TEMPLATE,
         "CREATE DATABASE %s" % PG_TEMPLATE)
    psql(PG_TEMPLATE, args=["-f", os.path.join(HERE, "pg_schema.sql")])
    psql(PG_TEMPLATE, PG_DATA.format(rows=rows, children=children))
    # the extension is installed beforehand, as on any server that uses it
    psql(PG_TEMPLATE, "CREATE EXTENSION mig", "VACUUM ANALYZE", "CHECKPOINT")
    out = psql(PG_TEMPLATE, "SELECT count(*), sum(qty), count(price), sum(length(name)), "
               "(SELECT count(*) FROM child) FROM item").strip().split("|")
    return {"items": int(out[0]), "qty_sum": int(out[1]), "priced": int(out[2]),
            "names": int(out[3]), "children": int(out[4])}


def fresh_pg():
    psql("postgres", "DROP DATABASE IF EXISTS %s" % PG_RUN,
         "CREATE DATABASE %s TEMPLATE %s" % (PG_RUN, PG_TEMPLATE), "CHECKPOINT")


PG_ORIGINAL = [("id", "integer", True, None), ("name", "text", True, None),
               ("qty", "integer", True, "0"), ("price", "numeric(10,2)", False, None),
               ("note", "text", False, None), ("created", "timestamp with time zone", False, None)]
PG_COLUMNS = [("id", "integer", True, None), ("label", "text", True, None),
              ("qty", "bigint", True, "0"), ("price", "numeric(10,2)", False, None),
              ("note", "text", False, None), ("created", "timestamp with time zone", True, None),
              ("status", "text", True, "'new'::text")]


def check_pg(facts, versioned):
    import psycopg2
    problems = []
    con = psycopg2.connect(dbname=PG_RUN)
    con.autocommit = True
    cur = con.cursor()

    def q(sql, *a):
        cur.execute(sql, a)
        return cur.fetchall()
    try:
        cols = q("SELECT attname, format_type(atttypid, atttypmod), attnotnull, "
                 "pg_get_expr(adbin, adrelid) FROM pg_attribute LEFT JOIN pg_attrdef "
                 "ON adrelid = attrelid AND adnum = attnum WHERE attrelid = 'item'::regclass "
                 "AND attnum > 0 AND NOT attisdropped ORDER BY attnum")
        cols = [tuple(c) for c in cols]
        unchanged = cols == PG_ORIGINAL
        if unchanged:
            problems.append("NOT APPLIED: item unchanged")
        elif cols != PG_COLUMNS:
            problems.append("WRONG columns: " + ", ".join(
                "%s %s%s%s" % (n, t, " NOT NULL" if nn else "", " DEFAULT " + d if d else "")
                for n, t, nn, d in cols))
        names = [c[0] for c in cols]
        label = "label" if "label" in names else "name"
        n_items = q("SELECT count(*) FROM item")[0][0]
        if n_items != facts["items"]:
            problems.append("LOST: %d item rows" % (facts["items"] - n_items))
        n_child = q("SELECT count(*) FROM child")[0][0]
        if n_child != facts["children"]:
            problems.append("LOST: %d of %d child rows" % (facts["children"] - n_child, facts["children"]))
        if q("SELECT sum(qty) FROM item")[0][0] != facts["qty_sum"]:
            problems.append("WRONG: qty values")
        if q('SELECT sum(length("%s")) FROM item' % label)[0][0] != facts["names"]:
            problems.append("WRONG: label values")
        if "status" in names and q("SELECT count(*) FROM item WHERE status IS DISTINCT FROM 'new'")[0][0]:
            problems.append("WRONG: status values")
        idx = dict(q("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
        for name, col in (("item_pkey", "(id)"), ("item_name", "(%s)" % label), ("item_qty", "(qty)"),
                          ("child_item", "(item_id)")):
            if name not in idx:
                problems.append("LOST: index %s" % name)
            elif not idx[name].endswith(col):
                problems.append("WRONG: index %s: %s" % (name, idx[name]))
        if not q("SELECT 1 FROM pg_trigger WHERE tgname = 'item_qty_log' AND NOT tgisinternal"):
            problems.append("LOST: trigger item_qty_log")
        else:
            before = q("SELECT count(*) FROM item_log")[0][0]
            q("UPDATE item SET qty = qty + 1 WHERE id = 1 RETURNING id")
            if q("SELECT count(*) FROM item_log")[0][0] != before + 1:
                problems.append("BROKEN: trigger item_qty_log does not fire")
        if not q("SELECT 1 FROM pg_views WHERE viewname = 'item_priced'"):
            problems.append("LOST: view item_priced")
        elif q("SELECT count(*) FROM item_priced")[0][0] != facts["priced"]:
            problems.append("WRONG: view item_priced rows")
        fk = q("SELECT confrelid::regclass::text, confdeltype FROM pg_constraint "
               "WHERE conrelid = 'child'::regclass AND contype = 'f'")
        if fk != [("item", "c")]:
            problems.append("WRONG: child foreign key %r" % (fk,))
        if versioned and not unchanged:
            v = q("SELECT version_num FROM alembic_version")
            if v != [("w5",)]:
                problems.append("WRONG: alembic_version %r" % (v,))
    except psycopg2.Error as e:
        problems.append("CHECK FAILED: %s" % str(e).strip().splitlines()[0])
    finally:
        con.close()
    return problems


def pg_variants(tmp, with_alembic):
    mig_run = os.path.join(tmp, "pg_mig_run.sql")
    with open(mig_run, "w") as f:
        f.write("\\set s `cat %s`\nSELECT mig_register(:'s');\nSELECT mig_upgrade('head');\n"
                % os.path.join(HERE, "pg_mig.sql"))
    base = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", PG_RUN]
    v = [
        ("hand", "hand-written: one combined ALTER TABLE + RENAME, one transaction (psql -1)",
         base + ["-1", "-f", os.path.join(HERE, "pg_handwritten.sql")], None, None, False),
        ("mig", "mig: `SELECT mig_upgrade('head')` (psql: register, upgrade)",
         base + ["-f", mig_run], None, None, True),
    ]
    if with_alembic:
        host = os.environ.get("PGHOST", "/var/run/postgresql")
        port = os.environ.get("PGPORT", "5432")
        url = "postgresql+psycopg2://%s@/%s?host=%s&port=%s" % (
            os.environ.get("PGUSER", "postgres"), PG_RUN, host, port)
        d = alembic_dir(tmp, "pg", url, "pg_ops.py")
        v.append(("alembic", "Alembic: four separate ALTERs (`op.add_column`, `op.alter_column` x3)",
                  [PY, "-m", "alembic", "-c", os.path.join(d, "alembic.ini"), "upgrade", "head"],
                  None, d, True))
    return v


def bench_pg(args, tmp, results):
    log("== PostgreSQL: generating %d items, %d children" % (args.rows, args.children))
    facts = generate_pg(args.rows, args.children)
    variants = pg_variants(tmp, args.alembic)
    runs = run_rounds(args, tmp, variants, dict(os.environ), fresh=fresh_pg,
                      check=lambda versioned: check_pg(facts, versioned))
    results["pg"] = (variants, runs)
    psql("postgres", "DROP DATABASE IF EXISTS %s" % PG_RUN, "DROP DATABASE IF EXISTS %s" % PG_TEMPLATE)


# ---------------------------------------------------------------- rounds

def run_rounds(args, tmp, variants, env, fresh, check):
    """runs[key] = [Run per counted round]."""
    runs = {v[0]: [] for v in variants}
    total = args.warmup + args.rounds
    for rnd in range(total):
        counted = rnd >= args.warmup
        k = rnd % len(variants)
        order = variants[k:] + variants[:k]
        line = []
        for key, label, cmd, stdin, cwd, versioned in order:
            fresh()
            r = timed(cmd, cwd, env, stdin, tmp)
            r.problems = ([("FAILED: " + r.err)] if r.rc != 0 else []) + check(versioned)
            if counted:
                runs[key].append(r)
            line.append("%s %.2fs%s" % (key, r.seconds, " !" if r.problems else ""))
        log("  %s %d: %s" % ("round" if counted else "warm-up", rnd - args.warmup + 1
                             if counted else rnd + 1, ", ".join(line)))
    return runs


def summarize(variants, runs):
    """Rows: (key, label, median s, median paired ratio, median rss, problems)."""
    hand = runs["hand"]
    rows = []
    for key, label, *_ in variants:
        rs = runs[key]
        med = statistics.median(r.seconds for r in rs)
        ratio = statistics.median(r.seconds / h.seconds for r, h in zip(rs, hand))
        rss = [r.rss_kb for r in rs if r.rss_kb]
        probs = []
        for r in rs:
            for p in r.problems:
                if p not in probs:
                    probs.append(p)
        failed = sum(1 for r in rs if r.rc != 0)
        rows.append((key, label, med, ratio, statistics.median(rss) if rss else None, probs,
                     failed, [r.seconds for r in rs]))
    return rows


# ---------------------------------------------------------------- report

def machine(mig_version):
    cpu = "?"
    for line in sh(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1048576)
    info = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": sh(["nproc"]).strip(),
        "cpu": cpu,
        "mem": mem,
        "kernel": platform.release(),
        "sqlite": sh(["sqlite3", "--version"]).split()[0],
        "python": platform.python_version(),
        "mig": mig_version,
    }
    try:
        import alembic
        import sqlalchemy
        info["alembic"] = "%s, SQLAlchemy %s" % (alembic.__version__, sqlalchemy.__version__)
    except ImportError:
        info["alembic"] = "not installed"
    try:
        info["pg"] = psql("postgres", "SHOW server_version").strip()
    except Exception:
        info["pg"] = "not run"
    return info


def fmt_problems(key, probs, failed, n):
    out = []
    if failed:
        out.append("**fails** (%d of %d runs)" % (failed, n))
    out += probs
    if not out:
        return "nothing lost; checks pass"
    return "; ".join(p.replace("|", "\\|") for p in out)


def table(rows, with_rss):
    head = "| variant | median s | vs hand-written (paired median) |"
    sep = "|---|---|---|"
    if with_rss:
        head += " max RSS |"
        sep += "---|"
    head += " result after the run |"
    sep += "---|"
    lines = [head, sep]
    for key, label, med, ratio, rss, probs, failed, secs in rows:
        line = "| %s | %.2f%s | %s |" % (label, med, " (to the failure)" if failed == len(secs) else "",
                                         "1" if key == "hand" else "%.2f" % ratio)
        if with_rss:
            line += " %s |" % ("%.1f MB" % (rss / 1024) if rss else "")
        line += " %s |" % fmt_problems(key, probs, failed, len(secs))
        lines.append(line)
    return "\n".join(lines)


def raw_table(rows):
    n = len(rows[0][7])
    lines = ["| variant | " + " | ".join("r%d" % (i + 1) for i in range(n)) + " |",
             "|---|" + "---|" * n]
    for key, label, med, ratio, rss, probs, failed, secs in rows:
        lines.append("| %s | %s |" % (key, " | ".join("%.2f" % s for s in secs)))
    return "\n".join(lines)


def report(args, results, info):
    out = []
    out.append("# W5: the table-rebuild workload\n")
    out.append("Written by `bash bench/run_rebuild.sh` (bench/rebuild/bench.py); do not edit by hand, "
               "rerun it. Machines are noisy: compare the variants of one run with each other, "
               "not with other machines.\n")
    out.append("## Machine and run\n")
    out.append("- %s; `nproc` %s; CPU %s; %s RAM; Linux %s" % (info["date"], info["nproc"], info["cpu"],
                                                             info["mem"], info["kernel"]))
    out.append("- SQLite %s (Debian's sqlite3 shell and Python's sqlite3), PostgreSQL %s "
               "(throwaway cluster, default settings, unix socket)" % (info["sqlite"], info["pg"]))
    out.append("- Alembic %s, Python %s (/usr/bin/python3); %s" % (
        info["alembic"], info["python"], info["mig"]))
    out.append("- {:,} `item` rows (two indexes, a trigger, a view), {:,} `child` rows "
               "(`REFERENCES item ON DELETE CASCADE`, indexed); {} warm-up round{}, {} counted rounds, "
               "round-robin with the first variant rotating each round".format(
                   args.rows, args.children, args.warmup, "" if args.warmup == 1 else "s", args.rounds))
    out.append("- Each run is a whole process (`sqlite3`, `psql` or `python3 -m alembic`), start-up "
               "included, timed from outside. Before each: an untimed fresh copy of the input (file "
               "copy + `sync`; `CREATE DATABASE ... TEMPLATE` + `CHECKPOINT`). After each: an untimed "
               "check of the result (columns and types, every item and child row and their values, "
               "both indexes on the right columns, the trigger fires, the view reads, the foreign key "
               "and `foreign_key_check`, `quick_check`, `alembic_version`). What a variant lost or broke "
               "is in the last column.")
    out.append("- The ratio is computed per round (variant / hand-written of the same round), then "
               "the median of those ratios.\n")
    if "sqlite" in results:
        variants, runs = results["sqlite"]
        rows = summarize(variants, runs)
        out.append("## SQLite\n")
        out.append("One revision, four changes: `qty INTEGER -> BIGINT`, drop `note`, add `status TEXT NOT "
                   "NULL DEFAULT 'new'`, rename `name` to `label`. `PRAGMA foreign_keys=ON` in every "
                   "variant (the shell's `-cmd`, mig's script, Alembic's connect event). Scripts: "
                   "bench/rebuild/sqlite_mig.sql, sqlite_12step.sql, alembic/sqlite_batch*.py.\n")
        out.append(table(rows, True))
        if any("child rows" in p for r in rows if r[0].startswith("alembic") for p in r[5]):
            out.append("\nWith `foreign_keys=ON`, batch mode's `DROP TABLE item` runs SQLite's implicit "
                       "`DELETE FROM item` (lang_droptable.html), which fires `ON DELETE CASCADE` on "
                       "`child`: every child row goes.")
            ref = results.get("alembic_fk_off")
            if ref:
                out.append("For reference (not a variant: it breaks the foreign-keys-on rule), the same "
                           "Alembic run with `PRAGMA foreign_keys=OFF` took %.2f s (median of %d runs "
                           "after the rounds); result: %s." % (ref[0], ref[2], "; ".join(ref[1]) or "nothing lost"))
        out.append("\nSeconds per counted round:\n")
        out.append(raw_table(rows))
        mem = results.get("sqlite_mem", {})
        if mem:
            out.append("\nPeak memory (max RSS of the whole `sqlite3` process, `/usr/bin/time -v`, "
                       "median of %d runs at the smaller size; of the counted rounds at the larger):\n"
                       % args.mem_rounds)
            out.append("| variant | {:,} rows | {:,} rows |".format(list(mem.values())[0][0], args.rows))
            out.append("|---|---|---|")
            big = {r[0]: r[4] for r in rows}
            for key in ("mig", "hand"):
                if key in mem:
                    out.append("| %s | %.1f MB | %.1f MB |" % (
                        "mig" if key == "mig" else "hand-written 12-step",
                        mem[key][1] / 1024, big[key] / 1024))
        prof = results.get("sqlite_profile")
        if prof:
            out.append("\nWhere the time goes: %d more untimed runs each, in-process (Python's sqlite3, "
                       "the same library), every statement timed through the connection's trace hook "
                       "(a statement's time is the time until the next one starts); mig's own statements "
                       "are nested (`-- ` prefix). Medians per statement; statements over 10 ms:\n"
                       % prof["mig"][2])
            for key, name in (("hand", "hand-written 12-step"), ("mig", "mig")):
                total, stmts, _ = prof[key]
                big = [(t, s) for t, s in stmts if t >= 0.010]
                rest = sum(t for t, s in stmts if t < 0.010)
                out.append("| %s: %d statements, %.2f s (sum of the medians; median run %.2f s) | s |"
                           % (name, len(stmts), sum(t for t, s in stmts), total))
                out.append("|---|---|")
                for t, s in big:
                    s = s if len(s) <= 110 else s[:107] + "..."
                    out.append("| `%s` | %.3f |" % (s.replace("|", "\\|").replace("`", "'"), t))
                out.append("| the other %d statements | %.3f |\n" % (len(stmts) - len(big), rest))
        out.append("")
    if "pg" in results:
        variants, runs = results["pg"]
        rows = summarize(variants, runs)
        out.append("## PostgreSQL\n")
        out.append("The same table; four changes: add `status text NOT NULL DEFAULT 'new'`, `qty integer "
                   "-> bigint` (a table rewrite), rename `name` to `label`, `created SET NOT NULL`. The "
                   "view does not use `qty` (PostgreSQL refuses to change the type of a column a view "
                   "uses). `CREATE EXTENSION mig` is part of the template database, not of the timed run. "
                   "Scripts: bench/rebuild/pg_mig.sql, pg_handwritten.sql, alembic/pg_ops.py.\n")
        out.append(table(rows, False))
        out.append("\nSeconds per counted round:\n")
        out.append(raw_table(rows))
        out.append("")
    return "\n".join(out) + "\n"


BEGIN = "<!-- BEGIN W5 rebuild: written by bench/run_rebuild.sh -->"
END = "<!-- END W5 rebuild -->"


def write_section(path, text):
    """Replace this benchmark's section of the results file, keep the rest
    (other benchmarks may write their own sections)."""
    section = BEGIN + "\n" + text.rstrip("\n") + "\n" + END + "\n"
    old = ""
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
    if BEGIN in old and END in old:
        a = old.index(BEGIN)
        b = old.index(END) + len(END)
        new = old[:a] + section.rstrip("\n") + old[b:]
    elif old.strip():
        new = old.rstrip("\n") + "\n\n" + section
    else:
        new = section
    with open(path, "w") as f:
        f.write(new)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--children", type=int, default=None, help="default: rows / 10")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--mem-rounds", type=int, default=3)
    ap.add_argument("--engines", default="sqlite,pg")
    ap.add_argument("--no-alembic", dest="alembic", action="store_false")
    ap.add_argument("--mig-so", default=os.path.join(ROOT, "mig"), help="path without .so")
    ap.add_argument("--mig-version", default="mig: the build given by --mig-so",
                    help="what was built, for the report")
    ap.add_argument("--out", default=None, help="write the report here (default: print it)")
    ap.add_argument("--strict", action="store_true",
                    help="exit 1 if mig or a hand-written variant fails or loses anything")
    args = ap.parse_args()
    if args.children is None:
        args.children = max(args.rows // 10, 1)
    args.mig_so = os.path.abspath(args.mig_so)
    if args.mig_so.endswith(".so"):
        args.mig_so = args.mig_so[:-3]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    tmp = tempfile.mkdtemp(prefix="mig-bench-w5.", dir="/tmp")
    # a private copy, so a rebuild of the checkout during the run changes nothing
    shutil.copy(args.mig_so + ".so", os.path.join(tmp, "mig.so"))
    args.mig_so = os.path.join(tmp, "mig")
    results = {}
    try:
        if "sqlite" in engines:
            bench_sqlite(args, tmp, results)
        if "pg" in engines:
            bench_pg(args, tmp, results)
        text = report(args, results, machine(args.mig_version))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.out:
        write_section(args.out, text)
        log("== wrote %s" % args.out)
    else:
        print(text)
    bad = []
    for eng in ("sqlite", "pg"):
        if eng in results:
            variants, runs = results[eng]
            for key in ("mig", "hand", "nocheck"):
                for r in runs.get(key, []):
                    if r.problems:
                        bad.append("%s %s: %s" % (eng, key, "; ".join(r.problems)))
    if bad:
        log("== mig or a hand-written variant went wrong:\n  " + "\n  ".join(sorted(set(bad))))
        if args.strict:
            sys.exit(1)


if __name__ == "__main__":
    main()
