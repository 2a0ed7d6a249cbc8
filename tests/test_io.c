/* io module: CSV export and the whole-or-nothing output files. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
