// `xiangke-backend import-agents` as an operator runs it: good files, every kind of bad row (line,
// column, reason; nothing half-imported), re-imports that update, generated initial passwords.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "backend_fixture.h"
#include "store/database.h"

using namespace xiangke;
using namespace xiangke::test;

namespace {

class ImportAgents : public ::testing::Test {
protected:
    void SetUp() override { db_path = seeded_database(dir.path()); }

    CommandResult import(const std::string& csv, const std::vector<std::string>& extra = {}) {
        auto path = dir.path() / ("agents-" + std::to_string(++files) + ".csv");
        std::ofstream(path) << csv;
        std::vector<std::string> args = {backend_executable(), "import-agents", "--db", db_path, path.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_command(args);
    }

    int64_t count(const std::string& sql) {
        backend::Database db(db_path);
        return db.raw().execAndGet(sql).getInt64();
    }

    TempDir dir;
    std::string db_path;
    int files = 0;
};

const char* kHeader = "name,phone,region,expertise,service_regions,capacity,team,password\n";

}  // namespace

TEST_F(ImportAgents, GoodFileImportsEveryAgent) {
    std::string csv = std::string("\xEF\xBB\xBF") + kHeader +  // as Excel saves it
                      "张三,13900000001,330281,水稻;pest_disease,330281106;330281108,4,余姚粮油团队,password-one\n"
                      "\"李四, 高级农艺师\",139 0000 0002,330281,fruit,,,,password-two\n";
    auto result = import(csv);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("2 agents created, 0 updated"), std::string::npos) << result.out;
    EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE phone IN ('13900000001', '13900000002')"), 2);
    EXPECT_EQ(
        count("SELECT capacity FROM agent_profiles p JOIN users u ON u.id = p.user_id WHERE u.phone = '13900000001'"),
        4);
    EXPECT_EQ(count("SELECT COUNT(*) FROM agent_service_regions r JOIN users u ON u.id = r.user_id "
                    "WHERE u.phone = '13900000001'"),
              2);
    // fruit is an expertise group: it expands into its crops.
    EXPECT_GT(count("SELECT COUNT(*) FROM agent_expertise e JOIN users u ON u.id = e.user_id "
                    "WHERE u.phone = '13900000002'"),
              1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'agents.import'"), 1);

    // Importing again updates in place (and keeps passwords when the column is empty).
    auto again = import(std::string(kHeader) + "张三,13900000001,330281,水稻,,7,,\n");
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("0 agents created, 1 updated"), std::string::npos);
    EXPECT_EQ(
        count("SELECT capacity FROM agent_profiles p JOIN users u ON u.id = p.user_id WHERE u.phone = '13900000001'"),
        7);
}

TEST_F(ImportAgents, BadRowsNameLineColumnAndReasonAndNothingIsImported) {
    struct Case {
        std::string row;
        std::string expected;
    };
    std::vector<Case> cases = {
        {",13900000011,330281,,,,,password-x", ":3: name:"},
        {"王五,1390000001,330281,,,,,password-x", ":3: phone:"},
        {"王五,13900000011,999999,,,,,password-x", ":3: region:"},
        {"王五,13900000011,330281,火箭,,,,password-x", ":3: expertise:"},
        {"王五,13900000011,330281,,33x,,,password-x", ":3: service_regions:"},
        {"王五,13900000011,330281,,,lots,,password-x", ":3: capacity:"},
        {"王五,13900000011,330281,,,,,short", ":3: password:"},
        {"王五,13900000011,330281,,,,,", ":3: password: empty for a new agent"},
        {"王五,13900000011,330281", ":3: row: expected 8 fields, found 3"},
        {"王五,13900000010,330281,,,,,password-x", ":3: phone: the same phone number is already on line 2"},
        {"王五,13805740001,330281,,,,,password-x", ":3: phone: this phone number belongs to a county_admin"},
    };
    for (const auto& c : cases) {
        std::string csv = std::string(kHeader) + "好人,13900000010,330281,,,,,password-ok\n" + c.row + "\n";
        auto result = import(csv);
        EXPECT_EQ(result.exit_code, 1) << c.row;
        EXPECT_NE(result.err.find(c.expected), std::string::npos) << c.row << " -> " << result.err;
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
        // The reason never repeats a phone number.
        EXPECT_EQ(result.err.find("1390000001"), std::string::npos) << result.err;
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE phone LIKE '1390000001%'"), 0);  // not even the good row

    auto unknown_column = import("name,phone,region,salary\n");
    EXPECT_EQ(unknown_column.exit_code, 1);
    EXPECT_NE(unknown_column.err.find(":1: salary: unknown column"), std::string::npos) << unknown_column.err;
    auto missing_column = import("name,region\n");
    EXPECT_NE(missing_column.err.find(":1: phone: required column is missing"), std::string::npos);
    auto several =
        import(std::string(kHeader) + ",13900000021,330281,,,,,password-x\n,13900000022,330281,,,,,password-x\n");
    EXPECT_NE(several.err.find("(and 1 more problems)"), std::string::npos) << several.err;
}

TEST_F(ImportAgents, InitialPasswordsGoToAnOwnerOnlyFileThatLetsAgentsLogIn) {
    auto out = dir.path() / "initial-passwords.csv";
    auto result = import(std::string(kHeader) + "赵六,13900000031,330281,,,,,\n", {"--passwords-out", out.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    struct stat info {};
    ASSERT_EQ(::stat(out.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    std::ifstream in(out);
    std::string header, line;
    std::getline(in, header);
    std::getline(in, line);
    EXPECT_EQ(header, "name,phone,initial_password");
    std::string password = line.substr(line.rfind(',') + 1);
    EXPECT_EQ(password.size(), 12u);

    // The file is never overwritten.
    auto again = import(std::string(kHeader) + "钱七,13900000032,330281,,,,,\n", {"--passwords-out", out.string()});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE phone = '13900000032'"), 0);

    BackendProcess server(db_path, {"--log-file", (test_log_dir() / "ImportAgents.login.log").string()});
    httplib::Client client("127.0.0.1", server.port());
    nlohmann::json body = {{"phone", "13900000031"}, {"password", password}};
    auto login = client.Post("/api/v1/auth/login", body.dump(), "application/json");
    ASSERT_TRUE(login);
    EXPECT_EQ(login->status, 200) << login->body;
}
