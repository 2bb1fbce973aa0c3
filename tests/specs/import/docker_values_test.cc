#include "specs/import/docker_values.h"

#include <gtest/gtest.h>

namespace berth::specs::import {
namespace {

std::string size_of(std::string_view text) {
  auto size = docker_size(text);
  return size ? *size : "error: " + size.error();
}

TEST(DockerValuesTest, SizesAsDockerReadsThem) {
  EXPECT_EQ(size_of("512m"), "512Mi");
  EXPECT_EQ(size_of("512M"), "512Mi");
  EXPECT_EQ(size_of("1g"), "1Gi");
  EXPECT_EQ(size_of("2GB"), "2Gi");
  EXPECT_EQ(size_of("1.5g"), "1536Mi");
  EXPECT_EQ(size_of("1048576"), "1Mi");
  EXPECT_EQ(size_of("65536k"), "64Mi");
  EXPECT_EQ(size_of("100"), "100");
  EXPECT_EQ(size_of("512x"), "error: \"512x\" is not a size (e.g. 512m, 1g)");
  EXPECT_EQ(size_of("m"), "error: \"m\" is not a size (e.g. 512m, 1g)");
  EXPECT_EQ(size_of("1.2.3m"), "error: \"1.2.3m\" is not a size (e.g. 512m, 1g)");
  EXPECT_EQ(size_of("99999999999999t"), "error: \"99999999999999t\" is not a size (e.g. 512m, 1g)");
}

TEST(DockerValuesTest, VolumeOptions) {
  auto bind = volume_option("/srv/data:/data:ro,z", "/home/me");
  ASSERT_TRUE(bind) << bind.error();
  EXPECT_EQ(bind->volume.source, "/srv/data");
  EXPECT_EQ(bind->volume.target, "/data");
  EXPECT_TRUE(bind->volume.read_only);
  EXPECT_EQ(bind->dropped, std::vector<std::string>{"z"});

  auto named = volume_option("cache:/cache", "/home/me");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->volume.source, "cache");
  EXPECT_FALSE(named->volume.read_only);

  auto relative = volume_option("./data/:/data", "/home/me/project");
  ASSERT_TRUE(relative);
  EXPECT_EQ(relative->volume.source, "/home/me/project/data");
  EXPECT_NE(relative->volume.note.find("resolved against /home/me/project"), std::string::npos);
}

TEST(DockerValuesTest, VolumeErrors) {
  EXPECT_EQ(volume_option("/data", "/").error(),
            "\"/data\" is an anonymous volume; name it (NAME:/data) or mount a host path");
  EXPECT_EQ(volume_option("~/x:/x", "/").error(),
            "host path \"~/x\": '~' was not expanded by a shell; give the absolute path");
  EXPECT_EQ(volume_option("/x:data", "/").error(), "container path \"data\" must be absolute");
  EXPECT_EQ(volume_option("/x:/x:exec", "/").error(),
            "volume option \"exec\" in \"/x:/x:exec\" is not supported by berth import");
  EXPECT_EQ(volume_option("/var/run/docker.sock:/var/run/docker.sock", "/").error(),
            "mounting \"/var/run/docker.sock\" is refused: it gives the container the Docker "
            "socket, which is root on the host");
  EXPECT_EQ(volume_option("/dev/fuse:/dev/fuse", "/").error(),
            "mounting \"/dev/fuse\" is refused: it mounts a host device, which weakens the "
            "container's isolation");
  EXPECT_EQ(volume_option("/:/host:ro", "/").error(),
            "mounting \"/\" is refused: it mounts the host's whole file system");
}

TEST(DockerValuesTest, MountOptions) {
  auto bind = mount_option("type=bind,source=/srv,target=/srv,readonly", "/");
  ASSERT_TRUE(bind) << bind.error();
  EXPECT_EQ(bind->volume.source, "/srv");
  EXPECT_TRUE(bind->volume.read_only);
  auto volume = mount_option("src=notes,dst=/notes,ro=false,volume-nocopy", "/");
  ASSERT_TRUE(volume) << volume.error();
  EXPECT_EQ(volume->volume.source, "notes");
  EXPECT_FALSE(volume->volume.read_only);
  EXPECT_EQ(volume->dropped, std::vector<std::string>{"volume-nocopy"});
  auto tmpfs = mount_option("type=tmpfs,destination=/scratch,tmpfs-size=64m,tmpfs-mode=700", "/");
  ASSERT_TRUE(tmpfs) << tmpfs.error();
  EXPECT_TRUE(tmpfs->tmpfs);
  EXPECT_EQ(tmpfs->tmpfs_mount.path, "/scratch");
  EXPECT_EQ(tmpfs->tmpfs_mount.size, "64Mi");
  EXPECT_EQ(tmpfs->tmpfs_mount.mode, "700");

  EXPECT_EQ(mount_option("type=npipe,src=x,dst=/x", "/").error(),
            "mount type \"npipe\" is not supported (bind, volume or tmpfs)");
  EXPECT_EQ(mount_option("type=bind,src=data,dst=/x", "/").error(),
            "bind source \"data\" must be a host path");
  EXPECT_EQ(mount_option("type=volume,dst=/x", "/").error(),
            "\"type=volume,dst=/x\" has no source; berth needs a host path or a volume name");
  EXPECT_EQ(mount_option("type=bind,src=/dev/kvm,dst=/dev/kvm", "/").error(),
            "mounting \"/dev/kvm\" is refused: it mounts a host device, which weakens the "
            "container's isolation");
  EXPECT_EQ(mount_option("src=x,dst=/x,volume-driver=nfs", "/").error(),
            "mount field \"volume-driver\" is not supported by berth import");
  EXPECT_EQ(mount_option("src=x,dst=/x,ro=maybe", "/").error(), "ro=maybe is not true or false");
}

TEST(DockerValuesTest, TmpfsOptions) {
  auto tmpfs = tmpfs_option("/run:rw,noexec,size=65536k,mode=1777");
  ASSERT_TRUE(tmpfs) << tmpfs.error();
  EXPECT_EQ(tmpfs->tmpfs_mount.path, "/run");
  EXPECT_EQ(tmpfs->tmpfs_mount.size, "64Mi");
  EXPECT_EQ(tmpfs->tmpfs_mount.mode, "1777");
  EXPECT_EQ(tmpfs_option("/run:mode=rwx").error(), "tmpfs mode \"rwx\" is not octal (e.g. 1777)");
  EXPECT_EQ(tmpfs->dropped, (std::vector<std::string>{"rw", "noexec"}));
  EXPECT_EQ(tmpfs_option("tmp").error(), "container path \"tmp\" must be absolute");
}

TEST(DockerValuesTest, PublishedContainerPort) {
  EXPECT_EQ(*published_container_port("3000"), 3000);
  EXPECT_EQ(*published_container_port("8080:3000"), 3000);
  EXPECT_EQ(*published_container_port("127.0.0.1:8080:3000/tcp"), 3000);
  EXPECT_EQ(*published_container_port("127.0.0.1::3000"), 3000);
  EXPECT_EQ(published_container_port("53:53/udp").error(),
            "\"53:53/udp\": MCP servers listen on tcp, not udp");
  EXPECT_EQ(published_container_port("8000-8010:8000-8010").error(),
            "\"8000-8010:8000-8010\" does not name one container port (e.g. 8080:3000)");
}

}  // namespace
}  // namespace berth::specs::import
