/* io module: CSV export and the whole-or-nothing output files. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lbsim/lbsim.h>

static lbs_timetable *table(void)
{
    lbs_record r[3];
    double t[3][3] = { { 0, 0, 1.25 }, { 1, 0.5, 0.75 }, { 0, 1.25, 2.0000004 } };
    for (int i = 0; i < 3; i++) {
        lbs_record_init(&r[i]);
        r[i].task = (size_t)i;
        r[i].engine = (unsigned)t[i][0];
        r[i].start = 10.0 + t[i][1];
        r[i].end = 10.0 + t[i][2];
    }
    lbs_timetable *tt = NULL;
    cr_assert_eq(lbs_timetable_new(r, 3, 2, NULL, &tt, NULL), LBS_OK);
    return tt;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void tmp_path(char *buf, size_t size, const char *name)
{
    const char *d = getenv("LBS_TEST_TMP");
    snprintf(buf, size, "%s/%s", d ? d : "/tmp", name);
}

Test(io, csv_rows_in_task_order_microseconds)
{
    lbs_timetable *t = table();
    char path[512];
    tmp_path(path, sizeof(path), "io_rows.csv");
    cr_assert_eq(lbs_csv_save(t, path, NULL), LBS_OK);
    cr_assert_str_eq(slurp(path), "task,engine,start_s,end_s,duration_s,order\n"
                                  "0,0,0.000000,1.250000,1.250000,0\n"
                                  "1,1,0.500000,0.750000,0.250000,0\n"
                                  "2,0,1.250000,2.000000,0.750000,1\n");
    unlink(path);
    lbs_timetable_free(t);
}

static int temp_files_left(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int left = 0;
    while ((e = readdir(d)) != NULL) {
        left += strncmp(e->d_name, ".io_", 4) == 0;
    }
    closedir(d);
    return left;
}

Test(io, failed_write_keeps_the_old_file_and_no_temp)
{
    lbs_timetable *t = table();
    char dir[512], path[600];
    tmp_path(dir, sizeof(dir), "io_ro_dir");
    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/io_keep.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("good\n", f);
    fclose(f);
    chmod(dir, 0555);
    lbs_error err;
    lbs_status st = lbs_csv_save(t, path, &err);
    if (geteuid() != 0) { /* root ignores the folder's permissions */
        cr_assert_eq(st, LBS_EIO);
        cr_assert_str_eq(err.what, path);
        cr_assert_str_eq(slurp(path), "good\n");
    }
    chmod(dir, 0755);
    cr_assert_eq(temp_files_left(dir), 0);
    unlink(path);
    rmdir(dir);
    lbs_timetable_free(t);
}

Test(io, full_disk_leaves_no_temp_file)
{
    /* /dev/full accepts opening and fails every write with ENOSPC: the error surfaces
       at flush, and nothing is renamed into place. */
    lbs_timetable *t = table();
    FILE *full = fopen("/dev/full", "w");
    if (full == NULL) {
        lbs_timetable_free(t);
        cr_skip_test("no /dev/full");
    }
    setvbuf(full, NULL, _IONBF, 0);
    cr_assert_eq(lbs_csv_write(t, full, NULL), LBS_EIO);
    fclose(full);
    lbs_timetable_free(t);
}

Test(io, missing_folder_and_directory_target_are_refused)
{
    lbs_timetable *t = table();
    lbs_error err;
    cr_assert_eq(lbs_csv_save(t, "/nonexistent-lbsim-dir/x.csv", &err), LBS_EIO);
    cr_assert_str_eq(err.why, "cannot create file: No such file or directory");
    cr_assert_eq(lbs_io_check_writable("/nonexistent-lbsim-dir/x.csv", NULL), LBS_EIO);
    char dir[512];
    tmp_path(dir, sizeof(dir), "");
    cr_assert_eq(lbs_io_check_writable(dir, &err), LBS_EIO);
    cr_assert_eq(lbs_csv_save(t, "", &err), LBS_EIO);
    char ok[512];
    tmp_path(ok, sizeof(ok), "io_check.csv");
    unlink(ok);
    cr_assert_eq(lbs_io_check_writable(ok, NULL), LBS_OK);
    cr_assert_eq(access(ok, F_OK), -1, "the check leaves nothing behind");
    lbs_timetable_free(t);
}

/* Writes text to a file as a test fixture. */
static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

/* A fresh empty folder under the test's temporary folder. */
static void fresh_dir(char *dir, size_t size, const char *name)
{
    tmp_path(dir, size, name);
    char cmd[700];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(mkdir(dir, 0755), 0);
}

/* Entries of dir whose name starts with '.', other than . and .. (temporary files). */
static int hidden_left(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    int left = 0;
    while ((e = readdir(d)) != NULL) {
        left += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    closedir(d);
    return left;
}

Test(io, existing_file_keeps_its_mode)
{
    lbs_timetable *t = table();
    char dir[512], path[600];
    fresh_dir(dir, sizeof(dir), "io_mode");
    snprintf(path, sizeof(path), "%s/m.csv", dir);
    put(path, "old\n");
    cr_assert_eq(chmod(path, 0600), 0);
    cr_assert_eq(lbs_csv_save(t, path, NULL), LBS_OK);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0600, "mode %o", (unsigned)(st.st_mode & 07777));
    cr_assert(strncmp(slurp(path), "task,engine", 11) == 0);
    lbs_timetable_free(t);
}

Test(io, fifo_is_written_through_not_replaced)
{
    lbs_timetable *t = table();
    char dir[512], path[600];
    fresh_dir(dir, sizeof(dir), "io_fifo");
    snprintf(path, sizeof(path), "%s/pipe.csv", dir);
    cr_assert_eq(mkfifo(path, 0644), 0);
    cr_assert_eq(lbs_io_check_writable(path, NULL), LBS_OK, "the check must not wait for a reader");
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        /* The reader: copies what arrives through the FIFO into a regular file. */
        char got[620];
        snprintf(got, sizeof(got), "%s/got.txt", dir);
        FILE *in = fopen(path, "rb");
        FILE *out = fopen(got, "wb");
        int c;
        while (in != NULL && out != NULL && (c = fgetc(in)) != EOF) {
            fputc(c, out);
        }
        _exit(in != NULL && out != NULL && fclose(out) == 0 ? 0 : 1);
    }
    cr_assert_eq(lbs_csv_save(t, path, NULL), LBS_OK);
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    struct stat st;
    cr_assert_eq(lstat(path, &st), 0);
    cr_assert(S_ISFIFO(st.st_mode), "the FIFO was replaced");
    char got[620];
    snprintf(got, sizeof(got), "%s/got.txt", dir);
    cr_assert(strncmp(slurp(got), "task,engine,start_s", 19) == 0);
    cr_assert_eq(hidden_left(dir), 0);
    lbs_timetable_free(t);
}

Test(io, dev_null_stays_a_device)
{
    lbs_timetable *t = table();
    cr_assert_eq(lbs_csv_save(t, "/dev/null", NULL), LBS_OK);
    struct stat st;
    cr_assert_eq(lstat("/dev/null", &st), 0);
    cr_assert(S_ISCHR(st.st_mode), "/dev/null was replaced");
    lbs_timetable_free(t);
}

Test(io, symlink_to_regular_file_is_replaced_and_its_target_kept)
{
    lbs_timetable *t = table();
    char dir[512], target[600], link[600];
    fresh_dir(dir, sizeof(dir), "io_link");
    snprintf(target, sizeof(target), "%s/target.csv", dir);
    snprintf(link, sizeof(link), "%s/link.csv", dir);
    put(target, "kept\n");
    cr_assert_eq(symlink("target.csv", link), 0);
    cr_assert_eq(lbs_csv_save(t, link, NULL), LBS_OK);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_assert(S_ISREG(st.st_mode));
    cr_assert_str_eq(slurp(target), "kept\n");
    lbs_timetable_free(t);
}

Test(io, transaction_abort_keeps_every_old_file)
{
    lbs_timetable *t = table();
    char dir[512], a[600], b[600];
    fresh_dir(dir, sizeof(dir), "io_txn_abort");
    snprintf(a, sizeof(a), "%s/a.csv", dir);
    snprintf(b, sizeof(b), "%s/b.csv", dir);
    put(a, "old a\n");
    put(b, "old b\n");
    lbs_io_outputs_begin();
    cr_assert_eq(lbs_csv_save(t, a, NULL), LBS_OK);
    cr_assert_str_eq(slurp(a), "old a\n", "renamed before the commit");
    cr_assert_eq(lbs_csv_save(t, b, NULL), LBS_OK);
    cr_assert_eq(hidden_left(dir), 2);
    lbs_io_outputs_abort();
    cr_assert_str_eq(slurp(a), "old a\n");
    cr_assert_str_eq(slurp(b), "old b\n");
    cr_assert_eq(hidden_left(dir), 0);
    lbs_timetable_free(t);
}

Test(io, transaction_commit_replaces_them_all)
{
    lbs_timetable *t = table();
    char dir[512], a[600], b[600];
    fresh_dir(dir, sizeof(dir), "io_txn_commit");
    snprintf(a, sizeof(a), "%s/a.csv", dir);
    snprintf(b, sizeof(b), "%s/b.csv", dir);
    put(a, "old a\n");
    lbs_io_outputs_begin();
    cr_assert_eq(lbs_csv_save(t, a, NULL), LBS_OK);
    cr_assert_eq(lbs_csv_save(t, b, NULL), LBS_OK);
    cr_assert_eq(access(b, F_OK), -1);
    cr_assert_eq(lbs_io_outputs_commit(NULL), LBS_OK);
    cr_assert(strncmp(slurp(a), "task,engine", 11) == 0);
    cr_assert(strncmp(slurp(b), "task,engine", 11) == 0);
    cr_assert_eq(hidden_left(dir), 0);
    /* After the commit, files are renamed at once again. */
    put(a, "old a\n");
    cr_assert_eq(lbs_csv_save(t, a, NULL), LBS_OK);
    cr_assert(strncmp(slurp(a), "task,engine", 11) == 0);
    lbs_timetable_free(t);
}

Test(io, signal_safe_cleanup_removes_pending_temp_files)
{
    lbs_timetable *t = table();
    char dir[512], a[600];
    fresh_dir(dir, sizeof(dir), "io_txn_signal");
    snprintf(a, sizeof(a), "%s/a.csv", dir);
    lbs_io_outputs_begin();
    cr_assert_eq(lbs_csv_save(t, a, NULL), LBS_OK);
    cr_assert_eq(hidden_left(dir), 1);
    lbs_io_outputs_remove_signal_safe();
    cr_assert_eq(hidden_left(dir), 0);
    cr_assert_eq(access(a, F_OK), -1);
    lbs_timetable_free(t);
}

Test(io, long_names_use_a_short_temp_name_and_overlong_paths_are_refused)
{
    lbs_timetable *t = table();
    char dir[512], path[900];
    fresh_dir(dir, sizeof(dir), "io_long");
    char name[256];
    memset(name, 'n', 251);
    strcpy(name + 251, ".csv"); /* 255 bytes: the longest name a folder takes */
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    cr_assert_eq(lbs_csv_save(t, path, NULL), LBS_OK);
    cr_assert(strncmp(slurp(path), "task,engine", 11) == 0);
    size_t n = 5000;
    char *huge = malloc(n + 1);
    memset(huge, 'a', n);
    huge[n] = '\0';
    lbs_error err;
    cr_assert_eq(lbs_csv_save(t, huge, &err), LBS_EIO);
    cr_assert_str_eq(err.why, "path is 5000 bytes long; the limit is 4095");
    cr_assert_eq(lbs_io_check_writable(huge, NULL), LBS_EIO);
    free(huge);
    lbs_timetable_free(t);
}

Test(io, a_link_to_stdout_writes_stdout_even_when_it_is_a_regular_file)
{
    /* `lbsim --csv /dev/stdout > o.txt`: /dev/stdout leads to o.txt through
       /proc/self/fd/1. It must be written through standard output, not replaced by a
       new file (as root that replaced the /dev/stdout link itself). A link of our own
       stands in for /dev/stdout. */
    lbs_timetable *t = table();
    char dir[512], out[600], link[600];
    fresh_dir(dir, sizeof(dir), "io_stdout_link");
    snprintf(out, sizeof(out), "%s/o.txt", dir);
    snprintf(link, sizeof(link), "%s/so", dir);
    fflush(stdout);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    cr_assert_geq(fd, 0);
    cr_assert_eq(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
    close(fd);
    cr_assert_eq(symlink("/proc/self/fd/1", link), 0);
    cr_assert_eq(lbs_io_dest_of(link), LBS_IO_DEST_STDOUT);
    cr_assert_eq(lbs_io_dest_of("/dev/stdout"), LBS_IO_DEST_STDOUT);
    cr_assert_eq(lbs_io_dest_of("-"), LBS_IO_DEST_STDOUT);
    printf("report\n");
    cr_assert_eq(lbs_io_check_writable(link, NULL), LBS_OK);
    cr_assert_eq(lbs_csv_save(t, link, NULL), LBS_OK);
    fflush(stdout);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the link was replaced");
    cr_assert(strncmp(slurp(out), "report\ntask,engine,start_s", 26) == 0, "%s", slurp(out));
    cr_assert_eq(hidden_left(dir), 0);
    lbs_timetable_free(t);
}

Test(io, dev_fd_n_writes_that_descriptor_at_its_offset)
{
    /* `lbsim --csv /dev/fd/5 5>>log.txt` appends, as the shell asked. */
    lbs_timetable *t = table();
    char dir[512], log[600], name[64];
    fresh_dir(dir, sizeof(dir), "io_dev_fd");
    snprintf(log, sizeof(log), "%s/log.txt", dir);
    put(log, "before\n");
    int fd = open(log, O_WRONLY | O_APPEND);
    cr_assert_geq(fd, 0);
    snprintf(name, sizeof(name), "/dev/fd/%d", fd);
    cr_assert_eq(lbs_io_dest_of(name), LBS_IO_DEST_IN_PLACE);
    cr_assert_eq(lbs_csv_save(t, name, NULL), LBS_OK);
    close(fd);
    cr_assert(strncmp(slurp(log), "before\ntask,engine", 18) == 0, "%s", slurp(log));
    struct stat st;
    cr_assert_eq(lstat(log, &st), 0);
    cr_assert(S_ISREG(st.st_mode));
    /* a descriptor that is not open cannot be written */
    lbs_error err;
    cr_assert_eq(lbs_io_check_writable("/dev/fd/987", &err), LBS_EIO);
    cr_assert_str_eq(err.why, "cannot write: Bad file descriptor");
    lbs_timetable_free(t);
}

Test(io, a_missing_folder_is_created_and_removed_again_on_abort)
{
    lbs_timetable *t = table();
    char dir[512], path[700], file[700], under[700], made[700], deep[700];
    fresh_dir(dir, sizeof(dir), "io_folders");
    snprintf(path, sizeof(path), "%s/a//x.csv", dir);
    snprintf(made, sizeof(made), "%s/a", dir);
    cr_assert_eq(lbs_io_check_writable(path, NULL), LBS_EIO, "without make_folders");
    cr_assert_eq(lbs_io_check_output(path, 1, NULL), LBS_OK);
    cr_assert_eq(access(made, F_OK), -1, "the check creates nothing");
    /* aborted: the folder goes with the temporary file */
    lbs_io_outputs_begin();
    cr_assert_eq(lbs_io_make_folders(path, NULL), LBS_OK);
    cr_assert_eq(lbs_csv_save(t, path, NULL), LBS_OK);
    lbs_io_outputs_abort();
    cr_assert_eq(access(made, F_OK), -1, "an aborted transaction leaves no folder");
    /* a signal handler removes it too */
    lbs_io_outputs_begin();
    cr_assert_eq(lbs_io_make_folders(path, NULL), LBS_OK);
    cr_assert_eq(lbs_csv_save(t, path, NULL), LBS_OK);
    lbs_io_outputs_remove_signal_safe();
    cr_assert_eq(access(made, F_OK), -1, "the handler's cleanup leaves no folder");
    lbs_io_outputs_abort();
    /* committed: it stays */
    lbs_io_outputs_begin();
    cr_assert_eq(lbs_io_make_folders(path, NULL), LBS_OK);
    cr_assert_eq(lbs_csv_save(t, path, NULL), LBS_OK);
    cr_assert_eq(lbs_io_outputs_commit(NULL), LBS_OK);
    cr_assert(strncmp(slurp(path), "task,engine", 11) == 0);
    /* only the last folder is made, as mkdir does */
    snprintf(deep, sizeof(deep), "%s/b/c/x.csv", dir);
    lbs_error err;
    cr_assert_eq(lbs_io_check_output(deep, 1, &err), LBS_EIO);
    char want[800];
    snprintf(want, sizeof(want), "cannot create folder %s/b/c: No such file or directory", dir);
    cr_assert_str_eq(err.why, want);
    cr_assert_eq(lbs_io_make_folders(deep, &err), LBS_EIO);
    cr_assert_str_eq(err.why, want);
    /* a file is not a folder */
    snprintf(file, sizeof(file), "%s/f", dir);
    put(file, "x\n");
    snprintf(under, sizeof(under), "%s/f/x.csv", dir);
    cr_assert_eq(lbs_io_check_output(under, 1, &err), LBS_EIO);
    snprintf(want, sizeof(want), "%s is not a folder", file);
    cr_assert_str_eq(err.why, want);
    snprintf(under, sizeof(under), "%s/f/g/x.csv", dir);
    cr_assert_eq(lbs_io_check_output(under, 1, &err), LBS_EIO);
    snprintf(want, sizeof(want), "cannot create folder %s/f/g: Not a directory", dir);
    cr_assert_str_eq(err.why, want);
    lbs_timetable_free(t);
}
