#!/usr/bin/python3
"""Generate the scale workloads of bench/scale (W1-W4) into a folder.

  gen.py linear N DIR   W1/W2/W4: N linear revisions.  Revision i (from 1)
                        creates table t<k> when i % 10 == 1, else adds
                        column c<j> to the newest table.  Writes
                          DIR/mig/<id>_r<i>.sql       mig scripts
                          DIR/raw_{sqlite,pg}_{up,down}.sql
                              the same DDL and the same alembic_version
                              updates, in one transaction (the limit)
                          DIR/alembic/...             the same history for
                              Alembic (op.create_table / op.add_column)
  gen.py graph N DIR    W3: N revisions with 500 branch points, each
                        branch merged back, depends_on edges across
                        branches, and a labelled side branch; scripts with
                        empty sections (planning only).  Writes DIR/mig/.

Revision ids are 12 hex digits, like Alembic's.
"""
import os
import sys


def rid(i):
    return "%012x" % (0xa0000000000 + i)


def linear_ddl(i):
    """(upgrade, downgrade) DDL of revision i of the linear history."""
    k = (i - 1) // 10
    j = (i - 1) % 10
    if j == 0:
        return ("CREATE TABLE t%d (id INTEGER PRIMARY KEY, name TEXT)" % k,
                "DROP TABLE t%d" % k)
    return ("ALTER TABLE t%d ADD COLUMN c%d TEXT" % (k, j),
            "ALTER TABLE t%d DROP COLUMN c%d" % (k, j))


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def gen_linear(n, out):
    os.makedirs(os.path.join(out, "mig"), exist_ok=True)
    for i in range(1, n + 1):
        up, down = linear_ddl(i)
        write(os.path.join(out, "mig", "%s_r%d.sql" % (rid(i), i)),
              "-- mig:revision %s\n-- mig:down_revision %s\n-- mig:message r%d\n"
              "-- mig:upgrade\n%s;\n-- mig:downgrade\n%s;\n"
              % (rid(i), rid(i - 1) if i > 1 else "none", i, up, down))
    # the limit: the same DDL and version updates, one transaction
    ver = ("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
           "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));\n")
    for engine in ("sqlite", "pg"):
        lines = ["BEGIN;", ver.strip()]
        for i in range(1, n + 1):
            lines.append(linear_ddl(i)[0] + ";")
            if i == 1:
                lines.append("INSERT INTO alembic_version (version_num) VALUES ('%s');" % rid(1))
            else:
                lines.append("UPDATE alembic_version SET version_num='%s' WHERE "
                             "alembic_version.version_num = '%s';" % (rid(i), rid(i - 1)))
        lines.append("COMMIT;")
        write(os.path.join(out, "raw_%s_up.sql" % engine), "\n".join(lines) + "\n")
        lines = ["BEGIN;"]
        for i in range(n, 0, -1):
            lines.append(linear_ddl(i)[1] + ";")
            if i == 1:
                lines.append("DELETE FROM alembic_version WHERE "
                             "alembic_version.version_num = '%s';" % rid(1))
            else:
                lines.append("UPDATE alembic_version SET version_num='%s' WHERE "
                             "alembic_version.version_num = '%s';" % (rid(i - 1), rid(i)))
        lines.append("COMMIT;")
        write(os.path.join(out, "raw_%s_down.sql" % engine), "\n".join(lines) + "\n")
    gen_alembic(n, os.path.join(out, "alembic"))


def gen_alembic(n, out):
    """An Alembic project: env.py reads the URL from MIG_BENCH_URL."""
    os.makedirs(os.path.join(out, "versions"), exist_ok=True)
    write(os.path.join(out, "alembic.ini"),
          "[alembic]\nscript_location = %s\n\n"
          "[loggers]\nkeys = root\n[handlers]\nkeys = null\n[formatters]\nkeys =\n"
          "[logger_root]\nlevel = WARN\nhandlers = null\n"
          "[handler_null]\nclass = NullHandler\nargs = ()\n" % out)
    write(os.path.join(out, "env.py"),
          "import os\n"
          "from alembic import context\n"
          "from sqlalchemy import create_engine\n\n"
          "engine = create_engine(os.environ['MIG_BENCH_URL'])\n"
          "with engine.connect() as connection:\n"
          "    context.configure(connection=connection, target_metadata=None,\n"
          "                      transaction_per_migration=False)\n"
          "    with context.begin_transaction():\n"
          "        context.run_migrations()\n")
    write(os.path.join(out, "script.py.mako"), "")
    for i in range(1, n + 1):
        k = (i - 1) // 10
        j = (i - 1) % 10
        if j == 0:
            up = ("    op.create_table('t%d', sa.Column('id', sa.Integer, primary_key=True),\n"
                  "                    sa.Column('name', sa.Text))" % k)
            down = "    op.drop_table('t%d')" % k
        else:
            up = "    op.add_column('t%d', sa.Column('c%d', sa.Text))" % (k, j)
            down = "    op.drop_column('t%d', 'c%d')" % (k, j)
        write(os.path.join(out, "versions", "%s_r%d.py" % (rid(i), i)),
              '"""r%d"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
              "revision = '%s'\ndown_revision = %s\nbranch_labels = None\n"
              "depends_on = None\n\n\ndef upgrade():\n%s\n\n\ndef downgrade():\n%s\n"
              % (i, rid(i), "'%s'" % rid(i - 1) if i > 1 else "None", up, down))


def gen_graph(n, out, branch_points=500):
    """A trunk with branch_points side branches, each merged back into the
    trunk by a merge revision; every side branch's middle revision
    depends_on a trunk revision of another branch's span; one labelled
    side branch ('side') that stays open, so there are two heads."""
    os.makedirs(os.path.join(out, "mig"), exist_ok=True)
    revs = []                       # (id, downs, labels, depends)
    # each branch point costs: L side revisions + 1 merge, on a trunk span
    per = n // branch_points        # revisions per span
    side_len = max(1, per // 4)
    trunk = None
    count = 0
    last_trunk_of_span = []

    def add(downs, labels=None, depends=None):
        nonlocal count
        count += 1
        r = rid(count)
        revs.append((r, downs, labels, depends))
        return r

    for b in range(branch_points):
        if count >= n:
            break
        start = add([trunk] if trunk else [])
        trunk = start
        side = start
        for s in range(side_len):
            dep = None
            if s == side_len // 2 and last_trunk_of_span:
                dep = [last_trunk_of_span[len(last_trunk_of_span) // 2]]
            side = add([side], depends=dep)
        for t in range(per - side_len - 2):
            trunk = add([trunk])
        trunk = add([trunk, side])          # the merge
        last_trunk_of_span.append(trunk)
    while count < n - 3:
        trunk = add([trunk])
    # a labelled branch left open: heads = the trunk's and 'side'
    mid = revs[len(revs) // 2][0]
    s = add([mid], labels=["side"])
    s = add([s])
    trunk = add([trunk])
    with open(os.path.join(out, "graph.tsv"), "w") as f:
        for r, downs, labels, depends in revs:
            f.write("%s\t%s\t%s\t%s\n" % (r, ",".join(downs), ",".join(labels or []),
                                          ",".join(depends or [])))
    for r, downs, labels, depends in revs:
        hdr = "-- mig:revision %s\n-- mig:down_revision %s\n" % (
            r, ", ".join(downs) if downs else "none")
        if labels:
            hdr += "-- mig:branch_labels %s\n" % ",".join(labels)
        if depends:
            hdr += "-- mig:depends_on %s\n" % ",".join(depends)
        write(os.path.join(out, "mig", "%s.sql" % r),
              hdr + "-- mig:upgrade\n-- mig:downgrade\n")
    return len(revs)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("linear", "graph"):
        sys.exit("usage: gen.py linear|graph N DIR")
    n = int(sys.argv[2])
    if sys.argv[1] == "linear":
        gen_linear(n, sys.argv[3])
    else:
        gen_graph(n, sys.argv[3])


if __name__ == "__main__":
    main()
