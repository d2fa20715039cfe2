// Output helpers shared by the CLI's commands.
#ifndef NEWSGRAPH_TOOLS_CLI_OUTPUT_H_
#define NEWSGRAPH_TOOLS_CLI_OUTPUT_H_

#include <string>

#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"

namespace newsgraph::cli {

// `message` as one line of JSON with the proto field names, for --json output.
inline std::string Json(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

}  // namespace newsgraph::cli

#endif  // NEWSGRAPH_TOOLS_CLI_OUTPUT_H_
