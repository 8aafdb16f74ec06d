// The operator commands as an operator runs them: exit status, stdout's last line, stderr reason.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <cstdio>

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

TEST(BackendCli, AgentTypesAndTeams) {
    test::TempDir dir;
    std::string db = (dir.path() / "b.db").string();
    std::string yuyao = std::string(XIANGKE_SOURCE_DIR) + "/data/regions/yuyao/";
    ASSERT_EQ(run_command({test::backend_executable(), "import-regions", "--db", db, yuyao + "provinces.csv",
                           yuyao + "cities.csv", yuyao + "areas.csv"})
                  .exit_code,
              0);
    auto add = [&](const std::string& phone, const std::vector<std::string>& extra) {
        std::vector<std::string> argv = {test::backend_executable(),
                                         "user",
                                         "add",
                                         "--db",
                                         db,
                                         "--role",
                                         "agent",
                                         "--region",
                                         "330281",
                                         "--name",
                                         "测试" + phone.substr(7),
                                         "--phone",
                                         phone,
                                         "--password-stdin"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_command(argv, "correct horse battery\n");
    };
    auto person = add("13900001001", {"--team", "甲队"});  // the team is made on the way, as before
    ASSERT_EQ(person.exit_code, 0) << person.err;
    ASSERT_EQ(add("13900001002", {"--type", "team"}).exit_code, 0);
    ASSERT_EQ(add("13900001003", {"--type", "organisation", "--team", "乙队"}).exit_code, 0);
    EXPECT_EQ(add("13900001004", {"--type", "company"}).exit_code, 2);

    auto team = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> argv = {test::backend_executable(), "team", "add", "--db", db};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_command(argv);
    };
    auto updated = team({"--name", "甲队", "--region", "330281", "--leader", "139 0000 1001"});
    ASSERT_EQ(updated.exit_code, 0) << updated.err;
    auto created = team({"--name", "丙队", "--region", "3302"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    EXPECT_EQ(team({"--name", "丁队"}).exit_code, 2);  // --region missing
    auto unknown_leader = team({"--name", "甲队", "--region", "330281", "--leader", "13900009999"});
    EXPECT_EQ(unknown_leader.exit_code, 1);
    EXPECT_NE(unknown_leader.err.find("--leader"), std::string::npos);
    auto bad_region = team({"--name", "甲队", "--region", "110101"});
    EXPECT_EQ(bad_region.exit_code, 1);
    EXPECT_NE(bad_region.err.find("--region"), std::string::npos);

    // import-agents: an optional type column; an empty cell keeps what the agent is.
    std::string csv = (dir.path() / "agents.csv").string();
    {
        std::FILE* f = std::fopen(csv.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs(
            "name,phone,region,type,password\n"
            "测试1002,13900001002,330281,,correct horse battery\n"
            "测试1005,13900001005,330281,organisation,correct horse battery\n",
            f);
        std::fclose(f);
    }
    auto imported = run_command({test::backend_executable(), "import-agents", "--db", db, csv});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    {
        std::FILE* f = std::fopen(csv.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("name,phone,region,type\n测试1006,13900001006,330281,person\n", f);
        std::fclose(f);
    }
    auto bad_type = run_command({test::backend_executable(), "import-agents", "--db", db, csv});
    EXPECT_EQ(bad_type.exit_code, 1);
    EXPECT_NE(bad_type.err.find("type"), std::string::npos);

    SQLite::Database check(db);
    auto type_of = [&](const std::string& phone) {
        return check
            .execAndGet("SELECT agent_type FROM agent_profiles p JOIN users u ON u.id = p.user_id WHERE u.phone = '" +
                        phone + "'")
            .getString();
    };
    EXPECT_EQ(type_of("13900001001"), "individual");
    EXPECT_EQ(type_of("13900001002"), "team");
    EXPECT_EQ(type_of("13900001003"), "organisation");
    EXPECT_EQ(type_of("13900001005"), "organisation");
    EXPECT_EQ(check
                  .execAndGet("SELECT region_code || '/' || (leader_id IS NOT NULL) || '/' || (created_at IS NOT NULL) "
                              "FROM teams WHERE name = '甲队'")
                  .getString(),
              "330281/1/1");
    EXPECT_EQ(
        check.execAndGet("SELECT region_code || '/' || (leader_id IS NULL) FROM teams WHERE name = '丙队'").getString(),
        "3302/1");
    EXPECT_EQ(check.execAndGet("SELECT COUNT(*) FROM teams").getInt(), 3);

    auto bad_days = run_command({test::backend_executable(), "demo", "--db", db, "--history-days", "-1"});
    EXPECT_EQ(bad_days.exit_code, 2);
}
