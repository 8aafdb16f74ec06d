#include "app/reducer.h"

#include <gtest/gtest.h>

using namespace xiangke::kiosk;

namespace {

std::shared_ptr<const ContentLibrary> sample_library() {
    std::vector<Topic> topics = {{"rice", "水稻病虫害", "rice"}};
    std::vector<Article> articles = {{"rice-blast", "稻瘟病", "rice", {}, {}, "要点", false, "正文", ""}};
    return std::make_shared<const ContentLibrary>(1, topics, articles);
}

}  // namespace

TEST(Reducer, NavigationKeepsHistoryAndBackReturns) {
    AppState s;
    reduce(s, action::Navigate{Screen::Topics, ""});
    reduce(s, action::OpenTopic{"rice"});
    reduce(s, action::OpenArticle{"rice-blast"});
    EXPECT_EQ(s.screen, Screen::Article);
    reduce(s, action::Back{});
    EXPECT_EQ(s.screen, Screen::ArticleList);
    reduce(s, action::Back{});
    EXPECT_EQ(s.screen, Screen::Topics);
    reduce(s, action::GoHome{});
    EXPECT_EQ(s.screen, Screen::Home);
    EXPECT_TRUE(s.history.empty());
}

TEST(Reducer, IdleTimeoutReturnsHomeAndClearsEverything) {
    AppState s;
    s.idle_timeout_ms = 60'000;
    reduce(s, action::UserActivity{1'000});
    reduce(s, action::Navigate{Screen::Search, ""});
    reduce(s, action::InputText{"稻瘟"});
    reduce(s, action::ToggleLargeText{});
    reduce(s, action::Tick{60'999});
    EXPECT_EQ(s.screen, Screen::Search);  // not yet
    auto effects = reduce(s, action::Tick{61'000});
    EXPECT_EQ(s.screen, Screen::Home);
    EXPECT_TRUE(s.search.query.empty());
    EXPECT_FALSE(s.large_text);
    ASSERT_EQ(effects.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<effect::StopSpeech>(effects[0]));
}

TEST(Reducer, TypingSearchesAndStaleResultsAreIgnored) {
    AppState s;
    reduce(s, action::Navigate{Screen::Search, ""});
    auto effects = reduce(s, action::InputText{"防"});
    ASSERT_EQ(effects.size(), 1u);
    EXPECT_EQ(std::get<effect::RunSearch>(effects[0]).query, "防");
    reduce(s, action::InputText{"治"});
    EXPECT_EQ(s.search.query, "防治");
    reduce(s, action::SearchFinished{"防", {SearchHit{"a", "A", "x", 0, 1}}});
    EXPECT_TRUE(s.search.hits.empty());  // answer to an old query
    reduce(s, action::SearchFinished{"防治", {SearchHit{"a", "A", "x", 0, 1}}});
    EXPECT_EQ(s.search.hits.size(), 1u);
    reduce(s, action::InputBackspace{});
    EXPECT_EQ(s.search.query, "防");  // a whole character removed, not one byte
    reduce(s, action::InputClear{});
    EXPECT_TRUE(s.search.query.empty());
}

TEST(Reducer, OverlongQueryKeepsWhatWasTyped) {
    AppState s;
    reduce(s, action::Navigate{Screen::Search, ""});
    reduce(s, action::InputText{"稻瘟病"});
    reduce(s, action::InputText{std::string(200, 'a')});
    EXPECT_EQ(s.search.query, "稻瘟病");
}

TEST(Reducer, TypingOutsideATextFieldDoesNothing) {
    AppState s;
    EXPECT_TRUE(reduce(s, action::InputText{"x"}).empty());
    EXPECT_TRUE(s.search.query.empty());
}

TEST(Reducer, AttractLoopRotatesOnlyOnHome) {
    AppState s;
    s.library = sample_library();
    s.attract_interval_ms = 10'000;
    EXPECT_TRUE(wants_attract_frames(s));
    reduce(s, action::Tick{25'000});
    EXPECT_EQ(s.attract_index, 2u);
    s.attract_enabled = false;
    EXPECT_FALSE(wants_attract_frames(s));
}

TEST(Reducer, LibraryUpdateRemovingTheOpenArticleGoesHome) {
    AppState s;
    s.library = sample_library();
    reduce(s, action::OpenArticle{"rice-blast"});
    reduce(s, action::LibraryLoaded{std::make_shared<const ContentLibrary>()});
    EXPECT_EQ(s.screen, Screen::Home);
}

TEST(Reducer, FiveQuickSecretTapsThenTheRightPinOpenMaintenance) {
    AppState s;
    s.maintainer_pin = "2580";
    for (int i = 0; i < 4; ++i) {
        reduce(s, action::SecretTap{1'000 + i * 500});
    }
    EXPECT_EQ(s.screen, Screen::Home);
    reduce(s, action::SecretTap{3'000});
    EXPECT_EQ(s.screen, Screen::MaintainerPin);
    for (char c : std::string("2580")) {
        reduce(s, action::PinDigit{c});
    }
    auto effects = reduce(s, action::PinSubmit{});
    EXPECT_EQ(s.screen, Screen::Maintainer);
    ASSERT_EQ(effects.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<effect::LoadMaintenance>(effects[0]));
    reduce(s, action::Back{});
    EXPECT_EQ(s.screen, Screen::Home);  // the PIN screen is not on the way back
}

TEST(Reducer, SlowSecretTapsDoNothingAndWrongPinsLockOut) {
    AppState s;
    s.maintainer_pin = "2580";
    for (int i = 0; i < 5; ++i) {
        reduce(s, action::SecretTap{i * 1'500});  // spread over 6 s
    }
    EXPECT_EQ(s.screen, Screen::Home);
    for (int i = 0; i < 5; ++i) {
        reduce(s, action::SecretTap{20'000 + i * 100});
    }
    ASSERT_EQ(s.screen, Screen::MaintainerPin);
    for (int attempt = 0; attempt < 2; ++attempt) {
        reduce(s, action::PinDigit{'1'});
        reduce(s, action::PinSubmit{});
        EXPECT_EQ(s.screen, Screen::MaintainerPin);
        EXPECT_FALSE(s.maintainer.message.empty());
    }
    reduce(s, action::PinDigit{'1'});
    reduce(s, action::PinSubmit{});
    EXPECT_EQ(s.screen, Screen::Home);
    EXPECT_TRUE(s.maintainer.pin_entry.empty());
}

TEST(Reducer, MaintenanceActionsOnlyWorkOnTheMaintenanceScreen) {
    AppState s;
    EXPECT_TRUE(reduce(s, action::ExportLogs{}).empty());
    EXPECT_TRUE(reduce(s, action::SyncNow{}).empty());
}
