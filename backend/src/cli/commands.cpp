#include "cli/commands.h"

#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <thread>

#include "config.h"
#include "demo.h"
#include "http/server.h"
#include "log.h"
#include "store/database.h"
#include "store/kiosks.h"
#include "store/regions.h"
#include "store/users.h"
#include "xiangke/core/region_code.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/data_paths.h"

namespace xiangke::backend {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int fail(const std::string& reason) {
    std::fprintf(stderr, "xiangke-backend: %s\n", reason.c_str());
    return kExitFailure;
}

// Opens the database file and brings its schema up to date.
core::Result<std::unique_ptr<Database>> open_database(const std::string& path) {
    try {
        auto db = std::make_unique<Database>(path);
        auto migrated = migrate(*db);
        if (!migrated.ok()) {
            return migrated.error();
        }
        return db;
    } catch (const std::exception& e) {
        return core::Error{"db_error", "cannot open database " + path + ": " + e.what(), ""};
    }
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::string item;
    for (char c : text + ",") {
        if (c == ',') {
            if (!item.empty()) {
                out.push_back(item);
            }
            item.clear();
        } else if (c != ' ') {
            item.push_back(c);
        }
    }
    return out;
}

bool parse_listen(const std::string& listen, std::string& host, int& port) {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        return false;
    }
    host = listen.substr(0, colon);
    try {
        size_t used = 0;
        port = std::stoi(listen.substr(colon + 1), &used);
        return used == listen.size() - colon - 1 && port >= 0 && port <= 65535;
    } catch (const std::exception&) {
        return false;
    }
}

int serve(const std::string& db_path, const std::string& listen, const std::string& config_path) {
    auto config = load_config(config_path);
    if (!config.ok()) {
        return fail(config.error().message);
    }
    std::string host;
    int port = 0;
    if (!parse_listen(listen, host, port)) {
        return fail("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    }
    auto db = open_database(db_path);
    if (!db.ok()) {
        return fail(db.error().message);
    }
    log::set_min_level(config->log_level == "debug" ? log::Level::Debug : log::Level::Info);

    // Block the shutdown signals in every thread; one thread waits for them and stops the server.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    BackendContext context{*config, Store(db_path)};
    HttpServer server(context);
    auto bound = server.bind(host, port);
    if (!bound.ok()) {
        return fail(bound.error().message);
    }
    std::printf("xiangke-backend listening on http://%s:%d\n", host.c_str(), *bound);
    std::fflush(stdout);
    log::info("server_started", {{"host", host}, {"port", *bound}, {"threads", config->threads}});

    std::thread signal_waiter([&server, signals] {
        int received = 0;
        sigwait(&signals, &received);
        log::info("shutdown_requested", {{"signal", received}});
        server.stop();
    });
    bool clean = server.run();
    // If the server stopped by itself, wake the waiter so it can be joined.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    log::info("server_stopped", {});
    return clean ? 0 : kExitFailure;
}

}  // namespace

int run_cli(int argc, char** argv) {
    CLI::App app{"xiangke-backend: village science kiosk and field-agent service backend"};
    app.require_subcommand(1);
    std::string db_path;

    auto* serve_cmd = app.add_subcommand("serve", "run the HTTP server");
    std::string listen = "127.0.0.1:8080";
    std::string config_path;
    serve_cmd->add_option("--db", db_path, "SQLite database file")->required();
    serve_cmd->add_option("--listen", listen, "HOST:PORT (port 0 picks a free port)")->required();
    serve_cmd->add_option("--config", config_path, "TOML configuration file");

    auto* init_cmd = app.add_subcommand("init", "create or migrate the database");
    init_cmd->add_option("--db", db_path)->required();

    auto* demo_cmd = app.add_subcommand("demo", "init plus demo data; prints a kiosk enrollment code last");
    demo_cmd->add_option("--db", db_path)->required();

    auto* regions_cmd = app.add_subcommand("import-regions", "import region CSV files");
    std::vector<std::string> region_files;
    regions_cmd->add_option("--db", db_path)->required();
    regions_cmd->add_option("files", region_files, "CSV files (.csv or .csv.gz)")->required();

    auto* user_cmd = app.add_subcommand("user", "manage people");
    user_cmd->require_subcommand(1);
    auto* user_add = user_cmd->add_subcommand("add", "add an agent or admin; reads the password from stdin");
    std::string role, region, name, phone, expertise, service_regions, team;
    int capacity = 5;
    bool password_stdin = false;
    user_add->add_option("--db", db_path)->required();
    user_add->add_option("--role", role, "agent | county_admin | city_admin")->required();
    user_add->add_option("--region", region, "home region code (an admin's scope)")->required();
    user_add->add_option("--name", name)->required();
    user_add->add_option("--phone", phone)->required();
    user_add->add_flag("--password-stdin", password_stdin, "read the password from one line of stdin")->required();
    user_add->add_option("--expertise", expertise, "TAG,TAG… (category codes, crops, animals or group ids)");
    user_add->add_option("--service-regions", service_regions, "PREFIX,PREFIX…");
    user_add->add_option("--capacity", capacity, "open requests the agent can hold at once");
    user_add->add_option("--team", team);

    auto* kiosk_cmd = app.add_subcommand("kiosk", "manage kiosks");
    kiosk_cmd->require_subcommand(1);
    auto* issue_cmd = kiosk_cmd->add_subcommand("issue-code", "print a single-use enrollment code for a village");
    std::string village;
    issue_cmd->add_option("--db", db_path)->required();
    issue_cmd->add_option("--village", village, "12-digit village code")->required();
    auto* revoke_cmd = kiosk_cmd->add_subcommand("revoke", "stop a kiosk's token from working");
    std::string kiosk_id;
    revoke_cmd->add_option("--db", db_path)->required();
    revoke_cmd->add_option("--kiosk", kiosk_id)->required();

    auto* backup_cmd = app.add_subcommand("backup", "online backup of the database");
    std::string backup_to;
    backup_cmd->add_option("--db", db_path)->required();
    backup_cmd->add_option("--to", backup_to)->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "xiangke-backend: %s\n", e.what());
        return kExitUsage;
    }

    const int64_t now = core::system_now_ms();
    if (serve_cmd->parsed()) {
        return serve(db_path, listen, config_path);
    }
    auto db = open_database(db_path);
    if (!db.ok()) {
        return fail(db.error().message);
    }
    Database& database = **db;
    const int64_t code_ttl_ms = Config{}.enrollment_code_ttl_hours * core::kHourMs;

    try {
        if (init_cmd->parsed()) {
            std::printf("database %s at schema version %d\n", db_path.c_str(), latest_schema_version());
            return 0;
        }
        if (demo_cmd->parsed()) {
            auto demo = load_demo_data(database, now, code_ttl_ms);
            if (!demo.ok()) {
                return fail(demo.error().message);
            }
            std::printf("demo data loaded: 余姚市 (330281), %zu new agents; password for demo people: %s\n",
                        demo->agents_created, kDemoPassword);
            std::printf("enrollment code for %s (%s):\n%s\n", demo->village_name.c_str(), demo->village_code.c_str(),
                        demo->enrollment_code.c_str());
            return 0;
        }
        if (regions_cmd->parsed()) {
            auto report = import_region_files(database, region_files);
            if (!report.ok()) {
                return fail(report.error().message);
            }
            std::printf("imported %zu regions from %zu files\n", report->rows, report->files);
            return 0;
        }
        if (user_add->parsed()) {
            auto parsed_role = role_from_name(role);
            if (!parsed_role) {
                std::fprintf(stderr, "xiangke-backend: --role must be agent, county_admin or city_admin\n");
                return kExitUsage;
            }
            std::string password;
            if (!std::getline(std::cin, password)) {
                return fail("no password on stdin");
            }
            NewUser user{*parsed_role, region, name, phone, password, {}, split_list(service_regions), capacity, team};
            if (*parsed_role == Role::Agent) {
                auto vocab = platform::load_vocabulary(platform::content_dir() / "vocab");
                if (!vocab.ok()) {
                    return fail(vocab.error().message);
                }
                auto tags = vocab->expand_expertise(split_list(expertise));
                if (!tags.ok()) {
                    return fail("--expertise: " + tags.error().message);
                }
                user.expertise = *tags;
            }
            auto id = add_user(database, user, now);
            if (!id.ok()) {
                return fail("--" + id.error().field + ": " + id.error().message);
            }
            std::printf("user %lld added\n", static_cast<long long>(*id));
            return 0;
        }
        if (issue_cmd->parsed()) {
            auto code = issue_enrollment_code(database, village, now, code_ttl_ms);
            if (!code.ok()) {
                return fail("--village: " + code.error().message);
            }
            std::printf("valid until %s (Asia/Shanghai)\n%s\n", core::format_shanghai_datetime(code->expires_at).c_str(),
                        code->code.c_str());
            return 0;
        }
        if (revoke_cmd->parsed()) {
            auto revoked = revoke_kiosk(database, kiosk_id, now);
            if (!revoked.ok()) {
                return fail(revoked.error().message);
            }
            std::printf("kiosk %s revoked\n", kiosk_id.c_str());
            return 0;
        }
        if (backup_cmd->parsed()) {
            database.raw().backup(backup_to.c_str(), SQLite::Database::Save);
            std::printf("backup written to %s\n", backup_to.c_str());
            return 0;
        }
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    return kExitUsage;
}

}  // namespace xiangke::backend
