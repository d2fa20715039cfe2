# Sanitizer and fuzzing builds, applied to every target through directory-wide compile options.
#
#   -DNG_SANITIZE=ON   ASan + UBSan on every target (`make test-sanitize`, build dir build-asan).
#                      Any compiler; UBSan findings abort (-fno-sanitize-recover) so that a test
#                      fails instead of printing a warning nobody reads.
#   -DNG_FUZZ=ON       clang only (`make fuzz`, build dir build-fuzz): everything compiled with
#                      ASan + UBSan + libFuzzer's coverage instrumentation (fuzzer-no-link), and
#                      the libFuzzer targets of fuzz/ added; only they link libFuzzer's main.
#
# Both instrument our code and the generated protos; Debian's libraries (gRPC, RocksDB, ICU, abseil)
# stay uninstrumented, which ASan tolerates (their heap is still checked through malloc/free).

option(NG_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(NG_FUZZ "Build the libFuzzer targets of fuzz/ (clang; implies ASan + UBSan)" OFF)

set(NG_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                       -fno-omit-frame-pointer)

if(NG_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "NG_FUZZ=ON needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
  endif()
  add_compile_options(${NG_SANITIZER_FLAGS} -fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=address,undefined)
elseif(NG_SANITIZE)
  add_compile_options(${NG_SANITIZER_FLAGS})
  add_link_options(-fsanitize=address,undefined)
endif()

# Environment of every ctest test under a sanitizer build: leak reports on (Debian's gRPC keeps a
# few process-lifetime singletons, listed in cmake/sanitizers/lsan.supp), and UBSan with stacks.
set(NG_SANITIZER_TEST_ENV)
if(NG_SANITIZE OR NG_FUZZ)
  set(NG_SANITIZER_TEST_ENV
      "ASAN_OPTIONS=detect_leaks=1:detect_odr_violation=0:abort_on_error=0"
      "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/cmake/sanitizers/lsan.supp:print_suppressions=0"
      "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endif()
