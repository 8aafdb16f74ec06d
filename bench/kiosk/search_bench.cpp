// Search over a generated corpus of 1,000 articles (issue target: at most 20 ms per search).
// Run: build/bench/kiosk/kiosk_search_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "services/content_service.h"

using namespace xiangke::kiosk;

namespace {

// Sentences drawn from real article vocabulary so trigram statistics resemble the corpus.
const char* kPhrases[] = {"稻瘟病在阴雨天容易流行", "防治要抓住破口期", "褐飞虱聚集在稻丛基部", "二化螟造成枯心和白穗",
                          "纹枯病从叶鞘开始发病", "杨梅采收前要防果蝇", "柑橘黄龙病没有办法治好", "茶园使用色板诱杀害虫",
                          "南美白对虾要管好水质", "非洲猪瘟没有批准的疫苗", "农药要按标签用量使用", "空农药瓶要交回回收点",
                          "地震时要伏地遮挡手抓牢", "台风来前要加固房屋", "夏天劳动要防中暑", "接到96110电话要接听",
                          "测土配方施肥能节省成本", "秸秆还田要配合腐熟剂", "微耕机倒车要当心", "家庭作坊要注意卫生"};

std::unique_ptr<ContentService> make_corpus(const std::filesystem::path& dir, int articles) {
    auto service = ContentService::open(dir / "bench.db").value();
    std::mt19937 rng(42);
    ContentSnapshot snapshot;
    snapshot.version = 1;
    snapshot.topics = {{"rice", "水稻病虫害", "rice"}};
    for (int i = 0; i < articles; ++i) {
        Article a;
        a.id = "article-" + std::to_string(i);
        a.title = std::string(kPhrases[rng() % 20]).substr(0, 18) + std::to_string(i);
        a.topic = "rice";
        a.summary = kPhrases[rng() % 20];
        for (int p = 0; p < 40; ++p) {  // about 500 characters of body
            a.body_markdown += kPhrases[rng() % 20];
            a.body_markdown += (p % 5 == 4) ? "。\n\n" : "，";
        }
        snapshot.articles.push_back(std::move(a));
    }
    if (!service->activate(snapshot, 0).ok()) {
        std::abort();
    }
    return service;
}

ContentService& corpus() {
    static std::filesystem::path dir = std::filesystem::temp_directory_path() / "xiangke-search-bench";
    static std::unique_ptr<ContentService> service = [] {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        return make_corpus(dir, 1000);
    }();
    return *service;
}

void search(benchmark::State& state, const char* query) {
    ContentService& service = corpus();
    size_t hits = 0;
    for (auto _ : state) {
        hits = service.search(query).size();
        benchmark::DoNotOptimize(hits);
    }
    state.counters["hits"] = static_cast<double>(hits);
}

}  // namespace

BENCHMARK_CAPTURE(search, trigram_3_chars_稻瘟病, "稻瘟病")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(search, trigram_phrase, "伏地遮挡手抓牢")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(search, short_2_chars_防治, "防治")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(search, short_1_char_螟, "螟")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(search, no_match, "拖拉机翻车")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
