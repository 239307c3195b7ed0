# Every dependency comes from a Debian package (scripts/install-deps installs them all).

find_package(antlr4-runtime REQUIRED CONFIG)
find_program(ANTLR4_TOOL antlr4 REQUIRED)

# The generated code is only known to work with this exact pair: Debian ships the 4.7.2
# tool with the 4.9 runtime, and tests/grammar proves our grammar on that pair. A silent
# upgrade of either must stop the build here, not as a mysterious compile or runtime error.
set(HAVPNC_ANTLR_TOOL_EXPECTED "4.7.2")
set(HAVPNC_ANTLR_RUNTIME_EXPECTED "4.9")
execute_process(COMMAND ${ANTLR4_TOOL} OUTPUT_VARIABLE _antlr_banner ERROR_VARIABLE _antlr_banner)
string(REGEX MATCH "Version ([0-9.]+)" _antlr_match "${_antlr_banner}")
set(HAVPNC_ANTLR_TOOL_VERSION "${CMAKE_MATCH_1}")
if(NOT HAVPNC_ANTLR_TOOL_VERSION STREQUAL HAVPNC_ANTLR_TOOL_EXPECTED)
  message(FATAL_ERROR
    "ANTLR tool is '${HAVPNC_ANTLR_TOOL_VERSION}' (${ANTLR4_TOOL}), havpnc is verified with "
    "${HAVPNC_ANTLR_TOOL_EXPECTED}. Install Debian's 'antlr4' package, or re-verify the grammar "
    "(tests/grammar) with the new version and update cmake/Dependencies.cmake.")
endif()
if(NOT ANTLR_VERSION STREQUAL HAVPNC_ANTLR_RUNTIME_EXPECTED)
  message(FATAL_ERROR
    "ANTLR C++ runtime is '${ANTLR_VERSION}', havpnc is verified with "
    "${HAVPNC_ANTLR_RUNTIME_EXPECTED}. Install Debian's 'libantlr4-runtime-dev', or re-verify "
    "the grammar (tests/grammar) with the new version and update cmake/Dependencies.cmake.")
endif()
message(STATUS "ANTLR tool ${HAVPNC_ANTLR_TOOL_VERSION}, runtime ${ANTLR_VERSION}")

find_package(OpenSSL 3 REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED CONFIG)
find_package(GTest REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(USRSCTP REQUIRED IMPORTED_TARGET usrsctp)
find_library(SCTP_LIBRARY sctp REQUIRED)
find_path(SCTP_INCLUDE_DIR netinet/sctp.h REQUIRED)
if(HAVPNC_BENCH)
  find_package(benchmark REQUIRED)
endif()

# The runtime's headers trip -Wattributes; including them as SYSTEM keeps -Werror useful
# for our own code.
add_library(havpnc_antlr_runtime INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  # The 4.9 umbrella header pulls in misc/InterpreterDataReader.h, which default-constructs
  # a Vocabulary whose const members clang (rightly) refuses; GCC accepts it. Nothing in
  # havpnc uses that reader, so clang builds get the same umbrella without it.
  file(READ ${ANTLR4_INCLUDE_DIR}/antlr4-runtime.h _antlr_umbrella)
  string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" _antlr_umbrella "${_antlr_umbrella}")
  file(WRITE ${CMAKE_BINARY_DIR}/antlr4_compat/antlr4-runtime.h "${_antlr_umbrella}")
  target_include_directories(havpnc_antlr_runtime SYSTEM BEFORE INTERFACE ${CMAKE_BINARY_DIR}/antlr4_compat)
endif()
target_include_directories(havpnc_antlr_runtime SYSTEM INTERFACE ${ANTLR4_INCLUDE_DIR})
target_link_libraries(havpnc_antlr_runtime INTERFACE antlr4_static)
