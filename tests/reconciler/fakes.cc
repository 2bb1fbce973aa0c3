#include "tests/reconciler/fakes.h"

namespace berth::reconciler::test {
namespace {

bool has_labels(const Labels& have, const Labels& want) {
  for (const auto& [key, value] : want) {
    auto it = have.find(key);
    if (it == have.end() || (!value.empty() && it->second != value)) return false;
  }
  return true;
}

}  // namespace

Result<std::string> FakeDocker::ping() {
  if (fail_all) return *fail_all;
  return std::string("1.41");
}

Result<std::vector<ContainerSummary>> FakeDocker::list_containers(const Labels& labels) {
  if (hang_lists) {
    ++hanging;
    while (!aborted) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    --hanging;
    return Error{"aborted", 0};
  }
  std::lock_guard lock(mutex_);
  if (fail_all) return *fail_all;
  std::vector<ContainerSummary> out;
  for (const auto& [id, c] : containers) {
    if (has_labels(c.info.labels, labels)) {
      out.push_back(ContainerSummary{id, c.info.name, c.info.state, c.info.labels});
    }
  }
  return out;
}

Result<ContainerInfo> FakeDocker::inspect_container(const std::string& id, int) {
  std::lock_guard lock(mutex_);
  if (fail_all) return *fail_all;
  auto it = containers.find(id);
  if (it == containers.end()) return Error{"No such container: " + id, 404};
  return it->second.info;
}

Result<std::string> FakeDocker::create_container(const ContainerConfig& config) {
  std::lock_guard lock(mutex_);
  if (fail_all) return *fail_all;
  calls.push_back("create " + config.name);
  if (fail_create) return *fail_create;
  for (const auto& [id, c] : containers) {
    if (c.info.name == config.name) return Error{"Conflict. The container name is in use", 409};
  }
  std::string id = "c" + std::to_string(next_id_++) + std::string(63, '0');
  ContainerInfo info{id,
                     config.name,
                     config.image,
                     "created",
                     false,
                     0,
                     false,
                     "",
                     "",
                     config.labels,
                     config.container_port > 0 ? 40000 + next_id_ : 0};
  containers[id] = FakeContainer{info, config};
  return id;
}

Status FakeDocker::start_container(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (fail_all) return *fail_all;
  calls.push_back("start " + id.substr(0, 3));
  auto it = containers.find(id);
  if (it == containers.end()) return Error{"No such container", 404};
  it->second.info.state = "running";
  it->second.info.running = true;
  return ok_status();
}

Status FakeDocker::stop_container(const std::string& id, std::chrono::seconds) {
  std::lock_guard lock(mutex_);
  calls.push_back("stop " + id.substr(0, 3));
  auto it = containers.find(id);
  if (it == containers.end()) return Error{"No such container", 404};
  it->second.info.state = "exited";
  it->second.info.running = false;
  return ok_status();
}

Status FakeDocker::remove_container(const std::string& id) {
  std::lock_guard lock(mutex_);
  calls.push_back("remove " + id.substr(0, 3));
  if (containers.erase(id) == 0) return Error{"No such container", 404};
  return ok_status();
}

Result<bool> FakeDocker::image_exists(const std::string& image) {
  std::lock_guard lock(mutex_);
  return images.count(image) != 0;
}

Result<ImageConfig> FakeDocker::inspect_image(const std::string& image) {
  std::lock_guard lock(mutex_);
  if (fail_all) return *fail_all;
  if (images.count(image) == 0) return Error{"No such image: " + image, 404};
  return image_config;
}

Status FakeDocker::pull_image(const std::string& image) {
  std::lock_guard lock(mutex_);
  calls.push_back("pull " + image);
  if (fail_pull) return *fail_pull;
  images.insert(image);
  return ok_status();
}

Result<bool> FakeDocker::network_exists(const std::string& name) {
  return name == "bridge" || name == "none";
}

Status FakeDocker::watch_events(const Labels&, const std::function<void(const DockerEvent&)>&,
                                const std::function<bool()>& keep_going) {
  while (keep_going() && !aborted) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return ok_status();
}

std::string FakeDocker::add(ContainerInfo info) {
  std::lock_guard lock(mutex_);
  std::string id = "c" + std::to_string(next_id_++) + std::string(63, '0');
  info.id = id;
  containers[id] = FakeContainer{info, ContainerConfig{}};
  return id;
}

void FakeDocker::kill(const std::string& id, int exit_code) {
  std::lock_guard lock(mutex_);
  ContainerInfo& info = containers.at(id).info;
  info.state = "exited";
  info.running = false;
  info.exit_code = exit_code;
  info.finished_at = "death-" + std::to_string(++deaths_);
}

void FakeProber::probe(const ProbeTarget& target, std::function<void(Status)> done) {
  targets.push_back(target);
  pending_.push_back(std::move(done));
}

int FakeProber::complete_all(const Status& result) {
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& done : pending) done(result);
  return static_cast<int>(pending.size());
}

}  // namespace berth::reconciler::test
