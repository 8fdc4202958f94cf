/*
 * mig_core.h -- internals of the mig core shared by its modules and the
 * unit tests: per-call memory, text buffers, the script parser, the SQL
 * splitter, the revision graph and the planner.  No engine headers.
 */
#ifndef MIG_CORE_H
#define MIG_CORE_H

#include <stdarg.h>
#include "mig.h"

#if defined(__GNUC__)
#define MIG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MIG_PRINTF(f, a)
#endif

/* ---- memory (arena.c): everything lives until mig_ctx_free ---- */
void	   *mig_alloc(mig_ctx *ctx, size_t size);	/* zeroed */
void	   *mig_realloc(mig_ctx *ctx, void *old, size_t oldsize, size_t newsize);
char	   *mig_strdup(mig_ctx *ctx, const char *s);
char	   *mig_strndup(mig_ctx *ctx, const char *s, size_t n);
char	   *mig_printf(mig_ctx *ctx, const char *fmt,...) MIG_PRINTF(2, 3);
char	   *mig_vprintf(mig_ctx *ctx, const char *fmt, va_list ap) MIG_PRINTF(2, 0);

/* A point in the arena, and giving back all allocated since (a long run
 * frees each revision's working memory after it): nothing allocated
 * since may still be in use. */
typedef struct mig_mark
{
	unsigned long serial;
	struct mig_block *head;
	size_t		used;
} mig_mark;
mig_mark	mig_arena_mark(mig_ctx *ctx);
void		mig_arena_release(mig_ctx *ctx, mig_mark m);

/* Set the call's error (first one wins) and return MIG_ERROR. */
int			mig_error(mig_ctx *ctx, const char *fmt,...) MIG_PRINTF(2, 3);
/* Put "<prefix>: " in front of the call's error; returns MIG_ERROR. */
int			mig_error_prefix(mig_ctx *ctx, const char *prefix);
const mig_adapter *mig_ctx_adapter(const mig_ctx *ctx);
/* The error set so far (NULL: none), to put back after a query whose
 * failure is expected and handled. */
char	   *mig_ctx_error_raw(const mig_ctx *ctx);
void		mig_ctx_restore_error(mig_ctx *ctx, char *saved);
void		mig_set_activity(mig_ctx *ctx, const char *activity);

/* ---- text buffers (buf.c) ---- */
typedef struct mig_buf
{
	mig_ctx    *ctx;
	char	   *data;			/* always NUL-terminated */
	size_t		len;
	size_t		cap;
} mig_buf;

/* Make room for extra more bytes now, so that appending them later
 * allocates nothing. */
void		mig_buf_reserve(mig_buf *b, size_t extra);

void		mig_buf_init(mig_buf *b, mig_ctx *ctx);
void		mig_buf_add(mig_buf *b, const char *s, size_t n);
void		mig_buf_puts(mig_buf *b, const char *s);
void		mig_buf_printf(mig_buf *b, const char *fmt,...) MIG_PRINTF(2, 3);
/* The one helper that puts an identifier into SQL: "a""b". */
void		mig_buf_ident(mig_buf *b, const char *ident);
/* A string literal: 'it''s'. */
void		mig_buf_literal(mig_buf *b, const char *s);

/* ---- checksums (sha256.c) ---- */
void		mig_sha256(const unsigned char *data, size_t len, unsigned char out[32]);
/* SHA-256 hex of the script with CRLF and CR read as LF, without a
 * byte order mark or trailing whitespace. */
char	   *mig_checksum(mig_ctx *ctx, const char *text);

/* ---- statement splitter (split.c) ---- */
typedef struct mig_stmt
{
	char	   *sql;			/* one statement, without the ';' */
	int			line;			/* line of its first token in the script */
} mig_stmt;

/*
 * Split SQL text into statements in the dialect of engine.  first_line is
 * the script line that text starts on.  Statements holding only comments
 * are dropped.  Errors (unterminated quote, comment, dollar quote or
 * trigger body) name the line.
 */
int			mig_split(mig_ctx *ctx, mig_engine dialect, const char *text,
					  size_t len, int first_line, mig_stmt **out, int *nout);

/* The first keyword of a statement, upper-cased, "" if none. */
const char *mig_stmt_keyword(mig_ctx *ctx, const char *sql, int nth);

/* ---- tokens (sqltok.c) ---- */
typedef enum mig_tok_kind
{
	MIG_TOK_WORD,				/* bare word: keyword or identifier */
	MIG_TOK_IDENT,				/* quoted identifier */
	MIG_TOK_STRING,				/* string, blob or dollar-quoted literal */
	MIG_TOK_NUMBER,
	MIG_TOK_LPAREN,
	MIG_TOK_RPAREN,
	MIG_TOK_COMMA,
	MIG_TOK_SEMI,
	MIG_TOK_PUNCT
} mig_tok_kind;

typedef struct mig_tok
{
	mig_tok_kind kind;
	size_t		start;
	size_t		len;
	int			depth;			/* parentheses open before it */
} mig_tok;

typedef struct mig_toks
{
	mig_ctx    *ctx;
	const char *sql;
	mig_tok    *v;
	int			n;
	int			cap;
} mig_toks;

int			mig_tokenize(mig_ctx *ctx, mig_engine dialect, const char *sql, mig_toks *out);
/* Is token i the bare keyword kw (case-insensitive)? */
int			mig_tok_is(const mig_toks *t, int i, const char *kw);
/* Is token i a word or quoted identifier? */
int			mig_tok_is_name(const mig_toks *t, int i);
/* The text from token from to token to, inclusive, as written. */
char	   *mig_tok_text(const mig_toks *t, int from, int to);
/* Token i as a name: quotes removed. */
char	   *mig_tok_name(const mig_toks *t, int i);
/* Identifier equality as SQLite sees it (ASCII case-insensitive). */
int			mig_name_eq(const char *a, const char *b);
/* Does any word or identifier token name this? */
int			mig_toks_mention(const mig_toks *t, const char *name);
/* The same for a text (NULL: no); conservative, by words. */
int			mig_text_mentions(mig_ctx *ctx, const char *text, const char *name);

/* ---- the table model (ddl.c) ---- */

/* A column constraint, or a table constraint. */
typedef enum mig_cons_kind
{
	MIG_CONS_PRIMARY,
	MIG_CONS_NOTNULL,
	MIG_CONS_NULL,
	MIG_CONS_UNIQUE,
	MIG_CONS_CHECK,
	MIG_CONS_DEFAULT,
	MIG_CONS_COLLATE,
	MIG_CONS_REFERENCES,		/* column REFERENCES or table FOREIGN KEY */
	MIG_CONS_GENERATED
} mig_cons_kind;

typedef struct mig_cons
{
	mig_cons_kind kind;
	char	   *name;			/* CONSTRAINT name, unquoted, or NULL */
	char	   *text;			/* as written, CONSTRAINT name included */
	char	   *body;			/* the text after the CONSTRAINT name */
	char	   *lead;			/* comments written before it, or NULL */
	char	   *trail;			/* comments written after it, or NULL */
} mig_cons;

typedef struct mig_column
{
	char	   *name;			/* unquoted */
	char	   *name_sql;		/* as written */
	char	   *type;			/* as written, "" when none */
	mig_cons   *cons;
	int			ncons;
	char	   *raw;			/* the definition as written */
	int			dirty;			/* changed: render from the parts */
	int			src;			/* column of the old table it copies, -1 none */
	char	   *copy_expr;		/* USING expression over the old row, or NULL */
	char	   *lead;			/* comments written before it, or NULL */
	char	   *trail;			/* comments written after it, or NULL */
} mig_column;

typedef struct mig_table
{
	char	   *name;			/* unquoted */
	mig_column *cols;
	int			ncols;
	int			capcols;
	mig_cons   *cons;			/* table constraints */
	int			ncons;
	int			capcons;
	char	   *options;		/* after the closing parenthesis: WITHOUT ROWID, STRICT */
} mig_table;

/* Parse SQLite's CREATE TABLE text. */
int			mig_table_parse(mig_ctx *ctx, const char *sql, mig_table *out);
/* Parse one column definition ("name type constraints"). */
int			mig_column_parse(mig_ctx *ctx, const char *text, mig_column *out);
/* CREATE TABLE text for the model under another name. */
char	   *mig_table_render(mig_ctx *ctx, const mig_table *t, const char *qname);
char	   *mig_column_render(mig_ctx *ctx, const mig_column *c);
int			mig_table_find_column(const mig_table *t, const char *name);
void		mig_table_add_column(mig_ctx *ctx, mig_table *t, const mig_column *c);
void		mig_table_add_cons(mig_ctx *ctx, mig_table *t, const mig_cons *c);
/* The columns of its own table a constraint uses: the key columns of
 * PRIMARY KEY/UNIQUE/FOREIGN KEY lists, the names in a CHECK or generated
 * column expression (not functions, keywords or the referenced table). */
int			mig_cons_columns(mig_ctx *ctx, const mig_cons *c, char ***out);
/* In an expression or column list: is token i a column name (not a
 * keyword, function name, collation or ASC/DESC)? */
int			mig_tok_is_column_ref(const mig_toks *t, int i);
/* Does a constraint use this column? */
int			mig_cons_mentions(mig_ctx *ctx, const mig_cons *c, const char *column);
/* The name PostgreSQL gives an unnamed constraint of table t (called
 * table): of column col, or a table constraint when col is NULL. */
char	   *mig_cons_auto_name(mig_ctx *ctx, const mig_table *t, const char *table,
							   const mig_cons *k, const char *col);
/* The name of constraint k of column col (table constraint k when col is
 * -1): its own, or PostgreSQL's for an unnamed one, with 1, 2, ... after
 * it when an earlier constraint of the table has that name. */
char	   *mig_cons_name_at(mig_ctx *ctx, const mig_table *t, const char *table,
							 int col, int k);
/* Parse a table constraint ("[CONSTRAINT n] UNIQUE (...)" etc.). */
int			mig_cons_parse(mig_ctx *ctx, const char *text, mig_cons *out);

/* ---- ALTER TABLE (alter.c) ---- */
typedef enum mig_alter_kind
{
	MIG_ALTER_ADD_COLUMN,
	MIG_ALTER_DROP_COLUMN,
	MIG_ALTER_RENAME_COLUMN,
	MIG_ALTER_RENAME_TABLE,
	MIG_ALTER_TYPE,
	MIG_ALTER_SET_NOT_NULL,
	MIG_ALTER_DROP_NOT_NULL,
	MIG_ALTER_SET_DEFAULT,
	MIG_ALTER_DROP_DEFAULT,
	MIG_ALTER_ADD_CONSTRAINT,
	MIG_ALTER_DROP_CONSTRAINT,
	MIG_ALTER_OTHER				/* understood by PostgreSQL only */
} mig_alter_kind;

typedef struct mig_alter_action
{
	mig_alter_kind kind;
	char	   *column;			/* the column (constraint for DROP CONSTRAINT), unquoted */
	char	   *column_sql;		/* as written */
	char	   *new_name;		/* RENAME: unquoted */
	char	   *new_name_sql;
	char	   *type;			/* TYPE: the new type as written */
	char	   *collate;		/* TYPE ... COLLATE name, or NULL */
	char	   *using_expr;		/* TYPE ... USING expr, or NULL */
	char	   *expr;			/* SET DEFAULT expr; ADD COLUMN definition; ADD CONSTRAINT text */
	int			if_exists;		/* IF [NOT] EXISTS */
	char	   *text;			/* the action as written */
} mig_alter_action;

typedef struct mig_alter
{
	char	   *schema;			/* unquoted, or NULL */
	char	   *table;			/* unquoted */
	char	   *table_sql;		/* as written, schema included */
	char	   *head;			/* "ALTER TABLE [IF EXISTS] [ONLY] name" as written */
	char	   *key;			/* the table as the engine compares names */
	int			if_exists;
	mig_alter_action *actions;
	int			nactions;
} mig_alter;

/*
 * Parse an ALTER TABLE statement in PostgreSQL's forms.  Returns MIG_OK
 * and fills *out, or MIG_NOT_ALTER when sql is not an ALTER TABLE, or
 * MIG_ERROR (with the call's error set) when it is one that cannot be read.
 */
#define MIG_NOT_ALTER (-1)
int			mig_alter_parse(mig_ctx *ctx, mig_engine dialect, const char *sql, mig_alter *out);

/* Does an action name this column anywhere (conservatively, by words)?
 * A rename that no other action of its run names can move to the front. */
int			mig_alter_action_mentions(mig_ctx *ctx, const mig_alter_action *a, const char *name);

/* ---- SQLite statements of an attached database (qualify.c) ---- */

/* The statement with schema. in front of every table name it creates,
 * drops, alters, writes or reads without one; sql itself when none. */
char	   *mig_sqlite_qualify(mig_ctx *ctx, const char *sql, const char *schema);

/* ---- type names (types.c) ---- */

/* A statement with the type names of its column definitions spelled for
 * engine (BYTEA/BLOB, SERIAL, DATETIME, DOUBLE); sql itself when none. */
char	   *mig_translate_types(mig_ctx *ctx, mig_engine engine, const char *sql);

/* ---- scripts (script.c) ---- */
#define MIG_SECTION_ANY (-1)

typedef struct mig_section
{
	int			upgrade;		/* 1 upgrade, 0 downgrade */
	int			engine;			/* MIG_ENGINE_* or MIG_SECTION_ANY */
	const char *body;			/* points into the script text */
	size_t		len;
	int			line;			/* line of the first body line */
} mig_section;

typedef struct mig_script
{
	char	   *revision;
	char	  **down;			/* down_revision ids, ndown == 0 for a base */
	int			ndown;
	char	  **labels;
	int			nlabels;
	char	  **depends;
	int			ndepends;
	char	   *message;		/* NULL if absent */
	char	   *database;		/* -- mig:database name; NULL: the default */
	mig_section *sections;
	int			nsections;
	int			has_downgrade;
} mig_script;

/* 1 if s[0..len) is a valid revision id (1-32 of [0-9A-Za-z_]). */
int			mig_revision_id_valid(const char *s, size_t len);
/* 1 if s is a valid branch label. */
int			mig_label_valid(const char *s);

/* The line of a text's first byte that is not UTF-8, or 0. */
int			mig_utf8_invalid_line(const char *text);

/* Parse and validate a script (header, sections, and every statement of
 * every section in its engine's dialect). */
int			mig_script_parse(mig_ctx *ctx, const char *text, mig_script *out);

/* The statements an engine runs for one direction, in file order. */
int			mig_script_statements(mig_ctx *ctx, const mig_script *s, int upgrade,
								  mig_engine engine, mig_stmt **out, int *nout);

/* Comma-separated text to trimmed, non-empty items (NULL or "": none). */
void		mig_split_list(mig_ctx *ctx, const char *text, char ***items, int *n);

/* Join ids with "," ("" -> NULL). */
char	   *mig_join(mig_ctx *ctx, char **items, int n);

/* ---- the revision graph (graph.c) ---- */
typedef struct mig_rev
{
	char	   *id;
	char	   *message;
	char	   *checksum;
	char	   *down_text;		/* as stored: comma-separated or NULL */
	char	   *labels_text;
	char	   *depends_text;
	char	  **down_ids;
	int			ndown;
	char	  **dep_ids;
	int			ndeps;
	char	  **labels;
	int			nlabels;
	/* filled by mig_graph_finish: */
	int		   *parents;		/* down_revision then depends_on, no repeats */
	int			nparents;
	int			ndown_parents;	/* the first ndown_parents are down_revisions */
	int		   *children;		/* every rev that has this one as a parent */
	int			nchildren;
	int			ndown_children; /* how many of those via down_revision */
	int			topo;			/* position in topological order */
	int			db;				/* index of its database in the run (mig_db) */
} mig_rev;

/* One slot of the graph's id index (0 = empty). */
typedef struct mig_slot
{
	unsigned int hash;
	int			idx;
} mig_slot;

typedef struct mig_graph
{
	mig_ctx    *ctx;
	mig_rev    *revs;
	int			n;
	int			cap;
	struct mig_slot *slots;		/* open addressing: hash of id, index + 1 */
	int			nslots;
	int		   *order;			/* indices in topological order */
	int			finished;
	struct mig_label *labels;	/* every (label, revision), sorted by label */
	int			nlabels;
} mig_graph;

typedef struct mig_label
{
	const char *label;
	int			rev;
} mig_label;

/* The revision carrying a branch label, or -1. */
int			mig_graph_label(const mig_graph *g, const char *label);

mig_graph  *mig_graph_new(mig_ctx *ctx);
/* Room for n more revisions, so that adding them copies nothing. */
void		mig_graph_reserve(mig_graph *g, int n);
/* Lists are comma-separated text or NULL. */
int			mig_graph_add(mig_graph *g, const char *id, const char *down,
						  const char *labels, const char *depends,
						  const char *message, const char *checksum);
/* Link parents, then refuse missing parents, cycles and duplicate
 * labels; computes the topological order.  Linear in revisions+edges. */
int			mig_graph_finish(mig_graph *g);
/* The same, but a parent that is not registered yet is no error: its
 * edge is left out (used when one script is registered at a time). */
int			mig_graph_finish_partial(mig_graph *g);
int			mig_graph_lookup(const mig_graph *g, const char *id);
/* Heads: revisions that no revision names as down_revision.  Sorted by
 * id.  Returns the count; *out is arena memory. */
int			mig_graph_heads(const mig_graph *g, int **out);

/* What is applied: the closure of alembic_version's rows. */
typedef struct mig_applied
{
	unsigned char *flag;		/* per revision */
	int		   *nchild;			/* applied children (down or depends) */
} mig_applied;

/* rows: the ids in alembic_version.  Unknown ids are an error. */
int			mig_applied_init(mig_graph *g, char **rows, int nrows,
							 mig_applied *out);
/* The version rows implied by an applied set: applied revisions with no
 * applied child.  Sorted by id. */
int			mig_applied_rows(const mig_graph *g, const mig_applied *st, int **out);

/* How alembic_version changes when one revision is applied (up=1) or
 * unapplied (up=0): rows to delete and rows to insert.  Updates st. */
typedef struct mig_rowdelta
{
	int		   *removed;
	int			nremoved;
	int		   *added;
	int			nadded;
} mig_rowdelta;

void		mig_applied_step(mig_graph *g, mig_applied *st, int rev, int up,
							 mig_rowdelta *delta);

/* ---- targets and plans (plan.c) ---- */

/* An exact id, a branch label or a unique id prefix; ambiguous prefixes
 * are an error listing the candidates. */
int			mig_find_revision(mig_graph *g, const char *name, int *out);
typedef enum mig_direction
{
	MIG_UP,
	MIG_DOWN,
	MIG_STAMP
} mig_direction;

/*
 * Resolve a target for a direction against the graph and what is applied,
 * and return the revisions to run in order (upgrade: parents first;
 * downgrade: children first).  For MIG_STAMP, *steps are the revisions
 * whose applied state flips: those in the new set not applied (marked
 * up), then those applied not in it (marked down); *nup says how many of
 * the first kind.
 */
int			mig_plan(mig_graph *g, const mig_applied *st, mig_direction dir,
					 const char *target, int **steps, int *nsteps, int *nup);

/* ---- state in the database (state.c) ---- */

/*
 * A database that keeps its own alembic_version, mig_revision and mig_log:
 * the default one (SQLite's main, PostgreSQL's extension schema), or one
 * that scripts name with "-- mig:database name" (SQLite: a database
 * attached under that name; PostgreSQL: the schema of that name).
 */
typedef struct mig_db
{
	char	   *name;			/* as scripts name it; NULL: the default */
	char	   *schema;			/* unquoted schema of its tables */
	char	   *t_version;		/* "schema"."alembic_version" */
	char	   *t_revision;		/* "schema"."mig_revision" */
	char	   *t_log;			/* "schema"."mig_log" */
	char	   *t_snapshot;		/* "schema"."mig_snapshot" (the default's) */
	int			has_version;	/* tables that exist */
	int			has_revision;
	int			has_log;
	int			has_snapshot;
	long		next_log_id;
} mig_db;

/* One call's view of the database. */
typedef struct mig_run
{
	mig_ctx    *ctx;
	const mig_adapter *ad;
	mig_db	   *dbs;			/* [0] the default, then the named ones */
	int			ndbs;
	int			capdbs;
	mig_graph  *g;
	mig_applied st;
	mig_buf    *emit;			/* offline mode: append SQL, run nothing */
	mig_buf    *record;			/* offline SQL: append each change that ran */
	mig_buf    *dry;			/* dry run: what each change did */
	int			dry_statements; /* this revision's, so far */
	long long	dry_rows;
	mig_buf		report;			/* what the call did, line by line */
	mig_graph  *applied_graph;	/* registration: the state it started from */
	mig_applied applied_st;
	int			fk_user_on;		/* SQLite: foreign keys were on when the call began */
	int			moved;			/* a migrating call changed something */
	long		effects;		/* changes run so far (the fail_at hook) */
	const char *cur_what;		/* "revision X, upgrade", for error context */
	int			cur_index;		/* the step's first statement, from 0 */
	int			cur_total;		/* statements of the revision */
	const mig_stmt *cur_stmts;	/* those statements */
	struct mig_log_rows *log;	/* mig_log rows kept for one INSERT */
	char	  **scripts;		/* a long plan's scripts, read at once, by
								 * revision (their checksums: the graph's) */
} mig_run;

void		mig_run_init(mig_run *run, mig_ctx *ctx);
/* Run one statement; an engine error becomes the call's error, prefixed
 * with what (may be NULL). */
int			mig_run_sql(mig_run *run, const char *sql, int nparams,
						const char *const *params, mig_row_fn fn, void *arg);
/* Row callback keeping a copy of the first row's first columns. */
#define MIG_ROW_MAX 4
typedef struct mig_first_row
{
	mig_ctx    *ctx;
	int			found;
	char	   *v[MIG_ROW_MAX];
} mig_first_row;

int			mig_first_row_fn(void *arg, int ncol, const char *const *vals);
/* Run a query into *r (cleared first). */
int			mig_run_first_row(mig_run *run, const char *sql, int nparams,
							  const char *const *params, mig_first_row *r);
/* SQLite: is PRAGMA foreign_keys on right now? */
int			mig_sqlite_fk_on(mig_run *run, int *on);

/* Run a statement that changes the schema or data of a migration (not
 * mig's own bookkeeping reads): appended instead in offline mode, and
 * appended after it ran when recording. */
int			mig_run_effect(mig_run *run, const char *sql);

/* Which databases there are (the named ones that hold a mig_revision)
 * and which of mig's tables each has. */
int			mig_state_probe(mig_run *run);
/* The database scripts call name (NULL: the default) as *k, added to the
 * run's list when it exists but holds no mig tables yet; an error naming
 * how to make it when it does not exist. */
int			mig_state_db(mig_run *run, const char *name, int *k);
/* A database's name for messages. */
const char *mig_db_label(const mig_run *run, int k);
/* CREATE TABLE for a database's alembic_version, as Alembic writes it. */
char	   *mig_state_version_ddl(mig_run *run, int k);
/* Take the migration lock and create the missing tables of every known
 * database (write calls only). */
int			mig_state_ensure(mig_run *run);
/* Create the missing tables of database k. */
int			mig_state_ensure_db(mig_run *run, int k);
/* Load the revision graph, and with MIG_LOAD_APPLIED the applied state;
 * MIG_LOAD_PARTIAL tolerates parents that are not registered yet;
 * MIG_LOAD_CACHED may take the graph from the engine's cache (the caller
 * must not change the graph's revisions: they are shared). */
#define MIG_LOAD_APPLIED 1
#define MIG_LOAD_PARTIAL 2
#define MIG_LOAD_CACHED 4
int			mig_state_load(mig_run *run, int flags);
/* Change alembic_version for one step (executed, or appended offline). */
int			mig_state_write_delta(mig_run *run, const mig_rowdelta *d);
/* One mig_log row. */
/* A run of n steps keeps its mig_log rows (made before the run, so that
 * they outlive each revision's memory) and writes them at its end with
 * mig_state_log_flush; without, each row is written at once. */
void		mig_state_log_reserve(mig_run *run, int n);
int			mig_state_log_flush(mig_run *run);
int			mig_state_log(mig_run *run, int rev, const char *direction,
						  const char *checksum, double ms);

/* The applied heads, comma-separated, or "base" (after mig_state_load). */
char	   *mig_applied_heads_text(mig_run *run);

/* A new script: a fresh revision id, down (comma-separated ids or NULL),
 * message, and the two sections' bodies. */
char	   *mig_script_text(mig_run *run, const char *down, const char *message,
							const char *upgrade, const char *downgrade);

/* mig_autogenerate and mig_check (autogen.c). */
int			mig_fn_autogenerate(mig_run *run, const char *message, const char *target,
								char **out);
int			mig_fn_check(mig_run *run, const char *target, char **out);
/* After a migrating call: record the default database's schema, as the
 * CREATE statements that make it, in mig_snapshot. */
int			mig_snapshot_take(mig_run *run);
/* mig_drift(): what changed in the schema since the snapshot. */
int			mig_fn_drift(mig_run *run, char **out);

/* ---- what a PostgreSQL statement costs (pgcost.c) ---- */

/*
 * For an ALTER TABLE (parsed) or CREATE INDEX about to run on PostgreSQL:
 * comment lines saying whether it rewrites the table, scans it or only
 * changes the catalog, which lock it takes and how big the table is (from
 * the catalog), and NOTICEs for the known traps.  NULL when there is
 * nothing to say.  Without want_text (a plain run shows no cost) the
 * catalog is read only for a change that may warn.
 */
char	   *mig_pg_cost(mig_run *run, const char *sql, int warn, int want_text);

/* ---- SQLite table changes (rebuild.c) ---- */

/* Run a run of ALTER TABLE statements on one SQLite table: natively where
 * SQLite does it right, else one table rebuild that loses nothing. */
int			mig_sqlite_alter(mig_run *run, mig_alter *alters, int n);

/* ---- the schema model (schema.c) and its diff (diff.c) ---- */

typedef struct mig_scol
{
	char	   *name;
	char	   *type;			/* as the engine shows it; "" for none */
	int			notnull;
	char	   *dflt;			/* the default expression, or NULL */
	char	   *extra;			/* COLLATE, GENERATED, IDENTITY as shown, or NULL */
	char	   *key;			/* type and extra normalised: diff.c fills it */
} mig_scol;

typedef struct mig_scons
{
	char		kind;			/* 'p'rimary, 'u'nique, 'c'heck, 'f'oreign, e'x'clude */
	char	   *name;			/* given, or the one PostgreSQL would give */
	char	   *def;			/* "CHECK (a > 0)": what ADD CONSTRAINT name takes */
	char	   *key;			/* def normalised: what is compared */
	char	   *ref;			/* FOREIGN KEY: the referenced table, else NULL */
} mig_scons;

typedef struct mig_stable
{
	char	   *name;
	char	   *sql;			/* SQLite: its CREATE TABLE as stored; else NULL */
	char	   *options;		/* SQLite: STRICT, WITHOUT ROWID, AUTOINCREMENT; "" */
	mig_scol   *cols;
	int			ncols;
	int			capcols;
	mig_scons  *cons;
	int			ncons;
	int			capcons;
} mig_stable;

/* An index, view or trigger. */
typedef struct mig_sobj
{
	char		kind;			/* 'i', 'v', 't' */
	char	   *name;
	char	   *table;			/* index, trigger: its table; view: NULL */
	char	   *sql;			/* the CREATE statement */
	char	   *key;			/* its definition normalised */
} mig_sobj;

typedef struct mig_schema
{
	mig_engine	engine;
	mig_stable *tables;			/* in the catalog's order */
	int			ntables;
	int			captables;
	mig_sobj   *objs;			/* in creation order where the engine knows it */
	int			nobjs;
	int			capobjs;
} mig_schema;

/* Read the application's schema where statements run now: SQLite's main
 * database, PostgreSQL's current schema; mig's own tables left out. */
int			mig_schema_load(mig_run *run, mig_schema *out);
/* Add one row of SQLite's sqlite_schema (type, name, tbl_name, sql) to
 * the model: what mig_schema_load does for each. */
int			mig_schema_add_sqlite(mig_ctx *ctx, mig_schema *s, const char *type,
								  const char *name, const char *tbl, const char *sql);
/* Equal names as the engine compares them. */
int			mig_schema_names_eq(const mig_schema *s, const char *a, const char *b);
mig_stable *mig_schema_table(const mig_schema *s, const char *name);
/* SQL as tokens separated by one space, keywords (and on SQLite names)
 * upper-cased: two spellings of one definition give one text. */
char	   *mig_sql_normalize(mig_ctx *ctx, mig_engine engine, const char *sql);

/*
 * The statements that turn schema from into schema to, in portable
 * ALTER TABLE, with comments where a human must decide (a drop and an
 * add that may be a rename; what ALTER cannot express).  descr, when not
 * NULL, gets one line per difference.  *triggers (may be NULL) says
 * whether it wrote a CREATE TRIGGER (SQLite's body needs a sqlite
 * section).  Returns the number of differences.
 */
int			mig_schema_diff(mig_ctx *ctx, const mig_schema *from, const mig_schema *to,
							mig_buf *sql, mig_buf *descr, int *triggers);

#endif							/* MIG_CORE_H */
