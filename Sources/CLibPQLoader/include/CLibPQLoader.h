#ifndef SCOREBENCH_LIBPQ_LOADER_H
#define SCOREBENCH_LIBPQ_LOADER_H

/// Loads libpq, PostgreSQL's client library, the first time it is called (later calls return
/// at once). Returns NULL once every libpq function ScoreBench calls is found, else why not.
///
/// ScoreBench is not linked against libpq: loading it and the two dozen libraries it brings
/// (TLS, Kerberos, LDAP) took a quarter of the start-up of every command on a SQLite store.
/// The functions of libpq-fe.h that ScoreBench calls are defined here and call into the
/// library once it is loaded; nothing may call them before this returned NULL.
const char *scorebench_libpq_load(void);

#endif
