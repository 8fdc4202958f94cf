/*
 * script.c -- the migration script format (SPEC section 2).
 *
 *   -- mig:revision <id>            header lines, before the first section
 *   -- mig:down_revision <ids|none>
 *   -- mig:message <text>
 *   -- mig:branch_labels <labels>
 *   -- mig:depends_on <ids>
 *   -- mig:upgrade [sqlite|postgresql]     sections, in file order
 *   -- mig:downgrade [sqlite|postgresql]
 *
 * Directive lines are found line by line; everything between two section
 * lines is that section's SQL body.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "mig_core.h"

static const char *const reserved_ids[] = {"head", "heads", "base", "none", NULL};

static int
is_reserved(const char *s, size_t len)
{
	int			i;

	for (i = 0; reserved_ids[i]; i++)
		if (strlen(reserved_ids[i]) == len && strncmp(reserved_ids[i], s, len) == 0)
			return 1;
	return 0;
}

int
mig_revision_id_valid(const char *s, size_t len)
{
	size_t		i;

	if (len < 1 || len > 32)
		return 0;
	for (i = 0; i < len; i++)
		if (!(isalnum((unsigned char) s[i]) || s[i] == '_') || (unsigned char) s[i] >= 0x80)
			return 0;
	return !is_reserved(s, len);
}

int
mig_label_valid(const char *s)
{
	size_t		len = strlen(s);
	size_t		i;

	if (len < 1 || len > 64)
		return 0;
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (!(isalnum(c) || c == '_' || c == '-' || c == '.') || c >= 0x80)
			return 0;
	}
	return !is_reserved(s, len);
}

char *
mig_join(mig_ctx *ctx, char **items, int n)
{
	mig_buf		b;
	int			i;

	if (n <= 0)
		return NULL;
	mig_buf_init(&b, ctx);
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			mig_buf_puts(&b, ",");
		mig_buf_puts(&b, items[i]);
	}
	return b.data;
}

/* Split "a, b ,c" into trimmed items; empty items are an error. */
static int
parse_list(mig_ctx *ctx, const char *v, int lineno, const char *key,
		   char ***items, int *n)
{
	const char *p = v;
	int			cap = 0;

	*items = NULL;
	*n = 0;
	while (1)
	{
		const char *e = strchr(p, ',');
		const char *a = p;
		const char *z = e ? e : p + strlen(p);
		int			j;
		char	   *item;

		while (a < z && isspace((unsigned char) *a))
			a++;
		while (z > a && isspace((unsigned char) z[-1]))
			z--;
		if (z == a)
			return mig_error(ctx, "line %d: empty item in '%s' list", lineno, key);
		item = mig_strndup(ctx, a, (size_t) (z - a));
		for (j = 0; j < *n; j++)
			if (strcmp((*items)[j], item) == 0)
				return mig_error(ctx, "line %d: '%s' lists '%s' twice", lineno, key, item);
		if (*n == cap)
		{
			int			ncap = cap ? cap * 2 : 4;

			*items = mig_realloc(ctx, *items, sizeof(char *) * (size_t) cap,
								 sizeof(char *) * (size_t) ncap);
			cap = ncap;
		}
		(*items)[(*n)++] = item;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return MIG_OK;
}

static int
check_ids(mig_ctx *ctx, char **ids, int n, int lineno, const char *key)
{
	int			i;

	for (i = 0; i < n; i++)
		if (!mig_revision_id_valid(ids[i], strlen(ids[i])))
			return mig_error(ctx, "line %d: invalid revision id '%s' in '%s' "
							 "(expected 1 to 32 characters of [0-9A-Za-z_], not a reserved word)",
							 lineno, ids[i], key);
	return MIG_OK;
}

/* Does a COPY statement read from or write to the client? */
static int
copy_uses_client(const char *sql)
{
	const char *p;

	for (p = sql; *p; p++)
		if ((p == sql || !isalnum((unsigned char) p[-1])) &&
			(strncasecmp(p, "STDIN", 5) == 0 || strncasecmp(p, "STDOUT", 6) == 0))
			return 1;
	return 0;
}

/* Keywords that would break mig's own transaction if a script ran them. */
static int
check_statement(mig_ctx *ctx, const mig_stmt *st)
{
	static const char *const txn_words[] = {
		"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "START", "ABORT", NULL
	};
	const char *k0 = mig_stmt_keyword(ctx, st->sql, 0);
	int			i;

	for (i = 0; txn_words[i]; i++)
		if (strcmp(k0, txn_words[i]) == 0)
			return mig_error(ctx, "line %d: transaction control statement %s is not allowed "
							 "in a migration script (mig runs each call in one transaction)%s",
							 st->line, k0,
							 (strcmp(k0, "END") == 0 || strcmp(k0, "BEGIN") == 0) &&
							 mig_ctx_adapter(ctx)->engine == MIG_ENGINE_POSTGRESQL ?
							 "; a SQLite trigger body belongs in a '-- mig:upgrade sqlite' section" : "");
	if (strcmp(k0, "COPY") == 0 && copy_uses_client(st->sql))
		return mig_error(ctx, "line %d: COPY ... FROM STDIN / TO STDOUT needs a client; "
						 "use INSERT, or COPY with a server file", st->line);
	if (strcmp(k0, "VACUUM") == 0)
		return mig_error(ctx, "line %d: VACUUM cannot run inside a migration", st->line);
	if (strcmp(k0, "PREPARE") == 0 && strcmp(mig_stmt_keyword(ctx, st->sql, 1), "TRANSACTION") == 0)
		return mig_error(ctx, "line %d: transaction control statement PREPARE TRANSACTION is not "
						 "allowed in a migration script (mig runs each call in one "
						 "transaction)", st->line);
	/* REINDEX (CONCURRENTLY) ..., ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY */
	if ((strcmp(k0, "REINDEX") == 0 ||
		 (strcmp(k0, "ALTER") == 0 && mig_text_mentions(ctx, st->sql, "DETACH"))) &&
		mig_text_mentions(ctx, st->sql, "CONCURRENTLY"))
		return mig_error(ctx, "line %d: %s ... CONCURRENTLY cannot run inside a transaction, so "
						 "not inside a migration", st->line, k0);
	if (strcmp(k0, "CREATE") == 0 || strcmp(k0, "DROP") == 0 || strcmp(k0, "REINDEX") == 0)
	{
		for (i = 1; i <= 3; i++)
			if (strcmp(mig_stmt_keyword(ctx, st->sql, i), "CONCURRENTLY") == 0)
				return mig_error(ctx, "line %d: %s ... CONCURRENTLY cannot run inside a "
								 "transaction, so not inside a migration", st->line, k0);
	}
	return MIG_OK;
}

/* The line of the first byte that is not UTF-8, or 0 when all is. */
int
mig_utf8_invalid_line(const char *text)
{
	const unsigned char *p = (const unsigned char *) text;
	int			line = 1;

	while (*p)
	{
		int			n = 0,
					k;

		if (*p == '\n')
			line++;
		if (*p < 0x80)
		{
			p++;
			continue;
		}
		if ((*p & 0xE0) == 0xC0 && *p >= 0xC2)
			n = 1;
		else if ((*p & 0xF0) == 0xE0)
			n = 2;
		else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4)
			n = 3;
		else
			return line;
		for (k = 1; k <= n; k++)
			if ((p[k] & 0xC0) != 0x80)
				return line;
		/* no overlong forms, no surrogates, nothing above U+10FFFF */
		if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F) ||
			(p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] > 0x8F))
			return line;
		p += n + 1;
	}
	return 0;
}

typedef struct header_seen
{
	int			line[6];
} header_seen;

static const char *const header_keys[] = {
	"revision", "down_revision", "message", "branch_labels", "depends_on", "database", NULL
};

/* A database name: what SQLite's ATTACH ... AS and a PostgreSQL schema
 * both take without quotes. */
static int
database_name_valid(const char *s)
{
	size_t		i,
				n = strlen(s);

	if (n == 0 || n > 63 || !(isalpha((unsigned char) s[0]) || s[0] == '_'))
		return 0;
	for (i = 0; i < n; i++)
		if (!(isalnum((unsigned char) s[i]) || s[i] == '_') || isupper((unsigned char) s[i]))
			return 0;
	return 1;
}

/* Take one directive "key value" found on line lineno. */
static int
take_directive(mig_ctx *ctx, mig_script *out, header_seen *seen, int *in_body,
			   const char *key, size_t keylen, const char *value, int lineno,
			   const char *body_start, mig_section **cur, int *cap)
{
	int			k;

	if ((keylen == 7 && strncmp(key, "upgrade", 7) == 0) ||
		(keylen == 9 && strncmp(key, "downgrade", 9) == 0))
	{
		int			engine = MIG_SECTION_ANY;
		mig_section *sec;

		if (*value != '\0')
		{
			if (strcmp(value, "sqlite") == 0)
				engine = MIG_ENGINE_SQLITE;
			else if (strcmp(value, "postgresql") == 0)
				engine = MIG_ENGINE_POSTGRESQL;
			else
				return mig_error(ctx, "line %d: unknown engine '%s' after -- mig:%.*s "
								 "(expected sqlite or postgresql)",
								 lineno, value, (int) keylen, key);
		}
		if (out->nsections == *cap)
		{
			int			ncap = *cap ? *cap * 2 : 4;

			out->sections = mig_realloc(ctx, out->sections,
										sizeof(mig_section) * (size_t) *cap,
										sizeof(mig_section) * (size_t) ncap);
			*cap = ncap;
		}
		sec = &out->sections[out->nsections++];
		sec->upgrade = key[0] == 'u';
		sec->engine = engine;
		sec->body = body_start;
		sec->line = lineno + 1;
		if (!sec->upgrade)
			out->has_downgrade = 1;
		*cur = sec;
		*in_body = 1;
		return MIG_OK;
	}
	for (k = 0; header_keys[k]; k++)
		if (strlen(header_keys[k]) == keylen && strncmp(header_keys[k], key, keylen) == 0)
			break;
	if (keylen == 0)
		return mig_error(ctx, "line %d: '-- mig:' must be followed by a directive with no "
						 "space between, e.g. '-- mig:upgrade'", lineno);
	if (header_keys[k] == NULL)
		return mig_error(ctx, "line %d: unknown directive '-- mig:%.*s' (expected revision, "
						 "down_revision, message, branch_labels, depends_on, database, upgrade or downgrade)",
						 lineno, (int) keylen, key);
	if (*in_body)
		return mig_error(ctx, "line %d: header line '-- mig:%s' after the first section; "
						 "header lines come first", lineno, header_keys[k]);
	if (seen->line[k])
		return mig_error(ctx, "line %d: duplicate '-- mig:%s' (first on line %d)",
						 lineno, header_keys[k], seen->line[k]);
	seen->line[k] = lineno;
	switch (k)
	{
		case 0:
			if (!mig_revision_id_valid(value, strlen(value)))
				return mig_error(ctx, "line %d: invalid revision id '%s' (expected 1 to 32 "
								 "characters of [0-9A-Za-z_], not a reserved word)",
								 lineno, value);
			out->revision = mig_strdup(ctx, value);
			break;
		case 1:
			if (*value == '\0' || strcmp(value, "none") == 0 || strcmp(value, "None") == 0)
				break;
			if (parse_list(ctx, value, lineno, "down_revision", &out->down, &out->ndown) ||
				check_ids(ctx, out->down, out->ndown, lineno, "down_revision"))
				return MIG_ERROR;
			break;
		case 2:
			out->message = *value ? mig_strdup(ctx, value) : NULL;
			break;
		case 3:
			{
				int			i;

				if (parse_list(ctx, value, lineno, "branch_labels", &out->labels, &out->nlabels))
					return MIG_ERROR;
				for (i = 0; i < out->nlabels; i++)
					if (!mig_label_valid(out->labels[i]))
						return mig_error(ctx, "line %d: invalid branch label '%s' (expected 1 to 64 "
										 "characters of [0-9A-Za-z_.-], not a reserved word)",
										 lineno, out->labels[i]);
				break;
			}
		case 4:
			if (parse_list(ctx, value, lineno, "depends_on", &out->depends, &out->ndepends) ||
				check_ids(ctx, out->depends, out->ndepends, lineno, "depends_on"))
				return MIG_ERROR;
			break;
		case 5:
			if (!database_name_valid(value))
				return mig_error(ctx, "line %d: invalid database name '%s' (expected 1 to 63 "
								 "characters of [a-z0-9_], not starting with a digit: the name "
								 "of an attached SQLite database or a PostgreSQL schema)",
								 lineno, value);
			out->database = mig_strdup(ctx, value);
			break;
	}
	return MIG_OK;
}

/* Is line [p, e) a directive?  Sets key and value. */
static int
parse_directive_line(const char *p, const char *e, const char **key, size_t *keylen,
					 const char **value, size_t *valuelen)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (e - p < 2 || p[0] != '-' || p[1] != '-')
		return 0;
	p += 2;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (e - p < 4 || strncmp(p, "mig:", 4) != 0)
		return 0;
	p += 4;
	*key = p;
	while (p < e && !isspace((unsigned char) *p))
		p++;
	*keylen = (size_t) (p - *key);
	while (p < e && isspace((unsigned char) *p))
		p++;
	while (e > p && isspace((unsigned char) e[-1]))
		e--;
	*value = p;
	*valuelen = (size_t) (e - p);
	return 1;
}

/* Does line [p, e) start a block comment? */
static int
header_comment_opens(const char *p, const char *e)
{
	while (p < e && isspace((unsigned char) *p))
		p++;
	return e - p >= 2 && p[0] == '/' && p[1] == '*';
}

/* Is [p, e) blank or a -- comment? */
static int
line_is_blank_or_comment(const char *p, const char *e)
{
	while (p < e && isspace((unsigned char) *p))
		p++;
	return p == e || (e - p >= 2 && p[0] == '-' && p[1] == '-');
}

int
mig_script_parse(mig_ctx *ctx, const char *text, mig_script *out)
{
	const char *p = text;
	int			lineno = 0;
	int			in_body = 0;
	int			in_comment = 0;
	int			cap = 0;
	int			i;
	mig_section *cur = NULL;
	header_seen seen;
	mig_engine	engine = mig_ctx_adapter(ctx)->engine;

	memset(out, 0, sizeof(*out));
	memset(&seen, 0, sizeof(seen));
	{
		int			bad = mig_utf8_invalid_line(text);

		if (bad > 0)
			return mig_error(ctx, "line %d: the script is not valid UTF-8 (save it as UTF-8)", bad);
	}
	/* a UTF-8 byte order mark is not part of the first line */
	if ((unsigned char) p[0] == 0xEF && (unsigned char) p[1] == 0xBB &&
		(unsigned char) p[2] == 0xBF)
		p += 3;
	while (*p)
	{
		const char *e = p + strcspn(p, "\r\n");
		const char *next;
		const char *key,
				   *value;
		size_t		keylen,
					valuelen;

		/* a line ends at LF, CRLF or a lone CR */
		if (e[0] == '\r' && e[1] == '\n')
			next = e + 2;
		else
			next = *e ? e + 1 : e;
		lineno++;
		if (!in_body && (in_comment || header_comment_opens(p, e)))
		{
			/* a block comment before the first section */
			const char *close = p;

			while (close + 1 < e && !(close[0] == '*' && close[1] == '/'))
				close++;
			in_comment = !(close + 1 < e && (close > p + 1 || in_comment));
			p = next;
			continue;
		}
		if (parse_directive_line(p, e, &key, &keylen, &value, &valuelen))
		{
			char	   *v = mig_strndup(ctx, value, valuelen);

			if (cur != NULL)
				cur->len = (size_t) (p - cur->body);
			if (take_directive(ctx, out, &seen, &in_body, key, keylen, v, lineno,
							   next, &cur, &cap))
				return MIG_ERROR;
		}
		else if (!in_body && !line_is_blank_or_comment(p, e))
			return mig_error(ctx, "line %d: SQL before the first '-- mig:upgrade' or "
							 "'-- mig:downgrade' line", lineno);
		p = next;
	}
	if (cur != NULL)
		cur->len = (size_t) (p - cur->body);
	if (out->revision == NULL)
		return mig_error(ctx, "line 1: missing '-- mig:revision <id>' header line");
	for (i = 0; i < out->ndown; i++)
		if (strcmp(out->down[i], out->revision) == 0)
			return mig_error(ctx, "line %d: revision %s names itself as down_revision",
							 seen.line[1], out->revision);
	for (i = 0; i < out->ndepends; i++)
		if (strcmp(out->depends[i], out->revision) == 0)
			return mig_error(ctx, "line %d: revision %s names itself in depends_on",
							 seen.line[4], out->revision);
	for (i = 0; i < out->nsections; i++)
		if (out->sections[i].upgrade)
			break;
	if (i == out->nsections)
		return mig_error(ctx, "line %d: missing '-- mig:upgrade' section", lineno ? lineno : 1);
	/* every statement must split and be allowed in the engine it runs on */
	for (i = 0; i < out->nsections; i++)
	{
		const mig_section *sec = &out->sections[i];
		mig_engine	dialect = sec->engine == MIG_SECTION_ANY ? engine : (mig_engine) sec->engine;
		mig_stmt   *stmts;
		int			n,
					j;

		if (mig_split(ctx, dialect, sec->body, sec->len, sec->line, &stmts, &n))
			return MIG_ERROR;
		for (j = 0; j < n; j++)
			if (check_statement(ctx, &stmts[j]))
				return MIG_ERROR;
	}
	return MIG_OK;
}

int
mig_script_statements(mig_ctx *ctx, const mig_script *s, int upgrade,
					  mig_engine engine, mig_stmt **out, int *nout)
{
	int			i;
	int			cap = 0;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < s->nsections; i++)
	{
		const mig_section *sec = &s->sections[i];
		mig_stmt   *stmts;
		int			n,
					j;

		if (sec->upgrade != upgrade ||
			(sec->engine != MIG_SECTION_ANY && sec->engine != (int) engine))
			continue;
		if (mig_split(ctx, engine, sec->body, sec->len, sec->line, &stmts, &n))
			return MIG_ERROR;
		for (j = 0; j < n; j++)
		{
			if (*nout == cap)
			{
				int			ncap = cap ? cap * 2 : 16;

				*out = mig_realloc(ctx, *out, sizeof(mig_stmt) * (size_t) cap,
								   sizeof(mig_stmt) * (size_t) ncap);
				cap = ncap;
			}
			(*out)[(*nout)++] = stmts[j];
		}
	}
	return MIG_OK;
}
