// The operator commands as an operator runs them: exit status, stdout's last line, stderr reason.
#include <gtest/gtest.h>

#include "support/backend_process.h"

using namespace xiangke;
using test::run_command;

namespace {

std::string last_line(const std::string& text) {
    std::string trimmed = text;
    while (!trimmed.empty() && trimmed.back() == '\n') {
        trimmed.pop_back();
    }
    auto nl = trimmed.rfind('\n');
    return nl == std::string::npos ? trimmed : trimmed.substr(nl + 1);
}

}  // namespace

TEST(BackendCli, BadUsageExitsTwo) {
    EXPECT_EQ(run_command({test::backend_executable()}).exit_code, 2);
    EXPECT_EQ(run_command({test::backend_executable(), "frobnicate"}).exit_code, 2);
    EXPECT_EQ(run_command({test::backend_executable(), "init"}).exit_code, 2);  // --db missing
    auto r = run_command({test::backend_executable(), "serve", "--db", "/tmp/x.db"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_FALSE(r.err.empty());
}

TEST(BackendCli, InitThenIssueCodeAndRevoke) {
    test::TempDir dir;
    std::string db = (dir.path() / "b.db").string();
    ASSERT_EQ(run_command({test::backend_executable(), "init", "--db", db}).exit_code, 0);
    std::string yuyao = std::string(XIANGKE_SOURCE_DIR) + "/data/regions/yuyao/";
    auto imported =
        run_command({test::backend_executable(), "import-regions", "--db", db, yuyao + "provinces.csv",
                     yuyao + "cities.csv", yuyao + "areas.csv", yuyao + "streets.csv", yuyao + "villages.csv"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_NE(imported.out.find("350 regions"), std::string::npos);

    auto code =
        run_command({test::backend_executable(), "kiosk", "issue-code", "--db", db, "--village", "330281106201"});
    ASSERT_EQ(code.exit_code, 0) << code.err;
    EXPECT_EQ(last_line(code.out).size(), 9u);

    auto unknown =
        run_command({test::backend_executable(), "kiosk", "issue-code", "--db", db, "--village", "110101001001"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("not in the database"), std::string::npos);
    EXPECT_EQ(std::count(unknown.err.begin(), unknown.err.end(), '\n'), 1);  // one-line reason

    auto revoke = run_command({test::backend_executable(), "kiosk", "revoke", "--db", db, "--kiosk", "nope"});
    EXPECT_EQ(revoke.exit_code, 1);
}

TEST(BackendCli, UserAddReadsPasswordFromStdinAndValidates) {
    test::TempDir dir;
    std::string db = (dir.path() / "b.db").string();
    std::string yuyao = std::string(XIANGKE_SOURCE_DIR) + "/data/regions/yuyao/";
    ASSERT_EQ(run_command({test::backend_executable(), "import-regions", "--db", db, yuyao + "provinces.csv",
                           yuyao + "cities.csv", yuyao + "areas.csv"})
                  .exit_code,
              0);
    std::vector<std::string> add = {test::backend_executable(),
                                    "user",
                                    "add",
                                    "--db",
                                    db,
                                    "--role",
                                    "agent",
                                    "--region",
                                    "330281",
                                    "--name",
                                    "测试专家",
                                    "--phone",
                                    "13900001111",
                                    "--password-stdin",
                                    "--expertise",
                                    "水稻,fruit",
                                    "--capacity",
                                    "3"};
    auto ok = run_command(add, "correct horse battery\n");
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    auto dup = run_command(add, "correct horse battery\n");
    EXPECT_EQ(dup.exit_code, 1);
    EXPECT_NE(dup.err.find("--phone"), std::string::npos);

    auto bad_tag = add;
    bad_tag[15] = "火箭";
    bad_tag[12] = "13900002222";
    auto tag = run_command(bad_tag, "correct horse battery\n");
    EXPECT_EQ(tag.exit_code, 1);
    EXPECT_NE(tag.err.find("火箭"), std::string::npos);

    auto bad_role = add;
    bad_role[6] = "king";
    EXPECT_EQ(run_command(bad_role, "x\n").exit_code, 2);

    auto short_password = add;
    short_password[12] = "13900003333";
    auto weak = run_command(short_password, "short\n");
    EXPECT_EQ(weak.exit_code, 1);
    EXPECT_NE(weak.err.find("--password"), std::string::npos);
}

TEST(BackendCli, BackupWritesAUsableCopy) {
    test::TempDir dir;
    std::string db = (dir.path() / "b.db").string();
    ASSERT_EQ(run_command({test::backend_executable(), "demo", "--db", db}).exit_code, 0);
    std::string copy = (dir.path() / "copy.db").string();
    ASSERT_EQ(run_command({test::backend_executable(), "backup", "--db", db, "--to", copy}).exit_code, 0);
    auto code =
        run_command({test::backend_executable(), "kiosk", "issue-code", "--db", copy, "--village", "330281106201"});
    EXPECT_EQ(code.exit_code, 0) << code.err;
}
