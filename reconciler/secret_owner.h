#pragma once
// Who must be able to read a container's secret files: the user its process runs as, taken from
// the spec's `user`, else the image's USER, else root. Pure functions.

#include <sys/types.h>

#include <string>

namespace berth::reconciler {

struct SecretOwner {
  uid_t uid = 0;
  gid_t gid = 0;
  // False for a user given by name (other than root): only the image's /etc/passwd knows its
  // uid, so the files are readable by every user of the container instead (the host still sees
  // them only as root, through a 0700 directory).
  bool known = true;

  friend bool operator==(const SecretOwner&, const SecretOwner&) = default;
};

// `spec_user` and `image_user` as Docker's Config.User takes them: "uid[:gid]", "name[:group]".
SecretOwner secret_owner(const std::string& spec_user, const std::string& image_user);

}  // namespace berth::reconciler
