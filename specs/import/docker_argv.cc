#include "specs/import/docker_argv.h"

namespace berth::specs::import {
namespace {

Status long_option(const std::vector<std::string>& args, size_t& next, DockerArgv& out) {
  const std::string& arg = args[next++];
  size_t equals = arg.find('=');
  std::string spelled = arg.substr(0, equals);
  const DockerOption* option = find_long_option(std::string_view(spelled).substr(2));
  if (!option) return Error{"unknown docker run option " + spelled};
  GivenOption given{option, spelled, "", equals != std::string::npos};
  if (given.has_value) given.value = arg.substr(equals + 1);
  if (option->takes_value && !given.has_value) {
    if (next >= args.size()) return Error{spelled + ": needs a value"};
    given.value = args[next++];
    given.has_value = true;
  }
  out.options.push_back(std::move(given));
  return ok_status();
}

Status short_options(const std::vector<std::string>& args, size_t& next, DockerArgv& out) {
  const std::string& arg = args[next++];
  for (size_t i = 1; i < arg.size(); ++i) {
    std::string spelled = std::string("-") + arg[i];
    const DockerOption* option = find_short_option(arg[i]);
    if (!option) return Error{"unknown docker run option " + spelled};
    std::string rest = arg.substr(i + 1);
    bool glued = !rest.empty() && (option->takes_value || rest[0] == '=');
    if (glued) {
      if (rest[0] == '=') rest.erase(0, 1);
      out.options.push_back({option, spelled, rest, true});
      return ok_status();
    }
    if (!option->takes_value) {
      out.options.push_back({option, spelled, "", false});
      continue;
    }
    if (next >= args.size()) return Error{spelled + ": needs a value"};
    out.options.push_back({option, spelled, args[next++], true});
  }
  return ok_status();
}

}  // namespace

Result<DockerArgv> read_docker_argv(const std::vector<std::string>& args) {
  DockerArgv out;
  size_t next = 0;
  while (next < args.size()) {
    const std::string& arg = args[next];
    if (arg == "--") {
      ++next;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') break;
    Status read = arg[1] == '-' ? long_option(args, next, out) : short_options(args, next, out);
    if (!read) return read.error_value();
  }
  out.image = next;
  return out;
}

}  // namespace berth::specs::import
