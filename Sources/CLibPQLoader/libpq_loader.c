#include "CLibPQLoader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif

// Every libpq function ScoreBench calls: X(return type, name, parameters, arguments) for those
// that return a value, V(name, parameters, arguments) for those that return nothing.
#define LIBPQ_FUNCTIONS(X, V)                                                                      \
    V(PQclear, (PGresult *res), (res))                                                             \
    X(char *, PQcmdStatus, (PGresult *res), (res))                                                 \
    X(char *, PQcmdTuples, (PGresult *res), (res))                                                 \
    X(PostgresPollingStatusType, PQconnectPoll, (PGconn *conn), (conn))                            \
    X(PGconn *, PQconnectStartParams,                                                              \
      (const char *const *keywords, const char *const *values, int expand_dbname),                \
      (keywords, values, expand_dbname))                                                           \
    X(int, PQconnectionNeedsPassword, (const PGconn *conn), (conn))                                \
    X(PQconninfoOption *, PQconninfo, (PGconn *conn), (conn))                                      \
    V(PQconninfoFree, (PQconninfoOption *options), (options))                                      \
    X(PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg), (conninfo, errmsg)) \
    X(char *, PQdb, (const PGconn *conn), (conn))                                                  \
    X(PGresult *, PQdescribePrepared, (PGconn *conn, const char *stmt), (conn, stmt))              \
    X(char *, PQencryptPasswordConn,                                                               \
      (PGconn *conn, const char *passwd, const char *user, const char *algorithm),                 \
      (conn, passwd, user, algorithm))                                                             \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn))                                        \
    X(char *, PQescapeIdentifier, (PGconn *conn, const char *str, size_t len), (conn, str, len))   \
    X(char *, PQescapeLiteral, (PGconn *conn, const char *str, size_t len), (conn, str, len))      \
    X(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))                        \
    X(PGresult *, PQexecParams,                                                                    \
      (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,                      \
       const char *const *paramValues, const int *paramLengths, const int *paramFormats,          \
       int resultFormat),                                                                          \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat)) \
    X(PGresult *, PQexecPrepared,                                                                  \
      (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,           \
       const int *paramLengths, const int *paramFormats, int resultFormat),                       \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))           \
    V(PQfinish, (PGconn *conn), (conn))                                                            \
    X(char *, PQfname, (const PGresult *res, int field_num), (res, field_num))                     \
    V(PQfreemem, (void *ptr), (ptr))                                                               \
    X(int, PQgetCopyData, (PGconn *conn, char **buffer, int async), (conn, buffer, async))         \
    X(PGresult *, PQgetResult, (PGconn *conn), (conn))                                             \
    X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(char *, PQhost, (const PGconn *conn), (conn))                                                \
    X(int, PQnfields, (const PGresult *res), (res))                                                \
    X(int, PQnparams, (const PGresult *res), (res))                                                \
    X(int, PQntuples, (const PGresult *res), (res))                                                \
    X(const char *, PQparameterStatus, (const PGconn *conn, const char *paramName), (conn, paramName)) \
    X(char *, PQport, (const PGconn *conn), (conn))                                                \
    X(PGresult *, PQprepare,                                                                       \
      (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes), \
      (conn, stmtName, query, nParams, paramTypes))                                                \
    X(int, PQputCopyData, (PGconn *conn, const char *buffer, int nbytes), (conn, buffer, nbytes))  \
    X(int, PQputCopyEnd, (PGconn *conn, const char *errormsg), (conn, errormsg))                   \
    X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))          \
    X(char *, PQresultErrorMessage, (const PGresult *res), (res))                                  \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res))                                \
    X(int, PQserverVersion, (const PGconn *conn), (conn))                                          \
    X(PGVerbosity, PQsetErrorVerbosity, (PGconn *conn, PGVerbosity verbosity), (conn, verbosity))  \
    X(PQnoticeReceiver, PQsetNoticeReceiver, (PGconn *conn, PQnoticeReceiver proc, void *arg),     \
      (conn, proc, arg))                                                                           \
    X(int, PQsocket, (const PGconn *conn), (conn))                                                 \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                                      \
    X(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))                  \
    X(char *, PQuser, (const PGconn *conn), (conn))

// The library's functions, found by name once it is loaded.
#define DECLARE_POINTER(type, name, parameters, arguments) static type(*loaded_##name) parameters;
#define DECLARE_VOID_POINTER(name, parameters, arguments) static void(*loaded_##name) parameters;
LIBPQ_FUNCTIONS(DECLARE_POINTER, DECLARE_VOID_POINTER)

// The names the library goes by, most specific first.
static const char *const library_names[] = {
#if defined(__APPLE__)
    "libpq.5.dylib", "/opt/homebrew/opt/libpq/lib/libpq.5.dylib", "/usr/local/opt/libpq/lib/libpq.5.dylib",
#else
    "libpq.so.5", "libpq.so",
#endif
};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const char *load_failure = NULL;
static char failure_text[512];

static void load(void) {
    void *library = NULL;
    char first_reason[256] = "not found";
    for (size_t index = 0; index < sizeof library_names / sizeof library_names[0] && !library; index++) {
        library = dlopen(library_names[index], RTLD_NOW | RTLD_LOCAL);
        const char *reason = library ? NULL : dlerror();
        if (index == 0 && reason) snprintf(first_reason, sizeof first_reason, "%s", reason);
    }
    if (!library) {
        snprintf(failure_text, sizeof failure_text,
                 "cannot load libpq, PostgreSQL's client library: %s; install it (Debian and Ubuntu: apt-get install libpq5)",
                 first_reason);
        load_failure = failure_text;
        return;
    }
#define FIND(name)                                                                                 \
    if (!load_failure) {                                                                           \
        *(void **)(&loaded_##name) = dlsym(library, #name);                                        \
        if (!loaded_##name) {                                                                      \
            snprintf(failure_text, sizeof failure_text,                                           \
                     "the libpq found (%s) has no function %s; it is older than ScoreBench needs", \
                     library_names[0], #name);                                                     \
            load_failure = failure_text;                                                           \
        }                                                                                          \
    }
#define FIND_POINTER(type, name, parameters, arguments) FIND(name)
#define FIND_VOID_POINTER(name, parameters, arguments) FIND(name)
    LIBPQ_FUNCTIONS(FIND_POINTER, FIND_VOID_POINTER)
}

const char *scorebench_libpq_load(void) {
    pthread_once(&load_once, load);
    return load_failure;
}

// libpq-fe.h's functions, calling into the loaded library.
#define DEFINE_FUNCTION(type, name, parameters, arguments)                                         \
    type name parameters { return loaded_##name arguments; }
#define DEFINE_VOID_FUNCTION(name, parameters, arguments)                                          \
    void name parameters { loaded_##name arguments; }
LIBPQ_FUNCTIONS(DEFINE_FUNCTION, DEFINE_VOID_FUNCTION)
