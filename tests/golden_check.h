/*
 * One golden-file check for every test program. A golden file lives under
 * tests/golden/<case>/; lbs_test_golden() compares a test's output with it byte for
 * byte, or, when the environment has LBS_UPDATE_GOLDEN=1 (exactly "1"), rewrites it so
 * the change can be reviewed in the diff. Any other value of LBS_UPDATE_GOLDEN compares.
 */
#ifndef LBSIM_TEST_GOLDEN_CHECK_H
#define LBSIM_TEST_GOLDEN_CHECK_H

#include <stddef.h>

/** 1 when LBS_UPDATE_GOLDEN is exactly "1": golden files are rewritten, not compared. */
int lbs_test_golden_updating(void);

/**
 * Compares @p len bytes at @p got with tests/golden/@p rel (e.g.
 * "layout_small/layout.txt"), failing the current Criterion test with the first line
 * that differs; or rewrites the file when updating.
 */
void lbs_test_golden(const char *rel, const char *got, size_t len);

#endif
