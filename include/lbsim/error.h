/**
 * @file error.h
 * Status codes and error details shared by every lbsim module.
 *
 * Every fallible call returns an ::lbs_status (LBS_OK is 0) and takes an optional
 * last parameter `lbs_error *err` (may be NULL). On failure the library fills it with
 * the code and three short texts, *what* failed, the offending *value* and *why*, so a
 * program can print DESIGN.md's line `lbsim: error: <what> (<value>): <why>`. The
 * library itself never prints, exits or aborts on user input.
 */
#ifndef LBSIM_ERROR_H
#define LBSIM_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* X-macro list of status codes: name, number, generic text. */
#define LBS_STATUS_MAP(X)                                                                          \
    X(OK, 0, "success")                                                                            \
    X(EINVAL, 1, "invalid argument")                                                               \
    X(ERANGE, 2, "value out of range")                                                             \
    X(ENOMEM, 3, "out of memory")                                                                  \
    X(EIO, 4, "input/output error")                                                                \
    X(EFORMAT, 5, "malformed input")                                                               \
    X(ETHREAD, 6, "cannot start thread")                                                           \
    X(EINTR, 7, "interrupted")

/** Result of every fallible lbsim call. */
typedef enum lbs_status {
#define LBS_STATUS_ENUM(name, num, text) LBS_##name = num,
    LBS_STATUS_MAP(LBS_STATUS_ENUM)
#undef LBS_STATUS_ENUM
} lbs_status;

/** Size of each text field of ::lbs_error, including the terminating NUL. */
#define LBS_ERROR_TEXT 256

/**
 * Details of a failure, filled by the library when a call fails.
 * Plain struct owned by the caller; no heap memory inside.
 */
typedef struct lbs_error {
    lbs_status code;            /**< same as the call's return value */
    char what[LBS_ERROR_TEXT];  /**< what failed, e.g. "--engines" or a file name */
    char value[LBS_ERROR_TEXT]; /**< the offending value, may be empty */
    char why[LBS_ERROR_TEXT];   /**< a short reason, e.g. "must be between 1 and 4096" */
} lbs_error;

/**
 * Clears an error record (code LBS_OK, empty texts).
 * @param err the record to clear; NULL does nothing.
 */
void lbs_error_init(lbs_error *err);

/**
 * Fills @p err (if not NULL) and returns @p code, so a caller can write
 * `return lbs_error_set(err, LBS_EINVAL, "--engines", "0", "must be at least 1");`.
 * Texts are truncated to fit; NULL texts become empty.
 * @return @p code
 */
lbs_status lbs_error_set(lbs_error *err, lbs_status code, const char *what, const char *value,
                         const char *why);

/**
 * The limits of a number, as a range error states them. Plain struct, used in the
 * tables of parameters (::lbs_workload_param) and of a program's options.
 */
typedef struct lbs_limits {
    double min;           /**< smallest value accepted */
    double max;           /**< largest value accepted */
    const char *unit;     /**< "ms", "px"..., or NULL for a plain number */
    const char *max_name; /**< NULL, or the bound a run sets below max, said instead of
                               it ("the task count") */
} lbs_limits;

/**
 * Writes why a value is outside @p l: "must be a [whole ]number[ of UNIT] between MIN
 * and MAX" (e.g. "must be a number of ms between 0 and 3600000"), the numbers in
 * plain decimals. Truncated to fit @p size.
 * @param whole 1 when only whole numbers are accepted
 */
void lbs_limits_why(const lbs_limits *l, int whole, char *buf, size_t size);

/** Writes the limits as a listing shows them: "MIN..MAX[ UNIT]" (e.g. "0..3600000 ms"). */
void lbs_limits_text(const lbs_limits *l, char *buf, size_t size);

/**
 * Generic text of a status code.
 * @return a static string, never NULL ("unknown error" for codes not in the list).
 */
const char *lbs_strerror(lbs_status code);

#ifdef __cplusplus
}
#endif

#endif
