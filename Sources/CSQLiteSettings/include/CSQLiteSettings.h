#ifndef SCOREBENCH_SQLITE_SETTINGS_H
#define SCOREBENCH_SQLITE_SETTINGS_H

/// Turns off SQLite's memory statistics, which take a process-wide mutex around every
/// allocation SQLite makes (a tenth of a statewide import's time). ScoreBench never asks
/// for them. Only takes effect before SQLite's first use in the process; later calls change
/// nothing. Returns SQLite's result code.
int scorebench_sqlite_settings(void);

#endif
