/*
 * fuzz_util.h -- what the libFuzzer harnesses share: a mig_ctx over
 * malloc/free (as tests/unit/unit_util.c makes one, no database) and
 * input copies that AddressSanitizer bounds exactly.
 */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "mig_core.h"

/* A fresh context whose adapter says engine (only alloc and release are
 * set: the core must not touch a database in these harnesses). */
mig_ctx    *fuzz_ctx(mig_engine engine);

/* data[0..size) as a NUL-terminated malloc'd string (free() it). */
char	   *fuzz_cstr(const uint8_t *data, size_t size);

/* data[0..size) in a malloc'd block of exactly size bytes, no NUL: a
 * read past the end is a heap-buffer-overflow (free() it). */
char	   *fuzz_exact(const uint8_t *data, size_t size);

/* Stop with a message: a broken invariant is a finding like a crash. */
void		fuzz_fail(const char *fmt,...) MIG_PRINTF(1, 2) __attribute__((noreturn));

#define FUZZ_CHECK(cond, ...) \
	do { if (!(cond)) fuzz_fail(__VA_ARGS__); } while (0)

#endif							/* FUZZ_UTIL_H */
