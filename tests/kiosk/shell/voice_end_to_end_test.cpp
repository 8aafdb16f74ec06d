// One voice note from the farmer's finger to the agent's phone: the real kiosk app (headless, SDL's
// disk audio driver reading the 440 Hz fixture as its microphone) records a few seconds on the
// problem step, the wizard is completed and submitted, a sync pushes it to a real backend on
// 127.0.0.1, an agent logs in and claims it through the API and fetches the note the way a phone
// browser does (Range). The fetched bytes decode to the length recorded and a 440 Hz tone, and
// after the acknowledgement the kiosk keeps neither the audio nor the full phone number.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "audio/ogg_opus_decoder.h"
#include "kiosk/support/sync_test_support.h"
#include "kiosk/support/voice_test_support.h"
#include "kiosk/support/wizard_app_fixture.h"
#include "xiangke/platform/base64.h"

using namespace xiangke;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPhone = "13812345678";

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class VoiceEndToEnd : public test::WizardApp {
protected:
    void SetUp() override {
        // Three seconds of microphone: the 1 s fixture holds exactly 440 periods, so copies join
        // without a click.
        auto tone = test::tone_fixture().samples;
        std::vector<int16_t> microphone;
        for (int i = 0; i < 3; ++i) {
            microphone.insert(microphone.end(), tone.begin(), tone.end());
        }
        test::write_raw(audio_dir.path() / "microphone.raw", microphone);
        env.emplace_back(std::make_unique<test::ScopedEnv>("SDL_AUDIODRIVER", "disk"));
        env.emplace_back(
            std::make_unique<test::ScopedEnv>("SDL_DISKAUDIOFILEIN", (audio_dir.path() / "microphone.raw").string()));
        env.emplace_back(
            std::make_unique<test::ScopedEnv>("SDL_DISKAUDIOFILE", (audio_dir.path() / "speaker.raw").string()));
        backend = std::make_unique<kiosk::testing::DemoBackend>();
        backend->enroll_kiosk(dir.path());
        WizardApp::SetUp();
    }
    void TearDown() override { app.reset(); }

    // Drags the screen up with a finger until a touch target labelled `text` is visible.
    bool scroll_to(const std::string& text) {
        for (int drag = 0; drag < 6; ++drag) {
            const kiosk::ui::DrawnItem* item = find(text, true);
            if (item != nullptr && item->touch_target && item->max.y <= 800.0f) {
                return true;
            }
            app->inject({kiosk::PointerEvent::Kind::Down, 1200, 600, app->now_ms()});
            app->frame();
            for (int i = 1; i <= 10; ++i) {
                app->advance_clock(16);
                app->inject({kiosk::PointerEvent::Kind::Move, 1200, 600 - i * 30.0f, app->now_ms()});
                app->frame();
            }
            app->advance_clock(16);
            app->inject({kiosk::PointerEvent::Kind::Up, 1200, 300, app->now_ms()});
            app->settle();
        }
        return false;
    }

    test::TempDir audio_dir;
    std::vector<std::unique_ptr<test::ScopedEnv>> env;
    std::unique_ptr<kiosk::testing::DemoBackend> backend;
};

}  // namespace

TEST_F(VoiceEndToEnd, TheAgentHearsWhatTheFarmerRecorded) {
    // 病虫害 → 水稻: a request the demo agent (pest_disease, 水稻) may claim.
    ASSERT_TRUE(tap("我要求助"));
    ASSERT_TRUE(tap("病虫害"));
    ASSERT_TRUE(tap("水稻", true));
    ASSERT_EQ(app->state().registration.step, kiosk::WizardStep::Problem);

    ASSERT_TRUE(scroll_to("录音")) << "the voice note panel is below the symptom tiles";
    ASSERT_TRUE(tap("录音", true));
    ASSERT_TRUE(run_until([](const kiosk::AppState& s) { return s.voice.elapsed_ms >= 2'500; }))
        << "the recording did not progress";
    ASSERT_TRUE(tap("停止", true));
    ASSERT_TRUE(run_until([](const kiosk::AppState& s) { return s.voice.phase == kiosk::VoicePhase::Idle; }));
    ASSERT_TRUE(app->state().registration.draft.voice_note.has_value());
    const std::vector<uint8_t> recorded = app->state().registration.draft.voice_note->ogg_opus;
    const int64_t recorded_ms = app->state().registration.draft.voice_note->duration_ms;
    EXPECT_GE(recorded_ms, 2'500);
    EXPECT_LE(recorded_ms, 3'000);

    // The voice note alone describes the problem.
    ASSERT_TRUE(tap("下一步", true));
    ASSERT_TRUE(tap("同意", true));
    ASSERT_TRUE(tap("您的称呼"));
    app->dispatch(kiosk::action::InputText{"王大伯"});
    app->settle();
    ASSERT_TRUE(tap("写好了", true));
    ASSERT_TRUE(tap("联系电话"));
    for (char digit : std::string(kPhone)) {
        ASSERT_TRUE(tap(std::string(1, digit), true));
    }
    ASSERT_TRUE(tap("上午", true));
    ASSERT_TRUE(tap("下一步", true));
    ASSERT_EQ(app->state().registration.step, kiosk::WizardStep::Review);
    ASSERT_TRUE(tap("提交", true));
    ASSERT_TRUE(run_until([](const kiosk::AppState& s) { return s.registration.submitted.has_value(); }));
    const kiosk::SubmittedRequest submitted = *app->state().registration.submitted;
    EXPECT_NE(find(submitted.code), nullptr) << "the confirmation shows the code";

    app->sync_now();
    {
        auto store = std::move(kiosk::OutboxStore::open(dir.path() / "kiosk.db")).value();
        EXPECT_EQ(store->counts().pending, 0) << "the sync pushed the request";
        EXPECT_EQ(store->counts().dead_letters, 0);
    }
    ASSERT_EQ(backend->requests_with_code(submitted.code), 1);

    // The agent: the request is in the feed, the claim wins, the detail names the note.
    const std::string token = backend->login();
    auto [feed_status, feed] = backend->get("/api/v1/agent/feed", token);
    ASSERT_EQ(feed_status, 200);
    bool in_feed = false;
    for (const auto& entry : feed["requests"]) {
        in_feed = in_feed || entry.value("request_id", "") == submitted.request_id;
    }
    EXPECT_TRUE(in_feed) << feed.dump();
    auto [claim_status, claim] =
        backend->post("/api/v1/agent/requests/" + submitted.request_id + "/claim", nlohmann::json::object(), token);
    ASSERT_EQ(claim_status, 200) << claim.dump();
    auto [detail_status, detail] = backend->get("/api/v1/requests/" + submitted.request_id, token);
    ASSERT_EQ(detail_status, 200) << detail.dump();
    ASSERT_TRUE(detail.contains("voice_note")) << detail.dump();
    EXPECT_EQ(detail["voice_note"]["duration_ms"].get<int64_t>(), recorded_ms);
    EXPECT_EQ(detail["farmer_phone"], kPhone);
    const std::string voice_url = detail["voice_note"]["url"].get<std::string>();

    // As a phone browser asks: "bytes=0-" first, then a piece where the listener seeks.
    httplib::Client client(backend->url());
    auto whole = client.Get(voice_url.c_str(), {{"Authorization", "Bearer " + token}, {"Range", "bytes=0-"}});
    ASSERT_TRUE(whole);
    ASSERT_EQ(whole->status, 206);
    EXPECT_EQ(whole->get_header_value("Content-Type"), "audio/ogg");
    EXPECT_EQ(whole->get_header_value("Content-Range"),
              "bytes 0-" + std::to_string(recorded.size() - 1) + "/" + std::to_string(recorded.size()));
    const std::vector<uint8_t> fetched(whole->body.begin(), whole->body.end());
    EXPECT_EQ(fetched, recorded) << "the agent gets the bytes the kiosk recorded";
    auto piece = client.Get(voice_url.c_str(), {{"Authorization", "Bearer " + token}, {"Range", "bytes=100-199"}});
    ASSERT_TRUE(piece);
    EXPECT_EQ(piece->status, 206);
    EXPECT_EQ(piece->body, whole->body.substr(100, 100));

    auto decoded = kiosk::audio::decode_ogg_opus(fetched);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_NEAR(static_cast<double>(decoded->duration_ms()), static_cast<double>(recorded_ms), 100.0);
    ASSERT_GE(decoded->samples.size(), 4'800u + 48'000u);
    EXPECT_NEAR(test::dominant_frequency(decoded->samples.data() + 4'800, 48'000, decoded->sample_rate), 440, 5);

    // After the acknowledgement the kiosk keeps what its screens need: no audio, no full phone.
    auto db_reader = std::make_unique<SQLite::Database>((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
    SQLite::Database& kiosk_db = *db_reader;
    const std::string base64_head =
        platform::base64_encode(std::string_view(reinterpret_cast<const char*>(recorded.data()), 60)).substr(0, 80);
    for (const auto& table : {"requests", "outbox", "dead_letters", "status_events"}) {
        SQLite::Statement rows(kiosk_db, std::string("SELECT * FROM ") + table);
        while (rows.executeStep()) {
            for (int column = 0; column < rows.getColumnCount(); ++column) {
                std::string value = rows.getColumn(column).getString();
                EXPECT_EQ(value.find(kPhone), std::string::npos) << table << " keeps the full phone";
                EXPECT_EQ(value.find(base64_head), std::string::npos) << table << " keeps the voice note";
                EXPECT_EQ(value.find("OpusHead"), std::string::npos) << table << " keeps the voice note";
            }
        }
    }
    auto request = [&] {
        auto store = std::move(kiosk::OutboxStore::open(dir.path() / "kiosk.db")).value();
        return store->find_by_code(submitted.code);
    }();
    ASSERT_TRUE(request.has_value());
    EXPECT_EQ(request->masked_phone, "138****5678");
    // The files themselves, as someone with the disk would read them, while the kiosk still runs
    // (the store empties the WAL after deleting acknowledged ops) and after it has shut down.
    auto files_hold_nothing = [&](const char* when) {
        for (const char* name : {"kiosk.db", "kiosk.db-wal"}) {
            std::string bytes = file_bytes(dir.path() / name);
            EXPECT_EQ(bytes.find(kPhone), std::string::npos) << name << " holds the full phone " << when;
            EXPECT_EQ(bytes.find(base64_head), std::string::npos) << name << " holds the voice note " << when;
        }
    };
    db_reader.reset();
    files_hold_nothing("while the kiosk runs");
    app.reset();
    files_hold_nothing("after shutdown");
}
