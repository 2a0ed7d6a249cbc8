/* Uses the installed library the way a program would: the seed's bimodal workload under
   direct in virtual time, whose makespan is 12.2 s (12 heavy tasks of 1 s on engine 0). */
#include <math.h>
#include <stdio.h>

#include <lbsim/lbsim.h>

int main(void)
{
    lbs_workload_params wp;
    lbs_workload_params_init(&wp);
    wp.dist = LBS_DIST_BIMODAL;
    lbs_workload *w = NULL;
    lbs_policy *p = NULL;
    lbs_timetable *t = NULL;
    if (lbs_workload_new(&wp, &w, NULL) != LBS_OK) {
        puts("consumer: cannot make the workload");
        return 1;
    }
    lbs_policy_ctx ctx;
    lbs_policy_ctx_init(&ctx);
    ctx.tasks = lbs_workload_size(w);
    lbs_virtual_opts vo;
    lbs_virtual_opts_init(&vo);
    if (lbs_policy_new("direct", &ctx, &p, NULL) != LBS_OK ||
        lbs_exec_virtual(w, p, &vo, &t, NULL) != LBS_OK) {
        puts("consumer: cannot run");
        lbs_policy_free(p);
        lbs_workload_free(w);
        return 1;
    }
    double wall = lbs_timetable_makespan(t);
    printf("lbsim %s: direct on %zu bimodal tasks, wall %.3f s\n", lbs_version(),
           lbs_workload_size(w), wall);
    int ok = lbs_workload_size(w) == 146 && fabs(wall - 12.2) < 1e-9;
    lbs_timetable_free(t);
    lbs_policy_free(p);
    lbs_workload_free(w);
    return ok ? 0 : 1;
}
