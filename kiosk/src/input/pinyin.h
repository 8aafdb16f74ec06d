#pragma once
// Pinyin input (拼音输入) for the on-screen keyboard: librime 1.8 with the schema luna_pinyin_simp
// (朙月拼音·简化字). The keyboard sends one key at a time; every call returns a complete snapshot
// (PinyinState: the typed pinyin, the candidate page, committed text) that the UI stores in its
// state and draws from, so the UI never reads the engine.
//
// Rime keeps its compiled data in a user data directory that this module chooses (a folder under
// the kiosk's data dir, see default_pinyin_user_dir) and reads /usr/share/rime-data. The first
// deployment there takes about 0.5 s; later opens check it in a few milliseconds. Deploy at install
// time with deploy_pinyin_data(), or let PinyinEngine::open() do it lazily on a worker thread.
//
// Privacy: the schema is deployed with rime's user dictionary turned off, so nothing a villager
// types is learned, stored on disk, or offered to the next person.
//
// Threads: rime is one engine per process, so at most one PinyinEngine may be open at a time, and
// deploy_pinyin_data() cannot run while one is. open() and deploy_pinyin_data() do file I/O and
// may take 0.5 s: call them on a worker thread. apply() takes well under a millisecond once open,
// but the engine reads memory-mapped dictionaries: call it on that same worker and post the
// snapshot back as an action. Every member function is serialised inside and may be called from
// any thread; the destructor must not race with other calls.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::kiosk::input {

inline constexpr const char* kRimeSharedDataDir = "/usr/share/rime-data";
inline constexpr const char* kPinyinSchema = "luna_pinyin_simp";
inline constexpr int kDefaultPinyinPageSize = 10;

// Candidates to show. Gb2312 hides words with any character outside GB2312 (rare and
// traditional characters such as 𫄣 or 鐞 that the font atlas does not have).
enum class CandidateFilter { Gb2312, None };

struct PinyinConfig {
    std::filesystem::path user_data_dir;  // created if missing; rime writes only here
    std::filesystem::path shared_data_dir = kRimeSharedDataDir;
    int page_size = kDefaultPinyinPageSize;  // 1..20
    CandidateFilter filter = CandidateFilter::Gb2312;
};

// <kiosk data dir>/rime: where the kiosk keeps rime's user data.
std::filesystem::path default_pinyin_user_dir(const std::filesystem::path& kiosk_data_dir);

enum class DeployOutcome {
    Deployed,         // rime compiled the schema into the user data dir
    AlreadyUpToDate,  // nothing had changed since the last deployment
};

struct DeployReport {
    DeployOutcome outcome = DeployOutcome::AlreadyUpToDate;
    double milliseconds = 0.0;
};

// Deploys rime's data into config.user_data_dir and checks that the schema produces candidates.
// For the installer (blocks about 0.5 s the first time) and for tests. Errors:
// "pinyin_data_missing" (a Debian package is missing; the message names it), "pinyin_user_dir"
// (the directory cannot be created or written), "pinyin_deploy_failed", "pinyin_busy" (an engine
// is open in this process), "invalid_config".
core::Result<DeployReport> deploy_pinyin_data(const PinyinConfig& config);

enum class PinyinKeyKind {
    Letter,     // a-z (A-Z is taken as lower case)
    Backspace,  // deletes the last letter, or undoes the last partial selection
    Space,      // selects the first candidate on the current page
    Select,     // selects candidate `index` on the current page (0-based)
    NextPage,
    PreviousPage,
    Clear,  // drops the composition without committing anything
};

struct PinyinKey {
    PinyinKeyKind kind = PinyinKeyKind::Letter;
    char letter = 0;  // Letter only
    int index = 0;    // Select only

    static PinyinKey letter_key(char c) { return PinyinKey{PinyinKeyKind::Letter, c, 0}; }
    static PinyinKey select(int index_on_page) { return PinyinKey{PinyinKeyKind::Select, 0, index_on_page}; }
    static PinyinKey of(PinyinKeyKind kind) { return PinyinKey{kind, 0, 0}; }
};

enum class KeyOutcome {
    Consumed,      // the engine used the key; draw the new snapshot
    NotComposing,  // Backspace or Space with nothing typed: the keyboard edits its text field itself
};

// Everything the keyboard draws, as plain values.
struct PinyinState {
    std::string input;                    // the letters typed, e.g. "nongye"
    std::string composition;              // rime's preedit, e.g. "nong ye", or "稻wen bing" after selecting 稻
    std::vector<std::string> candidates;  // the current page, best first
    int page = 0;
    bool has_previous_page = false;
    bool has_next_page = false;
    std::string committed;  // text this key committed (append it to the field); usually empty
    KeyOutcome outcome = KeyOutcome::Consumed;
    uint64_t revision = 0;  // grows with every call: a UI may drop a snapshot older than its last

    bool composing() const { return !input.empty(); }
};

class PinyinEngine {
public:
    // Deploys if needed (see deploy_pinyin_data for the errors), starts a session and checks that
    // it produces candidates. A deployment damaged by a power cut is rebuilt once before giving up.
    static core::Result<std::unique_ptr<PinyinEngine>> open(const PinyinConfig& config);

    ~PinyinEngine();
    PinyinEngine(const PinyinEngine&) = delete;
    PinyinEngine& operator=(const PinyinEngine&) = delete;

    // Applies one key and returns the new snapshot. Errors: "invalid_key" (not a letter, or a
    // Select index outside the current page); the state is unchanged then.
    core::Result<PinyinState> apply(const PinyinKey& key);

    // The last snapshot, without touching rime.
    PinyinState state() const;

    // Drops the composition (the wizard's idle timeout wipes half-typed text this way).
    PinyinState reset();

    const PinyinConfig& config() const;

private:
    struct Impl;
    explicit PinyinEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace xiangke::kiosk::input
