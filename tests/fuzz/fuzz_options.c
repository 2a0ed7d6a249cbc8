/*
 * libFuzzer target: the command-line parser and the specs it hands to the library
 * (numbers, policy names, workload names, figure formats). The input is split into
 * arguments at newlines; a first argument that names a command (render, sweep, help)
 * is parsed as that command's. Every parse must end in LBS_OK or a filled error, never a
 * crash, and a successful parse must give values the library accepts or refuses
 * cleanly; a sweep's values (ranges, lists, policy lists) go through lbs_sweep_set and
 * lbs_sweep_check.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) {
        return 0;
    }
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)"lbsim";
    for (char *tok = buf; tok != NULL && argc < 63;) {
        char *nl = strchr(tok, '\n');
        if (nl != NULL) {
            *nl = '\0';
        }
        argv[argc++] = tok;
        tok = nl ? nl + 1 : NULL;
    }
    argv[argc] = NULL;
    cli_opts o;
    lbs_error err;
    const cli_command *cmd = argc > 1 ? cli_command_find(argv[1]) : NULL;
    lbs_status st = cmd != NULL ? cli_parse(cmd, argc - 1, argv + 1, &o, &err)
                                : cli_parse(cli_command_find("run"), argc, argv, &o, &err);
    if (st == LBS_OK && o.nswept > 0) {
        lbs_sweep *s = NULL;
        lbs_status ss = lbs_sweep_new(&o.workload, &s, &err);
        for (size_t i = 0; ss == LBS_OK && i < o.nswept; i++) {
            ss = lbs_sweep_set(s, o.swept[i].name, o.swept[i].text, &err);
        }
        if (ss == LBS_OK) {
            ss = lbs_sweep_check(s, &err);
        }
        if (ss != LBS_OK && (err.what[0] == '\0' || err.why[0] == '\0')) {
            abort();
        }
        lbs_sweep_free(s);
    }
    if (st == LBS_OK) {
        lbs_workload_params wp = o.workload;
        if (lbs_workload_params_tasks(&wp) <= 10000) {
            lbs_workload *w = NULL;
            if (lbs_workload_new(&wp, &w, &err) == LBS_OK) {
                lbs_policy_ctx ctx;
                lbs_policy_ctx_init(&ctx);
                ctx.tasks = lbs_workload_size(w);
                ctx.engines = wp.engines;
                ctx.durations = lbs_workload_durations(w);
                lbs_policy *p = NULL;
                if (lbs_policy_new(o.policy, &ctx, &p, &err) == LBS_OK) {
                    lbs_policy_free(p);
                }
                lbs_workload_free(w);
            }
        }
        if (o.out != NULL) {
            lbs_format f;
            lbs_format_from_path(o.out, &f, &err);
        }
    } else if (err.what[0] == '\0' || err.why[0] == '\0') {
        abort(); /* every refusal names what and why */
    }
    cli_opts_free(&o);
    free(buf);
    return 0;
}
