#pragma once
// CommandLine: the options and operands of one berth subcommand, parsed strictly.
//
// Each subcommand declares the options it takes (`--secrets DIR`) and its flags (`--json`);
// anything else is a usage error with a message naming it. Both `--opt value` and `--opt=value`
// are accepted; `--` ends the options. An option given twice keeps every value (values()); value()
// is the last one. A plain value type.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace berth::cli {

struct OptionSpec {
  std::set<std::string> valued;  // options followed by a value, e.g. "--secrets"
  std::set<std::string> flags;   // options on their own, e.g. "--json"
};

class CommandLine {
 public:
  static Result<CommandLine> parse(const std::vector<std::string>& args, const OptionSpec& spec);

  bool flag(std::string_view name) const { return flags_.count(std::string(name)) != 0; }
  std::optional<std::string> value(std::string_view name) const;
  std::string value_or(std::string_view name, std::string fallback) const {
    return value(name).value_or(std::move(fallback));
  }
  // Every value given for a repeatable option, in order.
  std::vector<std::string> values(std::string_view name) const;
  const std::vector<std::string>& operands() const { return operands_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> flags_;
  std::vector<std::string> operands_;
};

}  // namespace berth::cli
