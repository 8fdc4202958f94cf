/*
 * split.c -- the SQL lexer that cuts a migration section into statements.
 *
 * A ';' ends a statement unless it is inside a quoted string, a quoted
 * identifier, a comment, a PostgreSQL dollar quote, a SQLite trigger body
 * (CREATE TRIGGER ... BEGIN ...; END) or a PostgreSQL BEGIN ATOMIC body.
 * Inside those bodies CASE ... END nests.  The lexer only needs to know
 * where tokens start and end; it never interprets the SQL.
 */
#include <ctype.h>
#include <string.h>

#include "mig_core.h"

typedef struct lexer
{
	mig_ctx    *ctx;
	mig_engine	dialect;
	const char *s;
	size_t		len;
	size_t		i;
	int			line;
} lexer;

static int
is_word_start(unsigned char c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static int
is_word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Skip a quoted run that starts at lx->i (the opening quote) and ends at
 * close; a doubled close character stands for itself.  backslash: the
 * PostgreSQL E'' form where \x escapes the next character. */
static int
skip_quoted(lexer *lx, char close, int backslash, const char *what)
{
	int			start_line = lx->line;

	lx->i++;
	while (lx->i < lx->len)
	{
		char		c = lx->s[lx->i];

		if (c == '\n')
			lx->line++;
		if (backslash && c == '\\' && lx->i + 1 < lx->len)
		{
			if (lx->s[lx->i + 1] == '\n')
				lx->line++;
			lx->i += 2;
			continue;
		}
		if (c == close)
		{
			if (close != ']' && lx->i + 1 < lx->len && lx->s[lx->i + 1] == close)
			{
				lx->i += 2;
				continue;
			}
			lx->i++;
			return MIG_OK;
		}
		lx->i++;
	}
	return mig_error(lx->ctx, "line %d: unterminated %s", start_line, what);
}

/* A block comment; PostgreSQL's nest, SQLite's do not. */
static int
skip_block_comment(lexer *lx)
{
	int			depth = 1;
	int			start_line = lx->line;

	lx->i += 2;
	while (lx->i < lx->len)
	{
		char		c = lx->s[lx->i];

		if (c == '\n')
			lx->line++;
		if (c == '*' && lx->i + 1 < lx->len && lx->s[lx->i + 1] == '/')
		{
			lx->i += 2;
			if (--depth == 0)
				return MIG_OK;
			continue;
		}
		if (lx->dialect == MIG_ENGINE_POSTGRESQL && c == '/' &&
			lx->i + 1 < lx->len && lx->s[lx->i + 1] == '*')
		{
			depth++;
			lx->i += 2;
			continue;
		}
		lx->i++;
	}
	return mig_error(lx->ctx, "line %d: unterminated /* comment", start_line);
}

/* Length of a dollar-quote tag "$tag$" at p, or 0 if p does not start one. */
static size_t
dollar_tag_len(const char *p, size_t avail)
{
	size_t		k = 1;

	if (avail < 2 || p[0] != '$')
		return 0;
	if (p[1] == '$')
		return 2;
	if (!(isalpha((unsigned char) p[1]) || p[1] == '_' || (unsigned char) p[1] >= 0x80))
		return 0;
	while (k < avail && (isalnum((unsigned char) p[k]) || p[k] == '_' ||
						 (unsigned char) p[k] >= 0x80))
		k++;
	if (k < avail && p[k] == '$')
		return k + 1;
	return 0;
}

static int
skip_dollar_quote(lexer *lx, size_t taglen)
{
	const char *tag = lx->s + lx->i;
	int			start_line = lx->line;

	lx->i += taglen;
	while (lx->i < lx->len)
	{
		if (lx->s[lx->i] == '$' && lx->len - lx->i >= taglen &&
			memcmp(lx->s + lx->i, tag, taglen) == 0)
		{
			lx->i += taglen;
			return MIG_OK;
		}
		if (lx->s[lx->i] == '\n')
			lx->line++;
		lx->i++;
	}
	return mig_error(lx->ctx, "line %d: unterminated dollar-quoted string %.*s",
					 start_line, (int) taglen, tag);
}

static int
word_is(const char *w, size_t n, const char *kw)
{
	size_t		k;

	if (strlen(kw) != n)
		return 0;
	for (k = 0; k < n; k++)
		if (toupper((unsigned char) w[k]) != kw[k])
			return 0;
	return 1;
}

/* What the words seen so far say about bodies with inner semicolons. */
typedef struct stmt_state
{
	int			nwords;
	const char *w[3];			/* first three words */
	size_t		wl[3];
	const char *prev;			/* previous word */
	size_t		prevl;
	int			is_trigger;		/* SQLite CREATE [TEMP] TRIGGER */
	int			depth;			/* open BEGIN/CASE blocks */
	int			body_seen;		/* a BEGIN block was opened */
	int			body_line;
	int			parens;			/* open parentheses (PostgreSQL) */
	int			after_dot;		/* the last token was '.': a name follows */
} stmt_state;

static void
note_word(lexer *lx, stmt_state *st, const char *w, size_t n)
{
	if (st->nwords < 3)
	{
		st->w[st->nwords] = w;
		st->wl[st->nwords] = n;
	}
	st->nwords++;
	/* t.begin, new.end, "AS end": names, not the words of a body */
	if (st->after_dot || (st->prev != NULL && word_is(st->prev, st->prevl, "AS")))
	{
		st->after_dot = 0;
		st->prev = w;
		st->prevl = n;
		return;
	}
	if (lx->dialect == MIG_ENGINE_SQLITE)
	{
		if (st->nwords == 2 && word_is(st->w[0], st->wl[0], "CREATE") &&
			word_is(w, n, "TRIGGER"))
			st->is_trigger = 1;
		if (st->nwords == 3 && word_is(st->w[0], st->wl[0], "CREATE") &&
			(word_is(st->w[1], st->wl[1], "TEMP") ||
			 word_is(st->w[1], st->wl[1], "TEMPORARY")) &&
			word_is(w, n, "TRIGGER"))
			st->is_trigger = 1;
		if (st->is_trigger)
		{
			if (word_is(w, n, "BEGIN"))
			{
				if (!st->body_seen)
					st->body_line = lx->line;
				st->body_seen = 1;
				st->depth++;
			}
			else if (word_is(w, n, "CASE"))
				st->depth++;
			else if (word_is(w, n, "END") && st->depth > 0)
				st->depth--;
		}
	}
	else
	{
		if (word_is(w, n, "ATOMIC") && st->prev != NULL &&
			word_is(st->prev, st->prevl, "BEGIN"))
		{
			if (!st->body_seen)
				st->body_line = lx->line;
			st->body_seen = 1;
			st->depth++;
		}
		else if (st->depth > 0 && word_is(w, n, "CASE"))
			st->depth++;
		else if (st->depth > 0 && word_is(w, n, "END"))
			st->depth--;
	}
	st->prev = w;
	st->prevl = n;
}

static int
push_stmt(mig_ctx *ctx, mig_stmt **out, int *n, int *cap,
		  const char *s, size_t start, size_t end, int line)
{
	while (end > start && isspace((unsigned char) s[end - 1]))
		end--;
	if (*n == *cap)
	{
		int			ncap = *cap ? *cap * 2 : 16;

		*out = mig_realloc(ctx, *out, sizeof(mig_stmt) * (size_t) *cap,
						   sizeof(mig_stmt) * (size_t) ncap);
		*cap = ncap;
	}
	(*out)[*n].sql = mig_strndup(ctx, s + start, end - start);
	(*out)[*n].line = line;
	(*n)++;
	return MIG_OK;
}

int
mig_split(mig_ctx *ctx, mig_engine dialect, const char *text, size_t len,
		  int first_line, mig_stmt **out, int *nout)
{
	lexer		lx;
	stmt_state	st;
	int			cap = 0;
	int			has_token = 0;
	size_t		start = 0;
	int			start_line = first_line;

	lx.ctx = ctx;
	lx.dialect = dialect;
	lx.s = text;
	lx.len = len;
	lx.i = 0;
	lx.line = first_line;
	*out = NULL;
	*nout = 0;
	memset(&st, 0, sizeof(st));

	while (lx.i < lx.len)
	{
		unsigned char c = (unsigned char) text[lx.i];
		size_t		tok = lx.i;
		int			tok_line = lx.line;
		int			rc = MIG_OK;

		if (c == '\n' || (c == '\r' && (lx.i + 1 >= lx.len || text[lx.i + 1] != '\n')))
		{
			lx.line++;
			lx.i++;
			continue;
		}
		if (isspace(c))
		{
			lx.i++;
			continue;
		}
		if (c == '-' && lx.i + 1 < lx.len && text[lx.i + 1] == '-')
		{
			while (lx.i < lx.len && text[lx.i] != '\n')
				lx.i++;
			continue;
		}
		if (c == '/' && lx.i + 1 < lx.len && text[lx.i + 1] == '*')
		{
			if (skip_block_comment(&lx) != MIG_OK)
				return MIG_ERROR;
			continue;
		}
		if (c == ';' && !has_token)
		{
			/* an empty statement */
			lx.i++;
			continue;
		}
		if (!has_token)
		{
			has_token = 1;
			start = tok;
			start_line = tok_line;
		}
		if (c == '(' || c == ')')
		{
			/* PostgreSQL keeps ';' inside parentheses, as psql does
			 * (CREATE RULE ... DO (a; b)) */
			if (dialect == MIG_ENGINE_POSTGRESQL)
				st.parens += c == '(' ? 1 : (st.parens > 0 ? -1 : 0);
			st.prev = NULL;
			st.after_dot = 0;
			lx.i++;
			continue;
		}
		if (c == ';')
		{
			lx.i++;
			if (st.depth > 0 || st.parens > 0)
				continue;
			push_stmt(ctx, out, nout, &cap, text, start, tok, start_line);
			has_token = 0;
			memset(&st, 0, sizeof(st));
			continue;
		}
		if (c == '\'')
			rc = skip_quoted(&lx, '\'', 0, "quoted string");
		else if (c == '"')
			rc = skip_quoted(&lx, '"', 0, "quoted identifier");
		else if (dialect == MIG_ENGINE_SQLITE && c == '`')
			rc = skip_quoted(&lx, '`', 0, "quoted identifier");
		else if (dialect == MIG_ENGINE_SQLITE && c == '[')
			rc = skip_quoted(&lx, ']', 0, "[identifier]");
		else if (dialect == MIG_ENGINE_POSTGRESQL && c == '$' &&
				 dollar_tag_len(text + lx.i, lx.len - lx.i) > 0)
			rc = skip_dollar_quote(&lx, dollar_tag_len(text + lx.i, lx.len - lx.i));
		else if (is_word_start(c))
		{
			size_t		w = lx.i;

			while (lx.i < lx.len && is_word_char((unsigned char) text[lx.i]))
				lx.i++;
			/* E'...' on PostgreSQL: backslash escapes */
			if (dialect == MIG_ENGINE_POSTGRESQL && lx.i - w == 1 &&
				(text[w] == 'E' || text[w] == 'e') &&
				lx.i < lx.len && text[lx.i] == '\'')
			{
				rc = skip_quoted(&lx, '\'', 1, "quoted string");
			}
			else
				note_word(&lx, &st, text + w, lx.i - w);
		}
		else
		{
			/* BEGIN ATOMIC is two words side by side, not "begin, atomic" */
			st.prev = NULL;
			st.after_dot = c == '.';
			lx.i++;
		}
		if (c == '\'' || c == '"' || c == '`' || c == '[' || c == '$')
			st.prev = NULL, st.after_dot = 0;
		if (rc != MIG_OK)
			return MIG_ERROR;
	}
	if (st.depth > 0)
		return mig_error(ctx, "line %d: %s body opened here is not closed by END",
						 st.body_line,
						 dialect == MIG_ENGINE_SQLITE ? "CREATE TRIGGER" : "BEGIN ATOMIC");
	if (has_token)
		push_stmt(ctx, out, nout, &cap, text, start, lx.len, start_line);
	return MIG_OK;
}

const char *
mig_stmt_keyword(mig_ctx *ctx, const char *sql, int nth)
{
	const char *p = sql;
	int			k = 0;

	while (*p)
	{
		if (isspace((unsigned char) *p))
		{
			p++;
			continue;
		}
		if (p[0] == '-' && p[1] == '-')
		{
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*')
		{
			const char *e = strstr(p + 2, "*/");

			p = e ? e + 2 : p + strlen(p);
			continue;
		}
		if (is_word_start((unsigned char) *p))
		{
			const char *w = p;
			char	   *up;
			size_t		n,
						j;

			while (*p && is_word_char((unsigned char) *p))
				p++;
			if (k++ < nth)
				continue;
			n = (size_t) (p - w);
			up = mig_strndup(ctx, w, n);
			for (j = 0; j < n; j++)
				up[j] = (char) toupper((unsigned char) up[j]);
			return up;
		}
		/* anything else ends the run of leading keywords */
		break;
	}
	return "";
}
