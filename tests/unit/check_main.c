/*
 * check_main.c -- runs every unit suite of the mig core.
 * CK_FORK=no runs in-process (valgrind, gdb); CK_RUN_SUITE / CK_RUN_CASE
 * pick one suite or case.
 */
#include <stdlib.h>
#include "unit_util.h"

int
main(void)
{
	SRunner    *sr = srunner_create(arena_suite());
	int			failed;

	srunner_add_suite(sr, buf_suite());
	srunner_add_suite(sr, sha256_suite());
	srunner_add_suite(sr, split_suite());
	srunner_add_suite(sr, script_suite());
	srunner_add_suite(sr, graph_suite());
	srunner_add_suite(sr, plan_suite());
	srunner_add_suite(sr, sqltok_suite());
	srunner_add_suite(sr, ddl_suite());
	srunner_add_suite(sr, alter_suite());
	srunner_add_suite(sr, types_suite());
	srunner_add_suite(sr, diff_suite());
	srunner_add_suite(sr, qualify_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
