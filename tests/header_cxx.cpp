// The public headers compile as C++ and the library links from a C++ program: every
// header is included through the umbrella, and a few calls cross the extern "C" line.
#include <lbsim/lbsim.h>

#include <cstdio>
#include <cstring>

int main()
{
    lbs_real_opts o;
    lbs_real_opts_init(&o);
    lbs_atomic_int stop(0);
    o.stop = &stop;
    const char *v = lbs_version();
    if (v == nullptr || std::strcmp(v, LBS_VERSION_STRING) != 0 || o.engines != 12) {
        std::puts("0 passed, 1 failed");
        return 1;
    }
    std::puts("1 passed, 0 failed");
    return 0;
}
