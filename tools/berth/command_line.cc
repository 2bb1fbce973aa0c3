#include "tools/berth/command_line.h"

namespace berth::cli {

Result<CommandLine> CommandLine::parse(const std::vector<std::string>& args,
                                       const OptionSpec& spec) {
  CommandLine line;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg.size() < 2 || arg.rfind("--", 0) != 0) {
      if (!options_done && arg.size() > 1 && arg[0] == '-') {
        return Error{"unknown option " + arg};
      }
      line.operands_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    size_t equals = arg.find('=');
    std::string name = arg.substr(0, equals);
    if (spec.flags.count(name) != 0 && equals == std::string::npos) {
      line.flags_.insert(name);
    } else if (spec.valued.count(name) != 0) {
      if (equals != std::string::npos) {
        line.values_[name].push_back(arg.substr(equals + 1));
      } else if (i + 1 < args.size()) {
        line.values_[name].push_back(args[++i]);
      } else {
        return Error{"option " + name + " needs a value"};
      }
    } else {
      return Error{"unknown option " + name};
    }
  }
  return line;
}

std::optional<std::string> CommandLine::value(std::string_view name) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> CommandLine::values(std::string_view name) const {
  auto it = values_.find(std::string(name));
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace berth::cli
