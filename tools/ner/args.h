// Command-line parsing for the NER tools, which take lists of files after one option
// ("--kb a.jsonl b.jsonl", "--train x.iob y.iob"), something absl flags do not do.
#ifndef NEWSGRAPH_TOOLS_NER_ARGS_H_
#define NEWSGRAPH_TOOLS_NER_ARGS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::tools::ner {

enum class OptionKind {
  kFlag,    // "--name"
  kSingle,  // "--name VALUE" or "--name=VALUE"
  kList,    // "--name V1 V2 ..." (up to the next "--" option) or "--name=V1"; may repeat
};

struct OptionSpec {
  std::string name;  // without the leading "--"
  OptionKind kind;
};

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> values;  // flags map to {"true"}
  // Arguments that are not option values: before the first option, or after a flag or a
  // single-valued option (a list option takes everything up to the next option).
  std::vector<std::string> positional;

  bool Has(const std::string& name) const { return values.count(name) > 0; }
  // The value of a kSingle option, or `fallback` when absent.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // The values of a kList option (empty when absent).
  std::vector<std::string> List(const std::string& name) const;
};

// Parses argv[1..argc). InvalidArgument naming the option for an unknown option, a missing value,
// a value given to a flag with "=", or a kSingle option given twice.
absl::StatusOr<ParsedArgs> ParseArgs(int argc, char** argv, const std::vector<OptionSpec>& specs);

}  // namespace newsgraph::tools::ner

#endif  // NEWSGRAPH_TOOLS_NER_ARGS_H_
