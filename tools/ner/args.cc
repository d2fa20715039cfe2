#include "tools/ner/args.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace newsgraph::tools::ner {

std::string ParsedArgs::Get(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? fallback : it->second.front();
}

std::vector<std::string> ParsedArgs::List(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

absl::StatusOr<ParsedArgs> ParseArgs(int argc, char** argv, const std::vector<OptionSpec>& specs) {
  ParsedArgs parsed;
  auto is_option = [](std::string_view a) { return a.size() > 2 && a.substr(0, 2) == "--"; };
  int i = 1;
  while (i < argc) {
    std::string_view arg = argv[i++];
    if (!is_option(arg)) {
      parsed.positional.emplace_back(arg);  // after a flag or a single-valued option
      continue;
    }
    arg.remove_prefix(2);
    std::string name(arg.substr(0, arg.find('=')));
    const bool has_inline = arg.find('=') != std::string_view::npos;
    // Accept "--heldout_fraction" for "--heldout-fraction".
    std::replace(name.begin(), name.end(), '_', '-');
    auto spec = std::find_if(specs.begin(), specs.end(),
                             [&name](const OptionSpec& s) { return s.name == name; });
    if (spec == specs.end())
      return absl::InvalidArgumentError(absl::StrCat("unknown option --", name));
    std::vector<std::string>& values = parsed.values[name];
    switch (spec->kind) {
      case OptionKind::kFlag:
        if (has_inline) {
          return absl::InvalidArgumentError(absl::StrCat("--", name, " takes no value"));
        }
        values = {"true"};
        break;
      case OptionKind::kSingle:
        if (!values.empty()) {
          return absl::InvalidArgumentError(absl::StrCat("--", name, " given twice"));
        }
        if (has_inline) {
          values.emplace_back(arg.substr(arg.find('=') + 1));
        } else if (i < argc && !is_option(argv[i])) {
          values.emplace_back(argv[i++]);
        } else {
          return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
        }
        break;
      case OptionKind::kList: {
        const size_t before = values.size();
        if (has_inline) values.emplace_back(arg.substr(arg.find('=') + 1));
        while (i < argc && !is_option(argv[i])) values.emplace_back(argv[i++]);
        if (values.size() == before) {
          return absl::InvalidArgumentError(absl::StrCat("--", name, " needs at least one value"));
        }
        break;
      }
    }
  }
  return parsed;
}

}  // namespace newsgraph::tools::ner
