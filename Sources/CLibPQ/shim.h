#ifndef BCPLAN_CLIBPQ_SHIM_H
#define BCPLAN_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
