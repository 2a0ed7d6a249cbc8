/*
 * Output files that appear whole or not at all: data is written to a temporary file
 * in the target folder (same file system, so rename() is atomic), flushed and
 * closed, then renamed over the target. Any failure removes the temporary file, so
 * an existing good file is never clobbered by a broken one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lbsim/io.h>

#include "internal.h"

/* "<dir>/.<base>.XXXXXX" next to path. */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t len = dirlen + 1 + strlen(base) + 8;
    char *tmp = malloc(len);
    if (tmp != NULL) {
        snprintf(tmp, len, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
    }
    return tmp;
}

static lbs_status check_not_dir(const char *path, lbs_error *err)
{
    struct stat st;
    if (path[0] == '\0') {
        return lbs_error_set(err, LBS_EIO, "output", "", "empty file name");
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        return lbs_error_set(err, LBS_EIO, path, "", "is a directory");
    }
    size_t len = strlen(path);
    if (path[len - 1] == '/') {
        return lbs_error_set(err, LBS_EIO, path, "", "is a directory name");
    }
    return LBS_OK;
}

static lbs_status open_error(const char *path, int e, lbs_error *err)
{
    char why[LBS_ERROR_TEXT];
    snprintf(why, sizeof(why), "cannot create file: %s", strerror(e));
    return lbs_error_set(err, LBS_EIO, path, "", why);
}

lbs_status lbs__afile_open(lbs__afile *af, const char *path, lbs_error *err)
{
    memset(af, 0, sizeof(*af));
    lbs_status st = check_not_dir(path, err);
    if (st != LBS_OK) {
        return st;
    }
    af->tmp = temp_name(path);
    af->path = lbs__strdup(path);
    if (af->tmp == NULL || af->path == NULL) {
        lbs__afile_abort(af);
        return lbs_error_set(err, LBS_ENOMEM, path, "", "out of memory");
    }
    int fd = mkstemp(af->tmp);
    if (fd < 0) {
        int e = errno;
        lbs__afile_abort(af);
        return open_error(path, e, err);
    }
    /* mkstemp creates 0600; give the file the usual permissions (umask applies). */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    af->f = fdopen(fd, "wb");
    if (af->f == NULL) {
        int e = errno;
        close(fd);
        unlink(af->tmp);
        lbs__afile_abort(af);
        return open_error(path, e, err);
    }
    return LBS_OK;
}

lbs_status lbs__afile_commit(lbs__afile *af, lbs_error *err)
{
    int failed = fflush(af->f) != 0 || ferror(af->f);
    int e = errno;
    if (fclose(af->f) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    af->f = NULL;
    if (!failed && rename(af->tmp, af->path) != 0) {
        failed = 1;
        e = errno;
    }
    if (failed) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "cannot write file: %s", strerror(e));
        lbs_error_set(err, LBS_EIO, af->path, "", why);
        lbs__afile_abort(af);
        return LBS_EIO;
    }
    free(af->tmp);
    free(af->path);
    af->tmp = af->path = NULL;
    return LBS_OK;
}

void lbs__afile_abort(lbs__afile *af)
{
    if (af->f != NULL) {
        fclose(af->f);
        af->f = NULL;
    }
    if (af->tmp != NULL && af->path != NULL) {
        unlink(af->tmp);
    }
    free(af->tmp);
    free(af->path);
    af->tmp = af->path = NULL;
}

lbs_status lbs_io_check_writable(const char *path, lbs_error *err)
{
    lbs__afile af;
    lbs_status st = lbs__afile_open(&af, path, err);
    if (st != LBS_OK) {
        return st;
    }
    lbs__afile_abort(&af);
    return LBS_OK;
}
