// `berth run` while its Docker engine restarts: a private dockerd (private_dockerd.h) is stopped
// and started again under a running berth, which must keep running, reconnect its event stream,
// list everything again and bring its servers back.
#include <signal.h>

#include <thread>

#include "tests/tools/berth/private_dockerd.h"
#include "tests/tools/berth/run_fixture.h"

namespace berth::test_support {
namespace {

using namespace std::chrono_literals;

class BerthDockerdRestartTest : public BerthRunTest {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::path(::testing::TempDir()) / "dockerd-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    dockerd_ = std::make_unique<PrivateDockerd>(root_);
    ASSERT_EQ(dockerd_->start(), "");
    ASSERT_EQ(dockerd_->load_image(kTestServerImage), "");
    docker_host_ = dockerd_->host();
    BerthRunTest::SetUp();
  }
  void TearDown() override {
    BerthRunTest::TearDown();
    EXPECT_EQ(dockerd_->stop(), "");
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }

  std::filesystem::path root_;
  std::unique_ptr<PrivateDockerd> dockerd_;
};

TEST_F(BerthDockerdRestartTest, BerthSurvivesAndBringsServersBack) {
  auto berth = start_with_ready("echo");
  ASSERT_TRUE(berth);

  ASSERT_EQ(dockerd_->stop(), "");
  ASSERT_TRUE(berth->wait_for(
      "echo not Ready while Docker is down", [](auto& s) { return !s.ready("echo"); }, 20s));
  std::this_thread::sleep_for(2s);  // berth must stay up through failed reconnects
  ASSERT_EQ(::kill(berth->pid(), 0), 0) << "berth exited while Docker was down:\n" << berth->log();
  EXPECT_NE(berth->get("/readyz").find("Docker daemon is not reachable"), std::string::npos);

  ASSERT_EQ(dockerd_->start(), "");
  ASSERT_TRUE(berth->wait_for(
      "echo Ready after dockerd restarted", [](auto& s) { return s.ready("echo"); },
      kReadyTimeout));
  EXPECT_NE(berth->log().find("docker events stream broke"), std::string::npos);
  EXPECT_EQ(instance_containers().size(), 1u);
}

}  // namespace
}  // namespace berth::test_support
