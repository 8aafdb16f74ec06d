#pragma once
// Every user-facing string of the kiosk, in one catalogue (Simplified Chinese). The font atlas
// is built from these plus the installed content, so a string that is not here may render as
// missing glyphs: add it here.
#include <string_view>
#include <vector>

namespace xiangke::kiosk::ui {

enum class Str {
    AppTitle,
    TileLearn,
    TileLearnHint,
    TileHelp,
    TileHelpHint,
    TileProgress,
    TileProgressHint,
    TileRating,
    TileRatingHint,
    Online,
    Offline,
    Checking,
    NotEnrolled,
    LastSync,
    NeverSynced,
    Back,
    Home,
    LargeText,
    NormalText,
    ComingSoon,
    ComingSoonBody,
    NoticesTitle,
    Topics,
    Search,
    SearchPlaceholder,
    SearchNoResults,
    ReadAloud,
    StopReading,
    ArticlesIn,
    NoArticles,
    PendingReview,
    Loading,
    Clear,
    Featured,
    ImagePrefix,
    Maintenance,
    EnterPin,
    Delete,
    Confirm,
    KioskId,
    Village,
    BackendUrl,
    AppVersion,
    ContentVersion,
    OutboxSize,
    DeadLetters,
    RecentLog,
    SyncNow,
    ExportLogs,
    LogsExported,
    NoUsbDrive,
    SyncDone,
    SyncFailed,
    WrongPin,
    Count_  // keep last
};

std::string_view text(Str id);
// Every catalogue string, for the glyph set and the no-missing-glyph test.
std::string_view text_at(int index);
inline constexpr int kStringCount = static_cast<int>(Str::Count_);

// One-tap search words offered on the search screen.
const std::vector<std::string_view>& search_suggestions();

}  // namespace xiangke::kiosk::ui
