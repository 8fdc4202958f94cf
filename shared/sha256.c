/*
 * sha256.c -- SHA-256 (FIPS 180-4) for script checksums.
 *
 * Checksums are taken over the script with every CRLF and lone CR read as
 * LF, and without trailing blank space, so a file checked out on Windows
 * or read through psql's `cat` keeps its checksum.
 */
#include <stdint.h>
#include <string.h>

#include "mig_core.h"

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

typedef struct sha256_state
{
	uint32_t	h[8];
	unsigned char block[64];
	size_t		fill;
	uint64_t	total;
} sha256_state;

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
sha256_init(sha256_state *s)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(s->h, h0, sizeof(h0));
	s->fill = 0;
	s->total = 0;
}

static void
sha256_compress(sha256_state *s, const unsigned char *p)
{
	uint32_t	w[64];
	uint32_t	a, b, c, d, e, f, g, h;
	int			i;

	for (i = 0; i < 16; i++)
		w[i] = ((uint32_t) p[4 * i] << 24) | ((uint32_t) p[4 * i + 1] << 16) |
			((uint32_t) p[4 * i + 2] << 8) | (uint32_t) p[4 * i + 3];
	for (i = 16; i < 64; i++)
	{
		uint32_t	s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t	s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = s->h[0];
	b = s->h[1];
	c = s->h[2];
	d = s->h[3];
	e = s->h[4];
	f = s->h[5];
	g = s->h[6];
	h = s->h[7];
	for (i = 0; i < 64; i++)
	{
		uint32_t	t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) +
			((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
		uint32_t	t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) +
			((a & b) ^ (a & c) ^ (b & c));

		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
	s->h[5] += f;
	s->h[6] += g;
	s->h[7] += h;
}

static void
sha256_update(sha256_state *s, const unsigned char *data, size_t len)
{
	s->total += len;
	while (len > 0)
	{
		size_t		take = 64 - s->fill;

		if (take > len)
			take = len;
		memcpy(s->block + s->fill, data, take);
		s->fill += take;
		data += take;
		len -= take;
		if (s->fill == 64)
		{
			sha256_compress(s, s->block);
			s->fill = 0;
		}
	}
}

static void
sha256_final(sha256_state *s, unsigned char out[32])
{
	uint64_t	bits = s->total * 8;
	unsigned char pad = 0x80;
	unsigned char zero = 0;
	unsigned char len[8];
	int			i;

	sha256_update(s, &pad, 1);
	while (s->fill != 56)
		sha256_update(s, &zero, 1);
	for (i = 0; i < 8; i++)
		len[i] = (unsigned char) (bits >> (56 - 8 * i));
	sha256_update(s, len, 8);
	for (i = 0; i < 8; i++)
	{
		out[4 * i] = (unsigned char) (s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char) (s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char) (s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char) s->h[i];
	}
}

void
mig_sha256(const unsigned char *data, size_t len, unsigned char out[32])
{
	sha256_state s;

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, out);
}

char *
mig_checksum(mig_ctx *ctx, const char *text)
{
	static const char hex[] = "0123456789abcdef";
	sha256_state s;
	unsigned char digest[32];
	const unsigned char *p = (const unsigned char *) text;
	const unsigned char *end;
	const unsigned char *run;
	unsigned char lf = '\n';
	char	   *out;
	int			i;

	/* a byte order mark and trailing blank lines or spaces are not part of
	 * the script (psql's `cat file` drops the final newline, say) */
	if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;
	end = p + strlen((const char *) p);
	while (end > p && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' ||
					   end[-1] == '\t'))
		end--;
	sha256_init(&s);
	for (run = p; p < end; p++)
	{
		if (*p != '\r')
			continue;
		/* hash the run before the CR, then one LF for CR or CRLF */
		sha256_update(&s, run, (size_t) (p - run));
		sha256_update(&s, &lf, 1);
		if (p + 1 < end && p[1] == '\n')
			p++;
		run = p + 1;
	}
	sha256_update(&s, run, (size_t) (end - run));
	sha256_final(&s, digest);
	out = mig_alloc(ctx, 65);
	if (out == NULL)
		return NULL;
	for (i = 0; i < 32; i++)
	{
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
	return out;
}
