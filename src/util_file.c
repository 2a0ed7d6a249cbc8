/*
 * Output files that appear whole or not at all (io.h explains the rules a user sees).
 * Data for a regular file is written to a temporary file in the target folder (same
 * file system, so rename() is atomic), flushed and closed, then renamed over the
 * target. Any failure removes the temporary file, so an existing good file is never
 * clobbered by a broken one. "-" and paths that exist but are not regular files are
 * written in place: replacing /dev/null or a FIFO by a regular file would be data
 * loss of another kind.
 *
 * Every temporary file is listed in one registry (a fixed table of names) from its
 * creation until it is renamed or removed, so that a signal handler can remove them
 * all with unlink() alone, and so that an output transaction can hold finished files
 * back until every output of a run is complete. Outputs are written from one thread;
 * the signal handler only reads the table. A slot is published by storing its name
 * before the count grows, and cleared by storing NULL before the name is freed, so the
 * handler never sees a freed name.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lbsim/io.h>

#include "internal.h"

/* Most temporary files alive at once: a comparison of 16 policies writes about 60. */
#define MAX_TEMPS 256

/* The registry: names of temporary files not yet renamed or removed. */
static char *volatile temps[MAX_TEMPS];
static volatile sig_atomic_t ntemps;

/* An output transaction: committed files wait here for lbs_io_outputs_commit(). */
static int deferring;
static struct pending {
    char *tmp;
    char *path;
    int slot;
} pending[MAX_TEMPS];
static int npending;

/* A free slot of the registry holding tmp, or -1 when the table is full. */
static int temp_register(char *tmp)
{
    for (int i = 0; i < ntemps; i++) {
        if (temps[i] == NULL) {
            temps[i] = tmp;
            return i;
        }
    }
    if (ntemps == MAX_TEMPS) {
        return -1;
    }
    temps[ntemps] = tmp;
    ntemps = ntemps + 1;
    return ntemps - 1;
}

static void temp_unregister(int slot)
{
    if (slot >= 0) {
        temps[slot] = NULL;
    }
}

/* "<dir>/.<base>.XXXXXX" next to path, or "<dir>/.lbsim.XXXXXX" when that name would
   be longer than the file system allows. */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    if (strlen(base) + 8 > NAME_MAX) {
        base = "lbsim";
    }
    size_t len = dirlen + 1 + strlen(base) + 8;
    char *tmp = malloc(len);
    if (tmp != NULL) {
        snprintf(tmp, len, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
    }
    return tmp;
}

static lbs_status io_error(const char *path, const char *doing, int e, lbs_error *err)
{
    char why[LBS_ERROR_TEXT];
    snprintf(why, sizeof(why), "%s: %s", doing, strerror(e));
    return lbs_error_set(err, LBS_EIO, path, "", why);
}

/* How an output path is written. */
typedef enum target_kind { TARGET_NEW, TARGET_REGULAR, TARGET_STDOUT, TARGET_SPECIAL } target_kind;

/* Classifies path (following links: a link to a device is written through, a link to
   a regular file is replaced); *mode is an existing regular file's permission bits. */
static lbs_status target_of(const char *path, target_kind *kind, mode_t *mode, lbs_error *err)
{
    struct stat st;
    if (path[0] == '\0') {
        return lbs_error_set(err, LBS_EIO, "output", "", "empty file name");
    }
    if (strlen(path) >= PATH_MAX) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "path is %zu bytes long; the limit is %d", strlen(path),
                 PATH_MAX - 1);
        return lbs_error_set(err, LBS_EIO, "output", "", why);
    }
    if (strcmp(path, "-") == 0) {
        *kind = TARGET_STDOUT;
        return LBS_OK;
    }
    if (path[strlen(path) - 1] == '/') {
        return lbs_error_set(err, LBS_EIO, path, "", "is a directory name");
    }
    if (stat(path, &st) != 0) {
        *kind = TARGET_NEW;
        return LBS_OK;
    }
    if (S_ISDIR(st.st_mode)) {
        return lbs_error_set(err, LBS_EIO, path, "", "is a directory");
    }
    *kind = S_ISREG(st.st_mode) ? TARGET_REGULAR : TARGET_SPECIAL;
    *mode = st.st_mode & 07777;
    return LBS_OK;
}

/* Opens a path that is written in place: standard output or a special file. */
static lbs_status open_in_place(lbs__afile *af, const char *path, target_kind kind, lbs_error *err)
{
    if (kind == TARGET_STDOUT) {
        af->f = stdout;
        return LBS_OK;
    }
    int fd = open(path, O_WRONLY | O_NOCTTY);
    if (fd < 0) {
        return io_error(path, "cannot open for writing", errno, err);
    }
    af->f = fdopen(fd, "wb");
    if (af->f == NULL) {
        int e = errno;
        close(fd);
        return io_error(path, "cannot open for writing", e, err);
    }
    return LBS_OK;
}

lbs_status lbs__afile_open(lbs__afile *af, const char *path, lbs_error *err)
{
    memset(af, 0, sizeof(*af));
    af->slot = -1;
    target_kind kind = TARGET_NEW;
    mode_t mode = 0;
    lbs_status st = target_of(path, &kind, &mode, err);
    if (st != LBS_OK) {
        return st;
    }
    af->path = lbs__strdup(path);
    if (af->path == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, path, "", "out of memory");
    }
    if (kind == TARGET_STDOUT || kind == TARGET_SPECIAL) {
        st = open_in_place(af, path, kind, err);
        if (st != LBS_OK) {
            lbs__afile_abort(af);
        }
        return st;
    }
    af->tmp = temp_name(path);
    if (af->tmp == NULL) {
        lbs__afile_abort(af);
        return lbs_error_set(err, LBS_ENOMEM, path, "", "out of memory");
    }
    /* Block the usual stop signals while the name is created and registered, so a
       handler that removes temporary files cannot miss this one. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int fd = mkstemp(af->tmp);
    int e = errno;
    if (fd >= 0) {
        af->slot = temp_register(af->tmp);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        lbs__afile_abort(af);
        return io_error(path, "cannot create file", e, err);
    }
    if (af->slot < 0) {
        close(fd);
        unlink(af->tmp);
        lbs__afile_abort(af);
        return lbs_error_set(err, LBS_EIO, path, "", "too many output files at once");
    }
    /* mkstemp creates 0600: an existing file keeps its mode, a new one gets the usual
       permissions (umask applies). */
    if (kind == TARGET_NEW) {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    fchmod(fd, mode);
    af->f = fdopen(fd, "wb");
    if (af->f == NULL) {
        e = errno;
        close(fd);
        lbs__afile_abort(af);
        return io_error(path, "cannot create file", e, err);
    }
    return LBS_OK;
}

lbs_status lbs__afile_commit(lbs__afile *af, lbs_error *err)
{
    int failed = fflush(af->f) != 0 || ferror(af->f);
    int e = errno;
    if (af->f != stdout && fclose(af->f) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    af->f = NULL;
    if (failed) {
        if (e == 0) {
            e = EIO;
        }
        io_error(af->path, "cannot write file", e, err);
        lbs__afile_abort(af);
        return LBS_EIO;
    }
    if (af->tmp != NULL && deferring && npending < MAX_TEMPS) {
        pending[npending].tmp = af->tmp;
        pending[npending].path = af->path;
        pending[npending].slot = af->slot;
        npending++;
        af->tmp = af->path = NULL;
        af->slot = -1;
        return LBS_OK;
    }
    if (af->tmp != NULL && rename(af->tmp, af->path) != 0) {
        io_error(af->path, "cannot write file", errno, err);
        lbs__afile_abort(af);
        return LBS_EIO;
    }
    temp_unregister(af->slot);
    free(af->tmp);
    free(af->path);
    af->tmp = af->path = NULL;
    af->slot = -1;
    return LBS_OK;
}

void lbs__afile_abort(lbs__afile *af)
{
    if (af->f != NULL && af->f != stdout) {
        fclose(af->f);
    }
    af->f = NULL;
    if (af->tmp != NULL) {
        unlink(af->tmp);
    }
    temp_unregister(af->slot);
    free(af->tmp);
    free(af->path);
    af->tmp = af->path = NULL;
    af->slot = -1;
}

lbs_status lbs_io_check_writable(const char *path, lbs_error *err)
{
    target_kind kind = TARGET_NEW;
    mode_t mode = 0;
    lbs_status st = target_of(path, &kind, &mode, err);
    if (st != LBS_OK || kind == TARGET_STDOUT) {
        return st;
    }
    if (kind == TARGET_SPECIAL) {
        /* Opening a FIFO here would wait for its reader: ask for permission only. */
        return access(path, W_OK) == 0 ? LBS_OK : io_error(path, "cannot write", errno, err);
    }
    lbs__afile af;
    st = lbs__afile_open(&af, path, err);
    if (st != LBS_OK) {
        return st;
    }
    lbs__afile_abort(&af);
    return LBS_OK;
}

void lbs_io_outputs_begin(void)
{
    deferring = 1;
}

/* Removes pending temporary files from index i on and ends the transaction. */
static void pending_drop(int i)
{
    for (; i < npending; i++) {
        unlink(pending[i].tmp);
        temp_unregister(pending[i].slot);
        free(pending[i].tmp);
        free(pending[i].path);
    }
    npending = 0;
    deferring = 0;
}

lbs_status lbs_io_outputs_commit(lbs_error *err)
{
    for (int i = 0; i < npending; i++) {
        if (rename(pending[i].tmp, pending[i].path) != 0) {
            io_error(pending[i].path, "cannot write file", errno, err);
            pending_drop(i);
            return LBS_EIO;
        }
        temp_unregister(pending[i].slot);
        free(pending[i].tmp);
        free(pending[i].path);
    }
    npending = 0;
    deferring = 0;
    return LBS_OK;
}

void lbs_io_outputs_abort(void)
{
    pending_drop(0);
}

void lbs_io_outputs_remove_signal_safe(void)
{
    int n = ntemps;
    for (int i = 0; i < n; i++) {
        const char *name = temps[i];
        if (name != NULL) {
            unlink(name);
        }
    }
}
