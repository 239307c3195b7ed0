# Project code builds warning-free; generated ANTLR sources opt out (see grammar/).
add_library(havpnc_warnings INTERFACE)
target_compile_options(havpnc_warnings INTERFACE -Wall -Wextra -Werror -Wnon-virtual-dtor -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(havpnc_warnings INTERFACE -Wshadow=local)
else()
  target_compile_options(havpnc_warnings INTERFACE -Wshadow-uncaptured-local)
endif()
