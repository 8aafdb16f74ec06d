#include "xiangke/core/matching.h"

#include <gtest/gtest.h>

using namespace xiangke::core::matching;

namespace {

constexpr int64_t kToday = 20'000;

AgentProfile rice_agent() {
    AgentProfile a;
    a.id = 7;
    a.home_region = "330281106";  // a township of 余姚市
    a.expertise = {"水稻", "pest_disease"};
    a.service_prefixes = {"330281"};
    a.capacity = 5;
    return a;
}

RequestProfile rice_request(const std::string& village = "330281106201") {
    return {"R1", village, "planting", "水稻", std::nullopt};
}

const Factor& factor(const Score& s, const std::string& name) {
    for (const auto& f : s.factors) {
        if (f.name == name) {
            return f;
        }
    }
    static const Factor kMissing{"missing", -1, 0, ""};
    return kMissing;
}

TEST(Eligibility, AllHardConstraintsHold) {
    EXPECT_EQ(check_eligibility(rice_agent(), rice_request(), kToday), Ineligibility::None);
}

TEST(Eligibility, EachConstraintRefusesOnItsOwn) {
    auto inactive = rice_agent();
    inactive.active = false;
    EXPECT_EQ(check_eligibility(inactive, rice_request(), kToday), Ineligibility::Inactive);

    auto away = rice_agent();
    away.leave = {{kToday - 1, kToday + 2}};
    EXPECT_EQ(check_eligibility(away, rice_request(), kToday), Ineligibility::OnLeave);
    EXPECT_EQ(check_eligibility(away, rice_request(), kToday + 3), Ineligibility::None) << "leave ended";
    EXPECT_EQ(check_eligibility(away, rice_request(), kToday + 2), Ineligibility::OnLeave) << "last day inclusive";

    EXPECT_EQ(check_eligibility(rice_agent(), rice_request("330282002002"), kToday), Ineligibility::OutsideServiceArea);

    RequestProfile pigs{"R2", "330281106201", "livestock", "生猪", std::nullopt};
    EXPECT_EQ(check_eligibility(rice_agent(), pigs, kToday), Ineligibility::NoMatchingExpertise);

    auto full = rice_agent();
    full.held = 5;
    EXPECT_EQ(check_eligibility(full, rice_request(), kToday), Ineligibility::AtCapacity);
    EXPECT_EQ(ineligibility_code(Ineligibility::AtCapacity), "at_capacity");
}

TEST(Eligibility, ExpertiseByCategoryCodeOrCropName) {
    auto agent = rice_agent();
    agent.expertise = {"pest_disease"};
    RequestProfile pest{"R3", "330281106201", "pest_disease", "番茄", std::nullopt};
    EXPECT_EQ(check_eligibility(agent, pest, kToday), Ineligibility::None) << "category code covers every crop";
    agent.expertise = {"番茄"};
    EXPECT_EQ(check_eligibility(agent, pest, kToday), Ineligibility::None) << "crop name covers every category";
    RequestProfile no_crop{"R4", "330281106201", "health", "", std::nullopt};
    agent.expertise = {""};
    EXPECT_EQ(check_eligibility(agent, no_crop, kToday), Ineligibility::NoMatchingExpertise)
        << "an empty crop never matches an empty tag";
}

TEST(Eligibility, ServiceAreaIsARegionCodePrefix) {
    auto agent = rice_agent();
    agent.service_prefixes = {"330281106"};  // one township
    EXPECT_TRUE(serves_village(agent, "330281106201"));
    EXPECT_FALSE(serves_village(agent, "330281107201"));
    agent.service_prefixes = {"33"};
    EXPECT_TRUE(serves_village(agent, "330282002002"));
}

TEST(Scoring, EveryScoreExplainsItselfWithLabels) {
    auto agent = rice_agent();
    agent.held = 2;
    agent.ratings_count = 20;
    agent.ratings_sum = 20 * 4.8;
    agent.recent_pickups = 3;
    Score s = score(agent, rice_request(), ScoringConfig{}, "种植");
    EXPECT_EQ(factor(s, "expertise").label, "擅长水稻");
    EXPECT_DOUBLE_EQ(factor(s, "expertise").value, 1.0);
    EXPECT_EQ(factor(s, "proximity").label, "同乡镇");
    EXPECT_EQ(factor(s, "load").label, "在办2件");
    EXPECT_DOUBLE_EQ(factor(s, "load").value, 0.6);
    EXPECT_EQ(factor(s, "rating").label, "评价4.6");  // (5 * 4.0 + 96) / 25 = 4.64
    EXPECT_EQ(factor(s, "spread").label, "近期接单3件");
    EXPECT_EQ(factor(s, "distance").name, "missing") << "no coordinates, no distance factor";
    double total = 0;
    for (const auto& f : s.factors) {
        EXPECT_GE(f.value, 0.0);
        EXPECT_LE(f.value, 1.0);
        total += f.value * f.weight;
    }
    EXPECT_DOUBLE_EQ(s.total, total);
}

TEST(Scoring, CropExpertiseBeatsCategoryExpertise) {
    auto specialist = rice_agent();
    auto generalist = rice_agent();
    generalist.expertise = {"planting"};
    Score a = score(specialist, rice_request(), ScoringConfig{}, "种植");
    Score b = score(generalist, rice_request(), ScoringConfig{}, "种植");
    EXPECT_GT(a.total, b.total);
    EXPECT_EQ(factor(b, "expertise").label, "擅长种植");
}

TEST(Scoring, ProximityOrdersVillageTownshipCountyCity) {
    auto agent = rice_agent();
    auto at = [&](const std::string& home) {
        agent.home_region = home;
        return factor(score(agent, rice_request(), ScoringConfig{}), "proximity");
    };
    Factor village = at("330281106201");
    Factor township = at("330281106");
    Factor county = at("330281");
    Factor city = at("330203");
    Factor elsewhere = at("110101");
    EXPECT_EQ(village.label, "同村");
    EXPECT_EQ(county.label, "同县");
    EXPECT_EQ(city.label, "同市");
    EXPECT_EQ(elsewhere.label, "外地");
    EXPECT_GT(village.value, township.value);
    EXPECT_GT(township.value, county.value);
    EXPECT_GT(county.value, city.value);
    EXPECT_GT(city.value, elsewhere.value);
}

TEST(Scoring, DistanceCountsWhenBothPlacesHaveCoordinates) {
    auto agent = rice_agent();
    agent.location = GeoPoint{30.0, 121.0};
    auto near = rice_request();
    near.location = GeoPoint{30.02, 121.0};  // about 2.2 km north
    auto far = rice_request();
    far.location = GeoPoint{30.5, 121.0};  // about 56 km
    Score a = score(agent, near, ScoringConfig{});
    Score b = score(agent, far, ScoringConfig{});
    ASSERT_TRUE(a.distance_km.has_value());
    EXPECT_NEAR(*a.distance_km, 2.22, 0.05);
    EXPECT_EQ(factor(a, "distance").label, "距离2.2公里");
    EXPECT_EQ(factor(b, "distance").label, "距离56公里");
    EXPECT_GT(a.total, b.total);
}

TEST(Scoring, RatingsOfSmallSamplesShrinkTowardTheMean) {
    ScoringConfig config;  // prior mean 4.0 with the weight of 5 ratings
    auto one_star_once = rice_agent();
    one_star_once.ratings_count = 1;
    one_star_once.ratings_sum = 1;
    auto one_star_often = rice_agent();
    one_star_often.ratings_count = 100;
    one_star_often.ratings_sum = 100;
    EXPECT_DOUBLE_EQ(shrunk_rating(one_star_once, config), 3.5);
    EXPECT_LT(shrunk_rating(one_star_often, config), 1.2);
    EXPECT_DOUBLE_EQ(shrunk_rating(rice_agent(), config), 4.0) << "no ratings: the mean";
    EXPECT_EQ(factor(score(rice_agent(), rice_request(), config), "rating").label, "暂无评价");
}

TEST(Scoring, LoadAndRecentPickupsSpreadWork) {
    auto idle = rice_agent();
    auto busy = rice_agent();
    busy.held = 4;
    busy.recent_pickups = 12;
    EXPECT_GT(score(idle, rice_request(), ScoringConfig{}).total, score(busy, rice_request(), ScoringConfig{}).total);
}

TEST(Scoring, WeightsComeFromTheConfig) {
    ScoringConfig config;
    config.weights = {0, 0, 0, 0, 0, 2.0};
    Score s = score(rice_agent(), rice_request(), config);
    EXPECT_DOUBLE_EQ(s.total, 2.0) << "only spread counts, and nobody has recent pickups";
}

TEST(AgentIndex, FindsAgentsByEveryPrefixLengthOnce) {
    std::vector<AgentProfile> agents(4);
    agents[0].service_prefixes = {"330281"};
    agents[1].service_prefixes = {"330281106", "330281"};
    agents[2].service_prefixes = {"330282"};
    agents[3].service_prefixes = {"33"};
    AgentIndex index(agents);
    EXPECT_EQ(index.serving("330281106201"), (std::vector<size_t>{0, 1, 3}));
    EXPECT_EQ(index.serving("330282002002"), (std::vector<size_t>{2, 3}));
    EXPECT_TRUE(index.serving("110101001001").empty());
}

TEST(Distance, GreatCircle) {
    // Ningbo to Hangzhou, about 145 km.
    EXPECT_NEAR(distance_km({29.87, 121.54}, {30.27, 120.15}), 142, 5);
    EXPECT_DOUBLE_EQ(distance_km({30, 120}, {30, 120}), 0);
}

}  // namespace
