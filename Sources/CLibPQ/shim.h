// libpq's header is in a folder of its own: found through pkg-config's libpq.pc (Homebrew, or a
// custom prefix on PKG_CONFIG_PATH), else where Debian and Ubuntu's libpq-dev put it.
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif
