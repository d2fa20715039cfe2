# ng_embed_text(TARGET NAME SOURCE file SYMBOL kName NAMESPACE ns)
#
# Makes a static library TARGET whose one function `std::string_view ns::kName()` returns the
# bytes of SOURCE, so a binary carries its default data (e.g. the seed knowledge base) and runs
# from any working directory. Rebuilt when SOURCE changes.
function(ng_embed_text TARGET)
  cmake_parse_arguments(ARG "" "SOURCE;SYMBOL;NAMESPACE;HEADER" "" ${ARGN})
  set(out_cc ${CMAKE_CURRENT_BINARY_DIR}/${TARGET}.cc)
  add_custom_command(
    OUTPUT ${out_cc}
    COMMAND ${CMAKE_COMMAND} -DSOURCE=${ARG_SOURCE} -DOUTPUT=${out_cc} -DSYMBOL=${ARG_SYMBOL}
            -DNAMESPACE=${ARG_NAMESPACE} -DHEADER=${ARG_HEADER}
            -P ${PROJECT_SOURCE_DIR}/cmake/NgEmbedWrite.cmake
    DEPENDS ${ARG_SOURCE} ${PROJECT_SOURCE_DIR}/cmake/NgEmbedWrite.cmake
    COMMENT "embed ${ARG_SOURCE}"
    VERBATIM)
  add_library(${TARGET} STATIC ${out_cc})
  target_include_directories(${TARGET} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()
