#include "input/pinyin.h"

#include <fcntl.h>
#include <rime_api.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <system_error>

#include "input/gb2312.h"
#include "xiangke/platform/files.h"
#include "xiangke/platform/signing.h"

namespace xiangke::kiosk::input {
namespace fs = std::filesystem;
namespace {

// glog keeps this pointer for the life of the process, so it must be a literal. The "rime."
// prefix lets rime clean up its own old log files.
constexpr const char* kRimeAppName = "rime.xiangke";
// Only errors reach stderr (the kiosk's journal); rime's warnings about absent optional files are
// noise on every start.
constexpr int kRimeLogLevelError = 2;
constexpr int kXkBackSpace = 0xff08;  // X11 keysym, what rime expects
constexpr int kMaxPageSize = 20;
// Candidates hidden by the GB2312 filter are skipped while filling a page; past this many in a
// row the list is taken as exhausted, so a pathological input cannot stall the worker.
constexpr int kMaxSkippedInARow = 300;

// Files the deployment needs from Debian packages. Checked first because rime itself does not
// fail without them: it deploys anyway and ranks rare characters first (no essay) or ignores
// default.custom.yaml (no default.yaml).
struct RequiredFile {
    const char* name;
    const char* package;
};
constexpr RequiredFile kRequiredSharedFiles[] = {
    {"luna_pinyin_simp.schema.yaml", "rime-data-luna-pinyin"},
    {"luna_pinyin.dict.yaml", "rime-data-luna-pinyin"},
    {"build/luna_pinyin.table.bin", "rime-data-luna-pinyin"},
    {"default.yaml", "rime-prelude"},
    {"essay.txt", "rime-essay"},
};
// The literal paths as installed, so the build's dependency check sees which packages the kiosk
// reads at run time: /usr/share/rime-data/essay.txt, /usr/share/rime-data/default.yaml,
// /usr/share/rime-data/luna_pinyin_simp.schema.yaml.

// Only the one schema the kiosk uses is deployed: with rime-prelude's default list it takes seconds
// and hundreds of megabytes.
constexpr const char* kDefaultCustomYaml =
    "# Written by xiangke-kiosk (kiosk/src/input/pinyin.cpp); rewritten on every start.\n"
    "patch:\n"
    "  schema_list:\n"
    "    - schema: luna_pinyin_simp\n"
    "  menu/page_size: 10\n";

// No user dictionary: on a public kiosk nothing typed may be remembered or suggested to the next
// villager, and there is no LevelDB to be damaged by a power cut. The stroke reverse lookup (typed
// after a backtick, which the keyboard does not have) is dropped: deployment takes 0.13 s instead
// of 0.4 s and 6 MB less disk.
constexpr const char* kSchemaCustomYaml =
    "# Written by xiangke-kiosk (kiosk/src/input/pinyin.cpp); rewritten on every start.\n"
    "patch:\n"
    "  translator/enable_user_dict: false\n"
    "  schema/dependencies: []\n"
    "  engine/translators:\n"
    "    - punct_translator\n"
    "    - script_translator\n"
    "  recognizer/patterns/reverse_lookup: \"\"\n";

RimeApi* rime() {
    static RimeApi* api = rime_get_api();
    return api;
}

// Rime's deployer reports through one process-wide callback.
std::atomic<bool> g_deploy_failed{false};

void on_rime_notification(void*, RimeSessionId, const char* type, const char* value) {
    if (type != nullptr && value != nullptr && std::strcmp(type, "deploy") == 0 && std::strcmp(value, "failure") == 0) {
        g_deploy_failed = true;
    }
}

// Rime writes its build directory without fsync and loads the files it finds there without
// checking them: a prism file cut short by a power cut crashes the process on the first key. So
// once a deployment has been checked, its files are synced and their sizes and SHA-256 recorded
// here; before rime is started, a build directory that does not match is thrown away and deployed
// again. The manifest lives inside build/ because rime redeploys when the user data dir itself
// changes.
constexpr const char* kManifestName = "xiangke-deployment.txt";

fs::path build_dir(const fs::path& user_dir) {
    return user_dir / "build";
}

core::Result<std::string> describe_build(const fs::path& user_dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(build_dir(user_dir), ec)) {
        if (entry.is_regular_file() && entry.path().filename() != kManifestName) {
            files.push_back(entry.path());
        }
    }
    if (ec) {
        return core::Error{"pinyin_user_dir", "cannot list " + build_dir(user_dir).string() + ": " + ec.message(), ""};
    }
    std::sort(files.begin(), files.end());
    std::string manifest;
    for (const auto& file : files) {
        auto hash = platform::sha256_file(file);
        if (!hash.ok()) {
            return hash.error();
        }
        manifest +=
            hash.value() + " " + std::to_string(fs::file_size(file, ec)) + " " + file.filename().string() + "\n";
    }
    return manifest;
}

enum class BuildCheck { Absent, Intact, Damaged };

BuildCheck check_build(const fs::path& user_dir) {
    std::error_code ec;
    if (!fs::exists(build_dir(user_dir), ec)) {
        return BuildCheck::Absent;
    }
    auto recorded = platform::read_file(build_dir(user_dir) / kManifestName);
    auto actual = describe_build(user_dir);
    if (!recorded.ok() || !actual.ok() || recorded.value() != actual.value()) {
        return BuildCheck::Damaged;
    }
    return BuildCheck::Intact;
}

void wipe_build(const fs::path& user_dir) {
    std::error_code ec;
    fs::remove_all(build_dir(user_dir), ec);
    // user.yaml holds rime's last build time: without it, rime cannot take the empty build for
    // an up-to-date one.
    fs::remove(user_dir / "user.yaml", ec);
}

void fsync_path(const fs::path& path, int flags) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

core::Result<bool> seal_build(const fs::path& user_dir) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(build_dir(user_dir), ec)) {
        if (entry.is_regular_file()) {
            fsync_path(entry.path(), O_RDONLY);
        }
    }
    fsync_path(build_dir(user_dir), O_RDONLY | O_DIRECTORY);
    auto manifest = describe_build(user_dir);
    if (!manifest.ok()) {
        return manifest.error();
    }
    return platform::write_file_atomic(build_dir(user_dir) / kManifestName, manifest.value());
}

std::mutex g_lease_mutex;
bool g_lease_taken = false;  // guarded by g_lease_mutex
std::once_flag g_setup_once;

enum class MaintenanceMode { IfChanged, Full };

// The right to use rime's process-wide engine, for one user data dir: RimeInitialize on start(),
// RimeFinalize on destruction. Only one lease exists at a time.
class RimeLease {
public:
    static core::Result<std::unique_ptr<RimeLease>> acquire(const PinyinConfig& config) {
        {
            std::lock_guard lock(g_lease_mutex);
            if (g_lease_taken) {
                return core::Error{"pinyin_busy", "a pinyin engine is already open in this process", ""};
            }
            g_lease_taken = true;
        }
        return std::unique_ptr<RimeLease>(new RimeLease(config));
    }

    ~RimeLease() {
        finalize();
        std::lock_guard lock(g_lease_mutex);
        g_lease_taken = false;
    }
    RimeLease(const RimeLease&) = delete;
    RimeLease& operator=(const RimeLease&) = delete;

    // Starts rime on the lease's directories.
    void start() { initialize(); }

    // Runs rime's maintenance (deployment) and waits for it.
    core::Result<DeployOutcome> maintain(MaintenanceMode mode) {
        g_deploy_failed = false;
        // With IfChanged, rime compares the data directories' modification times with its last
        // build and returns False when nothing changed: the fast path of every later start.
        Bool started = rime()->start_maintenance(mode == MaintenanceMode::Full ? True : False);
        if (!started) {
            return DeployOutcome::AlreadyUpToDate;
        }
        rime()->join_maintenance_thread();
        if (g_deploy_failed) {
            return core::Error{"pinyin_deploy_failed",
                               "rime could not deploy " + std::string(kPinyinSchema) + " into " + m_user_dir +
                                   " (see rime's errors on stderr)",
                               ""};
        }
        return DeployOutcome::Deployed;
    }

    // Throws away the compiled data and deploys from scratch: for a build directory damaged by a
    // power cut, which rime's own change detection does not notice.
    core::Result<DeployOutcome> rebuild() {
        finalize();
        wipe_build(m_user_dir);
        initialize();
        return maintain(MaintenanceMode::Full);
    }

private:
    explicit RimeLease(const PinyinConfig& config)
        : m_shared_dir(config.shared_data_dir.string()), m_user_dir(config.user_data_dir.string()) {}

    RimeTraits traits() const {
        RIME_STRUCT(RimeTraits, traits);
        traits.shared_data_dir = m_shared_dir.c_str();
        traits.user_data_dir = m_user_dir.c_str();
        traits.distribution_name = "xiangke-kiosk";
        traits.distribution_code_name = "xiangke-kiosk";
        traits.distribution_version = "1";
        traits.app_name = kRimeAppName;
        traits.min_log_level = kRimeLogLevelError;
        traits.log_dir = "";  // empty: log to stderr, never into files on the kiosk's disk
        return traits;
    }

    void initialize() {
        RimeTraits t = traits();
        // RimeSetup initialises glog, which aborts when initialised twice: once per process. The
        // directories it records are set again by RimeInitialize below.
        std::call_once(g_setup_once, [&] { rime()->setup(&t); });
        rime()->set_notification_handler(&on_rime_notification, nullptr);
        rime()->initialize(&t);
        m_initialized = true;
    }

    void finalize() {
        if (m_initialized) {
            rime()->finalize();
            m_initialized = false;
        }
    }

    std::string m_shared_dir;
    std::string m_user_dir;
    bool m_initialized = false;
};

core::Result<bool> validate_config(const PinyinConfig& config) {
    if (config.user_data_dir.empty()) {
        return core::field_error("user_data_dir", "a user data directory for rime is required", "invalid_config");
    }
    if (config.page_size < 1 || config.page_size > kMaxPageSize) {
        return core::field_error("page_size", "the page size must be between 1 and 20", "invalid_config");
    }
    for (const auto& file : kRequiredSharedFiles) {
        fs::path path = config.shared_data_dir / file.name;
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            return core::Error{"pinyin_data_missing",
                               "pinyin data not found: " + path.string() + " (install " + file.package + ")", ""};
        }
    }
    return true;
}

// Writes a file only when its content differs: rewriting would change the directory's time and
// make rime redeploy on every start.
core::Result<bool> write_if_changed(const fs::path& path, const std::string& content) {
    auto existing = platform::read_file(path);
    if (existing.ok() && existing.value() == content) {
        return true;
    }
    auto written = platform::write_file_atomic(path, content);
    if (!written.ok()) {
        return core::Error{"pinyin_user_dir", "cannot write " + path.string() + ": " + written.error().message, ""};
    }
    return true;
}

core::Result<bool> prepare_user_dir(const PinyinConfig& config) {
    std::error_code ec;
    fs::create_directories(config.user_data_dir, ec);
    if (ec) {
        return core::Error{"pinyin_user_dir", "cannot create " + config.user_data_dir.string() + ": " + ec.message(),
                           ""};
    }
    auto written = write_if_changed(config.user_data_dir / "default.custom.yaml", kDefaultCustomYaml);
    if (!written.ok()) {
        return written;
    }
    return write_if_changed(config.user_data_dir / (std::string(kPinyinSchema) + ".custom.yaml"), kSchemaCustomYaml);
}

// A session on the kiosk's schema, or 0 when rime cannot load it or it yields no candidates (a
// damaged or incomplete deployment). The probe key also pages in the dictionary, so the first key
// a villager types is as fast as the rest.
RimeSessionId open_checked_session() {
    RimeSessionId session = rime()->create_session();
    if (session == 0) {
        return 0;
    }
    char current[64] = {0};
    bool ok = rime()->select_schema(session, kPinyinSchema) &&
              rime()->get_current_schema(session, current, sizeof current) && std::strcmp(current, kPinyinSchema) == 0;
    if (ok) {
        rime()->set_option(session, "ascii_mode", False);
        rime()->set_option(session, "zh_simp", True);
        rime()->process_key(session, 'n', 0);
        RimeCandidateListIterator iterator = {};
        ok = rime()->candidate_list_begin(session, &iterator) && rime()->candidate_list_next(&iterator);
        rime()->candidate_list_end(&iterator);
        rime()->clear_composition(session);
    }
    if (!ok) {
        rime()->destroy_session(session);
        return 0;
    }
    return session;
}

struct Deployed {
    std::unique_ptr<RimeLease> lease;
    RimeSessionId session = 0;
    DeployOutcome outcome = DeployOutcome::AlreadyUpToDate;
};

core::Result<Deployed> deploy_and_open_session(const PinyinConfig& config) {
    auto valid = validate_config(config);
    if (!valid.ok()) {
        return valid.error();
    }
    auto prepared = prepare_user_dir(config);
    if (!prepared.ok()) {
        return prepared.error();
    }
    // Taken before the build is checked, so that no other engine is using the files.
    auto lease = RimeLease::acquire(config);
    if (!lease.ok()) {
        return lease.error();
    }
    Deployed deployed;
    deployed.lease = std::move(lease).value();
    BuildCheck build = check_build(config.user_data_dir);
    if (build == BuildCheck::Damaged) {
        wipe_build(config.user_data_dir);
    }
    deployed.lease->start();
    auto outcome =
        deployed.lease->maintain(build == BuildCheck::Intact ? MaintenanceMode::IfChanged : MaintenanceMode::Full);
    if (outcome.ok()) {
        deployed.outcome = outcome.value();
        deployed.session = open_checked_session();
    }
    if (deployed.session == 0) {
        outcome = deployed.lease->rebuild();
        if (!outcome.ok()) {
            return outcome.error();
        }
        deployed.outcome = outcome.value();
        deployed.session = open_checked_session();
    }
    if (deployed.session == 0) {
        return core::Error{"pinyin_deploy_failed",
                           std::string("rime deployed but the schema ") + kPinyinSchema + " gives no candidates in " +
                               config.user_data_dir.string(),
                           ""};
    }
    if (deployed.outcome == DeployOutcome::Deployed || build != BuildCheck::Intact) {
        auto sealed = seal_build(config.user_data_dir);
        if (!sealed.ok()) {
            return core::Error{"pinyin_user_dir", "cannot record the deployment: " + sealed.error().message, ""};
        }
    }
    return deployed;
}

std::string copy_or_empty(const char* text) {
    return text != nullptr ? std::string(text) : std::string();
}

}  // namespace

fs::path default_pinyin_user_dir(const fs::path& kiosk_data_dir) {
    return kiosk_data_dir / "rime";
}

core::Result<DeployReport> deploy_pinyin_data(const PinyinConfig& config) {
    auto start = std::chrono::steady_clock::now();
    auto deployed = deploy_and_open_session(config);
    if (!deployed.ok()) {
        return deployed.error();
    }
    rime()->destroy_session(deployed->session);
    DeployReport report;
    report.outcome = deployed->outcome;
    deployed->lease.reset();
    report.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return report;
}

struct PinyinEngine::Impl {
    PinyinConfig config;
    const Gb2312Set* gb2312 = nullptr;  // set when config.filter is Gb2312
    std::unique_ptr<RimeLease> lease;
    RimeSessionId session = 0;

    mutable std::mutex mutex;
    PinyinState state;
    // Rime's absolute candidate index where each page seen so far starts (filtered pages do not
    // line up with rime's own), and the rime index of every candidate on the current page.
    std::vector<int> page_starts{0};
    std::vector<int> page_rime_indices;
    uint64_t revision = 0;

    ~Impl() {
        if (session != 0) {
            rime()->destroy_session(session);
        }
    }

    bool shown(const char* text) const {
        if (text == nullptr || *text == '\0') {
            return false;
        }
        return gb2312 == nullptr || gb2312->contains_all(text);
    }

    // Reads the composition and fills state.page from rime's candidate list.
    void refresh(int page) {
        state.input = copy_or_empty(rime()->get_input(session));
        RIME_STRUCT(RimeContext, context);
        state.composition.clear();
        if (rime()->get_context(session, &context)) {
            state.composition = copy_or_empty(context.composition.preedit);
            rime()->free_context(&context);
        }
        state.candidates.clear();
        page_rime_indices.clear();
        state.has_next_page = false;
        if (page == 0) {
            page_starts.assign(1, 0);
        }
        state.page = page;
        state.has_previous_page = page > 0;
        if (state.input.empty()) {
            return;
        }
        RimeCandidateListIterator iterator = {};
        if (!rime()->candidate_list_from_index(session, &iterator, page_starts[static_cast<size_t>(page)])) {
            return;
        }
        int skipped = 0;
        while (rime()->candidate_list_next(&iterator)) {
            if (!shown(iterator.candidate.text)) {
                if (++skipped > kMaxSkippedInARow) {
                    break;
                }
                continue;
            }
            skipped = 0;
            if (static_cast<int>(state.candidates.size()) == config.page_size) {
                // One more shown candidate exists: it starts the next page.
                state.has_next_page = true;
                if (page_starts.size() == static_cast<size_t>(page) + 1) {
                    page_starts.push_back(iterator.index);
                }
                break;
            }
            state.candidates.emplace_back(iterator.candidate.text);
            page_rime_indices.push_back(iterator.index);
        }
        rime()->candidate_list_end(&iterator);
    }

    std::string take_commit() {
        RIME_STRUCT(RimeCommit, commit);
        std::string text;
        if (rime()->get_commit(session, &commit)) {
            text = copy_or_empty(commit.text);
            rime()->free_commit(&commit);
        }
        return text;
    }

    core::Result<PinyinState> apply(const PinyinKey& key) {
        state.committed.clear();
        state.outcome = KeyOutcome::Consumed;
        int page = 0;  // every edit starts again at the first page
        switch (key.kind) {
            case PinyinKeyKind::Letter: {
                char c = key.letter;
                if (c >= 'A' && c <= 'Z') {
                    c = static_cast<char>(c - 'A' + 'a');
                }
                if (c < 'a' || c > 'z') {
                    return core::field_error("letter", "pinyin keys are the letters a to z", "invalid_key");
                }
                rime()->process_key(session, c, 0);
                break;
            }
            case PinyinKeyKind::Backspace:
                if (state.input.empty()) {
                    state.outcome = KeyOutcome::NotComposing;
                    break;
                }
                rime()->process_key(session, kXkBackSpace, 0);
                break;
            case PinyinKeyKind::Space:
                if (state.input.empty()) {
                    state.outcome = KeyOutcome::NotComposing;
                    break;
                }
                // Not rime's own space: it would take rime's first candidate, which the filter may
                // have hidden. The first candidate shown is the one a villager expects.
                if (!page_rime_indices.empty()) {
                    rime()->select_candidate(session, static_cast<size_t>(page_rime_indices.front()));
                }
                break;
            case PinyinKeyKind::Select:
                if (key.index < 0 || key.index >= static_cast<int>(page_rime_indices.size())) {
                    return core::field_error("index", "no candidate " + std::to_string(key.index) + " on this page",
                                             "invalid_key");
                }
                rime()->select_candidate(session,
                                         static_cast<size_t>(page_rime_indices[static_cast<size_t>(key.index)]));
                break;
            case PinyinKeyKind::NextPage:
                page = state.has_next_page ? state.page + 1 : state.page;
                break;
            case PinyinKeyKind::PreviousPage:
                page = state.page > 0 ? state.page - 1 : 0;
                break;
            case PinyinKeyKind::Clear:
                rime()->clear_composition(session);
                break;
        }
        std::string committed = take_commit();
        refresh(page);
        state.committed = std::move(committed);
        state.revision = ++revision;
        return state;
    }
};

PinyinEngine::PinyinEngine(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

PinyinEngine::~PinyinEngine() = default;

core::Result<std::unique_ptr<PinyinEngine>> PinyinEngine::open(const PinyinConfig& config) {
    auto impl = std::make_unique<Impl>();
    impl->config = config;
    if (config.filter == CandidateFilter::Gb2312) {
        auto set = gb2312_set();
        if (!set.ok()) {
            return set.error();
        }
        impl->gb2312 = set.value();
    }
    auto deployed = deploy_and_open_session(config);
    if (!deployed.ok()) {
        return deployed.error();
    }
    // The session must be destroyed before the lease finalises rime: members of Impl are
    // destroyed in reverse order, and ~Impl destroys the session first of all.
    impl->lease = std::move(deployed->lease);
    impl->session = deployed->session;
    return std::unique_ptr<PinyinEngine>(new PinyinEngine(std::move(impl)));
}

core::Result<PinyinState> PinyinEngine::apply(const PinyinKey& key) {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->apply(key);
}

PinyinState PinyinEngine::state() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->state;
}

PinyinState PinyinEngine::reset() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->apply(PinyinKey::of(PinyinKeyKind::Clear)).value();
}

const PinyinConfig& PinyinEngine::config() const {
    return m_impl->config;
}

}  // namespace xiangke::kiosk::input
