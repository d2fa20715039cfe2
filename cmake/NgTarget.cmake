# ng_cc_library / ng_cc_binary / ng_cc_test: one small target per job, the same warnings everywhere.
#
#   ng_cc_library(NAME SRCS a.cc HDRS a.h DEPS other_lib)   header-only when SRCS is empty
#   ng_cc_binary(NAME SRCS main.cc DEPS lib OUTPUT_NAME name)
#   ng_cc_test(NAME SRCS a_test.cc DEPS lib [LABELS unit])  GoogleTest + gmock, run through ctest

include(NgSanitize)  # NG_SANITIZE / NG_FUZZ

set(NG_WARNINGS -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)

function(ng_cc_library NAME)
  cmake_parse_arguments(ARG "" "" "SRCS;HDRS;DEPS" ${ARGN})
  if(ARG_SRCS)
    add_library(${NAME} STATIC ${ARG_SRCS} ${ARG_HDRS})
    target_include_directories(${NAME} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${NAME} PUBLIC ${ARG_DEPS})
    target_compile_options(${NAME} PRIVATE ${NG_WARNINGS})
  else()
    add_library(${NAME} INTERFACE)
    target_include_directories(${NAME} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${NAME} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

function(ng_cc_binary NAME)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${NAME} ${ARG_SRCS})
  target_link_libraries(${NAME} PRIVATE ${ARG_DEPS})
  target_compile_options(${NAME} PRIVATE ${NG_WARNINGS})
  if(ARG_OUTPUT_NAME)
    set_target_properties(${NAME} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
  set_target_properties(${NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
endfunction()

function(ng_cc_test NAME)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${NAME} ${ARG_SRCS})
  target_link_libraries(${NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest GTest::gtest_main)
  target_compile_options(${NAME} PRIVATE ${NG_WARNINGS})
  set_target_properties(${NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
  add_test(NAME ${NAME} COMMAND ${NAME})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  set_tests_properties(${NAME} PROPERTIES LABELS "${ARG_LABELS}")
  if(NG_SANITIZER_TEST_ENV)
    set_property(TEST ${NAME} APPEND PROPERTY ENVIRONMENT ${NG_SANITIZER_TEST_ENV})
  endif()
endfunction()
