#!/usr/bin/python3
"""W1-W4, the scale workloads: long histories, the no-op call, planning
over big graphs, registration; mig against the raw-SQL limit and Alembic,
on SQLite and PostgreSQL.

Normally run through bench/run_scale.sh (make bench), which builds mig,
starts a throwaway PostgreSQL cluster and passes its socket here.  Method
(as in /work/shared/BASELINES.md): a process-level variant is a whole
process, start-up included, timed from outside; the variants of one size
run round-robin (the first variant rotates each round) on a fresh copy of
the input made untimed before each run; medians, and the ratio to the
limit computed per round, then the median of those.  Per-call figures
(W2, W3) are measured inside one process (the sqlite3 shell's .timer,
psql's \\timing) over many calls: the median call.
"""
import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402

PY = "/usr/bin/python3"
TIME = "/usr/bin/time"


def log(msg):
    print(msg, flush=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def timed(cmd, env=None, stdin_path=None, cwd=None):
    """(seconds, max RSS KiB) of one whole process; fails loudly."""
    tfile = tempfile.mktemp(prefix="mig-bench-time.")
    stdin = open(stdin_path) if stdin_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        p = subprocess.run([TIME, "-f", "%M", "-o", tfile] + cmd, stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, env=env, cwd=cwd)
        secs = time.perf_counter() - t0
    finally:
        if stdin_path:
            stdin.close()
    with open(tfile) as f:
        rss = int(f.read().strip().splitlines()[-1])
    os.unlink(tfile)
    if p.returncode != 0 or "Error" in p.stderr or "ERROR" in p.stderr:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd[:3]), p.returncode, p.stderr[-2000:]))
    return secs, rss


def med(xs):
    return statistics.median(xs) if xs else float("nan")


# ------------------------------------------------------------ engines

def batch_sql(expr, batch):
    """One statement that evaluates expr batch times (the shells time
    statements to the millisecond; a batch makes sub-millisecond calls
    measurable)."""
    if batch == 1:
        return "SELECT (%s) IS NOT NULL;\n" % expr.replace("value > 0", "true")
    # "value" is the series' column on both engines: an expression that
    # names it is evaluated for every row, not once
    return "SELECT count(%s) FROM generate_series(1, %d) AS value;\n" % (expr, batch)


class Sqlite:
    name = "SQLite"
    key = "sqlite"

    def __init__(self, so, tmp):
        self.so = so
        self.tmp = tmp

    def db(self, label):
        return os.path.join(self.tmp, label + ".db")

    def fresh(self, src, label):
        dst = self.db(label)
        for ext in ("", "-journal", "-wal", "-shm"):
            if os.path.exists(dst + ext):
                os.unlink(dst + ext)
        if src:
            shutil.copyfile(src, dst)
        else:
            sh(["sqlite3", dst, "VACUUM"])
        return dst

    def call(self, db, sql):
        return ["sqlite3", "-bail", db, ".load " + self.so, sql]

    def run_file(self, db, path):
        return ["sqlite3", "-bail", db, ".read " + path]

    def query(self, db, sql, load=False):
        args = ["sqlite3", "-bail", db] + ([".load " + self.so] if load else []) + [sql]
        return sh(args).strip()

    def url(self, db):
        return "sqlite:///" + db

    def register_dir(self, db, path):
        return self.call(db, "SELECT mig_register_dir('%s')" % path)

    def per_call(self, db, expr, batch, reps, load=True):
        """Seconds per evaluation of expr: reps statements, each
        evaluating it batch times, in one sqlite3 process."""
        script = os.path.join(self.tmp, "calls.sql")
        with open(script, "w") as f:
            if load:
                f.write(".load %s\n" % self.so)
            f.write(".timer on\n")
            for _ in range(reps):
                f.write(batch_sql(expr, batch))
        out = sh(["sqlite3", "-bail", db], stdin=open(script))
        return [float(x) / batch for x in re.findall(r"Run Time: real ([0-9.]+)", out)]

    def readable(self, path):
        return path


class Pg:
    name = "PostgreSQL"
    key = "pg"

    def __init__(self, tmp):
        self.tmp = tmp
        self.host = os.environ["PGHOST"]
        self.port = os.environ["PGPORT"]

    def psql(self, db, *args):
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db] + list(args)

    def admin(self, sql):
        sh(self.psql("postgres", "-c", sql))

    def fresh(self, src, label):
        self.admin("DROP DATABASE IF EXISTS %s" % label)
        self.admin("CREATE DATABASE %s%s" % (label, " TEMPLATE " + src if src else ""))
        self.admin("CHECKPOINT")
        return label

    def call(self, db, sql):
        return self.psql(db, "-c", sql)

    def run_file(self, db, path):
        return self.psql(db, "-f", path)

    def query(self, db, sql, load=False):
        return sh(self.psql(db, "-A", "-t", "-c", sql)).strip()

    def url(self, db):
        return "postgresql+psycopg2://postgres@/%s?host=%s&port=%s" % (db, self.host, self.port)

    def register_dir(self, db, path):
        return self.call(db, "SELECT mig_register_dir('%s')" % path)

    def per_call(self, db, expr, batch, reps, load=True):
        script = os.path.join(self.tmp, "calls.sql")
        with open(script, "w") as f:
            f.write("\\timing on\n\\o /dev/null\n")
            for _ in range(reps):
                f.write(batch_sql(expr, batch))
        out = sh(self.psql(db, "-f", script))
        return [float(x) / 1000 / batch for x in re.findall(r"Time: ([0-9.]+) ms", out)]

    def readable(self, path):
        """A copy of path the server (user postgres) can read."""
        parts = path.rstrip("/").split("/")
        dst = os.path.join(self.tmp, "srv_%s_%s" % (parts[-2], parts[-1]))
        if not os.path.exists(dst):
            shutil.copytree(path, dst)
            subprocess.run(["chown", "-R", "postgres", dst], check=False)
            subprocess.run(["chmod", "-R", "a+rX", dst], check=False)
        return dst


# ------------------------------------------------------------ workloads

def rounds_for(args, n):
    for spec in args.rounds.split(","):
        size, r = spec.split(":")
        if int(size) >= n:
            return int(r)
    return 1


def round_robin(variants, rounds, log_prefix):
    """variants: [(name, prepare() -> ctx, run(ctx) -> (secs, rss))].
    Returns {name: [(secs, rss) per round]}."""
    res = {v[0]: [] for v in variants}
    for r in range(rounds):
        order = variants[r % len(variants):] + variants[:r % len(variants)]
        for name, prepare, run in order:
            c = prepare()
            secs, rss = run(c)
            res[name].append((secs, rss))
            log("   %s round %d: %-14s %.3f s, %d MiB" % (log_prefix, r + 1, name, secs, rss // 1024))
    return res


def paired_ratio(res, name, base):
    return med([a[0] / b[0] for a, b in zip(res[name], res[base])])


def w1(args, eng, work, results):
    """Upgrade from empty and downgrade to base: limit, mig, Alembic."""
    rows = []
    for n in [int(x) for x in args.w1.split(",")]:
        d = os.path.join(work, "linear%d" % n)
        if not os.path.isdir(d):
            gen.gen_linear(n, d)
        rounds = rounds_for(args, n)
        migdir = eng.readable(os.path.join(d, "mig"))
        log("== W1 %s, N = %d (%d round%s)" % (eng.name, n, rounds, "s" if rounds > 1 else ""))
        # untimed inputs: empty, scripts registered; and each at head
        empty = eng.fresh(None, "w1_empty_%d" % n)
        tpl = eng.fresh(None, "w1_tpl_%d" % n)
        if eng.key == "pg":
            sh(eng.call(tpl, "CREATE EXTENSION mig"))
        sh(eng.register_dir(tpl, migdir))
        at_head = {}
        src_raw = eng.fresh(empty, "w1_rawhead_%d" % n)
        sh(eng.run_file(src_raw, os.path.join(d, "raw_%s_up.sql" % eng.key)))
        at_head["raw"] = src_raw
        src_mig = eng.fresh(tpl, "w1_mighead_%d" % n)
        sh(eng.call(src_mig, "SELECT mig_upgrade('head')"))
        at_head["mig"] = src_mig
        with_alembic = not args.no_alembic and n <= args.alembic_max
        alembic_env = None
        if with_alembic:
            alembic_env = dict(os.environ)
            src_al = eng.fresh(empty, "w1_alhead_%d" % n)
            alembic_env["MIG_BENCH_URL"] = eng.url(src_al)
            sh([PY, "-m", "alembic", "-c", os.path.join(d, "alembic", "alembic.ini"),
                "upgrade", "head"], env=alembic_env)
            at_head["alembic"] = src_al
        for direction in ("up", "down"):
            variants = []
            run_db = "w1_run_%d" % n

            def raw_prep(direction=direction):
                return eng.fresh(empty if direction == "up" else at_head["raw"], run_db)

            def raw_run(db, direction=direction):
                return timed(eng.run_file(db, os.path.join(d, "raw_%s_%s.sql" % (eng.key, direction))))

            def mig_prep(direction=direction):
                return eng.fresh(tpl if direction == "up" else at_head["mig"], run_db)

            def mig_run(db, direction=direction):
                return timed(eng.call(db, "SELECT mig_upgrade('head')" if direction == "up"
                                      else "SELECT mig_downgrade('base')"))

            variants.append(("raw SQL", raw_prep, raw_run))
            variants.append(("mig", mig_prep, mig_run))
            if eng.key == "sqlite":
                # the same raw SQL in a database that also holds mig's
                # tables: SQLite re-reads every table's CREATE statement
                # at each ALTER, so their share is the cost of keeping
                # the state in the database, the rest mig's own work
                def state_prep(direction=direction):
                    if direction == "down":
                        return eng.fresh(at_head["mig"], run_db)
                    db = eng.fresh(tpl, run_db)
                    sh(["sqlite3", "-bail", db, "DROP TABLE alembic_version"])
                    return db

                variants.append(("raw SQL, mig's tables", state_prep, raw_run))
            if with_alembic:
                def al_prep(direction=direction):
                    return eng.fresh(empty if direction == "up" else at_head["alembic"], run_db)

                def al_run(db, direction=direction):
                    env = dict(os.environ)
                    env["MIG_BENCH_URL"] = eng.url(db)
                    return timed([PY, "-m", "alembic", "-c", os.path.join(d, "alembic", "alembic.ini"),
                                  "upgrade" if direction == "up" else "downgrade",
                                  "head" if direction == "up" else "base"], env=env)

                variants.append(("Alembic", al_prep, al_run))
            res = round_robin(variants, rounds, "W1 %s N=%d %s" % (eng.key, n, direction))
            row = {"engine": eng.name, "n": n, "dir": direction, "rounds": rounds,
                   "raw": med([x[0] for x in res["raw SQL"]]),
                   "mig": med([x[0] for x in res["mig"]]),
                   "mig_rss": max(x[1] for x in res["mig"]) if eng.key == "sqlite" else None,
                   "mig_ratio": paired_ratio(res, "mig", "raw SQL")}
            if "raw SQL, mig's tables" in res:
                row["raw_state"] = med([x[0] for x in res["raw SQL, mig's tables"]])
                row["state_ratio"] = paired_ratio(res, "mig", "raw SQL, mig's tables")
            if with_alembic:
                row["alembic"] = med([x[0] for x in res["Alembic"]])
                row["alembic_ratio"] = paired_ratio(res, "Alembic", "mig")
                row["alembic_raw"] = paired_ratio(res, "Alembic", "raw SQL")
            rows.append(row)
        # the version each left, checked once
        got = eng.query(at_head["mig"], "SELECT version_num FROM alembic_version")
        if got != gen.rid(n):
            raise RuntimeError("mig at head: alembic_version %r, expected %s" % (got, gen.rid(n)))
    results["w1"] = results.get("w1", []) + rows


def w2(args, eng, work, results):
    """The no-op upgrade at head: per call, many calls in one process."""
    rows = []
    for n in [int(x) for x in args.w2.split(",")]:
        d = os.path.join(work, "linear%d" % n)
        if not os.path.isdir(d):
            gen.gen_linear(n, d)
        log("== W2 %s, N = %d" % (eng.name, n))
        db = eng.fresh(None, "w2_%d" % n)
        if eng.key == "pg":
            sh(eng.call(db, "CREATE EXTENSION mig"))
        sh(eng.register_dir(db, eng.readable(os.path.join(d, "mig"))))
        sh(eng.call(db, "SELECT mig_upgrade('head')"))
        calls = args.w2_calls
        first = eng.per_call(db, "mig_upgrade('head')", 1, 1)
        mig = eng.per_call(db, "mig_upgrade('head')", calls, 9)
        cur = eng.per_call(db, "mig_current()", calls, 9)
        floor = eng.per_call(db, "(SELECT version_num FROM alembic_version)", calls, 9,
                             load=False)
        rows.append({"engine": eng.name, "n": n, "calls": calls,
                     "mig": med(mig), "first": first[0], "current": med(cur),
                     "floor": med(floor)})
        log("   mig_upgrade no-op: median %.3f ms (first %.3f ms); mig_current %.3f ms; "
            "SELECT from alembic_version %.3f ms"
            % (rows[-1]["mig"] * 1e3, mig[0] * 1e3, rows[-1]["current"] * 1e3,
               rows[-1]["floor"] * 1e3))
        if not args.no_alembic and n <= args.alembic_max:
            adb = eng.fresh(None, "w2_al_%d" % n)
            env = dict(os.environ)
            env["MIG_BENCH_URL"] = eng.url(adb)
            ini = os.path.join(d, "alembic", "alembic.ini")
            sh([PY, "-m", "alembic", "-c", ini, "upgrade", "head"], env=env)
            ts = [timed([PY, "-m", "alembic", "-c", ini, "upgrade", "head"], env=env)[0]
                  for _ in range(3)]
            rows[-1]["alembic"] = med(ts)
            log("   Alembic no-op upgrade (whole process): %.3f s" % med(ts))
    results["w2"] = results.get("w2", []) + rows


def w3(args, eng, work, results):
    """Planning over big graphs: heads, history, <label>@head, heads from base."""
    rows = []
    for n in [int(x) for x in args.w3.split(",")]:
        d = os.path.join(work, "graph%d" % n)
        if not os.path.isdir(d):
            gen.gen_graph(n, d)
        log("== W3 %s, N = %d" % (eng.name, n))
        db = eng.fresh(None, "w3_%d" % n)
        if eng.key == "pg":
            sh(eng.call(db, "CREATE EXTENSION mig"))
        sh(eng.register_dir(db, eng.readable(os.path.join(d, "mig"))))
        k = args.w3_calls
        # correlated with the series (value > 0), or the engines would
        # count the history once and reuse it for every row of a batch
        hist = "(SELECT count(*) FROM mig_history%s WHERE value > 0)" % (
            "()" if eng.key == "pg" else "")
        # what reading the graph's columns costs the engine alone
        cols = ("(SELECT max(revision || coalesce(down_revision, '') || "
                "coalesce(branch_labels, '') || coalesce(depends_on, '') || "
                "coalesce(message, '') || checksum) FROM mig_revision WHERE value > 0)")
        ops = [("plain SQL reading the graph's columns", cols),
               ("mig_heads()", "mig_heads()"),
               ("count(*) of mig_history", hist),
               ("mig_sql('upgrade', 'side@head')", "mig_sql('upgrade', 'side@head')"),
               ("mig_sql('upgrade', 'heads')", "mig_sql('upgrade', 'heads')")]
        row = {"engine": eng.name, "n": n}
        for label, sql in ops:
            # a new session each time: its first call reads the graph
            # (cold), the others find it kept (warm)
            cold = eng.per_call(db, sql, 1, 1)[0]
            # batches of 10 make sub-millisecond calls measurable; a call
            # that renders 100,000 steps is measured alone
            ts = eng.per_call(db, sql, 10 if n <= 10000 or "mig_sql" not in label else 1, k)
            row[label] = med(ts)
            row[label + " cold"] = cold
            log("   %-34s first call %.1f ms, then median %.1f ms of %d"
                % (label, cold * 1e3, med(ts) * 1e3, k))
        if eng.key == "sqlite":
            row.update(upgrade_memory(eng, db, n))
            log("   upgrade to heads: max %d bytes (SQLite's count, mig's memory included)"
                % row["mem_max"])
        rows.append(row)
    results["w3"] = results.get("w3", []) + rows


def upgrade_memory(eng, db, n):
    """SQLite: the most memory the connection held (sqlite3_memory_used's
    high-water mark, mig's allocations included) while mig_upgrade('heads')
    ran the graph's N revisions, their scripts nearly empty; with the
    script text and the report's size, to subtract."""
    mdb = eng.fresh(db, "w3_mem_%d" % n)
    script = os.path.join(eng.tmp, "mem.sql")
    with open(script, "w") as f:
        f.write(".load %s\n.stats on\nSELECT length(mig_upgrade('heads'));\n" % eng.so)
    out = sh(["sqlite3", "-bail", mdb], stdin=open(script))
    report_len = int(out.split()[0])
    used = re.search(r"Memory Used:\s+\d+ \(max (\d+)\)", out)
    scripts = int(eng.query(mdb, "SELECT sum(length(script)) FROM mig_revision"))
    return {"mem_max": int(used.group(1)), "mem_report": report_len, "mem_scripts": scripts}


def w3_core(args, work, results):
    """The same planning inside the core, no engine (plan_bench.c)."""
    rows = []
    exe = os.path.join(work, "plan_bench")
    sh(["cc", "-O2", "-Wall", "-Wextra", "-Werror", "-I", os.path.join(ROOT, "shared"),
        "-o", exe, os.path.join(HERE, "plan_bench.c")] +
       sorted(os.path.join(ROOT, "shared", f) for f in os.listdir(os.path.join(ROOT, "shared"))
              if f.endswith(".c")))
    for n in [int(x) for x in args.w3.split(",")]:
        d = os.path.join(work, "graph%d" % n)
        if not os.path.isdir(d):
            gen.gen_graph(n, d)
        out = sh([exe, os.path.join(d, "graph.tsv"), str(args.w3_calls)])
        row = {"n": n}
        for line in out.splitlines():
            name, median, _ = line.split()
            row[name] = float(median) / 1e3
        rows.append(row)
        log("== W3 core, N = %d: build %.1f ms, heads %.2f ms, side@head %.2f ms, heads plan %.2f ms"
            % (n, row["build"] * 1e3, row["heads"] * 1e3, row["plan_label"] * 1e3,
               row["plan_heads"] * 1e3))
    results["w3core"] = rows


def w4(args, eng, work, results):
    """mig_register_dir of N files, against reading the same files into a
    table by hand (the limit) and Alembic loading the same history."""
    rows = []
    for n in [int(x) for x in args.w4.split(",")]:
        d = os.path.join(work, "linear%d" % n)
        if not os.path.isdir(d):
            gen.gen_linear(n, d)
        migdir = eng.readable(os.path.join(d, "mig"))
        rounds = rounds_for(args, n)
        log("== W4 %s, N = %d (%d rounds)" % (eng.name, n, rounds))
        empty = eng.fresh(None, "w4_empty_%d" % n)
        if eng.key == "pg":
            sh(eng.call(empty, "CREATE EXTENSION mig"))
        # the limit: the same files' text into a table, one statement
        if eng.key == "sqlite":
            limit_sql = ("CREATE TABLE f(name TEXT PRIMARY KEY, body TEXT); INSERT INTO f "
                         "SELECT name, data FROM fsdir('%s') WHERE name LIKE '%%.sql'" % migdir)
        else:
            limit_sql = ("CREATE TABLE f(name text PRIMARY KEY, body text); INSERT INTO f "
                         "SELECT n, pg_read_file('%s/' || n) FROM pg_ls_dir('%s') n "
                         "WHERE n LIKE '%%.sql'" % (migdir, migdir))

        def prep():
            return eng.fresh(empty, "w4_run_%d" % n)

        variants = [("files into a table", prep,
                     lambda db: timed(eng.call(db, limit_sql) if eng.key == "pg" else
                                      ["sqlite3", "-bail", db, limit_sql])),
                    ("mig_register_dir", prep, lambda db: timed(eng.register_dir(db, migdir)))]
        res = round_robin(variants, rounds, "W4 %s N=%d" % (eng.key, n))
        row = {"engine": eng.name, "n": n, "rounds": rounds,
               "limit": med([x[0] for x in res["files into a table"]]),
               "mig": med([x[0] for x in res["mig_register_dir"]]),
               "mig_rss": max(x[1] for x in res["mig_register_dir"]) if eng.key == "sqlite" else None,
               "ratio": paired_ratio(res, "mig_register_dir", "files into a table")}
        if not args.no_alembic and n <= args.alembic_max and eng.key == "sqlite":
            ini = os.path.join(d, "alembic", "alembic.ini")
            env = dict(os.environ)
            env["MIG_BENCH_URL"] = "sqlite:///" + os.path.join(eng.tmp, "unused.db")
            ts = [timed([PY, "-m", "alembic", "-c", ini, "heads"], env=env)[0]
                  for _ in range(rounds)]
            row["alembic_heads"] = med(ts)
        rows.append(row)
        log("   mig_register_dir %.3f s (limit %.3f s, %.2fx)" % (row["mig"], row["limit"], row["ratio"]))
    results["w4"] = results.get("w4", []) + rows


# ------------------------------------------------------------ report

def fmt_s(x):
    if x != x:
        return "-"
    return "%.3f" % x if x < 10 else "%.1f" % x


def fmt_mb(kib):
    """Max RSS: the sqlite3 process's; on PostgreSQL mig runs in the
    server, so psql's own says nothing (-)."""
    return "-" if kib is None else "%.1f MB" % (kib / 1024)


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return "`nproc` %d; %s; %.1f GiB RAM; Linux %s" % (os.cpu_count(), cpu, mem, platform.release())


def plot(results, outdir):
    """W1 and W3 scaling curves as PNG (gnuplot); returns the file names."""
    if not shutil.which("gnuplot"):
        log("(no gnuplot: no plots)")
        return []
    made = []
    tmp = tempfile.mkdtemp(prefix="mig-plot.")
    w1 = [r for r in results.get("w1", []) if r["dir"] == "up"]
    if w1:
        series = []
        for eng in ("SQLite", "PostgreSQL"):
            for key, label in (("raw", "raw SQL"), ("mig", "mig"), ("alembic", "Alembic")):
                pts = [(r["n"], r[key]) for r in w1 if r["engine"] == eng and key in r]
                if pts:
                    f = os.path.join(tmp, "w1_%s_%s.dat" % (eng, key))
                    with open(f, "w") as fh:
                        fh.writelines("%d %f\n" % p for p in pts)
                    series.append((f, "%s, %s" % (label, eng)))
        made.append(gnuplot(series, os.path.join(outdir, "w1_upgrade.png"),
                            "W1: mig_upgrade('head') from empty, N linear revisions",
                            "revisions N", "seconds (whole process)"))
    w3 = results.get("w3", [])
    if w3:
        series = []
        core = results.get("w3core", [])
        for key, label in (("build", "core: build the graph"), ("plan_heads", "core: plan heads")):
            f = os.path.join(tmp, "w3core_%s.dat" % key)
            with open(f, "w") as fh:
                fh.writelines("%d %f\n" % (r["n"], r[key] * 1e3) for r in core)
            series.append((f, label))
        for eng in ("SQLite", "PostgreSQL"):
            for key in ("mig_heads()", "count(*) of mig_history", "mig_sql('upgrade', 'heads')"):
                pts = [(r["n"], r[key] * 1e3) for r in w3 if r["engine"] == eng]
                if pts:
                    f = os.path.join(tmp, "w3_%s_%d.dat" % (eng, len(series)))
                    with open(f, "w") as fh:
                        fh.writelines("%d %f\n" % p for p in pts)
                    series.append((f, "%s, %s" % (key.replace("_", "\\\\_"), eng)))
        made.append(gnuplot(series, os.path.join(outdir, "w3_planning.png"),
                            "W3: one call over a graph of N revisions",
                            "revisions N", "milliseconds per call"))
    shutil.rmtree(tmp)
    return [m for m in made if m]


def gnuplot(series, png, title, xl, yl):
    cmds = ["set terminal pngcairo size 900,560" if has_cairo() else "set terminal png size 900,560",
            "set output '%s'" % png, "set title \"%s\"" % title.replace("_", "\\\\_"),
            "set logscale xy", "set grid", "set key left top",
            "set xlabel '%s'" % xl, "set ylabel '%s'" % yl]
    plots = ["'%s' using 1:2 with linespoints title \"%s\"" % (f, t) for f, t in series]
    cmds.append("plot " + ", ".join(plots))
    subprocess.run(["gnuplot"], input="\n".join(cmds) + "\n", text=True, check=True)
    return os.path.basename(png)


def has_cairo():
    p = subprocess.run(["gnuplot", "-e", "set terminal"], capture_output=True, text=True)
    return "pngcairo" in (p.stdout + p.stderr)


def report(args, results, pngs, started):
    L = []
    L.append("<!-- BEGIN W1-W4 scale: written by bench/run_scale.sh -->")
    L.append("# W1-W4: long histories, the no-op call, planning, registration\n")
    L.append("Written by `make bench` (bench/run_scale.sh, bench/scale/bench.py); do not edit "
             "by hand, rerun it. Machines are noisy: compare the variants of one run with each "
             "other, not with other machines.\n")
    L.append("## Machine and run\n")
    L.append("- %s UTC; %s" % (started, machine()))
    L.append("- %s; %s" % (args.versions, args.mig_version))
    L.append("- Workloads from bench/scale/gen.py. Linear history: revision i creates table "
             "t<k> when i %% 10 = 1, else adds a column to it (N = 10,000: 1,000 tables of 10 "
             "columns). Graph: a trunk with 500 branch points, each side branch merged back, "
             "a depends_on edge in every side branch, and a labelled branch `side` left open "
             "(two heads).")
    L.append("- Process-level figures (W1, W4): each run a whole process (`sqlite3`, `psql`, "
             "`python3 -m alembic`), start-up included, on an untimed fresh copy of its input "
             "(file copy; `CREATE DATABASE ... TEMPLATE`); variants round-robin, the first "
             "rotating each round; medians; ratios per round, then their median. Per-call "
             "figures (W2, W3): many calls in one process, timed by the sqlite3 shell's `.timer` "
             "or psql's `\\timing` (which includes the round trip on the unix socket); the median "
             "call.\n")
    goals = {}
    w1 = results.get("w1", [])
    if w1:
        L.append("## W1: a long history, upgrade from empty and downgrade to base\n")
        L.append("Raw SQL (the limit): the same DDL statements and the same alembic_version "
                 "updates in one transaction, run by the `sqlite3` shell / `psql -f`. mig: "
                 "`SELECT mig_upgrade('head')` / `mig_downgrade('base')` with the scripts "
                 "registered beforehand (registration is W4). Alembic: `python3 -m alembic "
                 "upgrade head` / `downgrade base` on the same history written as Alembic "
                 "scripts (`op.create_table`, `op.add_column`, `op.drop_column`).\n")
        L.append("| engine | N | direction | rounds | raw SQL s | mig s | mig / raw SQL | raw SQL, mig's tables present s | mig / that | mig max RSS | Alembic s | Alembic / mig | Alembic / raw SQL |")
        L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in w1:
            L.append("| %s | %s | %s | %d | %s | %s | %.2fx | %s | %s | %s | %s | %s | %s |" % (
                r["engine"], "{:,}".format(r["n"]), r["dir"], r["rounds"], fmt_s(r["raw"]),
                fmt_s(r["mig"]), r["mig_ratio"],
                fmt_s(r["raw_state"]) if "raw_state" in r else "-",
                "%.2fx" % r["state_ratio"] if "state_ratio" in r else "-",
                fmt_mb(r["mig_rss"]),
                fmt_s(r.get("alembic", float("nan"))),
                "%.1fx" % r["alembic_ratio"] if "alembic_ratio" in r else "-",
                "%.1fx" % r["alembic_raw"] if "alembic_raw" in r else "-"))
        L.append("\nThe last column bounds the one before it: no implementation can be faster "
                 "than the same statements run by hand, so \"Alembic / mig\" can never pass "
                 "\"Alembic / raw SQL\".")
        L.append("\n\"Raw SQL, mig's tables present\" (SQLite) runs the same raw SQL in a "
                 "database that also holds mig's state tables (mig_revision, mig_log, "
                 "mig_snapshot). SQLite reads every table's CREATE statement again at each "
                 "ALTER TABLE, so mig's tables make each ALTER dearer for any tool that keeps "
                 "its state in the database: \"mig / that\" is mig's own work, the rest of "
                 "\"mig / raw SQL\" is that cost, which shrinks as the schema grows.")
        worst = max(r["mig_ratio"] for r in w1)
        ws = [r["state_ratio"] for r in w1 if "state_ratio" in r]
        goals["W1: within 1.3x of raw SQL"] = "%s (worst %.2fx%s)" % (
            "met" if worst <= 1.3 else "**not met**", worst,
            "; mig's own work at most %.2fx of the same SQL in a database holding mig's tables"
            % max(ws) if ws else "")
        k = [r for r in w1 if r["n"] == 1000 and "alembic_ratio" in r]
        if k:
            least = min(r["alembic_ratio"] for r in k)
            bound = max(r["alembic_raw"] for r in k)
            goals["W1: at N = 1,000, at least 50x faster than Alembic"] = \
                "%s (least %.1fx; on this workload even the raw SQL is at most %.1fx faster "\
                "than Alembic, so 50x cannot be reached by any tool)" % (
                    "met" if least >= 50 else "**not met**", least, bound)
        L.append("")
    w2 = results.get("w2", [])
    if w2:
        L.append("## W2: the no-op call (already at head)\n")
        L.append("`SELECT count(mig_upgrade('head')) FROM generate_series(1, %d)` timed 9 times "
                 "in one process, divided by the calls: the median (the first call of a session "
                 "apart); for scale, `mig_current()` and a plain `SELECT version_num FROM "
                 "alembic_version` in the same way, and Alembic's no-op `upgrade head` as a "
                 "whole process (what a deploy pays with Alembic).\n" % w2[0]["calls"])
        L.append("| engine | N | mig_upgrade no-op, ms per call | first call ms | mig_current ms | SELECT alembic_version ms | Alembic no-op (process) s |")
        L.append("|---|---|---|---|---|---|---|")
        for r in w2:
            L.append("| %s | %s | %.3f | %s | %.3f | %.3f | %s |" % (
                r["engine"], "{:,}".format(r["n"]), r["mig"] * 1e3,
                "%.3f" % (r["first"] * 1e3) if r["first"] > 0 else "< 1",
                r["current"] * 1e3, r["floor"] * 1e3, fmt_s(r.get("alembic", float("nan")))))
        k = [r for r in w2 if r["n"] == 10000]
        if k:
            worst = max(r["mig"] for r in k) * 1e3
            goals["W2: under 1 ms per no-op call at N = 10,000"] = "%s (worst %.2f ms)" % (
                "met" if worst < 1 else "**not met**", worst)
        L.append("")
    w3 = results.get("w3", [])
    w3core = results.get("w3core", [])
    if w3core:
        L.append("## W3: planning over big graphs\n")
        L.append("In the core, without an engine (bench/scale/plan_bench.c, median of %d): "
                 "build the graph from mig_revision's rows (what a call does when the graph "
                 "is not kept yet), its heads, then resolve and plan from base.\n" % args.w3_calls)
        L.append("| N | build the graph ms | heads ms | plan `side@head` ms | plan `heads` ms |")
        L.append("|---|---|---|---|---|")
        for r in w3core:
            L.append("| %s | %.2f | %.3f | %.2f | %.2f |" % (
                "{:,}".format(r["n"]), r["build"] * 1e3, r["heads"] * 1e3,
                r["plan_label"] * 1e3, r["plan_heads"] * 1e3))
        if len(w3core) >= 2:
            a, b = w3core[0], w3core[-1]
            L.append("\nFrom N = %s to %s (%dx): building %.1fx the time, planning `heads` "
                     "%.1fx." % ("{:,}".format(a["n"]), "{:,}".format(b["n"]), b["n"] // a["n"],
                                b["build"] / a["build"], b["plan_heads"] / a["plan_heads"]))
        L.append("")
        k = [r for r in w3core if r["n"] == 100000]
        if k:
            t = (k[0]["plan_label"] + k[0]["plan_heads"]) * 1e3
            goals["W3: planning under 50 ms at N = 100,000 (core)"] = \
                "%s (resolve and plan `side@head` and `heads` %.1f ms; building the graph "\
                "first %.0f ms)" % ("met" if t < 50 else "**not met**", t, k[0]["build"] * 1e3)
    if w3:
        L.append("Through the engines, one call in a session: the first (the session reads "
                 "the graph) and then the median of %d (it keeps it; docs/functions.md, "
                 "\"Speed\"). `mig_sql` also renders the SQL of every step, reading every "
                 "script on the path.\n" % args.w3_calls)
        keys = ["plain SQL reading the graph's columns", "mig_heads()",
                "count(*) of mig_history", "mig_sql('upgrade', 'side@head')",
                "mig_sql('upgrade', 'heads')"]
        L.append("| engine | N | " + " | ".join("%s ms, first / then" % k for k in keys) + " |")
        L.append("|---|---|" + "---|" * len(keys))
        for r in w3:
            L.append("| %s | %s | " % (r["engine"], "{:,}".format(r["n"])) +
                     " | ".join("%.1f / %.1f" % (r[k + " cold"] * 1e3, r[k] * 1e3)
                                for k in keys) + " |")
        k = [r for r in w3 if r["n"] == 100000]
        if k:
            warm = max(r["mig_heads()"] for r in k) * 1e3
            cold = max(r["mig_heads() cold"] for r in k) * 1e3
            floor = max(r["plain SQL reading the graph's columns cold"] for r in k) * 1e3
            goals["W3: mig_heads() under 50 ms at N = 100,000"] = \
                "%s once the session has the graph (worst %.1f ms); **not met** by a session's "\
                "first call (worst %.0f ms; the engine alone takes up to %.0f ms to read the "\
                "same 100,000 rows in a new session)" % (
                    "met" if warm < 50 else "**not met**", warm, cold, floor) if cold >= 50 else \
                "met (first call worst %.0f ms, then %.1f ms)" % (cold, warm)
        # growth: time per revision from the smallest to the largest N
        for eng in ("SQLite", "PostgreSQL"):
            rs = sorted([r for r in w3 if r["engine"] == eng], key=lambda r: r["n"])
            if len(rs) >= 2:
                a, b = rs[0], rs[-1]
                L.append("\n%s, from N = %s to %s (%dx the revisions): " % (
                    eng, "{:,}".format(a["n"]), "{:,}".format(b["n"]), b["n"] // a["n"]) +
                    "; ".join("%s %.1fx the time" % (k, b[k] / max(a[k], 1e-6)) for k in keys) + ".")
        L.append("")
    w4 = results.get("w4", [])
    if w4:
        L.append("## W4: registration\n")
        L.append("`mig_register_dir` of N script files into an empty state (parse, checksum, "
                 "graph checks, store), against the limit: the same files' text into a table "
                 "in one statement (`fsdir()` in the sqlite3 shell; `pg_read_file` on "
                 "PostgreSQL). For scale, Alembic's `heads` (loading the same history, no "
                 "database).\n")
        L.append("| engine | N | rounds | files into a table s | mig_register_dir s | ratio | mig max RSS | Alembic heads s |")
        L.append("|---|---|---|---|---|---|---|---|")
        for r in w4:
            L.append("| %s | %s | %d | %s | %s | %.2fx | %s | %s |" % (
                r["engine"], "{:,}".format(r["n"]), r["rounds"], fmt_s(r["limit"]),
                fmt_s(r["mig"]), r["ratio"], fmt_mb(r["mig_rss"]),
                fmt_s(r.get("alembic_heads", float("nan")))))
        for eng in ("SQLite", "PostgreSQL"):
            rs = sorted([r for r in w4 if r["engine"] == eng], key=lambda r: r["n"])
            if len(rs) >= 2:
                a, b = rs[0], rs[-1]
                L.append("\n%s, from N = %s to %s files (%dx): mig_register_dir %.1fx the "
                         "time, the limit %.1fx." % (
                             eng, "{:,}".format(a["n"]), "{:,}".format(b["n"]), b["n"] // a["n"],
                             b["mig"] / a["mig"], b["limit"] / a["limit"]))
        L.append("")
    mem = sorted([r for r in w3 if "mem_max" in r], key=lambda r: r["n"])
    if len(mem) >= 2:
        L.append("## Memory per revision\n")
        L.append("SQLite: the most memory the connection held (`.stats`: SQLite's own count, "
                 "which includes everything mig allocates) while `mig_upgrade('heads')` ran the "
                 "W3 graph's revisions (scripts nearly empty, so no table grows), with the "
                 "scripts' text and the size of the report the call returns (a line per "
                 "revision).\n")
        L.append("| N | max memory MB | script text MB | report MB |")
        L.append("|---|---|---|---|")
        for r in mem:
            L.append("| %s | %.1f | %.1f | %.1f |" % (
                "{:,}".format(r["n"]), r["mem_max"] / 1e6, r["mem_scripts"] / 1e6,
                r["mem_report"] / 1e6))
        # the two largest: SQLite's page cache (2 MB by default) has stopped
        # growing with the database there
        a, b = mem[-2], mem[-1]
        dn = b["n"] - a["n"]
        per = (b["mem_max"] - a["mem_max"]) / dn
        text = (b["mem_scripts"] - a["mem_scripts"]) / dn
        rep = (b["mem_report"] - a["mem_report"]) / dn
        L.append("\nFrom N = %s to %s (the two largest: below them SQLite's page cache, 2 MB "
                 "at most by default, still grows with the database): %.0f bytes per revision, "
                 "of which %.0f the script text and %.0f the report: %.0f bytes beyond "
                 "them.\n" % (
                     "{:,}".format(a["n"]), "{:,}".format(b["n"]), per, text, rep,
                     per - text - rep))
        goals["Memory: a few hundred bytes per revision beyond the script text"] = \
            "%s (%.0f bytes beyond the script text and the report, %.0f with the report)" % (
                "met" if per - text - rep < 500 else "**not met**", per - text - rep,
                per - text)
    if w1:
        L.append("## Memory\n")
        L.append("Max RSS of the whole `sqlite3` process (the shell, SQLite's page cache and "
                 "schema, and mig) for `mig_upgrade('head')`, by N; W5 above shows it does not "
                 "depend on the number of rows. It includes the schema snapshot taken at the "
                 "end (mig_drift), which grows with the tables (N / 10 here), not the "
                 "revisions.\n")
        rs = [r for r in w1 if r["engine"] == "SQLite" and r["dir"] == "up"
              and r["mig_rss"] is not None]
        if len(rs) >= 2:
            a, b = rs[0], rs[-1]
            per = (b["mig_rss"] - a["mig_rss"]) * 1024 / (b["n"] - a["n"])
            L.append("SQLite: %.1f MB at N = %s, %.1f MB at N = %s: %.0f bytes per revision "
                     "(script text included; every table's schema is in SQLite's cache too).\n"
                     % (a["mig_rss"] / 1024, "{:,}".format(a["n"]), b["mig_rss"] / 1024,
                        "{:,}".format(b["n"]), per))
    if goals:
        L.append("## Goals\n")
        L.append("| goal | result |")
        L.append("|---|---|")
        for g, v in goals.items():
            L.append("| %s | %s |" % (g, v))
        L.append("")
    for p in pngs:
        L.append("![%s](%s)\n" % (p, p))
    L.append("<!-- END W1-W4 scale -->")
    return "\n".join(L) + "\n"


def write_section(path, text):
    old = open(path).read() if os.path.exists(path) else ""
    b = "<!-- BEGIN W1-W4 scale"
    e = "<!-- END W1-W4 scale -->"
    if b in old and e in old:
        new = old[:old.index(b)] + text.rstrip("\n") + old[old.index(e) + len(e):]
    else:
        new = text + ("\n" + old if old else "")
    with open(path, "w") as f:
        f.write(new)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mig-so", required=True)
    ap.add_argument("--mig-version", default="mig")
    ap.add_argument("--versions", default="")
    ap.add_argument("--engines", default="sqlite,pg")
    ap.add_argument("--workloads", default="w1,w2,w3,w4")
    ap.add_argument("--w1", default="100,1000,10000")
    ap.add_argument("--w2", default="100,1000,10000")
    ap.add_argument("--w3", default="1000,10000,100000")
    ap.add_argument("--w4", default="1000,10000")
    ap.add_argument("--rounds", default="100:7,1000:5,100000:1",
                    help="size:rounds,... (the first size >= N)")
    ap.add_argument("--alembic-max", type=int, default=1000)
    ap.add_argument("--no-alembic", action="store_true")
    ap.add_argument("--w2-calls", type=int, default=100)
    ap.add_argument("--w3-calls", type=int, default=9)
    ap.add_argument("--out")
    ap.add_argument("--plots", help="folder for the PNG files (default: beside --out)")
    args = ap.parse_args()
    started = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M")
    tmp = tempfile.mkdtemp(prefix="mig-scale.")
    os.chmod(tmp, 0o755)
    results = {}
    try:
        engines = []
        if "sqlite" in args.engines:
            engines.append(Sqlite(args.mig_so, tmp))
        if "pg" in args.engines:
            engines.append(Pg(tmp))
        for eng in engines:
            for w in args.workloads.split(","):
                {"w1": w1, "w2": w2, "w3": w3, "w4": w4}[w](args, eng, tmp, results)
        if "w3" in args.workloads:
            w3_core(args, tmp, results)
        pngs = []
        if args.out:
            pngs = plot(results, args.plots or os.path.dirname(os.path.abspath(args.out)))
        text = report(args, results, pngs, started)
        print(text)
        if args.out:
            write_section(args.out, text)
            log("== wrote %s" % args.out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
