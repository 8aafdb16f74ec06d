#include "demo_history.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <queue>
#include <vector>

#include "config.h"
#include "matching/agents.h"
#include "matching/claim.h"
#include "matching/leave.h"
#include "matching/scheduler.h"
#include "notify/notifications.h"
#include "store/kiosks.h"
#include "store/requests.h"
#include "store/service_records.h"
#include "store/sync_ops.h"
#include "store/users.h"
#include "xiangke/core/request_code.h"
#include "xiangke/core/time.h"
#include "xiangke/core/ulid.h"

namespace xiangke::backend {
namespace {

namespace protocol = core::protocol;
using lifecycle::EventKind;
using lifecycle::RequestStatus;
using nlohmann::json;

constexpr uint64_t kSeed = 0x78696e676b652d31;     // fixed: the same day gives the same history
constexpr int64_t kTickMs = 15 * core::kMinuteMs;  // one scheduler round per simulated quarter hour
constexpr int64_t kMinute = core::kMinuteMs;
constexpr int64_t kHour = core::kHourMs;
constexpr int64_t kDay = core::kDayMs;
constexpr int64_t kConfirmationDays = 7;  // no answer from the farmer by then: closed unconfirmed
constexpr int kFarmersPerVillage = 150;

// splitmix64: tiny, fast and the same on every platform (std distributions are not).
class Random {
public:
    explicit Random(uint64_t seed) : m_state(seed) {}
    uint64_t next() {
        uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    int64_t between(int64_t low, int64_t high) {
        return low + static_cast<int64_t>(next() % static_cast<uint64_t>(high - low + 1));
    }
    bool chance(double p) { return uniform() < p; }
    int poisson(double mean) {
        const double limit = std::exp(-mean);
        int k = 0;
        double p = uniform();
        while (p > limit) {
            ++k;
            p *= uniform();
        }
        return k;
    }
    template <typename T>
    const T& pick(const std::vector<T>& items) {
        return items[next() % items.size()];
    }
    void fill(uint8_t* out, size_t size) {
        for (size_t i = 0; i < size; ++i) {
            out[i] = static_cast<uint8_t>(next());
        }
    }

private:
    uint64_t m_state;
};

// How an agent works. The demo has agents who behave differently, so that the evaluation has
// something to tell apart: diligent ones, steady ones, a slow one, and one who reports requests
// resolved without ever contacting or visiting the farmer.
// Exemplary agents score above 90, so the demo's ranking shows the 优秀 quota at work.
enum class Style { Exemplary, Diligent, Steady, Slow, NoVisit };

struct Behaviour {
    int64_t claim_min, claim_max;       // minutes after the offer
    int64_t contact_min, contact_max;   // minutes after the claim
    int64_t visit_min, visit_max;       // hours after the contact
    double onsite, phone;               // visit methods; the rest is video
    double resolved, partly, referred;  // outcomes; the rest is cannot_resolve
    double answers;                     // the farmer answers at the kiosk
    double solved;                      // … and says it is solved
    int rating_low, rating_high;
    double declines;  // gives a claimed request back
};

Behaviour behaviour_of(Style style) {
    switch (style) {
        case Style::Exemplary:
            return {5, 60, 15, 180, 3, 36, 0.75, 0.2, 0.9, 0.06, 0.03, 0.95, 0.97, 5, 5, 0.01};
        case Style::Diligent:
            return {5, 90, 20, 240, 3, 48, 0.7, 0.2, 0.84, 0.09, 0.05, 0.85, 0.93, 4, 5, 0.01};
        case Style::Steady:
            return {45, 300, 60, 900, 12, 96, 0.45, 0.4, 0.7, 0.17, 0.08, 0.7, 0.85, 3, 5, 0.03};
        case Style::Slow:
            return {300, 1800, 600, 3000, 72, 240, 0.5, 0.5, 0.6, 0.2, 0.1, 0.55, 0.7, 2, 4, 0.02};
        case Style::NoVisit:
            return {5, 40, 0, 0, 0, 0, 0, 0, 1.0, 0, 0, 0.75, 0.75, 3, 5, 0};
    }
    return behaviour_of(Style::Steady);
}

struct SimAgent {
    const char* phone;
    Style style;
    int trainings_per_year;
    int attendees_low, attendees_high;
    std::vector<const char*> training_topics;
    int64_t id = 0;
    core::matching::AgentProfile profile = {};
};

std::vector<SimAgent> sim_agents() {
    return {
        {"13905740101", Style::Diligent, 10, 25, 60, {"水稻病虫害绿色防控", "晚稻高产栽培技术"}},
        {"13905740102", Style::Diligent, 8, 20, 50, {"油菜秋播技术", "水稻机插育秧"}},
        {"13905740103", Style::Exemplary, 8, 20, 45, {"大棚番茄病害防治", "黄瓜霜霉病防治"}},
        {"13905740104", Style::Exemplary, 9, 30, 70, {"杨梅采前管理", "杨梅果蝇绿色防控", "柑橘修剪"}},
        {"13905740105", Style::NoVisit, 1, 80, 120, {"农机安全操作"}},
        {"13905740106", Style::Diligent, 7, 20, 50, {"非洲猪瘟防控", "冬季禽流感防控"}},
        {"13905740107", Style::Slow, 1, 10, 20, {"南美白对虾养殖"}},
        {"13905740108", Style::Steady, 5, 15, 40, {"春茶采摘与施肥", "茶园病虫害绿色防控"}},
        {"13905740109", Style::Steady, 4, 15, 35, {"农产品保鲜储存"}},
        {"13905740110", Style::Steady, 6, 30, 60, {"高血压自我管理", "夏季防中暑"}},
        {"13905740111", Style::Steady, 5, 40, 90, {"台风防御与避险", "农房安全"}},
        {"13905740112", Style::Diligent, 6, 20, 45, {"茭白高效栽培", "榨菜种植技术"}},
        {"13905740113", Style::Diligent, 22, 30, 80, {"水稻病虫害统防统治", "植保无人机安全作业"}},
        {"13905740114", Style::Steady, 10, 40, 100, {"杨梅冷链保鲜", "草莓大棚栽培"}},
        {"13905740115", Style::Steady, 5, 20, 40, {"生猪冬季疫病防控", "湖羊养殖技术"}},
    };
}

// The kiosks of the simulation, one per village; the demo's own village keeps the enrollment
// code printed for the newcomer's kiosk.
struct SimVillage {
    const char* code;
    const char* name;
    double activity;  // how much its villagers use the kiosk
};

const std::vector<SimVillage>& sim_villages() {
    static const std::vector<SimVillage> kVillages = {
        {"330281106200", "姚家村", 1.0},    // 0 马渚: rice plain, pigs
        {"330281108201", "魏家村", 1.0},    // 1 牟山: rice, fish ponds, machinery
        {"330281114201", "梁冯村", 1.2},    // 2 梁弄: 杨梅, tea
        {"330281115200", "大岚村", 0.7},    // 3 大岚: mountain tea, bamboo
        {"330281111200", "罗江村", 0.9},    // 4 河姆渡: 茭白, rice
        {"330281103200", "小路下村", 1.1},  // 5 泗门: 榨菜, 西兰花, grain machinery
        {"330281100200", "湖堤村", 0.9},    // 6 临山: grapes, strawberries, shrimp
        {"330281113200", "官路沿村", 0.8},  // 7 陆埠: 杨梅, 水蜜桃; its kiosk stops syncing before the end
    };
    return kVillages;
}
constexpr size_t kOfflineKiosk = 7;
constexpr int64_t kOfflineDays = 6;

// A kind of request with its season: expected requests per day in each month, county-wide.
struct Topic {
    const char* category;
    const char* crop;
    std::array<double, 12> per_day;  // January … December
    std::vector<size_t> villages;
    std::vector<std::vector<std::string>> symptoms;
    std::vector<std::string> descriptions;
};

const std::vector<Topic>& topics() {
    static const std::vector<Topic> kTopics = {
        {"pest_disease",
         "水稻",
         {0, 0, 0.1, 0.3, 0.8, 2.0, 4.5, 5.0, 3.5, 1.0, 0.2, 0},
         {0, 1, 4, 5},
         {{"叶子发黄", "稻株基部有小虫"}, {"叶子卷成筒", "白叶多"}, {"叶鞘有云纹斑"}, {"成片倒伏", "稻株枯死"}},
         {"稻田里飞虱很多，打了药还是压不住", "稻叶卷起来发白，一片一片的", "下面的叶鞘烂了，有云纹一样的斑",
          "田里有一块稻子枯黄倒伏了"}},
        {"planting",
         "水稻",
         {0, 0.1, 0.4, 1.0, 1.5, 0.8, 0.5, 0.3, 0.3, 0.6, 0.2, 0},
         {0, 1, 4, 5},
         {{"秧苗发黄"}, {"不知道怎么施肥"}, {"出苗不齐"}},
         {"机插秧的秧苗发黄长不好", "晚稻追肥用什么肥、用多少", "直播稻出苗不齐，要不要补苗"}},
        {"planting",
         "杨梅",
         {0, 0.2, 0.4, 0.6, 1.5, 4.0, 0.5, 0.1, 0.1, 0.2, 0.3, 0.2},
         {2, 7, 0},
         {{"落果多"}, {"果子小", "颜色不好"}, {"不知道怎么修剪"}},
         {"杨梅快熟了落果很多", "今年杨梅个头小、颜色淡", "杨梅树太高了想矮化修剪"}},
        {"pest_disease",
         "杨梅",
         {0, 0, 0, 0.1, 1.0, 2.5, 0.3, 0, 0, 0, 0, 0},
         {2, 7},
         {{"果子里有白色小虫"}, {"叶子有褐斑"}, {"树干流胶"}},
         {"杨梅果子里有小白虫，怕是果蝇", "杨梅叶子上有褐色斑点在掉叶", "杨梅树干流胶了"}},
        {"processing",
         "杨梅",
         {0, 0, 0, 0, 0.2, 1.5, 0.3, 0, 0, 0, 0, 0},
         {2, 7},
         {{"保鲜时间短"}, {"运输烂果"}},
         {"杨梅摘下来两天就坏了，怎么保鲜", "杨梅寄快递烂得多，想问冷链怎么弄"}},
        {"livestock",
         "生猪",
         {1.8, 1.5, 0.8, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5, 1.0, 1.6},
         {0, 1, 5},
         {{"不吃食", "发烧"}, {"拉稀"}, {"咳嗽"}},
         {"几头猪不吃食还发烧，担心是猪瘟", "小猪拉稀好几天了", "天冷了猪一直咳嗽"}},
        {"livestock",
         "鸡",
         {1.1, 0.9, 0.5, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.4, 0.8, 1.1},
         {0, 3, 4, 5},
         {{"精神不好", "死了几只"}, {"产蛋下降"}},
         {"鸡群精神不好，这两天死了几只", "母鸡下蛋少了一半"}},
        {"livestock",
         "鸭",
         {0.8, 0.6, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8},
         {1, 4},
         {{"腿软", "死亡"}, {"拉绿色稀便"}},
         {"鸭子腿软站不起来", "鸭子拉绿色稀便，死了好几只"}},
        {"livestock",
         "南美白对虾",
         {0, 0, 0.1, 0.3, 0.7, 1.1, 1.4, 1.4, 0.9, 0.4, 0.1, 0},
         {1, 6},
         {{"浮头"}, {"虾体发红", "死虾"}, {"水发浑"}},
         {"早上塘里的虾浮头", "虾身发红，塘边有死虾", "虾塘水变浑发臭"}},
        {"livestock",
         "梭子蟹",
         {0, 0, 0, 0.1, 0.2, 0.4, 0.5, 0.6, 0.5, 0.3, 0.1, 0},
         {6},
         {{"蟹不活跃"}, {"蜕壳不遂"}},
         {"梭子蟹不爱动也不吃食", "蟹蜕壳蜕不下来死了一些"}},
        {"livestock",
         "草鱼",
         {0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.6, 0.4, 0.3, 0.2, 0.1},
         {1, 4},
         {{"烂鳃"}, {"浮头"}},
         {"草鱼烂鳃，每天死几条", "闷热天鱼塘浮头"}},
        {"pest_disease",
         "番茄",
         {0.4, 0.6, 1.0, 1.2, 1.0, 0.5, 0.3, 0.3, 0.4, 0.8, 0.8, 0.5},
         {0, 1, 6},
         {{"叶子有霉层"}, {"果子裂开"}, {"叶片卷曲", "有白粉虱"}},
         {"大棚番茄叶背长霉", "番茄果子开裂", "番茄叶子卷起来，有很多小白虫"}},
        {"pest_disease",
         "黄瓜",
         {0.3, 0.5, 0.8, 1.0, 0.8, 0.4, 0.2, 0.2, 0.3, 0.6, 0.6, 0.4},
         {0, 1, 6},
         {{"叶子有黄斑"}, {"瓜弯曲"}},
         {"黄瓜叶上出现多角形黄斑", "黄瓜结的瓜弯弯曲曲"}},
        {"planting",
         "茭白",
         {0, 0, 0.2, 0.5, 0.8, 0.8, 0.6, 0.6, 0.5, 0.2, 0, 0},
         {4},
         {{"不孕茭多"}, {"叶子发黄"}},
         {"今年茭白不结茭的多", "茭白叶子发黄长势差"}},
        {"planting",
         "榨菜",
         {0.6, 0.8, 0.6, 0.1, 0, 0, 0, 0, 0, 0.4, 1.0, 0.8},
         {5},
         {{"空心"}, {"不知道什么时候种"}},
         {"榨菜头空心了", "榨菜什么时候播种好"}},
        {"planting",
         "西兰花",
         {0.4, 0.3, 0.2, 0, 0, 0, 0, 0.1, 0.3, 0.6, 0.6, 0.5},
         {5},
         {{"花球发黄"}, {"长得慢"}},
         {"西兰花花球发黄", "西兰花苗长得慢"}},
        {"planting",
         "茶树",
         {0.1, 0.6, 1.5, 1.5, 0.5, 0.2, 0.2, 0.2, 0.3, 0.3, 0.1, 0.1},
         {2, 3},
         {{"发芽晚"}, {"不知道怎么施肥"}},
         {"今年茶叶发芽晚", "春茶采完后怎么施肥"}},
        {"pest_disease",
         "茶树",
         {0, 0, 0, 0.2, 0.6, 0.6, 0.5, 0.5, 0.4, 0.2, 0, 0},
         {2, 3},
         {{"叶子被咬"}, {"叶片发白"}},
         {"茶叶被虫咬得厉害", "茶叶上有很多小绿叶蝉"}},
        {"planting",
         "竹笋",
         {0.1, 0.2, 0.5, 0.8, 0.2, 0, 0, 0, 0, 0, 0.3, 0.3},
         {3, 2},
         {{"出笋少"}, {"笋发苦"}},
         {"今年春笋出得少", "冬笋怎么挖不伤竹鞭"}},
        {"planting",
         "水蜜桃",
         {0.1, 0.2, 0.4, 0.4, 0.5, 0.6, 0.4, 0.1, 0.1, 0.1, 0.2, 0.1},
         {7},
         {{"流胶"}, {"落果"}},
         {"桃树流胶", "水蜜桃落果严重"}},
        {"pest_disease",
         "柑橘",
         {0, 0, 0.2, 0.5, 0.5, 0.3, 0.2, 0.2, 0.4, 0.4, 0.2, 0},
         {7, 2},
         {{"叶子发灰", "有红色小虫"}, {"叶片斑驳黄化"}},
         {"橘子叶子发灰，叶背有红色小虫", "几棵橘树叶子黄化斑驳"}},
        {"planting",
         "葡萄",
         {0, 0.1, 0.3, 0.4, 0.6, 0.8, 0.8, 0.5, 0.2, 0.1, 0.1, 0},
         {6},
         {{"裂果"}, {"着色不好"}},
         {"葡萄裂果", "葡萄着色不均匀"}},
        {"planting",
         "草莓",
         {0.6, 0.6, 0.4, 0.1, 0, 0, 0, 0, 0.3, 0.5, 0.6, 0.6},
         {6, 0},
         {{"烂果"}, {"苗死"}},
         {"大棚草莓烂果", "草莓苗栽下去死了不少"}},
        {"machinery",
         "",
         {0.2, 0.2, 0.5, 1.2, 1.5, 0.8, 0.4, 0.3, 0.8, 1.5, 0.6, 0.2},
         {5, 5, 5, 1, 0, 4},
         {{"启动不了"}, {"插秧机漏插"}, {"收割机掉粒多"}},
         {"拖拉机打不着火", "插秧机漏插严重", "收割机掉粒多，不知道怎么调"}},
        {"processing",
         "",
         {0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.4, 0.3, 0.2},
         {0, 2, 5, 6},
         {{"储存发霉"}, {"想做加工"}},
         {"稻谷储存发霉了", "想把笋做成笋干，要什么手续"}},
        {"disaster",
         "",
         {0.1, 0.1, 0.1, 0.2, 0.3, 0.6, 1.0, 1.5, 1.2, 0.3, 0.1, 0.1},
         {0, 1, 2, 3, 4, 5, 6, 7},
         {{"房屋开裂"}, {"大棚被吹坏"}, {"山体有裂缝"}},
         {"台风后老房子墙裂了", "台风把大棚膜吹坏了，怎么补救", "屋后山坡出现裂缝"}},
        {"health",
         "",
         {0.4, 0.4, 0.4, 0.4, 0.5, 0.6, 1.0, 1.0, 0.6, 0.4, 0.4, 0.4},
         {0, 1, 2, 3, 4, 5, 6, 7},
         {{"血压高"}, {"中暑"}, {"井水浑浊"}},
         {"老人血压一直偏高怎么办", "干活时头晕恶心像是中暑", "家里井水发浑能不能喝"}},
        {"other",
         "",
         {0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05},
         {0, 1, 2, 3, 4, 5, 6, 7},
         {{"想了解政策"}},
         {"想问问农业补贴怎么申请"}},
    };
    return kTopics;
}

// 科普: articles of the default content pack and the months they are most read.
struct ArticleSeason {
    const char* id;
    std::vector<int> months;  // empty: all year
};

const std::vector<ArticleSeason>& article_seasons() {
    static const std::vector<ArticleSeason> kArticles = {
        {"rice-planthopper", {7, 8, 9}},
        {"rice-leaf-roller", {7, 8}},
        {"rice-stem-borer", {6, 7, 8}},
        {"rice-sheath-blight", {7, 8}},
        {"rice-blast", {6, 7}},
        {"rice-seedling-transplanting", {4, 5}},
        {"fruit-bayberry-fruitfly", {5, 6}},
        {"fruit-bayberry-management", {4, 5, 6}},
        {"bayberry-fruit-cold-chain", {6}},
        {"fruit-citrus-red-mite", {4, 5, 9, 10}},
        {"fruit-frost-protection", {12, 1, 2}},
        {"african-swine-fever", {11, 12, 1, 2, 3}},
        {"avian-influenza-poultry", {11, 12, 1, 2}},
        {"shrimp-disease-prevention", {6, 7, 8, 9}},
        {"shrimp-water-quality", {5, 6, 7, 8, 9}},
        {"fish-pond-hypoxia", {7, 8}},
        {"typhoon-safety", {7, 8, 9}},
        {"flood-landslide-safety", {6, 7, 8, 9}},
        {"heatstroke-prevention", {7, 8}},
        {"tea-fertilizer-spring-picking", {2, 3, 4}},
        {"tea-pest-green-control", {5, 6, 7, 8, 9}},
        {"vegetables-greenhouse-climate", {11, 12, 1, 2}},
        {"vegetables-greenhouse-mildew", {3, 4, 5}},
        {"tractor-tiller-safety", {3, 4, 5, 9, 10}},
        {"soil-testing-fertilization", {3, 4, 10, 11}},
        {"anti-fraud-96110", {}},
        {"telecom-fraud-tricks", {}},
        {"pesticide-safe-use-ten-points", {}},
        {"hypertension-self-care", {}},
        {"home-fire-ebike-charging", {}},
        {"what-is-tech-agent", {}},
        {"how-to-request-help", {}},
    };
    return kArticles;
}

const std::vector<std::string> kSurnames = {"王", "陈", "张", "李", "黄", "周", "吴", "徐", "孙", "胡",
                                            "朱", "高", "林", "何", "郭", "马", "罗", "谢", "宋", "邵"};
const std::vector<std::string> kGivenNames = {"建国", "秀英", "阿明", "金花", "国庆", "美娟", "志刚", "桂芳",
                                              "小平", "海波", "伟民", "月娥", "根宝", "雪琴", "永康", "爱华",
                                              "德兴", "素珍", "立新", "彩凤", "阿土", "春燕", "荣根", "玉兰"};
const std::vector<std::string> kPreferredTimes = {"上午", "下午", "晚上", "随时都行", "周末"};

int month_of(int64_t utc_ms) {
    return core::civil_from_days((utc_ms + core::kShanghaiOffsetMs) / kDay).month;
}

int64_t day_start_ms(int64_t day) {
    return day * kDay - core::kShanghaiOffsetMs;
}

// The last Friday of the month of `day` (days since 1970-01-01), or of the next month when that
// Friday is already past.
int64_t last_friday_from(int64_t day) {
    for (int months = 0; months < 2; ++months) {
        const core::CivilDate date = core::civil_from_days(day);
        const core::CivilDate next =
            date.month == 12 ? core::CivilDate{date.year + 1, 1, 1} : core::CivilDate{date.year, date.month + 1, 1};
        int64_t friday = core::days_from_civil(next) - 1;
        while (friday % 7 != 1) {  // 1970-01-01 was a Thursday
            --friday;
        }
        if (friday >= day) {
            return friday;
        }
        day = core::days_from_civil(next);
    }
    return day;
}

// Moves a time into working hours (08:00–18:00 Asia/Shanghai), keeping the day when possible.
int64_t working_hours(int64_t at) {
    const int64_t day = shanghai_day(at);
    const int64_t into = at - day_start_ms(day);
    if (into < 8 * kHour) {
        return day_start_ms(day) + 8 * kHour + into / 4;
    }
    if (into > 18 * kHour) {
        return day_start_ms(day + 1) + 8 * kHour + (into - 18 * kHour);
    }
    return at;
}

enum class ActionKind { Step, Claim, Contact, Visit, Outcome, Feedback, CloseUnconfirmed, ComplaintCheck, Cancel };

struct Action {
    int64_t at = 0;
    uint64_t seq = 0;  // ties keep the order they were planned in
    ActionKind kind = ActionKind::Step;
    size_t request = 0;
    int64_t agent = 0;
    bool operator>(const Action& other) const { return at != other.at ? at > other.at : seq > other.seq; }
};

struct SimRequest {
    std::string id;
    size_t kiosk = 0;
    std::string category;
    std::string crop;
    size_t farmer = 0;
    bool self_dealing = false;
    bool claim_pending = false;                         // a Claim action is scheduled
    std::vector<std::pair<int64_t, int64_t>> attempts;  // (time, agent), earliest first
    size_t next_attempt = 0;
    int visits = 0;
    int complaint_checks = 0;
};

// Something planned for a day before it runs: a farmer's request, a training, a usage report.
struct DayItem {
    enum class Kind { Request, SelfDealing, Training, Usage };
    int64_t at = 0;
    Kind kind = Kind::Request;
    size_t topic = 0;
    size_t kiosk = 0;
    int64_t agent = 0;
};

struct SimKiosk {
    KioskIdentity identity;
    uint64_t code_key = 0;
    uint32_t sequence = 0;
    int64_t last_push = 0;
};

class Simulation {
public:
    Simulation(Store& store, int64_t now_ms, int days)
        : m_store(store),
          m_now(now_ms),
          m_random(kSeed),
          m_ulids([this](uint8_t* out, size_t size) { m_random.fill(out, size); }),
          m_agents(sim_agents()) {
        m_last_day = shanghai_day(now_ms);
        m_first_day = m_last_day - days;
    }

    core::Result<DemoHistoryReport> run();

private:
    core::Result<bool> set_up();
    void plan_day(int64_t day);
    void record_usage(Database& db, size_t kiosk, int64_t at);
    void record_training_day(Database& db, int64_t agent_id, int64_t at);
    void run_until(int64_t until);
    void run_action(Database& db, const Action& action);
    void schedule(int64_t at, ActionKind kind, size_t request, int64_t agent = 0) {
        if (at <= m_now) {  // what would happen after "today" has not happened yet
            m_queue.push(Action{at, m_seq++, kind, request, agent});
        }
    }
    const SimAgent* agent_by_id(int64_t id) const {
        for (const auto& a : m_agents) {
            if (a.id == id) {
                return &a;
            }
        }
        return nullptr;
    }
    Behaviour behaviour(int64_t agent_id) const {
        const SimAgent* agent = agent_by_id(agent_id);
        return behaviour_of(agent ? agent->style : Style::Steady);
    }
    bool kiosk_online(size_t kiosk, int64_t at) const {
        return kiosk != kOfflineKiosk || at < m_now - kOfflineDays * kDay;
    }
    std::string farmer_phone(size_t kiosk, size_t farmer) const {
        return std::to_string(13900000000LL + static_cast<int64_t>(kiosk) * 1000 + static_cast<int64_t>(farmer));
    }
    std::string farmer_name(size_t kiosk, size_t farmer) const {
        return kSurnames[(farmer + kiosk * 3) % kSurnames.size()] +
               kGivenNames[(farmer * 7 + kiosk) % kGivenNames.size()];
    }
    // Some farmers never come back to the kiosk to answer.
    static bool farmer_is_silent(size_t farmer) { return farmer % 6 == 5; }

    bool push(Database& db, size_t kiosk, protocol::OpType type, const json& payload, int64_t at);
    void create_request(Database& db, size_t topic_index, size_t kiosk, int64_t at, bool self_dealing);
    void step(Database& db, size_t r, int64_t at);
    void plan_pickup(SimRequest& request, size_t r, int64_t at);
    void try_claim(Database& db, size_t r, int64_t at);
    void contact(Database& db, size_t r, int64_t agent, int64_t at);
    void visit(Database& db, size_t r, int64_t agent, int64_t at);
    void outcome(Database& db, size_t r, int64_t agent, int64_t at);
    void feedback(Database& db, size_t r, int64_t at);
    void complaint_check(Database& db, size_t r, int64_t at);
    void deliver_notifications(int64_t day_end);

    Store& m_store;
    int64_t m_now;
    int64_t m_first_day = 0;
    int64_t m_last_day = 0;
    Random m_random;
    core::UlidGenerator m_ulids;
    std::vector<SimAgent> m_agents;
    std::vector<SimKiosk> m_kiosks;
    std::vector<SimRequest> m_requests;
    std::priority_queue<Action, std::vector<Action>, std::greater<>> m_queue;
    uint64_t m_seq = 0;
    MatchingConfig m_matching;
    PushPolicy m_policy;
    KioskActivity m_activity;
    int64_t m_liu_id = 0;                                // the agent who resolves without visiting
    std::map<std::pair<size_t, int64_t>, int> m_bursts;  // (kiosk, day) → confirmations sent in a burst
    std::vector<int64_t> m_readers;                      // people whose notifications get read
    int64_t m_leave_from = 0;                            // 徐静's leave: first day, length
    int64_t m_leave_days = 0;
    int64_t m_self_dealing_day = 0;
    std::vector<DayItem> m_items;  // the current day's planned items, by time
    size_t m_next_item = 0;
    DemoHistoryReport m_report;
};

core::Result<bool> Simulation::set_up() {
    Database& reader = m_store.reader();
    for (auto& agent : m_agents) {
        auto id = find_user_id_by_phone(reader, agent.phone);
        if (!id) {
            return core::Error{"demo_missing", std::string("demo agent ") + agent.phone + " is missing; run demo first",
                               ""};
        }
        agent.id = *id;
        if (agent.style == Style::NoVisit) {
            m_liu_id = agent.id;
        }
        m_readers.push_back(agent.id);
    }
    for (const char* admin : {"13805740001", "13805740002"}) {
        if (auto id = find_user_id_by_phone(reader, admin)) {
            m_readers.push_back(*id);
        }
    }
    m_self_dealing_day = m_first_day + (m_last_day - m_first_day) * 2 / 3;
    const auto profiles = load_all_agents(reader, day_start_ms(m_first_day));
    for (auto& agent : m_agents) {
        for (const auto& p : profiles) {
            if (p.id == agent.id) {
                agent.profile = p;
            }
        }
    }
    const int64_t setup_at = day_start_ms(m_first_day) - 20 * kDay + 10 * kHour;
    return m_store.write([&](Database& db) -> core::Result<bool> {
        // 徐静 (tea) was on leave for two months in the middle of the period.
        m_leave_days = std::clamp<int64_t>((m_last_day - m_first_day) / 6, 7, 61);
        m_leave_from = m_first_day + (m_last_day - m_first_day) / 2 - m_leave_days / 2;
        for (const auto& agent : m_agents) {
            if (std::string(agent.phone) == "13905740108") {
                set_leave(db, agent.id,
                          {core::format_shanghai_date(day_start_ms(m_leave_from) + kHour),
                           core::format_shanghai_date(day_start_ms(m_leave_from + m_leave_days - 1) + kHour)});
            }
        }
        for (const auto& village : sim_villages()) {
            auto code = issue_enrollment_code(db, village.code, setup_at, kDay);
            if (!code.ok()) {
                return code.error();
            }
            auto enrolled =
                enroll_kiosk(db, {code->code, std::string("村级服务终端-") + village.name, protocol::kProtocolVersion},
                             setup_at + 30 * kMinute);
            if (!enrolled.ok()) {
                return enrolled.error();
            }
            m_kiosks.push_back({{enrolled->kiosk_id, village.code}, m_random.next(), 0, 0});
        }
        return true;
    });
}

bool Simulation::push(Database& db, size_t kiosk, protocol::OpType type, const json& payload, int64_t at) {
    if (!kiosk_online(kiosk, at)) {
        return false;
    }
    // The kiosk made the op a little before it reached the server.
    const int64_t made = at - m_random.between(2, 90) * 1000;
    json op = {{"op_id", m_ulids.next(made)},
               {"type", protocol::op_type_name(type)},
               {"created_at", made},
               {"payload", payload}};
    auto results = apply_ops(db, m_kiosks[kiosk].identity, json::array({op}), m_policy, at);
    m_activity.seen(m_kiosks[kiosk].identity.kiosk_id, at);
    m_kiosks[kiosk].last_push = at;
    return !results.empty() && results.front().result.status == protocol::OpStatus::Applied;
}

void Simulation::create_request(Database& db, size_t topic_index, size_t kiosk, int64_t at, bool self_dealing) {
    const Topic& topic = topics()[topic_index];
    SimKiosk& k = m_kiosks[kiosk];
    // Regulars come back: a few farmers of each village ask most of the questions.
    const double u = m_random.uniform();
    const size_t farmer = static_cast<size_t>(u * u * kFarmersPerVillage);
    const size_t variant = m_random.next() % topic.descriptions.size();
    std::array<uint8_t, 16> token_bytes{};
    m_random.fill(token_bytes.data(), token_bytes.size());
    SimRequest request;
    request.id = m_ulids.next(at - 60'000);
    request.kiosk = kiosk;
    request.category = topic.category;
    request.crop = topic.crop;
    request.farmer = farmer;
    request.self_dealing = self_dealing;
    json payload = {{"request_id", request.id},
                    {"code", core::make_request_code(k.sequence++, k.code_key)},
                    {"village_code", k.identity.village_code},
                    {"category", topic.category},
                    {"crop", topic.crop},
                    {"symptoms", topic.symptoms[variant % topic.symptoms.size()]},
                    {"description", topic.descriptions[variant]},
                    {"farmer_name", self_dealing ? std::string("刘师傅") : farmer_name(kiosk, farmer)},
                    {"farmer_phone", self_dealing ? std::string("13905740105") : farmer_phone(kiosk, farmer)},
                    {"preferred_time", m_random.pick(kPreferredTimes)},
                    {"status_token", protocol::make_status_token(token_bytes)}};
    if (!push(db, kiosk, protocol::OpType::RequestCreate, payload, at)) {
        return;  // e.g. this farmer already has three open requests
    }
    ++m_report.requests;
    const size_t r = m_requests.size();
    m_requests.push_back(std::move(request));
    schedule(at + kMinute, ActionKind::Step, r);
    schedule(at + 3 * kDay + m_random.between(0, 12) * kHour, ActionKind::ComplaintCheck, r);
    // Questions nobody in the county takes on (category other) are withdrawn after a while; a
    // few farmers withdraw others.
    if (topic.category == std::string("other")) {
        if (at < m_now - 12 * kDay) {  // the last ones are still waiting for the county today
            schedule(at + m_random.between(4, 10) * kDay, ActionKind::Cancel, r);
        }
    } else if (m_random.chance(0.02)) {
        schedule(at + m_random.between(1, 40) * kHour, ActionKind::Cancel, r);
    }
}

void Simulation::plan_pickup(SimRequest& request, size_t r, int64_t at) {
    auto profile = load_request_profile(m_store.reader(), request.id);
    request.attempts.clear();
    request.next_attempt = 0;
    for (const auto& agent : m_agents) {
        if (request.self_dealing && agent.id != m_liu_id) {
            continue;
        }
        const auto& expertise = agent.profile.expertise;
        const bool specialist =
            !request.crop.empty() && std::find(expertise.begin(), expertise.end(), request.crop) != expertise.end();
        const bool generalist = std::find(expertise.begin(), expertise.end(), request.category) != expertise.end();
        bool serves = false;
        for (const auto& prefix : agent.profile.service_prefixes) {
            serves = serves || (profile && profile->village_code.rfind(prefix, 0) == 0);
        }
        if (!serves || (!specialist && !generalist)) {
            continue;
        }
        const Behaviour b = behaviour_of(agent.style);
        int64_t delay = m_random.between(b.claim_min, b.claim_max) * kMinute;
        if (!specialist && !request.crop.empty()) {
            delay += m_random.between(3, 20) * kHour;  // generalists leave it to the specialists first
        }
        request.attempts.emplace_back(at + delay, agent.id);
    }
    std::sort(request.attempts.begin(), request.attempts.end());
    if (request.attempts.empty()) {
        schedule(at + 6 * kHour, ActionKind::Step, r);  // matching may assign it; look again later
        return;
    }
    request.claim_pending = true;
    schedule(request.attempts.front().first, ActionKind::Claim, r);
}

void Simulation::step(Database& db, size_t r, int64_t at) {
    SimRequest& request = m_requests[r];
    auto current = find_request(db, request.id);
    if (!current) {
        return;
    }
    const auto& state = current->state;
    switch (state.status) {
        case RequestStatus::Submitted:
        case RequestStatus::Received:
        case RequestStatus::Reopened:
            // The scheduler offers it in its next round.
            request.visits = 0;
            schedule(at + kTickMs, ActionKind::Step, r);
            return;
        case RequestStatus::Offered:
            if (!request.claim_pending) {
                plan_pickup(request, r, at);
            }
            return;
        case RequestStatus::Claimed: {
            const Behaviour b = behaviour(state.holder);
            if (state.holder == m_liu_id) {
                schedule(working_hours(at + m_random.between(60, 300) * kMinute), ActionKind::Outcome, r, state.holder);
            } else {
                schedule(working_hours(at + m_random.between(b.contact_min, b.contact_max) * kMinute),
                         ActionKind::Contact, r, state.holder);
            }
            return;
        }
        case RequestStatus::Contacted:
            schedule(working_hours(at + kDay), ActionKind::Visit, r, state.holder);
            return;
        case RequestStatus::Visited:
            if (request.visits == 1 && m_random.chance(0.12)) {
                schedule(working_hours(at + m_random.between(24, 96) * kHour), ActionKind::Visit, r, state.holder);
            } else {
                schedule(working_hours(at + m_random.between(1, 30) * kHour), ActionKind::Outcome, r, state.holder);
            }
            return;
        case RequestStatus::Resolved:
        case RequestStatus::PartlyResolved:
        case RequestStatus::Referred:
        case RequestStatus::CannotResolve: {
            const Behaviour b = behaviour(state.holder);
            const double answers = request.self_dealing               ? 1.0
                                   : farmer_is_silent(request.farmer) ? 0.15
                                                                      : std::min(1.0, b.answers * 1.1);
            if (!m_random.chance(answers)) {
                schedule(at + kConfirmationDays * kDay, ActionKind::CloseUnconfirmed, r);
                return;
            }
            if (state.holder == m_liu_id && !request.self_dealing) {
                // His "farmers" confirm in batches, whenever they are: on the last Friday
                // afternoon of the month, a minute or two apart, at the same kiosk.
                int64_t day = last_friday_from(shanghai_day(at) + 1);
                int& sent = m_bursts[{request.kiosk, day}];
                schedule(day_start_ms(day) + 16 * kHour + sent * 90 * 1000, ActionKind::Feedback, r);
                ++sent;
                return;
            }
            const int64_t when = at + m_random.between(12, 6 * 24) * kHour;
            schedule(std::min(when, at + (kConfirmationDays - 1) * kDay), ActionKind::Feedback, r);
            return;
        }
        case RequestStatus::Confirmed:
        case RequestStatus::ClosedUnconfirmed:
        case RequestStatus::Cancelled:
        case RequestStatus::Rejected:
            return;
    }
}

void Simulation::try_claim(Database& db, size_t r, int64_t at) {
    SimRequest& request = m_requests[r];
    request.claim_pending = false;
    auto current = find_request(db, request.id);
    if (!current) {
        return;
    }
    const auto status = current->state.status;
    if (status != RequestStatus::Offered && status != RequestStatus::Received && status != RequestStatus::Reopened) {
        step(db, r, at);  // matching assigned it meanwhile, or the farmer cancelled
        return;
    }
    while (request.next_attempt < request.attempts.size() && request.attempts[request.next_attempt].first <= at) {
        const int64_t agent = request.attempts[request.next_attempt++].second;
        auto claimed = claim_request_for(db, request.id, agent, at, m_matching);
        if (claimed.ok()) {
            step(db, r, at);
            return;
        }
    }
    if (request.next_attempt < request.attempts.size()) {
        request.claim_pending = true;
        schedule(request.attempts[request.next_attempt].first, ActionKind::Claim, r);
    } else {
        // Nobody could take it (full, on leave): matching assigns it when someone has room.
        schedule(at + 6 * kHour, ActionKind::Step, r);
    }
}

void Simulation::contact(Database& db, size_t r, int64_t agent, int64_t at) {
    SimRequest& request = m_requests[r];
    auto current = find_request(db, request.id);
    if (!current || current->state.holder != agent || current->state.status != RequestStatus::Claimed) {
        if (current && lifecycle::is_open(current->state.status)) {
            step(db, r, at);  // the lease ran out and someone else has it now
        }
        return;
    }
    const Behaviour b = behaviour(agent);
    if (m_random.chance(b.declines)) {
        AgentReport report;
        report.kind = m_random.chance(0.5) ? EventKind::Declined : EventKind::Unreachable;
        report.at = at;
        report.note = report.kind == EventKind::Declined ? "不在我的专业范围，请其他特派员处理" : "电话多次无人接听";
        report.data["note"] = report.note;
        if (apply_agent_report(db, request.id, agent, report, at).ok()) {
            step(db, r, at);
        }
        return;
    }
    const int64_t visit_at = working_hours(at + m_random.between(b.visit_min, b.visit_max) * kHour);
    AgentReport report;
    report.kind = EventKind::Contacted;
    report.at = at;
    report.visit_date = core::format_shanghai_date(visit_at);
    if (apply_agent_report(db, request.id, agent, report, at).ok()) {
        schedule(visit_at, ActionKind::Visit, r, agent);
    }
}

void Simulation::visit(Database& db, size_t r, int64_t agent, int64_t at) {
    SimRequest& request = m_requests[r];
    auto current = find_request(db, request.id);
    if (!current || current->state.holder != agent ||
        (current->state.status != RequestStatus::Contacted && current->state.status != RequestStatus::Visited)) {
        if (current && lifecycle::is_open(current->state.status)) {
            step(db, r, at);
        }
        return;
    }
    const Behaviour b = behaviour(agent);
    const double u = m_random.uniform();
    const std::string method = u < b.onsite ? "onsite" : u < b.onsite + b.phone ? "phone" : "video";
    static const std::map<std::string, std::string> kSummaries = {
        {"onsite", "到田间地头查看，现场讲解防治方法并留下用药建议"},
        {"phone", "电话询问情况，讲解处理办法，约定有问题再联系"},
        {"video", "视频查看现场情况，指导农户处理"},
    };
    AgentReport report;
    report.kind = EventKind::Visited;
    report.at = at;
    report.visit_date = core::format_shanghai_date(at);
    report.visit_method = method;
    report.visit_summary = kSummaries.at(method);
    report.follow_up = request.visits > 0;
    report.data["visit"] = {{"date", *report.visit_date}, {"method", method}};
    if (apply_agent_report(db, request.id, agent, report, at).ok()) {
        ++request.visits;
        ++m_report.visits;
        step(db, r, at);
    }
}

void Simulation::outcome(Database& db, size_t r, int64_t agent, int64_t at) {
    SimRequest& request = m_requests[r];
    auto current = find_request(db, request.id);
    if (!current || current->state.holder != agent || !lifecycle::is_held(current->state.status)) {
        if (current && lifecycle::is_open(current->state.status)) {
            step(db, r, at);
        }
        return;
    }
    const Behaviour b = behaviour(agent);
    const double u = m_random.uniform();
    AgentReport report;
    report.at = at;
    if (u < b.resolved) {
        report.kind = EventKind::Resolved;
        report.note = "已指导处理，问题解决";
    } else if (u < b.resolved + b.partly) {
        report.kind = EventKind::PartlyResolved;
        report.note = "情况好转，还需继续观察";
    } else if (u < b.resolved + b.partly + b.referred) {
        report.kind = EventKind::Referred;
        report.note = "需要化验，已转给专业机构";
        report.data["to"] = "宁波市农业科学研究院";
    } else {
        report.kind = EventKind::CannotResolve;
        report.note = "损失已经造成，无法挽回";
    }
    report.data["note"] = report.note;
    if (apply_agent_report(db, request.id, agent, report, at).ok()) {
        ++m_report.outcomes;
        step(db, r, at);
    }
}

void Simulation::feedback(Database& db, size_t r, int64_t at) {
    SimRequest& request = m_requests[r];
    auto current = find_request(db, request.id);
    if (!current || !lifecycle::awaits_confirmation(current->state.status)) {
        return;
    }
    const Behaviour b = behaviour(current->state.holder);
    const bool partly = current->state.status == RequestStatus::PartlyResolved;
    const bool solved = request.self_dealing || m_random.chance(partly ? b.solved * 0.8 : b.solved);
    std::string outcome = solved ? (partly ? "partly" : "solved") : "not_solved";
    int rating = solved ? static_cast<int>(m_random.between(b.rating_low, b.rating_high))
                        : static_cast<int>(m_random.between(1, 2));
    if (request.self_dealing) {
        rating = 5;
    }
    std::string comment = solved ? (rating == 5 ? "特派员很负责，谢谢！" : "问题解决了") : "还是老样子，没解决";
    json payload = {{"request_id", request.id}, {"outcome", outcome}, {"rating", rating}, {"comment", comment}};
    if (push(db, request.kiosk, protocol::OpType::FeedbackCreate, payload, at)) {
        ++m_report.feedback;
        step(db, r, at);  // a reopened request goes back to matching
    }
}

void Simulation::complaint_check(Database& db, size_t r, int64_t at) {
    SimRequest& request = m_requests[r];
    auto current = find_request(db, request.id);
    if (!current || !lifecycle::is_open(current->state.status) || ++request.complaint_checks > 2) {
        return;
    }
    // 催办: nobody has come yet (or the visit is long overdue).
    const auto status = current->state.status;
    const bool waiting = status != RequestStatus::Visited;
    const bool slow_holder = current->state.holder != 0 && behaviour(current->state.holder).claim_min >= 300;
    if (waiting && m_random.chance(slow_holder ? 0.8 : 0.45)) {
        json payload = {{"request_id", request.id},
                        {"outcome", "not_solved"},
                        {"rating", m_random.between(1, 2)},
                        {"comment", "好几天了还没人来，麻烦催一下"}};
        if (push(db, request.kiosk, protocol::OpType::FeedbackCreate, payload, at)) {
            ++m_report.feedback;
        }
    }
    schedule(at + 4 * kDay, ActionKind::ComplaintCheck, r);
}

void Simulation::run_action(Database& db, const Action& action) {
    SimRequest& request = m_requests[action.request];
    switch (action.kind) {
        case ActionKind::Step:
            step(db, action.request, action.at);
            return;
        case ActionKind::Claim:
            try_claim(db, action.request, action.at);
            return;
        case ActionKind::Contact:
            contact(db, action.request, action.agent, action.at);
            return;
        case ActionKind::Visit:
            visit(db, action.request, action.agent, action.at);
            return;
        case ActionKind::Outcome:
            outcome(db, action.request, action.agent, action.at);
            return;
        case ActionKind::Feedback:
            feedback(db, action.request, action.at);
            return;
        case ActionKind::CloseUnconfirmed: {
            auto current = find_request(db, request.id);
            if (current && lifecycle::awaits_confirmation(current->state.status)) {
                EventInput closed{{EventKind::ClosedUnconfirmed, lifecycle::Actor::System, 0},
                                  "",
                                  std::nullopt,
                                  "confirmation_timeout",
                                  {{"days", kConfirmationDays}},
                                  std::nullopt};
                (void)append_event(db, request.id, closed, action.at);
            }
            return;
        }
        case ActionKind::ComplaintCheck:
            complaint_check(db, action.request, action.at);
            return;
        case ActionKind::Cancel: {
            auto current = find_request(db, request.id);
            if (current && lifecycle::is_open(current->state.status) &&
                !lifecycle::awaits_confirmation(current->state.status)) {
                push(db, request.kiosk, protocol::OpType::RequestCancel,
                     {{"request_id", request.id}, {"reason", "问题已自己解决，不用来了"}}, action.at);
            }
            return;
        }
    }
}

// The day's requests, trainings and the kiosks' usage reports of the day before, at their times.
void Simulation::plan_day(int64_t day) {
    const int64_t start = day_start_ms(day);
    const int month = core::civil_from_days(day).month;
    const bool sunday = day % 7 == 3;  // 1970-01-01 was a Thursday
    m_items.clear();
    m_next_item = 0;
    for (size_t t = 0; t < topics().size(); ++t) {
        const Topic& topic = topics()[t];
        const double mean = topic.per_day[static_cast<size_t>(month - 1)] * (sunday ? 0.7 : 1.0);
        const int count = mean > 0 ? m_random.poisson(mean) : 0;
        for (int i = 0; i < count; ++i) {
            const size_t kiosk = m_random.pick(topic.villages);
            if (!m_random.chance(sim_villages()[kiosk].activity)) {
                continue;
            }
            // Mostly mornings: farmers pass the kiosk on the way to the fields.
            const double u = m_random.uniform();
            const int64_t at =
                start + 7 * kHour + static_cast<int64_t>(std::pow(u, 1.4) * 13 * kHour) + m_random.between(0, 59'999);
            m_items.push_back({at, DayItem::Kind::Request, t, kiosk, 0});
        }
    }
    if (day == m_self_dealing_day) {
        // The agent who resolves without visiting registers a request with his own phone number,
        // claims it and has it confirmed: the own_phone flag.
        for (size_t t = 0; t < topics().size(); ++t) {
            if (topics()[t].category == std::string("machinery")) {
                m_items.push_back({start + 9 * kHour + 17 * kMinute, DayItem::Kind::SelfDealing, t, 5, 0});
            }
        }
    }
    if (day >= m_last_day - 9 && (m_last_day - day) % 2 == 1) {
        // Fish-pond questions for the slow agent in the last days, so that today's dashboard has
        // overdue requests and complaints to show whatever the season.
        for (size_t t = 0; t < topics().size(); ++t) {
            if (topics()[t].crop == std::string("草鱼")) {
                m_items.push_back({start + 8 * kHour + 40 * kMinute, DayItem::Kind::Request, t, 1, 0});
            }
        }
    }
    const bool weekend = day % 7 == 2 || sunday;
    for (const auto& agent : m_agents) {
        const bool on_leave =
            agent.phone == std::string("13905740108") && day >= m_leave_from && day < m_leave_from + m_leave_days;
        if (on_leave || weekend || !m_random.chance(agent.trainings_per_year / 250.0)) {
            continue;
        }
        m_items.push_back(
            {start + 14 * kHour + m_random.between(0, 90) * kMinute, DayItem::Kind::Training, 0, 0, agent.id});
    }
    if (day > m_first_day) {
        for (size_t k = 0; k < m_kiosks.size(); ++k) {
            m_items.push_back({start + 5 * kMinute + static_cast<int64_t>(k) * 37'000, DayItem::Kind::Usage, 0, k, 0});
        }
    }
    std::sort(m_items.begin(), m_items.end(), [](const DayItem& a, const DayItem& b) { return a.at < b.at; });
}

void Simulation::record_usage(Database& db, size_t kiosk, int64_t at) {
    const int64_t period_start = day_start_ms(shanghai_day(at) - 1);
    const int month = month_of(period_start);
    const double activity = sim_villages()[kiosk].activity;
    json articles = json::array();
    for (const auto& article : article_seasons()) {
        const bool in_season = std::find(article.months.begin(), article.months.end(), month) != article.months.end();
        const double mean = (article.months.empty() ? 0.5 : in_season ? 1.6 : 0.12) * activity;
        const int views = m_random.poisson(mean);
        if (views > 0) {
            articles.push_back({{"article_id", article.id}, {"views", views}});
        }
    }
    json payload = {{"period_start", period_start}, {"period_end", period_start + kDay - 1}, {"articles", articles}};
    if (push(db, kiosk, protocol::OpType::UsageReport, payload, at)) {
        ++m_report.usage_reports;
    }
}

void Simulation::record_training_day(Database& db, int64_t agent_id, int64_t at) {
    const SimAgent* agent = agent_by_id(agent_id);
    std::vector<size_t> villages;
    for (size_t k = 0; k < sim_villages().size(); ++k) {
        for (const auto& prefix : agent->profile.service_prefixes) {
            if (std::string(sim_villages()[k].code).rfind(prefix, 0) == 0) {
                villages.push_back(k);
                break;
            }
        }
    }
    if (villages.empty()) {
        return;
    }
    const size_t village = m_random.pick(villages);
    auto session = validate_training(db, sim_villages()[village].code, m_random.pick(agent->training_topics),
                                     core::format_shanghai_date(at),
                                     m_random.between(agent->attendees_low, agent->attendees_high));
    if (session.ok()) {
        record_training(db, agent_id, *session, at + 4 * kHour);  // written up in the evening
        ++m_report.trainings;
    }
}

void Simulation::run_until(int64_t until) {
    const bool items_due = m_next_item < m_items.size() && m_items[m_next_item].at < until;
    const bool actions_due = !m_queue.empty() && m_queue.top().at < until;
    if (!items_due && !actions_due) {
        return;
    }
    m_store.write([&](Database& db) {
        while (true) {
            const bool item = m_next_item < m_items.size() && m_items[m_next_item].at < until;
            const bool action = !m_queue.empty() && m_queue.top().at < until;
            if (!item && !action) {
                return;
            }
            if (item && (!action || m_items[m_next_item].at <= m_queue.top().at)) {
                const DayItem next = m_items[m_next_item++];
                switch (next.kind) {
                    case DayItem::Kind::Request:
                    case DayItem::Kind::SelfDealing:
                        create_request(db, next.topic, next.kiosk, next.at, next.kind == DayItem::Kind::SelfDealing);
                        break;
                    case DayItem::Kind::Training:
                        record_training_day(db, next.agent, next.at);
                        break;
                    case DayItem::Kind::Usage:
                        record_usage(db, next.kiosk, next.at);
                        break;
                }
                continue;
            }
            const Action next = m_queue.top();
            m_queue.pop();
            run_action(db, next);
        }
    });
}

// The notifier would have delivered the day's notifications and the agents read them; only the
// last days' stay unread, as on a live system.
void Simulation::deliver_notifications(int64_t day_end) {
    m_store.write([&](Database& db) {
        for (const auto& n : due_notifications(db, day_end, 100'000)) {
            record_delivery(db, n.id, std::min(n.created_at + 3'000, day_end));
        }
        if (day_end < m_now - 2 * kDay) {
            for (int64_t user : m_readers) {
                mark_notifications_read(db, user, 0, day_end);
            }
        }
    });
}

core::Result<DemoHistoryReport> Simulation::run() {
    auto ready = set_up();
    if (!ready.ok()) {
        return ready.error();
    }
    m_report.kiosks = static_cast<int64_t>(m_kiosks.size());
    for (int64_t day = m_first_day; day <= m_last_day; ++day) {
        plan_day(day);
        const int64_t day_end = std::min(day_start_ms(day + 1), m_now);
        for (int64_t tick = day_start_ms(day) + kTickMs;; tick += kTickMs) {
            const int64_t until = std::min(tick, day_end);
            run_until(until);
            // The server retries the assignment of overdue requests every quarter hour; once an
            // hour is enough here (every round reloads all agents).
            run_matching_tick(m_store, m_matching, until, m_report.matching_rounds % 4 == 0);
            ++m_report.matching_rounds;
            if (until >= day_end) {
                break;
            }
        }
        deliver_notifications(day_end);
    }
    run_until(m_now + 1);
    m_activity.flush(m_store);
    return m_report;
}

}  // namespace

core::Result<DemoHistoryReport> simulate_demo_history(const std::string& db_path, int64_t now_ms, int days) {
    DemoHistoryReport report;
    if (days < 0 || days > kMaxDemoHistoryDays) {
        return core::field_error("history-days", "history days must be 0 to " + std::to_string(kMaxDemoHistoryDays));
    }
    if (days == 0) {
        return report;
    }
    try {
        // The history can simply be simulated again after a crash: commits need not wait for the disk.
        Store store(db_path, Durability::Deferred);
        if (region_has_requests(store.reader(), "330281")) {
            report.skipped = true;
            return report;
        }
        Simulation simulation(store, now_ms, days);
        return simulation.run();
    } catch (const std::exception& e) {
        return core::Error{"demo_failed", std::string("demo history: ") + e.what(), ""};
    }
}

}  // namespace xiangke::backend
