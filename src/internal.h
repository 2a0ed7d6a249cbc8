/*
 * Basics shared by every module of the library (not part of the public API): checked
 * allocation, UTF-8, error formatting, the monotonic clock and the whole-or-nothing
 * output file. Each module's own internals live in its private header
 * (timetable_internal.h, policy_internal.h, exec_internal.h, workload_internal.h,
 * workload_numpy.h, import_internal.h, import_readers.h, import_json.h, io_internal.h,
 * io_params.h, render_internal.h, render_chart.h, render_format.h), included only
 * where they are needed.
 */
#ifndef LBSIM_INTERNAL_H
#define LBSIM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <lbsim/error.h>

#define LBS__CACHE_LINE 64

/* calloc(n, size) with overflow check; NULL on failure or n * size == 0. */
void *lbs__calloc(size_t n, size_t size);

/* malloc(n * size) with overflow check; NULL on failure or overflow. */
void *lbs__mallocn(size_t n, size_t size);

/* Backs a large array (at least a few MB) with transparent huge pages where the
   kernel offers them on request (Linux, THP "madvise" mode), and touches every page
   of it now. A table of ten million records spans about 60,000 pages of 4 KB; faulting
   them in one by one, in the middle of a run, costs more than the run's own work on
   a virtual machine. Does nothing useful (but no harm) elsewhere. */
void lbs__prefault(void *p, size_t bytes);

/* strdup that returns NULL for NULL. */
char *lbs__strdup(const char *s);
/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms, no
   surrogates, nothing above U+10FFFF): 1 to 4, or 0 when p does not start one. */
size_t lbs__utf8_seq(const unsigned char *p);
/* A copy of s in which every byte that does not start a well-formed UTF-8 sequence is
   replaced by U+FFFD, so labels read from a file in another encoding can still be
   drawn and written as JSON; NULL gives NULL (and so does out of memory, for s not
   NULL). Caller frees. */
char *lbs__utf8_dup(const char *s);

/* Writes "a, b or c" into buf (cut to fit) for a message that lists the rows of a
   table: item(i, ctx) for i in [0, n) is row i's text, or NULL to leave the row out. */
void lbs__list_or(char *buf, size_t size, size_t n, const char *(*item)(size_t i, const void *ctx),
                  const void *ctx);

/*
 * A set of byte strings numbered 0, 1, 2... in the order they were first added
 * (util_map.c): a hash table, so a lookup costs the same however many keys there are.
 * Keys are copied, each with a NUL after its bytes.
 */
typedef struct lbs__strmap {
    size_t *slots; /* key index + 1, 0 for an empty slot; nslots is a power of two */
    size_t nslots;
    char **keys; /* n copies, in the order they were added */
    size_t *lens;
    size_t n, cap;
} lbs__strmap;

void lbs__strmap_init(lbs__strmap *m);
void lbs__strmap_free(lbs__strmap *m);
/* Index of the key of len bytes, or -1 when it is not in the set. */
long lbs__strmap_find(const lbs__strmap *m, const char *key, size_t len);
/* Index of the key, added (copied) when new, with *added set to 1; -1 when out of
   memory. */
long lbs__strmap_put(lbs__strmap *m, const char *key, size_t len, int *added);
/* Key i (i < m->n), NUL-terminated; its length in *len when len is not NULL. */
const char *lbs__strmap_key(const lbs__strmap *m, size_t i, size_t *len);

/* Appends s and its NUL to the text arena *buf (*len used of *cap, grown by doubling);
   the offset of the copy, or SIZE_MAX when out of memory. */
size_t lbs__arena_add(char **buf, size_t *len, size_t *cap, const char *s);

/* The len bytes at s as a plain decimal number: an optional '-', digits with at most
   one '.', an optional exponent (`1e-3`), finite; no '+', spaces, hex, inf or nan. 0
   and *out set on success, -1 otherwise. */
int lbs__parse_decimal(const char *s, size_t len, double *out);

/* lbs_error_set with a printf-formatted value. */
lbs_status lbs__error_setf(lbs_error *err, lbs_status code, const char *what, const char *why,
                           const char *value_fmt, ...) __attribute__((format(printf, 5, 6)));

/* Seconds on CLOCK_MONOTONIC. */
double lbs__now(void);

/*
 * An output file (util_file.c). A regular file (or a new one) is written under a
 * temporary name in the target folder, then renamed into place by lbs__afile_commit()
 * (or, inside an output transaction, by lbs_io_outputs_commit()); lbs__afile_abort()
 * removes the temporary file. "-" is standard output and a path that exists and is
 * not a regular file (a device, a FIFO, a link to one) is written through in place:
 * tmp is then NULL.
 */
typedef struct lbs__afile {
    FILE *f;
    char *tmp;  /* temporary file; NULL when written in place */
    char *path; /* the target as given */
    int slot;   /* index in the registry of temporary files, or -1 */
} lbs__afile;

lbs_status lbs__afile_open(lbs__afile *af, const char *path, lbs_error *err);
lbs_status lbs__afile_commit(lbs__afile *af, lbs_error *err);
void lbs__afile_abort(lbs__afile *af);
/* Ends an output file whose content could not be written (st from the writer):
   removes the temporary file; err names the file and, for LBS_EIO, the system's
   reason ("cannot write file: File too large"). Returns st. */
lbs_status lbs__afile_fail(lbs__afile *af, lbs_status st, lbs_error *err);

#endif
