// Compiles Boost.Asio and Boost.Beast once for the whole program (separate compilation), so the
// other http/ files include only their declarations.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
