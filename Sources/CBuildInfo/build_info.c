#include "build_info.h"

const char *bcplan_build_commit(void) { return BCPLAN_COMMIT; }
