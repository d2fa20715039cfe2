# ng_proto_library(NAME PROTOS newsgraph/x/v1/a.proto ... [GRPC] [DEPS other_proto_lib])
#
# Generates C++ (and, with GRPC, gRPC service) code for protos under protos/, preserving their
# directory, so `#include "newsgraph/x/v1/a.pb.h"` works for every dependent. One library per
# proto package.
set(NG_PROTO_ROOT ${PROJECT_SOURCE_DIR}/protos)
set(NG_PROTO_OUT ${PROJECT_BINARY_DIR}/protos)
file(MAKE_DIRECTORY ${NG_PROTO_OUT})

function(ng_proto_library NAME)
  cmake_parse_arguments(ARG "GRPC" "" "PROTOS;DEPS" ${ARGN})
  set(srcs)
  set(hdrs)
  foreach(proto ${ARG_PROTOS})
    string(REGEX REPLACE "\\.proto$" "" stem ${proto})
    set(out_files ${NG_PROTO_OUT}/${stem}.pb.cc ${NG_PROTO_OUT}/${stem}.pb.h)
    set(plugin_args)
    if(ARG_GRPC)
      list(APPEND out_files ${NG_PROTO_OUT}/${stem}.grpc.pb.cc ${NG_PROTO_OUT}/${stem}.grpc.pb.h)
      set(plugin_args --grpc_out=${NG_PROTO_OUT}
                      --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
    endif()
    add_custom_command(
      OUTPUT ${out_files}
      COMMAND protobuf::protoc
      ARGS --proto_path=${NG_PROTO_ROOT} --cpp_out=${NG_PROTO_OUT} ${plugin_args}
           ${NG_PROTO_ROOT}/${proto}
      DEPENDS ${NG_PROTO_ROOT}/${proto} protobuf::protoc
      COMMENT "protoc ${proto}"
      VERBATIM)
    list(APPEND srcs ${NG_PROTO_OUT}/${stem}.pb.cc)
    if(ARG_GRPC)
      list(APPEND srcs ${NG_PROTO_OUT}/${stem}.grpc.pb.cc)
    endif()
  endforeach()
  add_library(${NAME} STATIC ${srcs})
  target_include_directories(${NAME} PUBLIC ${NG_PROTO_OUT})
  target_link_libraries(${NAME} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  if(ARG_GRPC)
    target_link_libraries(${NAME} PUBLIC gRPC::grpc++)
  endif()
endfunction()
