# Script mode helper of NgEmbed.cmake: writes SOURCE's bytes as a C++ array.
file(READ ${SOURCE} hex HEX)
string(LENGTH "${hex}" hex_length)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
math(EXPR size "${hex_length} / 2")
file(WRITE ${OUTPUT}
  "// Generated from ${SOURCE} by cmake/NgEmbedWrite.cmake. Do not edit.\n"
  "#include \"${HEADER}\"\n\n"
  "namespace ${NAMESPACE} {\nnamespace {\nconst unsigned char kBytes[] = {${bytes} 0};\n}  // namespace\n"
  "std::string_view ${SYMBOL}() { return std::string_view(reinterpret_cast<const char*>(kBytes), ${size}); }\n"
  "}  // namespace ${NAMESPACE}\n")
