if(HAVPNC_SANITIZE)
  # Applied globally so that the ANTLR runtime's callers and our code share one ASan runtime.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
if(HAVPNC_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "HAVPNC_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Coverage for every library, not just each fuzz target's own file, so the fuzzer can see
  # inside the parsers it drives; the libFuzzer main is linked into fuzz targets only.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
