#include "demo.h"

#include <filesystem>

#include "store/kiosks.h"
#include "store/regions.h"
#include "store/users.h"
#include "xiangke/platform/data_paths.h"

namespace xiangke::backend {
namespace {

constexpr const char* kDemoVillage = "330281106201";  // a village of 余姚市 (see data/regions/yuyao)

struct DemoPerson {
    Role role;
    const char* name;
    const char* phone;
    const char* region;
    std::vector<std::string> expertise;
    std::vector<std::string> service_regions;
    int capacity;
    const char* team;
    AgentType type = AgentType::Individual;
};

constexpr const char* kRiceTeam = "余姚粮油产业科技特派员团队";
constexpr const char* kHorticultureTeam = "余姚园艺特色产业团队";

std::vector<DemoPerson> demo_people() {
    return {
        {Role::CountyAdmin, "余姚市科技局管理员", "13805740001", "330281", {}, {}, 0, ""},
        {Role::CityAdmin, "宁波市科技局管理员", "13805740002", "3302", {}, {}, 0, ""},
        {Role::Agent, "陈建国", "13905740101", "330281", {"水稻", "pest_disease"}, {"330281"}, 6, kRiceTeam},
        {Role::Agent, "王秀英", "13905740102", "330281", {"水稻", "油菜", "planting"}, {"330281"}, 5, kRiceTeam},
        {Role::Agent,
         "李明华",
         "13905740103",
         "330281",
         {"pest_disease", "番茄", "黄瓜"},
         {"330281106", "330281108"},
         4,
         kHorticultureTeam},
        {Role::Agent, "张丽萍", "13905740104", "330281", {"杨梅", "柑橘", "水蜜桃"}, {"330281"}, 5, kHorticultureTeam},
        {Role::Agent, "刘志强", "13905740105", "330281", {"machinery"}, {"330281"}, 8, ""},
        {Role::Agent, "周海燕", "13905740106", "330281", {"生猪", "鸡", "鸭", "livestock"}, {"330281"}, 5, ""},
        {Role::Agent, "吴国平", "13905740107", "330281", {"南美白对虾", "梭子蟹", "草鱼"}, {"330281"}, 4, ""},
        {Role::Agent,
         "徐静",
         "13905740108",
         "330281",
         {"茶树", "竹笋"},
         {"330281106", "330281114", "330281115"},
         3,
         kHorticultureTeam},
        {Role::Agent, "孙卫东", "13905740109", "330281", {"processing"}, {"3302"}, 5, ""},
        {Role::Agent, "马晓红", "13905740110", "330281", {"health"}, {"330281"}, 6, ""},
        {Role::Agent, "朱建华", "13905740111", "330281", {"disaster"}, {"3302"}, 6, ""},
        {Role::Agent, "胡小军", "13905740112", "330281", {"茭白", "榨菜", "西兰花", "planting"}, {"330281"}, 5, ""},
        {Role::Agent, "邵国强", "13905740115", "330281", {"生猪", "湖羊", "鸡", "鹅", "livestock"}, {"330281"}, 6, ""},
        // A team (团队科技特派员) and an organisation (法人科技特派员) serving as one agent each.
        {Role::Agent,
         "余姚市植保科技服务团队",
         "13905740113",
         "330281",
         {"水稻", "pest_disease", "番茄", "茄子"},
         {"330281"},
         8,
         "",
         AgentType::Team},
        {Role::Agent,
         "宁波甬绿农业科技有限公司",
         "13905740114",
         "330281",
         {"杨梅", "葡萄", "草莓", "processing"},
         {"330281"},
         8,
         "",
         AgentType::Organisation},
    };
}

}  // namespace

core::Result<DemoResult> load_demo_data(Database& db, int64_t now_ms, int64_t code_ttl_ms) {
    namespace fs = std::filesystem;
    fs::path region_dir = platform::project_data_dir() / "regions" / "yuyao";
    std::vector<std::string> files;
    for (const char* name : {"provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv"}) {
        files.push_back((region_dir / name).string());
    }
    auto imported = import_region_files(db, files);
    if (!imported.ok()) {
        return imported.error();
    }
    DemoResult result;
    for (const auto& person : demo_people()) {
        NewUser user{person.role,      person.region,          person.name,     person.phone, kDemoPassword,
                     person.expertise, person.service_regions, person.capacity, person.team};
        if (person.role == Role::Agent) {
            user.type = person.type;
        }
        auto added = add_user(db, user, now_ms);
        if (!added.ok() && added.error().code != "duplicate") {
            return core::Error{added.error().code,
                               std::string("demo user ") + person.name + ": " + added.error().message,
                               added.error().field};
        }
        if (added.ok() && person.role == Role::Agent) {
            ++result.agents_created;
        }
    }
    // The two teams with their home county and leader (团队 pages, team evaluation).
    for (const auto& [team, leader] :
         {std::pair{kRiceTeam, "13905740101"}, std::pair{kHorticultureTeam, "13905740104"}}) {
        auto saved = add_or_update_team(db, NewTeam{team, "330281", leader}, now_ms);
        if (!saved.ok()) {
            return core::Error{saved.error().code, std::string("demo team ") + team + ": " + saved.error().message,
                               saved.error().field};
        }
    }
    auto code = issue_enrollment_code(db, kDemoVillage, now_ms, code_ttl_ms);
    if (!code.ok()) {
        return code.error();
    }
    result.village_code = kDemoVillage;
    result.village_name = region_name(db, kDemoVillage).value_or("");
    result.enrollment_code = code->code;
    return result;
}

}  // namespace xiangke::backend
