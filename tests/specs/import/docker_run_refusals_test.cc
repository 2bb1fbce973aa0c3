// docker run lines berth import must not turn into a spec: options that weaken the container's
// isolation, options a spec cannot express, options docker does not have, and broken lines.
#include <gtest/gtest.h>

#include "specs/import/docker_run.h"
#include "tests/specs/spec_test_util.h"

namespace berth::specs::import {
namespace {

std::string error_of(std::vector<std::string> args, std::string transport = "") {
  auto draft =
      import_docker_run(DockerRunInput{std::move(args), "", std::move(transport), "/", {}});
  return draft ? "no error" : draft.error();
}

TEST(DockerRunRefusalsTest, IsolationWeakeningOptions) {
  EXPECT_EQ(error_of({"-i", "--privileged", "img"}),
            "--privileged: refused: it gives the container every capability and the host's "
            "devices");
  EXPECT_EQ(error_of({"-i", "--cap-add", "SYS_ADMIN", "img"}),
            "--cap-add: refused: it gives the container kernel capabilities (berth drops them "
            "all)");
  EXPECT_EQ(error_of({"-i", "--cap-add=NET_ADMIN", "img"}),
            "--cap-add: refused: it gives the container kernel capabilities (berth drops them "
            "all)");
  EXPECT_EQ(error_of({"-i", "--pid", "host", "img"}),
            "--pid: \"host\" is refused: it shares a namespace with the host");
  EXPECT_EQ(error_of({"-i", "--ipc=container:db", "img"}),
            "--ipc: \"container:db\" is refused: it shares a namespace with another container");
  EXPECT_EQ(error_of({"-i", "--network", "host", "img"}),
            "--network: host is refused: it shares the host's network stack and ports");
  EXPECT_EQ(error_of({"-i", "--net=host", "img"}),
            "--net: host is refused: it shares the host's network stack and ports");
  EXPECT_EQ(error_of({"-i", "--network", "container:web", "img"}),
            "--network: \"container:web\" is refused: it shares another container's network "
            "stack");
  EXPECT_EQ(error_of({"-i", "--device", "/dev/fuse", "img"}),
            "--device: refused: it gives the container a host device");
  EXPECT_EQ(error_of({"-i", "--gpus", "all", "img"}),
            "--gpus: refused: it gives the container host devices (GPUs)");
  EXPECT_EQ(error_of({"-i", "--security-opt", "seccomp=unconfined", "img"}),
            "--security-opt: refused: it changes the container's seccomp, AppArmor or SELinux "
            "confinement");
  EXPECT_EQ(error_of({"-i", "-v", "/var/run/docker.sock:/var/run/docker.sock", "img"}),
            "-v: mounting \"/var/run/docker.sock\" is refused: it gives the container the Docker "
            "socket, which is root on the host");
  EXPECT_EQ(error_of({"-i", "--mount", "type=bind,src=/dev/snd,dst=/dev/snd", "img"}),
            "--mount: mounting \"/dev/snd\" is refused: it mounts a host device, which weakens "
            "the container's isolation");
}

TEST(DockerRunRefusalsTest, HarmlessNamespaceSettingsAreDropped) {
  EXPECT_EQ(error_of({"-i", "--ipc", "private", "img"}), "no error");
  EXPECT_EQ(error_of({"-i", "--privileged=false", "img"}), "no error");
  EXPECT_EQ(error_of({"-i", "--publish-all=false", "img"}), "no error");
}

TEST(DockerRunRefusalsTest, UnknownAndUnsupportedOptions) {
  EXPECT_EQ(error_of({"-i", "--frobnicate", "img"}), "unknown docker run option --frobnicate");
  EXPECT_EQ(error_of({"-ix", "img"}), "unknown docker run option -x");
  EXPECT_EQ(error_of({"-i", "-w", "/app", "img"}),
            "-w: not supported: a spec cannot set it; build it into the image");
  EXPECT_EQ(error_of({"-i", "--memory-swap=1g", "img"}),
            "--memory-swap: not supported: a spec sets only memory");
}

TEST(DockerRunRefusalsTest, BrokenLines) {
  EXPECT_EQ(error_of({"-i"}), "no image: docker run needs IMAGE after its options");
  EXPECT_EQ(error_of({"run", "-i", "-e"}), "-e: needs a value");
  EXPECT_EQ(error_of({"-i", "--memory"}), "--memory: needs a value");
  EXPECT_EQ(error_of({"-i", "Not/An:Image:x"}),
            "\"Not/An:Image:x\" is not a valid image reference");
  EXPECT_EQ(error_of({"-i", "-e", "1X=2", "img"}),
            "-e: \"1X\" is not a valid environment variable name");
  EXPECT_EQ(error_of({"-i", "--memory", "2m", "img"}),
            "--memory: \"2m\" is below Docker's minimum of 6m");
  EXPECT_EQ(error_of({"-i", "--cpus", "lots", "img"}),
            "--cpus: \"lots\" is not a number of CPUs (e.g. 0.5)");
  EXPECT_EQ(error_of({"-i", "--pids-limit", "many", "img"}),
            "--pids-limit: \"many\" is not a number of processes");
  EXPECT_EQ(error_of({"-i", "-l", "berth.server=x", "img"}),
            "-l: the label prefix \"berth.\" is reserved for berth's own labels");
  EXPECT_EQ(error_of({"-i", "-v", "/a:/data", "-v", "/b:/data", "img"}),
            "-v: \"/data\" is mounted twice");
  EXPECT_EQ(error_of({"-i", "--env-file", "/nonexistent/env", "img"})
                .rfind("--env-file: /nonexistent/env: cannot be read", 0),
            0u);
  EXPECT_EQ(error_of({"-i", "--env-file", "/dev/null", "img"}),
            "--env-file: /dev/null: cannot be read (not a regular file)");
  EXPECT_EQ(error_of({"-i", "--pull", "sometimes", "img"}),
            "--pull: \"sometimes\" is not always, missing or never");
  EXPECT_EQ(error_of({"-i", "--rm=maybe", "img"}), "--rm: \"maybe\" is not true or false");
}

TEST(DockerRunRefusalsTest, EnvFilesOverOneMebibyteAreRefused) {
  specs::test::TempDir temp;
  std::filesystem::path big = temp.write("big.env", std::string(1024 * 1024 + 1, '#'));
  EXPECT_EQ(error_of({"-i", "--env-file", big.string(), "img"}),
            "--env-file: " + big.string() + ": larger than 1 MiB");
}

TEST(DockerRunRefusalsTest, TransportNeedsWhatItNeeds) {
  EXPECT_EQ(error_of({"img"}),
            "no -i: a stdio server needs -i; for an HTTP server give --transport streamable-http "
            "(or sse) and its port with -p");
  EXPECT_EQ(error_of({"-i=false", "img"}), error_of({"img"}));
  EXPECT_EQ(error_of({"img"}, "streamable-http"),
            "--transport streamable-http needs the container port: add -p PORT (e.g. -p "
            "8080:3000)");
  EXPECT_EQ(error_of({"-p", "1:1", "-p", "2:2", "img"}, "sse"),
            "--transport sse needs one container port, and -p was given 2 times");
  EXPECT_EQ(error_of({"-i", "img"}, "websocket"),
            "--transport \"websocket\" is not stdio, streamable-http or sse");
  EXPECT_EQ(error_of({"--network", "none", "-p", "80", "img"}, "streamable-http"),
            "--network none cannot be used with --transport streamable-http: berth reaches the "
            "server through a published port");
}

}  // namespace
}  // namespace berth::specs::import
