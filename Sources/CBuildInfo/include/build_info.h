#ifndef BCPLAN_BUILD_INFO_H
#define BCPLAN_BUILD_INFO_H

/// The commit this binary was built from (Package.swift's BCPLAN_COMMIT), or "" when the build
/// did not say.
const char *bcplan_build_commit(void);

#endif
