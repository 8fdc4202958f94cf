/*
 * sqltok.c -- a SQL tokenizer for the statements mig must understand
 * (ALTER TABLE, CREATE TABLE, index, trigger and view definitions).
 *
 * Tokens point into the statement text; quoted identifiers keep their
 * quotes there and are unquoted on demand.  Nothing is interpreted here.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "mig_core.h"

static int
tok_word_start(unsigned char c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static int
tok_word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

static void
tok_push(mig_toks *t, mig_tok_kind kind, size_t start, size_t len, int depth)
{
	if (t->n == t->cap)
	{
		/* short texts (a type, a default) are most of what is tokenized */
		int			ncap = t->cap ? t->cap * 2 : 8;

		t->v = mig_realloc(t->ctx, t->v, sizeof(mig_tok) * (size_t) t->cap,
						   sizeof(mig_tok) * (size_t) ncap);
		t->cap = ncap;
	}
	t->v[t->n].kind = kind;
	t->v[t->n].start = start;
	t->v[t->n].len = len;
	t->v[t->n].depth = depth;
	t->n++;
}

/* End of a quoted run starting at i (the opening quote); doubled closing
 * characters stand for themselves. */
static size_t
tok_skip_quoted(const char *s, size_t len, size_t i, char close, int backslash)
{
	i++;
	while (i < len)
	{
		if (backslash && s[i] == '\\' && i + 1 < len)
		{
			i += 2;
			continue;
		}
		if (s[i] == close)
		{
			if (close != ']' && i + 1 < len && s[i + 1] == close)
			{
				i += 2;
				continue;
			}
			return i + 1;
		}
		i++;
	}
	return len;
}

int
mig_tokenize(mig_ctx *ctx, mig_engine dialect, const char *sql, mig_toks *out)
{
	size_t		len = strlen(sql);
	size_t		i = 0;
	int			depth = 0;

	memset(out, 0, sizeof(*out));
	out->ctx = ctx;
	out->sql = sql;
	while (i < len)
	{
		unsigned char c = (unsigned char) sql[i];
		size_t		start = i;

		if (isspace(c))
		{
			i++;
			continue;
		}
		if (c == '-' && i + 1 < len && sql[i + 1] == '-')
		{
			while (i < len && sql[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && i + 1 < len && sql[i + 1] == '*')
		{
			/* PostgreSQL's block comments nest, SQLite's do not */
			int			nest = 1;

			i += 2;
			while (i < len && nest > 0)
			{
				if (sql[i] == '*' && i + 1 < len && sql[i + 1] == '/')
				{
					nest--;
					i += 2;
				}
				else if (dialect == MIG_ENGINE_POSTGRESQL && sql[i] == '/' && i + 1 < len &&
						 sql[i + 1] == '*')
				{
					nest++;
					i += 2;
				}
				else
					i++;
			}
			continue;
		}
		if (c == '\'')
		{
			i = tok_skip_quoted(sql, len, i, '\'', 0);
			tok_push(out, MIG_TOK_STRING, start, i - start, depth);
		}
		else if (c == '"' || (dialect == MIG_ENGINE_SQLITE && (c == '`' || c == '[')))
		{
			i = tok_skip_quoted(sql, len, i, c == '[' ? ']' : (char) c, 0);
			tok_push(out, MIG_TOK_IDENT, start, i - start, depth);
		}
		else if (dialect == MIG_ENGINE_POSTGRESQL && c == '$' && i + 1 < len &&
				 (sql[i + 1] == '$' || tok_word_start((unsigned char) sql[i + 1])))
		{
			/* a dollar quote $tag$ ... $tag$, else a lone '$' */
			size_t		k = i + 1;

			while (k < len && sql[k] != '$' && tok_word_char((unsigned char) sql[k]))
				k++;
			if (k < len && sql[k] == '$')
			{
				size_t		taglen = k - i + 1;
				const char *end = strstr(sql + k + 1, mig_strndup(ctx, sql + i, taglen));

				i = end ? (size_t) (end - sql) + taglen : len;
				tok_push(out, MIG_TOK_STRING, start, i - start, depth);
			}
			else
			{
				i++;
				tok_push(out, MIG_TOK_PUNCT, start, 1, depth);
			}
		}
		else if (tok_word_start(c))
		{
			while (i < len && tok_word_char((unsigned char) sql[i]))
				i++;
			if (i - start == 1 && i < len && sql[i] == '\'' &&
				(c == 'x' || c == 'X' || c == 'E' || c == 'e' || c == 'B' || c == 'b'))
			{
				/* x'..' blobs, E'..' and B'..' strings */
				i = tok_skip_quoted(sql, len, i, '\'',
									dialect == MIG_ENGINE_POSTGRESQL && (c == 'E' || c == 'e'));
				tok_push(out, MIG_TOK_STRING, start, i - start, depth);
			}
			else
				tok_push(out, MIG_TOK_WORD, start, i - start, depth);
		}
		else if (isdigit(c) || (c == '.' && i + 1 < len && isdigit((unsigned char) sql[i + 1])))
		{
			while (i < len && (isalnum((unsigned char) sql[i]) || sql[i] == '.' ||
							   ((sql[i] == '+' || sql[i] == '-') &&
								(sql[i - 1] == 'e' || sql[i - 1] == 'E'))))
				i++;
			tok_push(out, MIG_TOK_NUMBER, start, i - start, depth);
		}
		else if (c == '(')
		{
			tok_push(out, MIG_TOK_LPAREN, start, 1, depth);
			depth++;
			i++;
		}
		else if (c == ')')
		{
			if (depth > 0)
				depth--;
			tok_push(out, MIG_TOK_RPAREN, start, 1, depth);
			i++;
		}
		else
		{
			mig_tok_kind kind = c == ',' ? MIG_TOK_COMMA : c == ';' ? MIG_TOK_SEMI : MIG_TOK_PUNCT;

			/* two-character operators stay together */
			if (kind == MIG_TOK_PUNCT && i + 1 < len && strchr("<>=!|:", (char) c) &&
				strchr("<>=|:", sql[i + 1]))
				i++;
			i++;
			tok_push(out, kind, start, i - start, depth);
		}
	}
	return MIG_OK;
}

int
mig_tok_is(const mig_toks *t, int i, const char *kw)
{
	const mig_tok *k;

	if (i < 0 || i >= t->n)
		return 0;
	k = &t->v[i];
	return k->kind == MIG_TOK_WORD && strlen(kw) == k->len &&
		strncasecmp(t->sql + k->start, kw, k->len) == 0;
}

int
mig_tok_is_name(const mig_toks *t, int i)
{
	return i >= 0 && i < t->n &&
		(t->v[i].kind == MIG_TOK_WORD || t->v[i].kind == MIG_TOK_IDENT);
}

char *
mig_tok_text(const mig_toks *t, int from, int to)
{
	size_t		a,
				b;

	if (from >= t->n || to < from)
		return mig_strdup(t->ctx, "");
	if (to >= t->n)
		to = t->n - 1;
	a = t->v[from].start;
	b = t->v[to].start + t->v[to].len;
	return mig_strndup(t->ctx, t->sql + a, b - a);
}

char *
mig_tok_name(const mig_toks *t, int i)
{
	const mig_tok *k = &t->v[i];
	const char *s = t->sql + k->start;
	char		q;
	char	   *out,
			   *o;
	size_t		j;

	if (k->kind != MIG_TOK_IDENT)
		return mig_strndup(t->ctx, s, k->len);
	q = s[0] == '[' ? ']' : s[0];
	out = mig_alloc(t->ctx, k->len + 1);
	o = out;
	for (j = 1; j + 1 < k->len; j++)
	{
		*o++ = s[j];
		if (s[j] == q && q != ']' && j + 2 < k->len && s[j + 1] == q)
			j++;
	}
	*o = '\0';
	return out;
}

int
mig_name_eq(const char *a, const char *b)
{
	/* SQLite compares identifiers case-insensitively (ASCII) */
	return strcasecmp(a, b) == 0;
}

int
mig_toks_mention(const mig_toks *t, const char *name)
{
	int			i;

	for (i = 0; i < t->n; i++)
		if (mig_tok_is_name(t, i) && mig_name_eq(mig_tok_name(t, i), name))
			return 1;
	return 0;
}

int
mig_text_mentions(mig_ctx *ctx, const char *text, const char *name)
{
	mig_toks	t;

	if (text == NULL)
		return 0;
	mig_tokenize(ctx, MIG_ENGINE_SQLITE, text, &t);
	return mig_toks_mention(&t, name);
}
