# Project code builds warning-free; generated ANTLR sources opt out (see grammar/).
add_library(havpnc_warnings INTERFACE)
target_compile_options(havpnc_warnings INTERFACE -Wall -Wextra -Werror -Wshadow=local
  -Wnon-virtual-dtor -Wimplicit-fallthrough)
