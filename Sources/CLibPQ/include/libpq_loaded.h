#ifndef BCPLAN_LIBPQ_LOADED_H
#define BCPLAN_LIBPQ_LOADED_H

// libpq, loaded with dlopen the first time the PostgreSQL state backend connects, not linked:
// libpq.so.5 brings libssl, libcrypto, Kerberos and LDAP with it, and mapping them costs every
// bcplan run about 3 ms at start-up although most runs keep their state in a file.
//
// The types and constants below are libpq's ABI as PostgreSQL 15 declares it in libpq-fe.h
// (stable across major versions since 7.x; https://www.postgresql.org/docs/15/libpq.html); the
// functions are libpq's own, reached through pointers under a `bcplan_` name so that nothing here
// can stand in for a symbol of the loaded library.

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef unsigned int Oid;

/// libpq-fe.h `struct _PQconninfoOption`, as PQconninfoParse returns it.
typedef struct {
    char *keyword;
    char *envvar;
    char *compiled;
    char *val;
    char *label;
    char *dispchar;
    int dispsize;
} PQconninfoOption;

typedef void (*PQnoticeProcessor)(void *arg, const char *message);

/// libpq-fe.h `ConnStatusType`: CONNECTION_OK is its first member.
#define BCPLAN_CONNECTION_OK 0
/// libpq-fe.h `ExecStatusType`: PGRES_EMPTY_QUERY = 0, PGRES_COMMAND_OK, PGRES_TUPLES_OK, ...
#define BCPLAN_PGRES_COMMAND_OK 1
#define BCPLAN_PGRES_TUPLES_OK 2

/// Loads libpq.so.5 once (thread-safe). Returns 1 when every function below can be called, else 0
/// and sets *reason to why (dlerror's text; static storage, not to be freed).
int bcplan_libpq_load(const char **reason);

PQconninfoOption *bcplan_PQconninfoParse(const char *conninfo, char **errmsg);
void bcplan_PQconninfoFree(PQconninfoOption *connOptions);
void bcplan_PQfreemem(void *ptr);
PGconn *bcplan_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname);
int bcplan_PQstatus(const PGconn *conn);
char *bcplan_PQerrorMessage(const PGconn *conn);
void bcplan_PQfinish(PGconn *conn);
PQnoticeProcessor bcplan_PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg);
char *bcplan_PQhost(const PGconn *conn);
char *bcplan_PQport(const PGconn *conn);
char *bcplan_PQdb(const PGconn *conn);
PGresult *bcplan_PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                              const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                              int resultFormat);
int bcplan_PQresultStatus(const PGresult *res);
char *bcplan_PQresultErrorField(const PGresult *res, int fieldcode);
void bcplan_PQclear(PGresult *res);
int bcplan_PQntuples(const PGresult *res);
int bcplan_PQnfields(const PGresult *res);
char *bcplan_PQcmdTuples(PGresult *res);
int bcplan_PQgetisnull(const PGresult *res, int tup_num, int field_num);
char *bcplan_PQgetvalue(const PGresult *res, int tup_num, int field_num);
int bcplan_PQgetlength(const PGresult *res, int tup_num, int field_num);

#endif
