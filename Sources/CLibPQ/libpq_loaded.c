#include "libpq_loaded.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

// Every libpq function bcplan calls, as a pointer filled in by bcplan_libpq_load.
#define LIBPQ_FUNCTIONS(X) \
    X(PQconninfoOption *, PQconninfoParse, (const char *, char **)) \
    X(void, PQconninfoFree, (PQconninfoOption *)) \
    X(void, PQfreemem, (void *)) \
    X(PGconn *, PQconnectdbParams, (const char *const *, const char *const *, int)) \
    X(int, PQstatus, (const PGconn *)) \
    X(char *, PQerrorMessage, (const PGconn *)) \
    X(void, PQfinish, (PGconn *)) \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *, PQnoticeProcessor, void *)) \
    X(char *, PQhost, (const PGconn *)) \
    X(char *, PQport, (const PGconn *)) \
    X(char *, PQdb, (const PGconn *)) \
    X(PGresult *, PQexecParams, (PGconn *, const char *, int, const Oid *, const char *const *, const int *, const int *, int)) \
    X(int, PQresultStatus, (const PGresult *)) \
    X(char *, PQresultErrorField, (const PGresult *, int)) \
    X(void, PQclear, (PGresult *)) \
    X(int, PQntuples, (const PGresult *)) \
    X(int, PQnfields, (const PGresult *)) \
    X(char *, PQcmdTuples, (PGresult *)) \
    X(int, PQgetisnull, (const PGresult *, int, int)) \
    X(char *, PQgetvalue, (const PGresult *, int, int)) \
    X(int, PQgetlength, (const PGresult *, int, int))

#define DECLARE_POINTER(result, name, parameters) static result (*loaded_##name) parameters;
LIBPQ_FUNCTIONS(DECLARE_POINTER)

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded;
static const char *load_failure = "libpq was not loaded";

static void load(void) {
    // The soname, as Debian's libpq5 installs it; RTLD_LOCAL keeps its symbols to itself.
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        load_failure = dlerror();
        return;
    }
#define RESOLVE(result, name, parameters) \
    loaded_##name = (result (*) parameters)dlsym(library, #name); \
    if (loaded_##name == NULL) { load_failure = "libpq.so.5 has no " #name; return; }
    LIBPQ_FUNCTIONS(RESOLVE)
    loaded = 1;
}

int bcplan_libpq_load(const char **reason) {
    pthread_once(&load_once, load);
    if (!loaded && reason != NULL) *reason = load_failure;
    return loaded;
}

PQconninfoOption *bcplan_PQconninfoParse(const char *conninfo, char **errmsg) { return loaded_PQconninfoParse(conninfo, errmsg); }
void bcplan_PQconninfoFree(PQconninfoOption *options) { loaded_PQconninfoFree(options); }
void bcplan_PQfreemem(void *pointer) { loaded_PQfreemem(pointer); }
PGconn *bcplan_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    return loaded_PQconnectdbParams(keywords, values, expand_dbname);
}
int bcplan_PQstatus(const PGconn *conn) { return loaded_PQstatus(conn); }
char *bcplan_PQerrorMessage(const PGconn *conn) { return loaded_PQerrorMessage(conn); }
void bcplan_PQfinish(PGconn *conn) { loaded_PQfinish(conn); }
PQnoticeProcessor bcplan_PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg) {
    return loaded_PQsetNoticeProcessor(conn, proc, arg);
}
char *bcplan_PQhost(const PGconn *conn) { return loaded_PQhost(conn); }
char *bcplan_PQport(const PGconn *conn) { return loaded_PQport(conn); }
char *bcplan_PQdb(const PGconn *conn) { return loaded_PQdb(conn); }
PGresult *bcplan_PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                              const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                              int resultFormat) {
    return loaded_PQexecParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
int bcplan_PQresultStatus(const PGresult *res) { return loaded_PQresultStatus(res); }
char *bcplan_PQresultErrorField(const PGresult *res, int fieldcode) { return loaded_PQresultErrorField(res, fieldcode); }
void bcplan_PQclear(PGresult *res) { loaded_PQclear(res); }
int bcplan_PQntuples(const PGresult *res) { return loaded_PQntuples(res); }
int bcplan_PQnfields(const PGresult *res) { return loaded_PQnfields(res); }
char *bcplan_PQcmdTuples(PGresult *res) { return loaded_PQcmdTuples(res); }
int bcplan_PQgetisnull(const PGresult *res, int tup_num, int field_num) { return loaded_PQgetisnull(res, tup_num, field_num); }
char *bcplan_PQgetvalue(const PGresult *res, int tup_num, int field_num) { return loaded_PQgetvalue(res, tup_num, field_num); }
int bcplan_PQgetlength(const PGresult *res, int tup_num, int field_num) { return loaded_PQgetlength(res, tup_num, field_num); }
