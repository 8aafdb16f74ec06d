// The per-phone cap asked by the wizard of a real backend on 127.0.0.1 (docs/kiosk-wizard.md): a
// backend configured with a cap of 2 open requests per phone, two requests already pushed for one
// number from another kiosk; the real kiosk app (headless) reaches the contact step, the farmer
// types that number on the keypad, the Chinese explanation appears and 下一步 stays on the step.
// Another number goes on; with the backend down the check is skipped and the wizard goes on.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <thread>

#include "kiosk/support/wizard_app_fixture.h"
#include "services/kiosk_config.h"
#include "support/eventually.h"

using namespace xiangke;
using namespace std::chrono_literals;

namespace {

constexpr const char* kVillage = "330281106201";
constexpr const char* kCappedPhone = "13955550001";
constexpr const char* kOtherPhone = "13955550002";
constexpr const char* kCapMessage = "这个电话已经有几个求助正在处理，暂时不能再提交新的";

class PhoneCheck : public test::WizardApp {
protected:
    void SetUp() override {
        db = (backend_dir.path() / "backend.db").string();
        auto demo = test::run_command({test::backend_executable(), "demo", "--db", db});
        ASSERT_EQ(demo.exit_code, 0) << demo.err;
        const auto config = backend_dir.path() / "backend.toml";
        std::ofstream(config) << "[requests]\nmax_open_requests_per_phone = 2\n";
        server = std::make_unique<test::BackendProcess>(db, std::vector<std::string>{"--config", config.string()});

        // Another kiosk of the village already sent two requests for the number.
        test::TempDir other;
        enroll(other.path());
        auto drill = test::run_command({test::kiosk_executable(), "submit-drill", "--count", "2", "--phone",
                                        kCappedPhone, "--sync", "--data-dir", other.path().string()});
        ASSERT_EQ(drill.exit_code, 0) << drill.err;
        ASSERT_EQ(requests_for(kCappedPhone), 2) << "the cap is reached on the server";

        enroll(dir.path());
        WizardApp::SetUp();
    }
    void TearDown() override { app.reset(); }

    void enroll(const std::filesystem::path& data_dir) {
        auto issued =
            test::run_command({test::backend_executable(), "kiosk", "issue-code", "--db", db, "--village", kVillage});
        ASSERT_EQ(issued.exit_code, 0) << issued.err;
        std::string out = issued.out;
        while (!out.empty() && out.back() == '\n') {
            out.pop_back();
        }
        auto enrolled = test::run_command({test::kiosk_executable(), "enroll", "--backend", server->base_url(),
                                           "--code", out.substr(out.rfind('\n') + 1), "--data-dir", data_dir.string()});
        ASSERT_EQ(enrolled.exit_code, 0) << enrolled.err;
    }

    int requests_for(const std::string& phone) {
        SQLite::Database database(db, SQLite::OPEN_READONLY);
        SQLite::Statement query(database, "SELECT COUNT(*) FROM requests WHERE farmer_phone = ?");
        query.bind(1, phone);
        query.executeStep();
        return query.getColumn(0).getInt();
    }

    // 农机 with a description, 同意, a name: the contact step with the phone keypad open.
    void go_to_phone() {
        ASSERT_TRUE(tap("我要求助"));
        ASSERT_TRUE(tap("农机"));
        ASSERT_TRUE(tap("问题描述"));
        app->dispatch(kiosk::action::InputText{"收割机链条断了"});
        app->settle();
        ASSERT_TRUE(tap("写好了", true));
        ASSERT_TRUE(tap("下一步", true));
        ASSERT_TRUE(tap("同意", true));
        ASSERT_TRUE(tap("您的称呼"));
        app->dispatch(kiosk::action::InputText{"王大伯"});
        app->settle();
        ASSERT_TRUE(tap("写好了", true));
        ASSERT_TRUE(tap("上午", true));
        ASSERT_TRUE(tap("联系电话"));
        ASSERT_EQ(app->state().registration.step, kiosk::WizardStep::Contact);
    }

    // Types the number on the keypad and waits for the backend's answer (or its absence).
    void type_phone(const std::string& phone) {
        for (char digit : phone) {
            ASSERT_TRUE(tap(std::string(1, digit), true));
        }
        test::eventually(
            [&] {
                app->frame();
                return app->state().registration.phone_check != kiosk::PhoneCheckStatus::Asking;
            },
            10s, 10ms);
        app->settle();
    }

    void clear_phone() {
        ASSERT_TRUE(tap("清空", true));
        ASSERT_TRUE(app->state().registration.draft.farmer_phone.empty());
    }

    test::TempDir backend_dir;
    std::string db;
    std::unique_ptr<test::BackendProcess> server;
};

}  // namespace

TEST_F(PhoneCheck, ACappedNumberIsExplainedAndStopsTheWizard) {
    go_to_phone();
    EXPECT_EQ(find(kCapMessage), nullptr) << "nothing is said before the number is complete";
    type_phone(kCappedPhone);
    EXPECT_EQ(app->state().registration.phone_check, kiosk::PhoneCheckStatus::TooManyOpenRequests);
    EXPECT_EQ(app->state().registration.max_open_requests_per_phone, 2);
    EXPECT_NE(find(kCapMessage), nullptr) << "the cap is explained at once, before 下一步";

    ASSERT_TRUE(tap("下一步", true));
    EXPECT_EQ(app->state().registration.step, kiosk::WizardStep::Contact) << "the farmer cannot go on";
    EXPECT_NE(find(kCapMessage), nullptr);
    EXPECT_EQ(app->state().registration.draft.farmer_name, "王大伯") << "nothing typed is lost";
    EXPECT_EQ(requests_for(kCappedPhone), 2);
}

TEST_F(PhoneCheck, AnotherNumberGoesOn) {
    go_to_phone();
    type_phone(kCappedPhone);
    ASSERT_NE(find(kCapMessage), nullptr);
    clear_phone();
    EXPECT_EQ(find(kCapMessage), nullptr) << "the explanation goes with the number";
    type_phone(kOtherPhone);
    EXPECT_EQ(app->state().registration.phone_check, kiosk::PhoneCheckStatus::Allowed);
    EXPECT_EQ(find(kCapMessage), nullptr);
    ASSERT_TRUE(tap("下一步", true));
    EXPECT_EQ(app->state().registration.step, kiosk::WizardStep::Review);
}

TEST_F(PhoneCheck, WithTheBackendDownTheCheckIsSkipped) {
    server->stop();
    go_to_phone();
    type_phone(kCappedPhone);
    EXPECT_EQ(app->state().registration.phone_check, kiosk::PhoneCheckStatus::Unavailable);
    EXPECT_EQ(find(kCapMessage), nullptr);
    ASSERT_TRUE(tap("下一步", true));
    EXPECT_EQ(app->state().registration.step, kiosk::WizardStep::Review) << "offline, the push applies the cap";
}
