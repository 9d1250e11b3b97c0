// Separate compilation of Boost.Asio and Boost.Beast: their implementation is
// compiled once here instead of in every translation unit (build time on 2 cores).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
