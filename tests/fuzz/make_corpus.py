#!/usr/bin/env python3
"""make_corpus.py OUTDIR -- seed inputs for the fuzzers, from the project.

Writes OUTDIR/{script,split,alter,target}/ (the Makefile's "corpus" target
then keeps what adds coverage with libFuzzer -merge=1):

  script  every examples/*/versions/*.sql and tests/cross/*/versions/*.sql,
          and the scripts that tests/sqlite/sql and tests/pg/sql register
  split   those scripts, and the statements of the test files in runs of 8
  alter   single statements: of the test files and of every script
  target  small graphs with the target forms of plan.c

the arguments of tests/malformed/cases/*.case (scripts for mig_register,
targets for mig_upgrade, mig_downgrade, mig_stamp, mig_sql, mig_dry_run),
and the C string literals of the unit tests (tests/unit/check_*.c) of the
module each harness covers, so every form the unit tests know is a seed.
"""
import glob
import hashlib
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))


def read(path):
    with open(path, 'rb') as f:
        return f.read().decode('utf-8', 'replace')


def statements(text, pg):
    """Split a test file (psql or sqlite3 shell input) into statements:
    quotes, dollar quotes, comments and trigger bodies respected."""
    lines = [l for l in text.split('\n') if not l.lstrip().startswith(('.', '\\'))]
    s = '\n'.join(lines)
    out, start, i, n, depth = [], 0, 0, len(s), 0
    word_re = re.compile(r'[A-Za-z_][A-Za-z0-9_$]*')
    while i < n:
        c = s[i]
        if s.startswith('--', i):
            j = s.find('\n', i)
            i = n if j < 0 else j
        elif s.startswith('/*', i):
            j = s.find('*/', i + 2)
            i = n if j < 0 else j + 2
        elif c in '\'"`':
            j = i + 1
            while j < n:
                if pg and c == "'" and i > 0 and s[i - 1] in 'Ee' and s[j] == '\\':
                    j += 2
                    continue
                if s[j] == c:
                    if j + 1 < n and s[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
        elif pg and c == '$':
            m = re.match(r'\$([A-Za-z_][A-Za-z0-9_]*)?\$', s[i:])
            if m:
                tag = m.group(0)
                j = s.find(tag, i + len(tag))
                i = n if j < 0 else j + len(tag)
            else:
                i += 1
        elif c.isalpha() or c == '_':
            m = word_re.match(s, i)
            w = m.group(0).upper()
            if w in ('BEGIN', 'CASE'):
                head = s[start:i].upper().split()
                if w == 'CASE' or 'TRIGGER' in head[:4] or (pg and s[m.end():].lstrip().upper().startswith('ATOMIC')):
                    depth += 1
            elif w == 'END' and depth > 0:
                depth -= 1
            i = m.end()
        elif c == ';' and depth == 0:
            st = s[start:i].strip()
            if st:
                out.append(st)
            start = i + 1
            i += 1
        else:
            i += 1
    st = s[start:].strip()
    if st:
        out.append(st)
    return out


def embedded_scripts(stmt):
    """The migration scripts a test statement passes as literals."""
    found = []
    for m in re.finditer(r'(\$[A-Za-z_]*\$)(.*?)\1', stmt, re.S):
        found.append(m.group(2))
    for m in re.finditer(r"(?<![A-Za-z0-9_$])([Ee]?)'((?:[^']|'')*)'", stmt, re.S):
        body = m.group(2).replace("''", "'")
        if m.group(1):
            body = body.encode('utf-8').decode('unicode_escape', 'replace')
        found.append(body)
    return [f for f in found if 'mig:revision' in f]


def c_literals(path):
    """The string literals of a C file, adjacent ones joined."""
    src = read(path)
    src = re.sub(r'/\*.*?\*/', ' ', src, flags=re.S)
    out = []
    for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"(?:\s*"(?:[^"\\\n]|\\.)*")*', src):
        parts = re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(0))
        text = ''.join(parts)
        try:
            text = text.encode('latin-1', 'backslashreplace').decode('unicode_escape')
        except UnicodeDecodeError:
            continue
        out.append(text)
    return out


def malformed_args():
    """(call, arg) of every tests/malformed case that passes an argument."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, 'tests/malformed/cases/*.case'))):
        call, arg, section = '', None, None
        for line in read(path).split('\n'):
            if line.startswith('--- '):
                section = line[4:].strip()
                if section == 'arg':
                    arg = []
                continue
            if section is None and line.startswith('call:'):
                call = line[5:].strip()
            elif section == 'arg':
                arg.append(line)
        if arg is not None:
            out.append((call, '\n'.join(arg).rstrip('\n')))
    return out


def script_statements(script, pg):
    body = '\n'.join(l for l in script.split('\n') if not re.match(r'\s*--\s*mig:', l))
    return statements(body, pg)


def main():
    out = sys.argv[1]
    sets = {k: {} for k in ('script', 'split', 'alter', 'target')}

    def add(kind, text, cap):
        data = text.encode('utf-8')
        if not data.strip() or len(data) > 65536 or len(sets[kind]) >= cap:
            return
        sets[kind][hashlib.sha1(data).hexdigest()] = data

    scripts = []
    for p in sorted(glob.glob(os.path.join(ROOT, 'examples/*/versions/*.sql')) +
                    glob.glob(os.path.join(ROOT, 'tests/cross/*/versions/*.sql'))):
        scripts.append((read(p), None))
    tests = []
    for p in sorted(glob.glob(os.path.join(ROOT, 'tests/sqlite/sql/*.sql'))):
        tests.append((statements(read(p), False), False))
    for p in sorted(glob.glob(os.path.join(ROOT, 'tests/pg/sql/*.sql'))):
        tests.append((statements(read(p), True), True))
    for stmts, pg in tests:
        for st in stmts:
            for sc in embedded_scripts(st):
                scripts.append((sc, pg))

    malformed_targets = []
    for call, arg in malformed_args():
        if 'mig_register' in call:
            scripts.append((arg, None))
        elif re.search(r'mig_(upgrade|downgrade|stamp|sql|dry_run)', call):
            malformed_targets.append(arg)

    for sc, _ in scripts:
        add('script', sc, 100000)
        add('split', sc, 100000)
    for sc, pg in scripts:
        for st in script_statements(sc, bool(pg)):
            add('alter', st, 100000)
    for stmts, pg in tests:
        for k in range(0, len(stmts), 8):
            add('split', ';\n'.join(stmts[k:k + 8]) + ';\n', 100000)
        for st in stmts:
            if re.match(r'\s*(ALTER|CREATE|INSERT|UPDATE|DELETE|WITH|DROP)\b', st, re.I):
                add('alter', st, 100000)

    unit = os.path.join(ROOT, 'tests/unit')
    for name, kinds in (('check_alter.c', ('alter',)), ('check_ddl.c', ('alter',)),
                        ('check_qualify.c', ('alter',)), ('check_types.c', ('alter',)),
                        ('check_sqltok.c', ('alter', 'split')), ('check_split.c', ('split',)),
                        ('check_script.c', ('script', 'split'))):
        path = os.path.join(unit, name)
        if not os.path.exists(path):
            continue
        for lit in c_literals(path):
            if len(lit) < 4 or '%' in lit and 'mig:' not in lit:
                continue
            for kind in kinds:
                if kind == 'script' and 'mig:' not in lit:
                    continue
                add(kind, lit, 100000)

    graphs = {
        'chain': 'a1\nb2 a1\nc3 b2\nd4 c3\n',
        'branches': 'r0\nx1 r0 x\nx2 x1\ny1 r0 y\ny2 y1\n',
        'merge': 'r0\nx1 r0 x\ny1 r0 y\nm1 x1,y1\n',
        'depends': 'bb\nb2 bb - a2\naa\na2 aa\n',
        'two_dbs': 'a1 - - - 0\nb1 - - a1 1\nb2 b1 - - 1\n',
        'labels': 'r1 - main,core\nr2 r1\nr3 r2 feature-x.1\n',
        'prefix': 'abc123\nabd456 abc123\nabc789 abd456\n',
    }
    states = ['', '= a1\n', '= b2\n', '= x1,y1\n', '= r0\n', '= m1\n', '= a2,b2\n', '= r2\n', '= abd456\n', '= b1\n']
    targets = ['head', 'heads', 'base', '+1', '+2', '-1', '-2', 'a1+1', 'b2-1', 'x@head', 'y@base', 'x@base',
               'abc', 'ab', 'abc7', 'r1+1', 'main@head', 'feature-x.1', 'core@base', 'x1', 'm1', 'zz', '',
               'a1@head', 'x1-1', 'r0@head', 'abc123+2']
    k = 0
    for gname, g in graphs.items():
        for st in states:
            for t in targets:
                k += 1
                if k % 7 != 0 and t not in ('head', 'base', '+1', '-1'):
                    continue
                add('target', g + st + '%\n' + t, 100000)
        add('target', g, 100000)

    for t in malformed_targets:
        add('target', graphs['labels'] + '= r2\n%\n' + t, 100000)
        add('target', graphs['branches'] + '= x1,y1\n%\n' + t, 100000)

    for kind, items in sets.items():
        d = os.path.join(out, kind)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
        for h, data in items.items():
            with open(os.path.join(d, h), 'wb') as f:
                f.write(data)
        print('%s: %d candidate seeds' % (kind, len(items)))


if __name__ == '__main__':
    main()
