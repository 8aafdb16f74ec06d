#include "cli/commands.h"

#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <condition_variable>
#include <cstdio>
#include <iostream>
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
    std::string log_file;
    serve_cmd->add_option("--log-file", log_file, "append the structured log to FILE instead of stderr");

    auto* init_cmd = app.add_subcommand("init", "create or migrate the database");
    init_cmd->add_option("--db", db_path)->required();

    auto* demo_cmd = app.add_subcommand("demo", "init plus demo data; prints a kiosk enrollment code last");
    demo_cmd->add_option("--db", db_path)->required();
    int history_days = 0;
    demo_cmd->add_option("--history-days", history_days, "simulate this many days of service up to now (0 to 3660)")
        ->check(CLI::Range(0, kMaxDemoHistoryDays));

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
    std::string agent_type;
    user_add->add_option("--type", agent_type, "individual | team | organisation (agents; default individual)");

    auto* team_cmd = app.add_subcommand("team", "manage teams of agents");
    team_cmd->require_subcommand(1);
    auto* team_add = team_cmd->add_subcommand("add", "create a team or update its region and leader");
    std::string team_region, team_leader;
    team_add->add_option("--db", db_path)->required();
    team_add->add_option("--name", team, "team name; members join with user add --team NAME")->required();
    team_add->add_option("--region", team_region, "home region code")->required();
    team_add->add_option("--leader", team_leader, "the leader's phone (an agent)");

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

    auto* agents_cmd = app.add_subcommand("import-agents", "import field agents from a CSV file (docs/operations.md)");
    std::string agents_csv, passwords_out;
    agents_cmd->add_option("--db", db_path)->required();
    agents_cmd->add_option("csv", agents_csv, "CSV file")->required();
    agents_cmd->add_option("--passwords-out", passwords_out,
                           "generate initial passwords for new agents without one and write them to this new file");

    auto* content_cmd = app.add_subcommand("content", "content packs");
    content_cmd->require_subcommand(1);
    auto* publish_cmd = content_cmd->add_subcommand("publish", "make a built, signed pack the current one");
    std::string pack_dir;
    publish_cmd->add_option("--db", db_path)->required();
    publish_cmd->add_option("packdir", pack_dir, "directory with manifest.json, manifest.sig and files/")->required();
    std::string pubkey;
    publish_cmd->add_option("--pubkey", pubkey, "also check the signature with this public key (hex line or file)");

    auto* notice_cmd = app.add_subcommand("notice", "notices shown on kiosks");
    notice_cmd->require_subcommand(1);
    auto* notice_add = notice_cmd->add_subcommand("add", "show a notice on the kiosks of a region until a date");
    std::string notice_region, notice_title, notice_body, notice_until;
    notice_add->add_option("--db", db_path)->required();
    notice_add->add_option("--region", notice_region, "region-code prefix")->required();
    notice_add->add_option("--title", notice_title)->required();
    notice_add->add_option("--body", notice_body)->required();
    notice_add->add_option("--until", notice_until, "last day shown, YYYY-MM-DD (Asia/Shanghai)")->required();

    auto* maintain_cmd = app.add_subcommand("maintain", "prune old pull changes, expired sessions and login records");
    int64_t retention_days = 0;
    maintain_cmd->add_option("--db", db_path)->required();
    maintain_cmd->add_option("--retention-days", retention_days,
                             "keep superseded changes this many days (default: the config's change_retention_days)");
    maintain_cmd->add_option("--config", config_path, "TOML configuration file");

    auto* bundle_cmd = app.add_subcommand("bundle", "USB bundles for kiosks without a network");
    bundle_cmd->require_subcommand(1);
    auto* bundle_export = bundle_cmd->add_subcommand("export", "changes, op results and content for one kiosk");
    std::string bundle_kiosk, bundle_out, bundle_in;
    bundle_export->add_option("--db", db_path)->required();
    bundle_export->add_option("--kiosk", bundle_kiosk, "kiosk id")->required();
    bundle_export->add_option("--out", bundle_out, "bundle file to write")->required();
    auto* bundle_import = bundle_cmd->add_subcommand("import", "apply a kiosk's outbox carried on a USB drive");
    bundle_import->add_option("--db", db_path)->required();
    bundle_import->add_option("bundle", bundle_in, "bundle file written by xiangke-kiosk bundle export")->required();

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

    if (sodium_init() < 0) {
        return fail("libsodium could not be initialised");
    }
    const int64_t now = core::system_now_ms();
    if (serve_cmd->parsed()) {
        return serve(db_path, listen, config_path, log_file);
    }
    auto db = open_database(db_path);
    if (!db.ok()) {
        return fail(db.error().message);
    }
    Database& database = **db;
    const int64_t code_ttl_ms = Config{}.enrollment_code_ttl_hours * core::kHourMs;

    try {
        if (init_cmd->parsed()) {
            if (auto schemes = evaluation::SchemeRegistry::load_default(""); !schemes.ok()) {
                return fail(schemes.error().message);
            }
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
            if (history_days > 0) {
                auto history = simulate_demo_history(db_path, now, history_days);
                if (!history.ok()) {
                    return fail(history.error().message);
                }
                if (history->skipped) {
                    std::printf("demo history: the county has requests already; nothing added\n");
                } else {
                    std::printf("demo history: %d days, %lld kiosks, %lld requests, %lld visits, %lld farmer feedback, "
                                "%lld trainings\n",
                                history_days, static_cast<long long>(history->kiosks),
                                static_cast<long long>(history->requests), static_cast<long long>(history->visits),
                                static_cast<long long>(history->feedback), static_cast<long long>(history->trainings));
                }
            }
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
            if (!agent_type.empty()) {
                user.type = agent_type_from_name(agent_type);
                if (!user.type || *parsed_role != Role::Agent) {
                    std::fprintf(stderr,
                                 "xiangke-backend: --type must be individual, team or organisation, for agents only\n");
                    return kExitUsage;
                }
            }
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
        if (team_add->parsed()) {
            auto id = add_or_update_team(database, NewTeam{team, team_region, team_leader}, now);
            if (!id.ok()) {
                return fail("--" + id.error().field + ": " + id.error().message);
            }
            std::printf("team %lld saved\n", static_cast<long long>(*id));
            return 0;
        }
        if (issue_cmd->parsed()) {
            auto code = issue_enrollment_code(database, village, now, code_ttl_ms);
            if (!code.ok()) {
                return fail("--village: " + code.error().message);
            }
            std::printf("valid until %s (Asia/Shanghai)\n%s\n",
                        core::format_shanghai_datetime(code->expires_at).c_str(), code->code.c_str());
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
        if (agents_cmd->parsed()) {
            return import_agents_command(database, agents_csv, passwords_out, now);
        }
        if (publish_cmd->parsed()) {
            std::optional<platform::PublicKey> key;
            if (!pubkey.empty()) {
                auto loaded = platform::load_public_key(pubkey);
                if (!loaded.ok()) {
                    return fail("--pubkey: " + loaded.error().message);
                }
                key = *loaded;
            }
            auto report = publish_content_pack(database, pack_dir, key, now);
            if (!report.ok()) {
                return fail(report.error().message);
            }
            std::printf(
                "content pack version %lld published: %lld files, %lld bytes (%lld new), %lld kiosks notified\n",
                static_cast<long long>(report->version), static_cast<long long>(report->files),
                static_cast<long long>(report->bytes), static_cast<long long>(report->new_blobs),
                static_cast<long long>(report->kiosks_notified));
            return 0;
        }
        if (notice_add->parsed()) {
            auto until = core::parse_shanghai_date(notice_until, "until");
            if (!until.ok()) {
                return fail("--until: " + until.error().message);
            }
            NewNotice notice{notice_region, notice_title, notice_body, *until + core::kDayMs - 1};
            auto report = add_notice(database, notice, now);
            if (!report.ok()) {
                return fail("--" + report.error().field + ": " + report.error().message);
            }
            std::printf("notice %lld sent to %lld kiosks\n", static_cast<long long>(report->notice_id),
                        static_cast<long long>(report->kiosks));
            return 0;
        }
        if (maintain_cmd->parsed()) {
            auto config = load_config(config_path);
            if (!config.ok()) {
                return fail(config.error().message);
            }
            if (retention_days < 0) {
                std::fprintf(stderr, "xiangke-backend: --retention-days must not be negative\n");
                return kExitUsage;
            }
            Config settings = *config;
            if (maintain_cmd->count("--retention-days") > 0) {
                settings.change_retention_days = retention_days;
            }
            Store store(db_path);
            auto report = run_maintenance(store, nullptr, settings, now, MaintenanceWork::Everything);
            std::printf("%lld changes pruned (%lld kiosks), %lld session and login records purged\n",
                        static_cast<long long>(report.changes_pruned),
                        static_cast<long long>(report.kiosk_floors_raised),
                        static_cast<long long>(report.sessions_and_attempts_purged));
            return 0;
        }
        if (bundle_export->parsed()) {
            auto bundle = export_kiosk_bundle(database, bundle_kiosk, now);
            if (!bundle.ok()) {
                return fail(bundle.error().message);
            }
            auto written = platform::write_file_atomic(bundle_out, bundle->first);
            if (!written.ok()) {
                return fail(written.error().message);
            }
            const auto& r = bundle->second;
            std::printf("bundle for kiosk %s written to %s: %lld changes, %lld op results, content version %lld\n",
                        bundle_kiosk.c_str(), bundle_out.c_str(), static_cast<long long>(r.changes),
                        static_cast<long long>(r.results), static_cast<long long>(r.content_version));
            return 0;
        }
        if (bundle_import->parsed()) {
            auto text = platform::read_file(bundle_in);
            if (!text.ok()) {
                return fail(text.error().message);
            }
            Store store(db_path);
            auto report = import_kiosk_bundle(store, *text, now);
            if (!report.ok()) {
                return fail(bundle_in + ": " + report.error().message);
            }
            std::printf("bundle from kiosk %s: %lld applied, %lld duplicate, %lld rejected\n", report->kiosk_id.c_str(),
                        static_cast<long long>(report->applied), static_cast<long long>(report->duplicate),
                        static_cast<long long>(report->rejected));
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
