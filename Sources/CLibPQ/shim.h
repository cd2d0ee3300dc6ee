// libpq's header only (the library is loaded when a server is named: CLibPQLoader). It is in a
// folder of its own: where Debian and Ubuntu's libpq-dev put it, or on CPATH for another prefix.
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif
