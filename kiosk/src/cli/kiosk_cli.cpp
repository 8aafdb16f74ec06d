#include "cli/kiosk_cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "scenario/scenario_runner.h"
#include "services/backend_client.h"
#include "services/content_updater.h"
#include "services/kiosk_config.h"
#include "services/kiosk_log.h"
#include "services/pack_installer.h"
#include "shell/app_runner.h"
#include "store/outbox_store.h"
#include "sync/bundle.h"
#include "sync/sync_engine.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/files.h"
#include "xiangke/platform/random.h"

namespace xiangke::kiosk {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int fail(const std::string& reason) {
    std::fprintf(stderr, "xiangke-kiosk: %s\n", reason.c_str());
    return kExitFailure;
}

bool parse_size(const std::string& text, int& width, int& height) {
    return std::sscanf(text.c_str(), "%dx%d", &width, &height) == 2 && width >= 320 && height >= 240 && width <= 8192 &&
           height <= 8192;
}

std::string host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') {
        return "kiosk";
    }
    return std::string(name).substr(0, 64);
}

int enroll(const KioskConfig& config, const std::string& backend, const std::string& code) {
    BackendClient client(backend, "");
    auto enrolled = client.enroll(code, host_name());
    if (!enrolled.ok()) {
        return fail("enrollment refused: " + enrolled.error().message);
    }
    KioskIdentity identity{backend, enrolled->kiosk_id, enrolled->token, enrolled->village_code,
                           enrolled->village_name};
    auto saved = save_identity(config.data_dir, identity);
    if (!saved.ok()) {
        return fail(saved.error().message);
    }
    std::printf("enrolled as kiosk %s for %s (%s)\n", enrolled->kiosk_id.c_str(), enrolled->village_name.c_str(),
                enrolled->village_code.c_str());
    return 0;
}

int screenshot(const KioskConfig& config, DisplayOptions display, const std::string& path) {
    display.mode = DisplayMode::Headless;
    AppRunner app(config, display, ClockMode::Manual);
    auto started = app.start();
    if (!started.ok()) {
        return fail(started.error().message);
    }
    app.sync_now();  // show the real connectivity, as the running kiosk would
    auto saved = app.display().save_png(path);
    if (!saved.ok()) {
        return fail(saved.error().message);
    }
    return 0;
}

int scenario(const KioskConfig& config, DisplayOptions display, const std::string& script,
             const std::string& screenshots) {
    auto text = platform::read_file(script);
    if (!text.ok()) {
        return fail(text.error().message);
    }
    auto steps = parse_scenario(*text);
    if (!steps.ok()) {
        std::fprintf(stderr, "xiangke-kiosk: %s:%s\n", script.c_str(), steps.error().message.c_str());
        return kExitUsage;
    }
    display.mode = DisplayMode::Headless;
    AppRunner app(config, display, ClockMode::Manual);
    auto started = app.start();
    if (!started.ok()) {
        return fail(started.error().message);
    }
    auto result = run_scenario(app, *steps, {script, screenshots});
    if (!result.ok()) {
        return fail(result.error().message);
    }
    std::printf("scenario %s: %zu steps passed\n", script.c_str(), steps->size());
    return 0;
}

std::string backend_url_of(const KioskConfig& config, const KioskIdentity& identity) {
    return config.backend_url.empty() ? identity.backend_url : config.backend_url;
}

// What the sync and bundle commands work on: the enrolled identity and the kiosk's database,
// opened as the content store and the outbox; the kiosk log is opened too.
struct LocalStores {
    KioskIdentity identity;
    std::unique_ptr<ContentService> content;
    std::unique_ptr<OutboxStore> outbox;
};

core::Result<LocalStores> open_local_stores(const KioskConfig& config) {
    auto identity = load_identity(config.data_dir);
    if (!identity) {
        return core::Error{"not_enrolled",
                           "this kiosk is not enrolled (xiangke-kiosk enroll --backend URL --code CODE)", ""};
    }
    auto content = ContentService::open(config.data_dir / "kiosk.db");
    if (!content.ok()) {
        return content.error();
    }
    auto outbox = OutboxStore::open(config.data_dir / "kiosk.db");
    if (!outbox.ok()) {
        return outbox.error();
    }
    kiosk_log::open(config.data_dir);
    return LocalStores{*identity, std::move(*content), std::move(*outbox)};
}

// Push the outbox, pull the change feed, then update content: exit 0 only if all completed.
int sync_once(const KioskConfig& config) {
    auto key = pinned_public_key(config.content_public_key);
    if (!key.ok()) {
        return fail(key.error().message);
    }
    auto local = open_local_stores(config);
    if (!local.ok()) {
        return fail(local.error().message);
    }
    std::string url = backend_url_of(config, local->identity);
    BackendClient client(url, local->identity.token);
    SyncEngine engine(*local->outbox, client);
    engine.report_as(XIANGKE_VERSION, local->content->active_version());
    SyncReport report = engine.run_cycle(core::system_now_ms());
    OutboxCounts counts = local->outbox->counts();
    std::printf(
        "pushed %d ops (%d rejected), pulled %d status changes and %d notices; %lld ops waiting, %lld dead letters\n",
        report.acknowledged + report.rejected, report.rejected, report.status_changes, report.notices,
        static_cast<long long>(counts.pending), static_cast<long long>(counts.dead_letters));
    if (!report.completed()) {
        kiosk_log::write("sync_failed", report.detail);
        return fail("sync: " + report.detail);
    }
    auto result =
        update_content(*local->content, url, local->identity.token, config.data_dir, *key, core::system_now_ms());
    using Kind = ContentUpdateResult::Kind;
    switch (result.kind) {
        case Kind::UpToDate:
            std::printf("content version %lld is current\n", static_cast<long long>(result.version));
            return 0;
        case Kind::NothingPublished:
            std::printf("the backend has no content published\n");
            return 0;
        case Kind::Installed:
            std::printf("content version %lld installed (%llu bytes downloaded)\n",
                        static_cast<long long>(result.version),
                        static_cast<unsigned long long>(result.bytes_downloaded));
            return 0;
        case Kind::Unreachable:
        case Kind::Refused:
            return fail("content update: " + result.detail);
    }
    return kExitFailure;
}

int export_bundle(const KioskConfig& config, const std::string& dir) {
    auto local = open_local_stores(config);
    if (!local.ok()) {
        return fail(local.error().message);
    }
    auto exported = export_outbox_bundle(*local->outbox, local->identity, dir, core::system_now_ms());
    if (!exported.ok()) {
        return fail("bundle export: " + exported.error().message);
    }
    std::printf("%zu ops written to %s\n", exported->ops, exported->file.string().c_str());
    return 0;
}

int import_bundle(const KioskConfig& config, const std::string& file) {
    auto pinned = pinned_public_key(config.content_public_key);
    std::optional<platform::PublicKey> key;
    if (pinned.ok()) {
        key = *pinned;
    }
    auto text = platform::read_file(file);
    if (!text.ok()) {
        return fail(text.error().message);
    }
    auto local = open_local_stores(config);
    if (!local.ok()) {
        return fail(local.error().message);
    }
    auto imported = import_backend_bundle(*local->outbox, *local->content, local->identity, *text, config.data_dir, key,
                                          core::system_now_ms());
    if (!imported.ok()) {
        kiosk_log::write("bundle_refused", imported.error().code);
        return fail("bundle refused: " + imported.error().message);
    }
    std::printf("bundle imported: %d ops acknowledged, %d rejected, %d status changes, %d notices%s\n",
                imported->acknowledged, imported->rejected, imported->status_changes, imported->notices,
                imported->content_installed
                    ? (", content version " + std::to_string(*imported->content_installed) + " installed").c_str()
                    : "");
    return 0;
}

// Hidden: registers `count` requests through the real submit path and prints each code only
// after the commit that stores it, optionally running a real sync cycle after each (the kill -9
// fault test and shell-driven scenarios use it; a farmer never sees it).
int submit_drill(const KioskConfig& config, int count, const std::string& phone, bool sync_each) {
    auto local = open_local_stores(config);
    if (!local.ok()) {
        return fail(local.error().message);
    }
    BackendClient client(backend_url_of(config, local->identity), local->identity.token);
    SyncEngine engine(*local->outbox, client);
    for (int i = 0; i < count; ++i) {
        core::protocol::RequestCreate draft;
        draft.category = core::Category::PestDisease;
        draft.crop = "水稻";
        draft.symptoms = {"叶上梭形病斑"};
        draft.description = "稻叶发黄，有病斑";
        draft.farmer_name = "测试农户";
        // A fresh number per request unless one is given: the backend caps open requests per phone.
        char random_phone[16];
        std::snprintf(random_phone, sizeof random_phone, "139%08llu",
                      static_cast<unsigned long long>(platform::random_u64() % 100'000'000ULL));
        draft.farmer_phone = phone.empty() ? std::string(random_phone) : phone;
        draft.preferred_time = "上午";
        auto started = std::chrono::steady_clock::now();
        auto stored = local->outbox->submit_request(draft, local->identity.village_code, core::system_now_ms());
        if (!stored.ok()) {
            return fail("submit: " + stored.error().message);
        }
        double took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        std::printf("code %s request %s store_ms %.2f\n", stored->code.c_str(), stored->request_id.c_str(), took_ms);
        std::fflush(stdout);
        if (sync_each) {
            engine.run_cycle(core::system_now_ms());
        }
    }
    return 0;
}

int install_content(const KioskConfig& config, const std::string& pack_dir, const std::string& pubkey) {
    auto key = pinned_public_key(pubkey);
    if (!key.ok()) {
        return fail(key.error().message);
    }
    auto content = ContentService::open(config.data_dir / "kiosk.db");
    if (!content.ok()) {
        return fail(content.error().message);
    }
    auto installed =
        install_pack(**content, pack_dir, config.data_dir, *key, core::system_now_ms(), ExpiryCheck::Enforce);
    if (!installed.ok()) {
        return fail("pack refused: " + installed.error().message);
    }
    std::printf(installed->already_installed ? "content version %lld is already installed\n"
                                             : "content version %lld installed\n",
                static_cast<long long>(installed->version));
    return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
    CLI::App app{"xiangke-kiosk: the village science kiosk"};
    std::string config_path, data_dir, backend_url, size = "1280x800", screenshot_path;
    bool windowed = false;
    app.add_option("--config", config_path, "TOML configuration file");
    app.add_option("--data-dir", data_dir, "where the kiosk keeps its database and identity");
    app.add_option("--backend", backend_url, "backend URL (overrides the enrolled one)");
    app.add_flag("--windowed", windowed, "a window instead of full screen (development)");
    app.add_option("--size", size, "window size WxH");
    app.add_option("--screenshot", screenshot_path, "render the home screen headless into this PNG and exit");
    bool headless = false;
    bool exit_after_first_frame = false;
    app.add_flag("--exit-after-first-frame", exit_after_first_frame,
                 "quit as soon as the first frame is shown (start-up benchmarks)");
    std::string script_path, screenshots_dir;
    app.add_flag("--headless", headless, "no display (dummy video driver, software renderer)");
    app.add_option("--script", script_path, "run a UI scenario (with --headless) and exit");
    app.add_option("--screenshots", screenshots_dir, "where scenario `screenshot NAME` steps write NAME.png");

    auto* enroll_cmd = app.add_subcommand("enroll", "enroll this kiosk with a code from the administrator");
    std::string enroll_backend, enroll_code;
    enroll_cmd->add_option("--backend", enroll_backend, "backend URL")->required();
    enroll_cmd->add_option("--code", enroll_code, "enrollment code")->required();
    enroll_cmd->add_option("--data-dir", data_dir);

    auto* sync_cmd = app.add_subcommand("sync", "one sync cycle with the backend");
    bool once = false;
    sync_cmd->add_flag("--once", once, "run one cycle and exit (0 if it completed)")->required();
    sync_cmd->add_option("--data-dir", data_dir);

    auto* bundle_cmd = app.add_subcommand("bundle", "sync by USB drive, for villages without a network");
    bundle_cmd->require_subcommand(1);
    auto* bundle_export_cmd = bundle_cmd->add_subcommand("export", "write the outbox to a USB drive");
    std::string bundle_dir, bundle_file;
    bundle_export_cmd->add_option("--to", bundle_dir, "the drive's directory")->required();
    bundle_export_cmd->add_option("--data-dir", data_dir);
    auto* bundle_import_cmd =
        bundle_cmd->add_subcommand("import", "read a bundle from `xiangke-backend bundle export`");
    bundle_import_cmd->add_option("FILE", bundle_file, "the bundle file")->required();
    bundle_import_cmd->add_option("--data-dir", data_dir);

    auto* drill_cmd = app.add_subcommand("submit-drill", "")->group("");  // hidden: tests only
    int drill_count = 1;
    std::string drill_phone;
    bool drill_sync = false;
    drill_cmd->add_option("--count", drill_count)->check(CLI::Range(1, 100000));
    drill_cmd->add_option("--phone", drill_phone);
    drill_cmd->add_flag("--sync", drill_sync);
    drill_cmd->add_option("--data-dir", data_dir);

    auto* content_cmd = app.add_subcommand("content", "content packs");
    content_cmd->require_subcommand(1);
    auto* install_cmd = content_cmd->add_subcommand("install", "install a signed pack (e.g. from a USB drive)");
    std::string pack_dir, pubkey;
    install_cmd->add_option("PACKDIR", pack_dir, "the pack directory")->required();
    install_cmd->add_option("--pubkey", pubkey, "public key (hex or file); default: the pinned key");
    install_cmd->add_option("--data-dir", data_dir);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "xiangke-kiosk: %s\n", e.what());
        return kExitUsage;
    }

    DisplayOptions display;
    if (!parse_size(size, display.width, display.height)) {
        std::fprintf(stderr, "xiangke-kiosk: --size must be WxH, e.g. 1280x800\n");
        return kExitUsage;
    }
    display.mode = windowed ? DisplayMode::Windowed : DisplayMode::Fullscreen;

    auto config = load_kiosk_config(config_path, data_dir);
    if (!config.ok()) {
        return fail(config.error().message);
    }
    if (!backend_url.empty()) {
        config->backend_url = backend_url;
    }

    if (enroll_cmd->parsed()) {
        return enroll(*config, enroll_backend, enroll_code);
    }
    if (sync_cmd->parsed()) {
        return sync_once(*config);
    }
    if (bundle_export_cmd->parsed()) {
        return export_bundle(*config, bundle_dir);
    }
    if (bundle_import_cmd->parsed()) {
        return import_bundle(*config, bundle_file);
    }
    if (drill_cmd->parsed()) {
        return submit_drill(*config, drill_count, drill_phone, drill_sync);
    }
    if (install_cmd->parsed()) {
        return install_content(*config, pack_dir, pubkey.empty() ? config->content_public_key : pubkey);
    }
    if (!screenshot_path.empty()) {
        return screenshot(*config, display, screenshot_path);
    }
    if (!script_path.empty()) {
        return scenario(*config, display, script_path, screenshots_dir);
    }
    if (headless) {
        std::fprintf(stderr, "xiangke-kiosk: --headless needs --script FILE\n");
        return kExitUsage;
    }
    AppRunner runner(*config, display, ClockMode::Real);
    auto started = runner.start();
    if (!started.ok()) {
        return fail(started.error().message);
    }
    return runner.run_interactive(exit_after_first_frame);
}

}  // namespace xiangke::kiosk
