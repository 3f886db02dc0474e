#ifndef BCPLAN_CYAML_SHIM_H
#define BCPLAN_CYAML_SHIM_H
#include <yaml.h>
#endif
