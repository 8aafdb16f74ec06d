#include "cli/commands.h"

#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "config.h"
#include "demo.h"
#include "demo_history.h"
#include "evaluation/scheme_registry.h"
#include "http/server.h"
#include "log.h"
#include "maintenance.h"
#include "matching/scheduler.h"
#include "notify/dispatcher.h"
#include "store/agent_import.h"
#include "store/audit.h"
#include "store/bundles.h"
#include "store/content.h"
#include "store/database.h"
#include "store/kiosks.h"
#include "store/notices.h"
#include "store/regions.h"
#include "store/users.h"
#include "xiangke/core/region_code.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/data_paths.h"
#include "xiangke/platform/files.h"
#include "xiangke/platform/signing.h"

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

// Runs housekeeping until stopped: last-seen times every 30 s, pruning and purging every hour and
// once more at shutdown.
class MaintenanceLoop {
public:
    explicit MaintenanceLoop(BackendContext& context) : m_context(context), m_thread([this] { loop(); }) {}
    ~MaintenanceLoop() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }

private:
    void loop() {
        std::unique_lock lock(m_mutex);
        for (int64_t round = 1;; ++round) {
            bool stopping = m_wake.wait_for(lock, std::chrono::seconds(30), [this] { return m_stopping; });
            lock.unlock();
            // Pruning and purging hourly (and at shutdown), last-seen times every round.
            auto work = stopping || round % 120 == 0 ? MaintenanceWork::Everything : MaintenanceWork::LastSeenOnly;
            try {
                auto report = run_maintenance(m_context.store, &m_context.activity, m_context.config,
                                              core::system_now_ms(), work);
                if (report.changes_pruned > 0 || report.sessions_and_attempts_purged > 0) {
                    log::info("maintenance", {{"changes_pruned", report.changes_pruned},
                                              {"kiosk_floors_raised", report.kiosk_floors_raised},
                                              {"purged", report.sessions_and_attempts_purged}});
                }
            } catch (const std::exception& e) {
                log::error("maintenance_failed", {{"what", e.what()}});
            }
            if (stopping) {
                return;
            }
            lock.lock();
        }
    }

    BackendContext& m_context;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;  // last: starts after the members it uses
};

int serve(const std::string& db_path, const std::string& listen, const std::string& config_path,
          const std::string& log_file) {
    auto config = load_config(config_path);
    if (!config.ok()) {
        return fail(config.error().message);
    }
    // Evaluation schemes are checked before serving: an invalid file names itself and its key.
    if (auto schemes = evaluation::SchemeRegistry::load_default(config->evaluation.schemes_dir); !schemes.ok()) {
        return fail(schemes.error().message);
    }
    std::string host;
    int port = 0;
    if (!parse_listen(listen, host, port)) {
        return fail("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    }
    {
        auto db = open_database(db_path);  // migrations; the server then opens its own connections
        if (!db.ok()) {
            return fail(db.error().message);
        }
    }
    log::set_min_level(log::level_from_name(config->log_level));
    const std::string log_path = log_file.empty() ? config->log_file : log_file;
    if (!log_path.empty() && !log::set_output_file(log_path)) {
        return fail("cannot open the log file " + log_path);
    }

    // Block the shutdown signals in every thread; one thread waits for them and stops the server.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto notifier = make_notifier(config->notify);
    if (!notifier.ok()) {
        return fail(notifier.error().message);
    }
    BackendContext context(*config, db_path);
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
    bool clean = false;
    {
        MaintenanceLoop maintenance(context);
        std::optional<NotificationDispatcher> notifications;
        if (*notifier) {
            notifications.emplace(context.store, std::move(*notifier), context.config.notify);
        }
        std::optional<MatchingScheduler> matching;
        if (context.config.matching.scheduler) {
            matching.emplace(context.store, context.config.matching);
        }
        clean = server.run();
    }
    // If the server stopped by itself, wake the waiter so it can be joined.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    log::info("server_stopped", {});
    return clean ? 0 : kExitFailure;
}

// Creates FILE for initial passwords, readable by its owner only; refuses to overwrite.
core::Result<int> create_secret_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return core::Error{"io_error", "cannot create " + path + " (it must not exist yet)", "passwords-out"};
    }
    return fd;
}

int import_agents_command(Database& db, const std::string& csv_path, const std::string& passwords_out, int64_t now) {
    auto text = platform::read_file(csv_path);
    if (!text.ok()) {
        return fail(text.error().message);
    }
    auto vocab = platform::load_vocabulary(platform::content_dir() / "vocab");
    if (!vocab.ok()) {
        return fail(vocab.error().message);
    }
    int fd = -1;
    if (!passwords_out.empty()) {
        auto created = create_secret_file(passwords_out);
        if (!created.ok()) {
            return fail(created.error().message);
        }
        fd = *created;
    }
    auto report = import_agents(db, *text, csv_path, *vocab,
                                fd >= 0 ? PasswordSource::GenerateMissing : PasswordSource::FromFile, now);
    if (!report.ok()) {
        if (fd >= 0) {
            ::close(fd);
            ::unlink(passwords_out.c_str());
        }
        return fail(report.error().message);
    }
    if (fd >= 0) {
        std::string out = "name,phone,initial_password\n";
        for (const auto& p : report->generated) {
            out += "\"" + p.name + "\"," + p.phone + "," + p.password + "\n";
        }
        bool written = ::write(fd, out.data(), out.size()) == static_cast<ssize_t>(out.size()) && ::fsync(fd) == 0;
        ::close(fd);
        if (!written) {
            return fail("agents imported, but writing " + passwords_out + " failed; set their passwords again");
        }
    }
    std::printf("%zu agents created, %zu updated", report->created, report->updated);
    if (!report->generated.empty()) {
        std::printf("; initial passwords for %zu new agents written to %s", report->generated.size(),
                    passwords_out.c_str());
    }
    std::printf("\n");
    return 0;
}

// Runs `body` on the database at `db_path`, created or migrated first; an exception becomes a failure.
int with_database(const std::string& db_path, const std::function<int(Database&)>& body) {
    auto db = open_database(db_path);
    if (!db.ok()) {
        return fail(db.error().message);
    }
    try {
        return body(**db);
    } catch (const std::exception& e) {
        return fail(e.what());
    }
}

int64_t enrollment_code_ttl_ms() {
    return Config{}.enrollment_code_ttl_hours * core::kHourMs;
}

// One subcommand: the CLI11 node that names it and what it does once the command line is parsed
// (`now` is read once, after libsodium is initialised).
struct Subcommand {
    CLI::App* command = nullptr;
    std::function<int(int64_t now)> run;
};

CLI::App* add_group(CLI::App& app, const std::string& name, const std::string& description) {
    auto* group = app.add_subcommand(name, description);
    group->require_subcommand(1);
    return group;
}

Subcommand serve_subcommand(CLI::App& app) {
    struct Options {
        std::string db_path, listen = "127.0.0.1:8080", config_path, log_file;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("serve", "run the HTTP server");
    cmd->add_option("--db", o->db_path, "SQLite database file")->required();
    cmd->add_option("--listen", o->listen, "HOST:PORT (port 0 picks a free port)")->required();
    cmd->add_option("--config", o->config_path, "TOML configuration file");
    cmd->add_option("--log-file", o->log_file, "append the structured log to FILE instead of stderr");
    return {cmd, [o](int64_t) { return serve(o->db_path, o->listen, o->config_path, o->log_file); }};
}

Subcommand init_subcommand(CLI::App& app) {
    auto db_path = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("init", "create or migrate the database");
    cmd->add_option("--db", *db_path)->required();
    return {cmd, [db_path](int64_t) {
                return with_database(*db_path, [&](Database&) {
                    if (auto schemes = evaluation::SchemeRegistry::load_default(""); !schemes.ok()) {
                        return fail(schemes.error().message);
                    }
                    std::printf("database %s at schema version %d\n", db_path->c_str(), latest_schema_version());
                    return 0;
                });
            }};
}

Subcommand demo_subcommand(CLI::App& app) {
    struct Options {
        std::string db_path;
        int history_days = 0;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("demo", "init plus demo data; prints a kiosk enrollment code last");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("--history-days", o->history_days, "simulate this many days of service up to now (0 to 3660)")
        ->check(CLI::Range(0, kMaxDemoHistoryDays));
    return {cmd, [o](int64_t now) {
                return with_database(o->db_path, [&](Database& database) {
                    auto demo = load_demo_data(database, now, enrollment_code_ttl_ms());
                    if (!demo.ok()) {
                        return fail(demo.error().message);
                    }
                    std::printf("demo data loaded: 余姚市 (330281), %zu new agents; password for demo people: %s\n",
                                demo->agents_created, kDemoPassword);
                    if (o->history_days > 0) {
                        auto history = simulate_demo_history(o->db_path, now, o->history_days);
                        if (!history.ok()) {
                            return fail(history.error().message);
                        }
                        if (history->skipped) {
                            std::printf("demo history: the county has requests already; nothing added\n");
                        } else {
                            std::printf(
                                "demo history: %d days, %lld kiosks, %lld requests, %lld visits, %lld farmer "
                                "feedback, %lld trainings\n",
                                o->history_days, static_cast<long long>(history->kiosks),
                                static_cast<long long>(history->requests), static_cast<long long>(history->visits),
                                static_cast<long long>(history->feedback), static_cast<long long>(history->trainings));
                        }
                    }
                    std::printf("enrollment code for %s (%s):\n%s\n", demo->village_name.c_str(),
                                demo->village_code.c_str(), demo->enrollment_code.c_str());
                    return 0;
                });
            }};
}

Subcommand import_regions_subcommand(CLI::App& app) {
    struct Options {
        std::string db_path;
        std::vector<std::string> files;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("import-regions", "import region CSV files");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("files", o->files, "CSV files (.csv or .csv.gz)")->required();
    return {cmd, [o](int64_t) {
                return with_database(o->db_path, [&](Database& database) {
                    auto report = import_region_files(database, o->files);
                    if (!report.ok()) {
                        return fail(report.error().message);
                    }
                    std::printf("imported %zu regions from %zu files\n", report->rows, report->files);
                    return 0;
                });
            }};
}

int add_user_command(Database& database, NewUser user, const std::string& expertise, const std::string& agent_type,
                     int64_t now) {
    if (!agent_type.empty()) {
        user.type = agent_type_from_name(agent_type);
        if (!user.type || user.role != Role::Agent) {
            std::fprintf(stderr, "xiangke-backend: --type must be individual, team or organisation, for agents only\n");
            return kExitUsage;
        }
    }
    if (user.role == Role::Agent) {
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

Subcommand user_add_subcommand(CLI::App& user_cmd) {
    struct Options {
        std::string db_path, role, region, name, phone, expertise, service_regions, team, agent_type;
        int capacity = 5;
        bool password_stdin = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = user_cmd.add_subcommand("add", "add an agent or admin; reads the password from stdin");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("--role", o->role, "agent | county_admin | city_admin")->required();
    cmd->add_option("--region", o->region, "home region code (an admin's scope)")->required();
    cmd->add_option("--name", o->name)->required();
    cmd->add_option("--phone", o->phone)->required();
    cmd->add_flag("--password-stdin", o->password_stdin, "read the password from one line of stdin")->required();
    cmd->add_option("--expertise", o->expertise, "TAG,TAG… (category codes, crops, animals or group ids)");
    cmd->add_option("--service-regions", o->service_regions, "PREFIX,PREFIX…");
    cmd->add_option("--capacity", o->capacity, "open requests the agent can hold at once");
    cmd->add_option("--team", o->team);
    cmd->add_option("--type", o->agent_type, "individual | team | organisation (agents; default individual)");
    return {cmd, [o](int64_t now) {
                return with_database(o->db_path, [&](Database& database) {
                    auto role = role_from_name(o->role);
                    if (!role) {
                        std::fprintf(stderr, "xiangke-backend: --role must be agent, county_admin or city_admin\n");
                        return kExitUsage;
                    }
                    std::string password;
                    if (!std::getline(std::cin, password)) {
                        return fail("no password on stdin");
                    }
                    NewUser user{
                        *role,       o->region, o->name, o->phone, password, {}, split_list(o->service_regions),
                        o->capacity, o->team};
                    return add_user_command(database, std::move(user), o->expertise, o->agent_type, now);
                });
            }};
}

Subcommand team_add_subcommand(CLI::App& team_cmd) {
    struct Options {
        std::string db_path, name, region, leader;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = team_cmd.add_subcommand("add", "create a team or update its region and leader");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("--name", o->name, "team name; members join with user add --team NAME")->required();
    cmd->add_option("--region", o->region, "home region code")->required();
    cmd->add_option("--leader", o->leader, "the leader's phone (an agent)");
    return {cmd, [o](int64_t now) {
                return with_database(o->db_path, [&](Database& database) {
                    auto id = add_or_update_team(database, NewTeam{o->name, o->region, o->leader}, now);
                    if (!id.ok()) {
                        return fail("--" + id.error().field + ": " + id.error().message);
                    }
                    std::printf("team %lld saved\n", static_cast<long long>(*id));
                    return 0;
                });
            }};
}

Subcommand kiosk_issue_code_subcommand(CLI::App& kiosk_cmd) {
    struct Options {
        std::string db_path, village;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = kiosk_cmd.add_subcommand("issue-code", "print a single-use enrollment code for a village");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("--village", o->village, "12-digit village code")->required();
    return {cmd, [o](int64_t now) {
                return with_database(o->db_path, [&](Database& database) {
                    auto code = issue_enrollment_code(database, o->village, now, enrollment_code_ttl_ms());
                    if (!code.ok()) {
                        return fail("--village: " + code.error().message);
                    }
                    std::printf("valid until %s (Asia/Shanghai)\n%s\n",
                                core::format_shanghai_datetime(code->expires_at).c_str(), code->code.c_str());
                    return 0;
                });
            }};
}

Subcommand kiosk_revoke_subcommand(CLI::App& kiosk_cmd) {
    struct Options {
        std::string db_path, kiosk_id;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = kiosk_cmd.add_subcommand("revoke", "stop a kiosk's token from working");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("--kiosk", o->kiosk_id)->required();
    return {cmd, [o](int64_t now) {
                return with_database(o->db_path, [&](Database& database) {
                    auto revoked = revoke_kiosk(database, o->kiosk_id, now);
                    if (!revoked.ok()) {
                        return fail(revoked.error().message);
                    }
                    std::printf("kiosk %s revoked\n", o->kiosk_id.c_str());
                    return 0;
                });
            }};
}

Subcommand import_agents_subcommand(CLI::App& app) {
    struct Options {
        std::string db_path, csv, passwords_out;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("import-agents", "import field agents from a CSV file (docs/operations.md)");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("csv", o->csv, "CSV file")->required();
    cmd->add_option("--passwords-out", o->passwords_out,
                    "generate initial passwords for new agents without one and write them to this new file");
    return {cmd, [o](int64_t now) {
                return with_database(o->db_path, [&](Database& database) {
                    return import_agents_command(database, o->csv, o->passwords_out, now);
                });
            }};
}

Subcommand content_publish_subcommand(CLI::App& content_cmd) {
    struct Options {
        std::string db_path, pack_dir, pubkey;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = content_cmd.add_subcommand("publish", "make a built, signed pack the current one");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("packdir", o->pack_dir, "directory with manifest.json, manifest.sig and files/")->required();
    cmd->add_option("--pubkey", o->pubkey, "also check the signature with this public key (hex line or file)");
    return {cmd, [o](int64_t now) {
                return with_database(o->db_path, [&](Database& database) {
                    std::optional<platform::PublicKey> key;
                    if (!o->pubkey.empty()) {
                        auto loaded = platform::load_public_key(o->pubkey);
                        if (!loaded.ok()) {
                            return fail("--pubkey: " + loaded.error().message);
                        }
                        key = *loaded;
                    }
                    auto report = publish_content_pack(database, o->pack_dir, key, now);
                    if (!report.ok()) {
                        return fail(report.error().message);
                    }
                    std::printf(
                        "content pack version %lld published: %lld files, %lld bytes (%lld new), %lld kiosks "
                        "notified\n",
                        static_cast<long long>(report->version), static_cast<long long>(report->files),
                        static_cast<long long>(report->bytes), static_cast<long long>(report->new_blobs),
                        static_cast<long long>(report->kiosks_notified));
                    return 0;
                });
            }};
}

Subcommand notice_add_subcommand(CLI::App& notice_cmd) {
    struct Options {
        std::string db_path, region, title, body, until;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = notice_cmd.add_subcommand("add", "show a notice on the kiosks of a region until a date");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("--region", o->region, "region-code prefix")->required();
    cmd->add_option("--title", o->title)->required();
    cmd->add_option("--body", o->body)->required();
    cmd->add_option("--until", o->until, "last day shown, YYYY-MM-DD (Asia/Shanghai)")->required();
    return {cmd, [o](int64_t now) {
                return with_database(o->db_path, [&](Database& database) {
                    auto until = core::parse_shanghai_date(o->until, "until");
                    if (!until.ok()) {
                        return fail("--until: " + until.error().message);
                    }
                    NewNotice notice{o->region, o->title, o->body, *until + core::kDayMs - 1};
                    auto report = add_notice(database, notice, now);
                    if (!report.ok()) {
                        return fail("--" + report.error().field + ": " + report.error().message);
                    }
                    std::printf("notice %lld sent to %lld kiosks\n", static_cast<long long>(report->notice_id),
                                static_cast<long long>(report->kiosks));
                    return 0;
                });
            }};
}

Subcommand maintain_subcommand(CLI::App& app) {
    struct Options {
        std::string db_path, config_path;
        int64_t retention_days = 0;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("maintain", "prune old pull changes, expired sessions and login records");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("--retention-days", o->retention_days,
                    "keep superseded changes this many days (default: the config's change_retention_days)");
    cmd->add_option("--config", o->config_path, "TOML configuration file");
    return {cmd, [o, cmd](int64_t now) {
                return with_database(o->db_path, [&](Database&) {
                    auto config = load_config(o->config_path);
                    if (!config.ok()) {
                        return fail(config.error().message);
                    }
                    if (o->retention_days < 0) {
                        std::fprintf(stderr, "xiangke-backend: --retention-days must not be negative\n");
                        return kExitUsage;
                    }
                    Config settings = *config;
                    if (cmd->count("--retention-days") > 0) {
                        settings.change_retention_days = o->retention_days;
                    }
                    Store store(o->db_path);
                    auto report = run_maintenance(store, nullptr, settings, now, MaintenanceWork::Everything);
                    std::printf("%lld changes pruned (%lld kiosks), %lld session and login records purged\n",
                                static_cast<long long>(report.changes_pruned),
                                static_cast<long long>(report.kiosk_floors_raised),
                                static_cast<long long>(report.sessions_and_attempts_purged));
                    return 0;
                });
            }};
}

Subcommand bundle_export_subcommand(CLI::App& bundle_cmd) {
    struct Options {
        std::string db_path, kiosk_id, out;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = bundle_cmd.add_subcommand("export", "changes, op results and content for one kiosk");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("--kiosk", o->kiosk_id, "kiosk id")->required();
    cmd->add_option("--out", o->out, "bundle file to write")->required();
    return {cmd, [o](int64_t now) {
                return with_database(o->db_path, [&](Database& database) {
                    auto bundle = export_kiosk_bundle(database, o->kiosk_id, now);
                    if (!bundle.ok()) {
                        return fail(bundle.error().message);
                    }
                    auto written = platform::write_file_atomic(o->out, bundle->first);
                    if (!written.ok()) {
                        return fail(written.error().message);
                    }
                    const auto& r = bundle->second;
                    std::printf(
                        "bundle for kiosk %s written to %s: %lld changes, %lld op results, content version %lld\n",
                        o->kiosk_id.c_str(), o->out.c_str(), static_cast<long long>(r.changes),
                        static_cast<long long>(r.results), static_cast<long long>(r.content_version));
                    return 0;
                });
            }};
}

Subcommand bundle_import_subcommand(CLI::App& bundle_cmd) {
    struct Options {
        std::string db_path, bundle;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = bundle_cmd.add_subcommand("import", "apply a kiosk's outbox carried on a USB drive");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("bundle", o->bundle, "bundle file written by xiangke-kiosk bundle export")->required();
    return {cmd, [o](int64_t now) {
                return with_database(o->db_path, [&](Database&) {
                    auto text = platform::read_file(o->bundle);
                    if (!text.ok()) {
                        return fail(text.error().message);
                    }
                    Store store(o->db_path);
                    auto report = import_kiosk_bundle(store, *text, now);
                    if (!report.ok()) {
                        return fail(o->bundle + ": " + report.error().message);
                    }
                    std::printf("bundle from kiosk %s: %lld applied, %lld duplicate, %lld rejected\n",
                                report->kiosk_id.c_str(), static_cast<long long>(report->applied),
                                static_cast<long long>(report->duplicate), static_cast<long long>(report->rejected));
                    return 0;
                });
            }};
}

Subcommand backup_subcommand(CLI::App& app) {
    struct Options {
        std::string db_path, to;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("backup", "online backup of the database");
    cmd->add_option("--db", o->db_path)->required();
    cmd->add_option("--to", o->to)->required();
    return {cmd, [o](int64_t) {
                return with_database(o->db_path, [&](Database& database) {
                    database.raw().backup(o->to.c_str(), SQLite::Database::Save);
                    std::printf("backup written to %s\n", o->to.c_str());
                    return 0;
                });
            }};
}

}  // namespace

int run_cli(int argc, char** argv) {
    CLI::App app{"xiangke-backend: village science kiosk and field-agent service backend"};
    app.require_subcommand(1);
    std::vector<Subcommand> commands;
    commands.push_back(serve_subcommand(app));
    commands.push_back(init_subcommand(app));
    commands.push_back(demo_subcommand(app));
    commands.push_back(import_regions_subcommand(app));
    commands.push_back(user_add_subcommand(*add_group(app, "user", "manage people")));
    commands.push_back(team_add_subcommand(*add_group(app, "team", "manage teams of agents")));
    auto* kiosk_cmd = add_group(app, "kiosk", "manage kiosks");
    commands.push_back(kiosk_issue_code_subcommand(*kiosk_cmd));
    commands.push_back(kiosk_revoke_subcommand(*kiosk_cmd));
    commands.push_back(import_agents_subcommand(app));
    commands.push_back(content_publish_subcommand(*add_group(app, "content", "content packs")));
    commands.push_back(notice_add_subcommand(*add_group(app, "notice", "notices shown on kiosks")));
    commands.push_back(maintain_subcommand(app));
    auto* bundle_cmd = add_group(app, "bundle", "USB bundles for kiosks without a network");
    commands.push_back(bundle_export_subcommand(*bundle_cmd));
    commands.push_back(bundle_import_subcommand(*bundle_cmd));
    commands.push_back(backup_subcommand(app));

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "xiangke-backend: %s\n", e.what());
        return kExitUsage;
    }

    if (sodium_init() < 0) {
        return fail("libsodium could not be initialised");
    }
    const int64_t now = core::system_now_ms();
    for (const auto& command : commands) {
        if (command.command->parsed()) {
            return command.run(now);
        }
    }
    return kExitUsage;
}

}  // namespace xiangke::backend
