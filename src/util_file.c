/*
 * Output files that appear whole or not at all (io.h explains the rules a user sees).
 * Data for a regular file is written to a temporary file in the target folder (same
 * file system, so rename() is atomic), flushed and closed, then renamed over the
 * target. Any failure removes the temporary file, so an existing good file is never
 * clobbered by a broken one. "-" and paths that exist but are not regular files are
 * written in place: replacing /dev/null or a FIFO by a regular file would be data
 * loss of another kind.
 *
 * Names for an open file descriptor (/dev/stdout, /dev/stderr, /dev/fd/N,
 * /proc/self/fd/N, or a link to one) write to that descriptor as a shell redirection
 * does, sharing its offset: /dev/stdout is standard output even when it is redirected
 * to a regular file, which must then be neither replaced nor written from offset 0.
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
/* Most folders one output transaction creates. */
#define MAX_FOLDERS 64

/* The registry: names of temporary files not yet renamed or removed. */
static char *volatile temps[MAX_TEMPS];
static volatile sig_atomic_t ntemps;

/* Folders created by lbs_io_make_folders() in the current transaction, in the order
   they were made (parents first); removed again, when empty, by an abort or a signal. */
static char *volatile folders[MAX_FOLDERS];
static volatile sig_atomic_t nfolders;

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

/* Blocks the signals that stop a program (and whose handler may remove temporary
   files and folders) in the calling thread; *old receives the previous mask. */
static void block_stop_signals(sigset_t *old)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &block, old);
}

/* An I/O error naming the file ("-": standard output) and the system's reason. */
static lbs_status io_error(const char *path, const char *doing, int e, lbs_error *err)
{
    char why[LBS_ERROR_TEXT];
    snprintf(why, sizeof(why), "%.200s: %s", doing, strerror(e));
    return lbs_error_set(err, LBS_EIO, strcmp(path, "-") == 0 ? "standard output" : path, "", why);
}

/* How an output path is written. */
typedef enum target_kind {
    TARGET_NEW,     /* does not exist: temporary file, then rename */
    TARGET_REGULAR, /* a regular file (or a link to one): replaced the same way */
    TARGET_STDOUT,  /* "-" or a name for descriptor 1: the stdout stream */
    TARGET_FD,      /* a name for another open descriptor: written through a copy of it */
    TARGET_SPECIAL  /* a device, FIFO or socket, or a file reached through /proc: opened
                       and written in place */
} target_kind;

/* The descriptor a name stands for: /dev/stdout, /dev/stderr, /dev/stdin, /dev/fd/N,
   /proc/self/fd/N; -1 for any other name. */
static int fd_alias(const char *path)
{
    static const char *const named[] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };
    for (int i = 0; i < 3; i++) {
        if (strcmp(path, named[i]) == 0) {
            return i;
        }
    }
    static const char *const dirs[] = { "/dev/fd/", "/proc/self/fd/" };
    for (int i = 0; i < 2; i++) {
        size_t len = strlen(dirs[i]);
        if (strncmp(path, dirs[i], len) == 0 && path[len] >= '0' && path[len] <= '9') {
            char *end = NULL;
            long fd = strtol(path + len, &end, 10);
            if (*end == '\0' && fd < INT_MAX) {
                return (int)fd;
            }
        }
    }
    return -1;
}

/* Follows path's symbolic links (at most 16) without resolving them fully. Sets *fd
   when a link names an open descriptor, and *system when one leads into /proc, whose
   regular files (another process's descriptors) must not be replaced. */
static void follow_links(const char *path, int *fd, int *system)
{
    char cur[PATH_MAX], next[PATH_MAX];
    snprintf(cur, sizeof(cur), "%s", path);
    *fd = fd_alias(cur);
    *system = strncmp(cur, "/proc/", 6) == 0;
    for (int hop = 0; hop < 16 && *fd < 0; hop++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) {
            return;
        }
        ssize_t n = readlink(cur, next, sizeof(next) - 1);
        if (n <= 0) {
            return;
        }
        next[n] = '\0';
        if (next[0] != '/') {
            /* relative to the link's folder */
            const char *slash = strrchr(cur, '/');
            int dirlen = slash != NULL ? (int)(slash - cur) + 1 : 0;
            char joined[PATH_MAX];
            if (snprintf(joined, sizeof(joined), "%.*s%s", dirlen, cur, next) >=
                (int)sizeof(joined)) {
                return;
            }
            memcpy(next, joined, strlen(joined) + 1);
        }
        memcpy(cur, next, strlen(next) + 1);
        *fd = fd_alias(cur);
        *system |= strncmp(cur, "/proc/", 6) == 0;
    }
}

/* Checks that path is usable as a name at all. */
static lbs_status check_name(const char *path, lbs_error *err)
{
    if (path[0] == '\0') {
        return lbs_error_set(err, LBS_EIO, "output", "", "empty file name");
    }
    if (strlen(path) >= PATH_MAX) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "path is %zu bytes long; the limit is %d", strlen(path),
                 PATH_MAX - 1);
        return lbs_error_set(err, LBS_EIO, "output", "", why);
    }
    /* A temporary file with a short name could be written, then not renamed. */
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    if (strlen(base) > NAME_MAX) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "the file name is %zu bytes long; the limit is %d", strlen(base),
                 NAME_MAX);
        return lbs_error_set(err, LBS_EIO, "output", "", why);
    }
    return LBS_OK;
}

/* Classifies path; *fd is the descriptor of TARGET_STDOUT and TARGET_FD, *mode an
   existing regular file's permission bits. */
static lbs_status target_of(const char *path, target_kind *kind, int *fd, mode_t *mode,
                            lbs_error *err)
{
    lbs_status st = check_name(path, err);
    if (st != LBS_OK) {
        return st;
    }
    *fd = -1;
    if (strcmp(path, "-") == 0) {
        *kind = TARGET_STDOUT;
        *fd = STDOUT_FILENO;
        return LBS_OK;
    }
    if (path[strlen(path) - 1] == '/') {
        return lbs_error_set(err, LBS_EIO, path, "", "is a directory name");
    }
    int system = 0;
    follow_links(path, fd, &system);
    struct stat sb;
    if (*fd >= 0) {
        if (fstat(*fd, &sb) != 0) {
            return io_error(path, "cannot write", errno, err);
        }
        *kind = *fd == STDOUT_FILENO ? TARGET_STDOUT : TARGET_FD;
        return LBS_OK;
    }
    if (stat(path, &sb) != 0) {
        *kind = TARGET_NEW;
        return LBS_OK;
    }
    if (S_ISDIR(sb.st_mode)) {
        return lbs_error_set(err, LBS_EIO, path, "", "is a directory");
    }
    *kind = S_ISREG(sb.st_mode) && !system ? TARGET_REGULAR : TARGET_SPECIAL;
    *mode = sb.st_mode & 07777;
    return LBS_OK;
}

lbs_io_dest lbs_io_dest_of(const char *path)
{
    target_kind kind = TARGET_NEW;
    int fd = -1;
    mode_t mode = 0;
    if (target_of(path, &kind, &fd, &mode, NULL) != LBS_OK) {
        return LBS_IO_DEST_FILE; /* refused when it is written */
    }
    switch (kind) {
    case TARGET_STDOUT:
        return LBS_IO_DEST_STDOUT;
    case TARGET_FD:
    case TARGET_SPECIAL:
        return LBS_IO_DEST_IN_PLACE;
    default:
        return LBS_IO_DEST_FILE;
    }
}

/* Opens a path that is written in place: standard output, a descriptor, or a special
   file (a regular file reached through /proc is rewritten from its start). */
static lbs_status open_in_place(lbs__afile *af, const char *path, target_kind kind, int fd,
                                lbs_error *err)
{
    if (kind == TARGET_STDOUT) {
        af->f = stdout;
        return LBS_OK;
    }
    int out = -1;
    if (kind == TARGET_FD) {
        out = dup(fd);
    } else {
        struct stat sb;
        int trunc = stat(path, &sb) == 0 && S_ISREG(sb.st_mode) ? O_TRUNC : 0;
        out = open(path, O_WRONLY | O_NOCTTY | trunc);
    }
    if (out < 0) {
        return io_error(path, "cannot open for writing", errno, err);
    }
    af->f = fdopen(out, "wb");
    if (af->f == NULL) {
        int e = errno;
        close(out);
        return io_error(path, "cannot open for writing", e, err);
    }
    return LBS_OK;
}

lbs_status lbs__afile_open(lbs__afile *af, const char *path, lbs_error *err)
{
    memset(af, 0, sizeof(*af));
    af->slot = -1;
    target_kind kind = TARGET_NEW;
    int target_fd = -1;
    mode_t mode = 0;
    lbs_status st = target_of(path, &kind, &target_fd, &mode, err);
    if (st != LBS_OK) {
        return st;
    }
    af->path = lbs__strdup(path);
    if (af->path == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, path, "", "out of memory");
    }
    if (kind != TARGET_NEW && kind != TARGET_REGULAR) {
        st = open_in_place(af, path, kind, target_fd, err);
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
    sigset_t old;
    block_stop_signals(&old);
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

lbs_status lbs__afile_fail(lbs__afile *af, lbs_status st, lbs_error *err)
{
    int e = errno;
    if (st == LBS_EIO) {
        io_error(af->path, "cannot write file", e != 0 ? e : EIO, err);
    } else if (err != NULL) {
        lbs_error was = *err;
        lbs_error_set(err, st, af->path, was.value, was.why);
    }
    lbs__afile_abort(af);
    return st;
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

/* Whether descriptor fd is open for writing. */
static lbs_status fd_writable(const char *path, int fd, lbs_error *err)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) {
        return io_error(path, "cannot write", errno, err);
    }
    if ((flags & O_ACCMODE) == O_RDONLY) {
        return io_error(path, "cannot write", EBADF, err);
    }
    return LBS_OK;
}

/* Creates one missing folder, recorded while a transaction runs. */
static lbs_status make_folder(const char *path, const char *folder, lbs_error *err)
{
    char *name = deferring ? lbs__strdup(folder) : NULL;
    if (deferring && (name == NULL || nfolders == MAX_FOLDERS)) {
        free(name);
        return lbs_error_set(err, LBS_ENOMEM, path, "", "too many new folders at once");
    }
    sigset_t old;
    block_stop_signals(&old);
    int made = mkdir(folder, 0777) == 0;
    int e = errno;
    if (made && name != NULL) {
        folders[nfolders] = name;
        nfolders = nfolders + 1;
        name = NULL;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(name);
    if (!made && e != EEXIST) {
        char why[LBS_ERROR_TEXT];
        snprintf(why, sizeof(why), "cannot create folder %.200s", folder);
        return io_error(path, why, e, err);
    }
    return LBS_OK;
}

/* The folder of path must exist, or be creatable: its own parent an existing,
   writable folder (only the last folder is created, as mkdir does, not mkdir -p: a
   mistyped path should not grow a tree of folders). With make, it is created;
   *missing (may be NULL) says whether it was missing. */
static lbs_status folder_of(const char *path, int make, int *missing, lbs_error *err)
{
    const char *slash = strrchr(path, '/');
    if (missing != NULL) {
        *missing = 0;
    }
    if (slash == NULL || slash == path) {
        return LBS_OK;
    }
    char *dir = lbs__strdup(path);
    if (dir == NULL) {
        return lbs_error_set(err, LBS_ENOMEM, path, "", "out of memory");
    }
    dir[slash - path] = '\0';
    while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/') {
        dir[strlen(dir) - 1] = '\0'; /* "a//x.csv" */
    }
    lbs_status st = LBS_OK;
    char why[LBS_ERROR_TEXT];
    struct stat sb;
    if (stat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode)) {
            snprintf(why, sizeof(why), "%.200s is not a folder", dir);
            st = lbs_error_set(err, LBS_EIO, path, "", why);
        }
    } else if (errno != ENOENT) {
        snprintf(why, sizeof(why), "cannot create folder %.200s", dir);
        st = io_error(path, why, errno, err);
    } else if (make) {
        st = make_folder(path, dir, err);
    } else {
        if (missing != NULL) {
            *missing = 1;
        }
        /* its parent must take a new folder */
        char *up = strrchr(dir, '/');
        char *parent = lbs__strdup(up == NULL ? "." : (up == dir ? "/" : dir));
        if (parent != NULL && up != NULL && up != dir) {
            parent[up - dir] = '\0';
        }
        if (parent == NULL) {
            st = lbs_error_set(err, LBS_ENOMEM, path, "", "out of memory");
        } else if (stat(parent, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
                   access(parent, W_OK | X_OK) != 0) {
            int e = stat(parent, &sb) != 0 ? errno : (S_ISDIR(sb.st_mode) ? errno : ENOTDIR);
            snprintf(why, sizeof(why), "cannot create folder %.200s", dir);
            st = io_error(path, why, e, err);
        }
        free(parent);
    }
    free(dir);
    return st;
}

lbs_status lbs_io_make_folders(const char *path, lbs_error *err)
{
    lbs_status st = check_name(path, err);
    return st != LBS_OK ? st : folder_of(path, 1, NULL, err);
}

lbs_status lbs_io_check_output(const char *path, int make_folders, lbs_error *err)
{
    target_kind kind = TARGET_NEW;
    int fd = -1;
    mode_t mode = 0;
    lbs_status st = target_of(path, &kind, &fd, &mode, err);
    if (st != LBS_OK) {
        return st;
    }
    if (kind == TARGET_STDOUT || kind == TARGET_FD) {
        return fd_writable(path, fd, err);
    }
    if (kind == TARGET_SPECIAL) {
        /* Opening a FIFO here would wait for its reader: ask for permission only. A
           device is opened (without waiting), so one that cannot be (/dev/tty with no
           terminal) is found now. */
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISCHR(sb.st_mode)) {
            int dev = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK);
            if (dev < 0) {
                return io_error(path, "cannot open for writing", errno, err);
            }
            close(dev);
            return LBS_OK;
        }
        return access(path, W_OK) == 0 ? LBS_OK : io_error(path, "cannot write", errno, err);
    }
    int missing = 0;
    if (make_folders && (st = folder_of(path, 0, &missing, err)) != LBS_OK) {
        return st;
    }
    if (missing) {
        return LBS_OK; /* nothing to try a file in yet */
    }
    lbs__afile af;
    st = lbs__afile_open(&af, path, err);
    if (st != LBS_OK) {
        return st;
    }
    lbs__afile_abort(&af);
    return LBS_OK;
}

lbs_status lbs_io_check_writable(const char *path, lbs_error *err)
{
    return lbs_io_check_output(path, 0, err);
}

void lbs_io_outputs_begin(void)
{
    deferring = 1;
}

/* Ends the transaction's record of the folders it created; with remove, removes them
   (the innermost first; only empty ones go). */
static void folders_end(int remove)
{
    for (int i = nfolders - 1; i >= 0; i--) {
        char *name = folders[i];
        folders[i] = NULL;
        if (remove && name != NULL) {
            rmdir(name);
        }
        free(name);
    }
    nfolders = 0;
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
    folders_end(1);
}

lbs_status lbs_io_outputs_commit(lbs_error *err)
{
    /* A stop signal waits until every file is in place: its handler would otherwise
       find some outputs renamed and others not. */
    sigset_t old;
    block_stop_signals(&old);
    lbs_status st = LBS_OK;
    for (int i = 0; i < npending && st == LBS_OK; i++) {
        if (rename(pending[i].tmp, pending[i].path) != 0) {
            st = io_error(pending[i].path, "cannot write file", errno, err);
            pending_drop(i);
            break;
        }
        temp_unregister(pending[i].slot);
        free(pending[i].tmp);
        free(pending[i].path);
    }
    if (st == LBS_OK) {
        npending = 0;
        deferring = 0;
        folders_end(0);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return st;
}

void lbs_io_outputs_abort(void)
{
    sigset_t old;
    block_stop_signals(&old);
    pending_drop(0);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
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
    for (int i = nfolders - 1; i >= 0; i--) {
        const char *name = folders[i];
        if (name != NULL) {
            rmdir(name);
        }
    }
}
