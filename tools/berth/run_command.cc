#include "tools/berth/run_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <charconv>
#include <filesystem>
#include <future>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "proxy/admin/logs_endpoint.h"
#include "proxy/admin/metrics.h"
#include "proxy/admin/metrics_endpoint.h"
#include "proxy/admin/status_endpoints.h"
#include "proxy/backends/attach_channels.h"
#include "proxy/backends/mcp_prober.h"
#include "proxy/front/backend_channels.h"
#include "proxy/front/http_forwarder.h"
#include "proxy/front/mcp_front.h"
#include "proxy/front/route_snapshot.h"
#include "proxy/front/timers.h"
#include "proxy/http/http_server.h"
#include "proxy/http/token_file.h"
#include "proxy/oauth/jwks_loader.h"
#include "proxy/oauth/metadata_endpoints.h"
#include "proxy/oauth/oauth_authorizer.h"
#include "reconciler/docker/docker_client.h"
#include "reconciler/reconciler.h"
#include "reconciler/secret_files.h"
#include "specs/names.h"
#include "specs/spec_dir.h"
#include "specs/spec_watcher.h"
#include "tools/berth/command_line.h"
#include "tools/berth/defaults.h"
#include "tools/berth/launcher_path.h"
#include "tools/berth/oauth_options.h"
#include "tools/berth/secrets_exposure.h"
#include "tools/berth/spec_reloader.h"

namespace berth::cli {
namespace {

constexpr char kUsage[] =
    "usage: berth run [--specs DIR] [--watch] [--allow-empty] [--listen 127.0.0.1:8080]\n"
    "                 [--secrets DIR] [--docker URL] [--instance NAME] [--token-file FILE]\n"
    "                 [--allow-origin ORIGIN]... [--allow-host NAME]... [--max-sessions N]\n"
    "                 [--runtime-dir DIR] [--launcher FILE]\n"
    "                 [--oauth-issuer URL --oauth-jwks FILE|URL [--public-url URL]]\n";

struct RunOptions {
  std::string specs = kDefaultSpecDir;
  std::string secrets = kDefaultSecretsDir;
  std::string runtime_dir = kDefaultRuntimeDir;  // containers' secret files, on a tmpfs
  std::filesystem::path launcher;
  std::string docker;
  std::string instance = "default";
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  bool watch = false;
  bool allow_empty = false;          // an empty spec directory means no servers
  std::optional<std::string> token;  // from --token-file
  std::vector<std::string> allowed_origins;
  std::vector<std::string> allowed_hosts;
  size_t max_sessions = proxy::front::MultiplexedFrontOptions{}.max_sessions;  // per server
  std::optional<OAuthOptions> oauth;  // --oauth-issuer, --oauth-jwks, --public-url
};

Result<RunOptions> parse_options(const CommandLine& line) {
  RunOptions o;
  o.specs = line.value_or("--specs", o.specs);
  o.secrets = line.value_or("--secrets", o.secrets);
  o.runtime_dir = line.value_or("--runtime-dir", o.runtime_dir);
  if (o.runtime_dir.empty() || o.runtime_dir.front() != '/') {
    return Error{"--runtime-dir \"" + o.runtime_dir + "\" must be an absolute path"};
  }
  auto launcher = find_launcher(line.value("--launcher"));
  if (!launcher) return Error{launcher.error()};
  o.launcher = *launcher;
  const char* env = std::getenv("DOCKER_HOST");
  o.docker = line.value_or("--docker", env && *env ? env : "unix:///var/run/docker.sock");
  o.instance = line.value_or("--instance", o.instance);
  o.watch = line.flag("--watch");
  o.allow_empty = line.flag("--allow-empty");
  if (!specs::is_server_name(o.instance)) {
    return Error{"--instance \"" + o.instance + "\" must be lowercase letters, digits and '-'"};
  }
  std::string listen = line.value_or("--listen", "127.0.0.1:8080");
  size_t colon = listen.rfind(':');
  unsigned port = 0;
  auto [end, ec] = std::from_chars(listen.data() + colon + 1, listen.data() + listen.size(), port);
  if (colon == std::string::npos || ec != std::errc() || end != listen.data() + listen.size() ||
      port > 65535) {
    return Error{"--listen \"" + listen + "\" is not HOST:PORT"};
  }
  o.host = listen.substr(0, colon);
  o.port = static_cast<uint16_t>(port);
  o.allowed_origins = line.values("--allow-origin");
  o.allowed_hosts = line.values("--allow-host");
  if (auto text = line.value("--max-sessions")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), o.max_sessions);
    if (ec != std::errc() || end != text->data() + text->size() || o.max_sessions == 0) {
      return Error{"--max-sessions \"" + *text + "\" is not a positive whole number"};
    }
  }
  auto oauth = parse_oauth_options(line, o.host, o.port);
  if (!oauth) return Error{oauth.error()};
  o.oauth = *oauth;
  if (o.oauth) o.allowed_hosts.push_back(o.oauth->public_host);
  if (auto file = line.value("--token-file")) {
    auto token = proxy::http::read_token_file(*file);
    if (!token) return Error{token.error()};
    o.token = *token;
  }
  return o;
}

// SIGTERM and SIGINT stop berth, SIGHUP reloads the specs.
sigset_t control_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, s);
  return signals;
}

// Blocks until SIGTERM or SIGINT; SIGHUP calls `reload`. REQUIRES: the signals are blocked.
void wait_for_signals(const sigset_t& signals, const std::function<void()>& reload) {
  while (true) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) continue;
    if (signal != SIGHUP) {
      spdlog::info("stopping signal={}", signal == SIGTERM ? "SIGTERM" : "SIGINT");
      return;
    }
    spdlog::info("reloading signal=SIGHUP");
    reload();
  }
}

// The Docker endpoint for the proxy's own connections (attach, logs), with the API version the
// engine speaks if it answers now (berth starts, and keeps trying, when it does not).
Result<proxy::DockerEndpoint> docker_endpoint(const RunOptions& options,
                                              reconciler::DockerClient& docker) {
  auto version = docker.ping();
  if (version) {
    spdlog::info("docker reachable endpoint={} api={}", options.docker, *version);
  } else {
    spdlog::warn("docker unreachable error=\"{}\"; berth keeps trying", version.error());
  }
  return proxy::DockerEndpoint::from_url(options.docker, version ? *version : "1.41");
}

proxy::http::HttpServerOptions server_options(const RunOptions& options,
                                              std::shared_ptr<proxy::http::Authorizer> authorizer) {
  proxy::http::HttpServerOptions o;
  o.authorizer = std::move(authorizer);
  o.address = options.host;
  o.port = options.port;
  o.bearer_token = options.token;
  o.allowed_origins = options.allowed_origins;
  o.allowed_hosts = options.allowed_hosts;
  return o;
}

// Runs `io` on a thread of its own until `stop` has run on it.
class ProxyThread {
 public:
  explicit ProxyThread(boost::asio::io_context& io) : io_(io), thread_([&io] { io.run(); }) {}
  void stop(const std::function<void()>& last) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      last();
      done.set_value();
    });
    done.get_future().wait();
    io_.stop();
    thread_.join();
  }

 private:
  boost::asio::io_context& io_;
  std::thread thread_;
};

// Keeps Docker converged until SIGTERM or SIGINT (SIGHUP reloads). The watcher starts before the
// first load, so a file dropped while berth starts is never missed; loads are serialized, so the
// last one to run read the directory last. `started` runs once both are done.
void reconcile_until_signalled(const RunOptions& options, reconciler::Reconciler& reconciler,
                               const std::function<void()>& started) {
  std::mutex loading;
  SpecReloader reloader(options.specs, options.allow_empty);
  auto reload = [&] {
    std::lock_guard lock(loading);
    reconciler.set_desired(reloader.load());
  };
  specs::SpecWatcher watcher({options.specs, options.secrets}, specs::WatchOptions{}, reload);
  if (options.watch) {
    if (Status watching = watcher.start(); !watching) spdlog::error("{}", watching.error());
  }
  reload();
  reconciler.start();
  started();
  wait_for_signals(control_signals(), reload);
  watcher.stop();
  reconciler.stop();
}

// The OAuth resource server: the issuer's keys (a file must load now; a URL may come later),
// the authorizer the HTTP server consults, and the metadata routes. Scopes come from the route
// table, read on the io thread.
Result<
    std::pair<std::unique_ptr<proxy::oauth::JwksLoader>, std::shared_ptr<proxy::http::Authorizer>>>
oauth_resource_server(const OAuthOptions& oauth, boost::asio::io_context& io,
                      const proxy::front::RouteSnapshot& routes, const Clock& clock,
                      proxy::http::Router& router) {
  auto jwks = std::make_unique<proxy::oauth::JwksLoader>(oauth.jwks);
  if (Status loaded = jwks->load(); !loaded) {
    if (!oauth.jwks.starts_with("http://") && !oauth.jwks.starts_with("https://")) {
      return Error{loaded.error()};
    }
    spdlog::warn("event=jwks-load-failed error=\"{}\"; berth fetches it again on demand",
                 loaded.error());
  }
  proxy::oauth::ScopeLookup scopes =
      [&routes](std::string_view server) -> std::optional<std::vector<std::string>> {
    const auto& table = routes.current();
    auto route = table->routes.find(std::string(server));
    if (route == table->routes.end()) return std::nullopt;
    return route->second.scopes;
  };
  proxy::oauth::ResourceServerOptions resource{oauth.issuer, oauth.public_url};
  proxy::oauth::add_metadata_endpoints(router, resource, scopes);
  auto authorizer = std::make_shared<proxy::oauth::OAuthAuthorizer>(io.get_executor(), resource,
                                                                    *jwks, scopes, clock);
  spdlog::info("oauth resource server issuer={} jwks={} public_url={}", oauth.issuer, oauth.jwks,
               oauth.public_url);
  return std::make_pair(std::move(jwks), std::shared_ptr<proxy::http::Authorizer>(authorizer));
}

int serve(const RunOptions& options) {
  if (auto warning = secrets_exposure_warning(options.secrets)) {
    spdlog::warn("secrets exposed warning=\"{}\"", *warning);
  }
  reconciler::DockerClient docker(options.docker);
  auto endpoint = docker_endpoint(options, docker);
  if (!endpoint) {
    spdlog::error("bad docker endpoint error=\"{}\"", endpoint.error());
    return 2;
  }
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  proxy::DockerSocketClient socket_client(io, *endpoint);
  proxy::AttachChannels backends(socket_client);
  proxy::McpProber prober(io, backends);
  proxy::front::RouteSnapshot routes(io);
  SystemClock clock;
  reconciler::ReconcilerOptions reconciler_options;
  reconciler_options.reconcile.instance = options.instance;
  reconciler_options.reconcile.secrets_dir = options.secrets;
  reconciler_options.reconcile.runtime_dir = options.runtime_dir;
  reconciler_options.reconcile.launcher = options.launcher;
  if (auto warning =
          reconciler::SecretFiles(options.runtime_dir, options.instance).placement_warning()) {
    spdlog::warn("secrets on disk warning=\"{}\"", *warning);
  }
  reconciler::Reconciler reconciler(docker, prober, routes, clock, reconciler_options);

  proxy::front::HttpForwarder forwarder(io);
  proxy::front::McpFrontOptions front_options;
  front_options.sessions.max_sessions = options.max_sessions;
  proxy::front::BackendChannels channels(io, backends);
  proxy::front::AsioTimers timers(io);
  proxy::front::McpFront front(routes, channels, forwarder, timers, front_options);
  auto metrics = std::make_shared<proxy::admin::ProxyMetrics>();
  metrics->set_session_counts([&front] { return front.session_counts(); });  // on the io thread
  auto router = std::make_shared<proxy::http::Router>();
  front.add_routes(*router);
  proxy::admin::add_status_endpoints(*router, reconciler.status(), metrics.get());
  proxy::admin::add_metrics_endpoint(*router, reconciler.status(), *metrics);
  proxy::admin::add_logs_endpoint(*router, reconciler.status(), socket_client, backends);
  std::unique_ptr<proxy::oauth::JwksLoader> jwks;
  std::shared_ptr<proxy::http::Authorizer> authorizer;
  if (options.oauth) {
    auto made = oauth_resource_server(*options.oauth, io, routes, clock, *router);
    if (!made) {
      spdlog::error("oauth unusable error=\"{}\"", made.error());
      return 2;
    }
    jwks = std::move(made.value().first);
    authorizer = std::move(made.value().second);
  }
  proxy::http::HttpServer server(io, server_options(options, authorizer), router, metrics);
  if (Status started = server.listen(); !started) {
    spdlog::error("cannot listen address={}:{} error=\"{}\"", options.host, options.port,
                  started.error());
    return 1;
  }
  boost::asio::post(io, [&front] { front.start(); });
  ProxyThread proxy_thread(io);
  reconcile_until_signalled(options, reconciler, [&] {
    server.accept();  // after the first load: every server in the specs has a route by now
    spdlog::info("berth running instance={} specs={} listen={}:{} watch={}", options.instance,
                 options.specs, options.host, server.port(), options.watch);
  });
  server.stop();
  proxy_thread.stop([&front] { front.stop(); });  // ends client sessions on the proxy's thread
  spdlog::info("berth stopped; containers left running");
  return 0;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  auto line = CommandLine::parse(
      args,
      OptionSpec{{"--specs", "--secrets", "--docker", "--instance", "--listen", "--token-file",
                  "--allow-origin", "--allow-host", "--max-sessions", "--runtime-dir", "--launcher",
                  "--oauth-issuer", "--oauth-jwks", "--public-url"},
                 {"--watch", "--allow-empty", "--help"}});
  if (!line || line->flag("--help")) {
    if (!line) std::cerr << "berth run: " << line.error() << "\n";
    std::cerr << kUsage;
    return line ? 0 : 2;
  }
  auto options = parse_options(*line);
  if (!options) {
    std::cerr << "berth run: " << options.error() << "\n" << kUsage;
    return 2;
  }
  if (Status dir = specs::check_spec_dir(options->specs); !dir) {
    std::cerr << "berth run: " << dir.error() << "\n";
    return 2;
  }
  // Blocked before any thread starts, so every thread inherits the mask and sigwait sees them.
  sigset_t signals = control_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return serve(*options);
}

}  // namespace berth::cli
