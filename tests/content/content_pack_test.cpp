// core/content_pack and core/content_index: the pure checks a kiosk runs on every manifest.
#include "xiangke/core/content_pack.h"

#include <gtest/gtest.h>

#include "xiangke/core/content_index.h"

using namespace xiangke::core;

namespace {

constexpr int64_t kDay = int64_t{24} * 3600 * 1000;
constexpr int64_t kCreated = 1767225600000;  // 2026-01-01T00:00:00Z

std::string hash_of(char c) {
    return std::string(64, c);
}

PackManifest sample(int64_t version = 3) {
    PackManifest m;
    m.version = version;
    m.created_ms = kCreated;
    m.expires_ms = kCreated + 365 * kDay;
    m.files = {{"articles/rice/rice-blast.md", 10, hash_of('a')},
               {"index.json", 20, hash_of('b')},
               {"media/x.png", 30, hash_of('c')}};
    return m;
}

}  // namespace

TEST(PackPath, AcceptsPlainRelativePaths) {
    for (const char* path : {"index.json", "articles/rice/rice-blast.md", "media/a_b-C.9.png", "a/b/c/d"}) {
        EXPECT_TRUE(is_safe_pack_path(path)) << path;
    }
}

TEST(PackPath, RefusesTraversalAndTricks) {
    const std::pair<std::string, const char*> cases[] = {
        {"", "is empty"},
        {"/etc/passwd", "is absolute"},
        {"../etc/passwd", "contains '..'"},
        {"articles/../../x", "contains '..'"},
        {"a/..", "contains '..'"},
        {"a\\..\\b", "backslash"},
        {std::string("a\0b", 3), "NUL"},
        {"a//b", "empty segment"},
        {"a/", "empty segment"},
        {"./a", "starting with '.'"},
        {"a/.hidden", "starting with '.'"},
        {"a b", "outside [A-Za-z0-9._/-]"},
        {"C:x", "outside [A-Za-z0-9._/-]"},
        {"稻.md", "outside [A-Za-z0-9._/-]"},
        {"a\nb", "outside [A-Za-z0-9._/-]"},
        {std::string(256, 'a'), "longer than 255"},
    };
    for (const auto& [path, reason] : cases) {
        auto problem = pack_path_problem(path);
        ASSERT_TRUE(problem.has_value()) << path;
        EXPECT_NE(problem->find(reason), std::string::npos) << path << ": " << *problem;
    }
}

TEST(PackManifestCodec, CanonicalBytes) {
    PackManifest m;
    m.version = 2;
    m.created_ms = 1000;
    m.expires_ms = 2000;
    m.files = {{"a.json", 5, hash_of('0')}};
    EXPECT_EQ(encode_manifest(m), "{\"created\":1000,\"expires\":2000,\"files\":[{\"path\":\"a.json\",\"sha256\":\"" +
                                      hash_of('0') + "\",\"size\":5}],\"format\":1,\"version\":2}");
}

TEST(PackManifestCodec, RoundTrip) {
    PackManifest m = sample();
    auto decoded = decode_manifest(encode_manifest(m));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->version, 3);
    EXPECT_EQ(decoded->created_ms, kCreated);
    EXPECT_EQ(decoded->expires_ms, m.expires_ms);
    EXPECT_EQ(decoded->files, m.files);
}

TEST(PackManifestCodec, AcceptsOnlyCanonicalText) {
    std::string canonical = encode_manifest(sample());
    std::string spaced = canonical;
    spaced.insert(1, " ");
    EXPECT_FALSE(decode_manifest(spaced).ok());
    EXPECT_FALSE(decode_manifest(canonical + "\n").ok());
    std::string extra = "{\"a\":1," + canonical.substr(1);
    EXPECT_FALSE(decode_manifest(extra).ok());  // unknown field
    std::string duplicate = canonical.substr(0, canonical.size() - 1) + ",\"version\":9}";
    EXPECT_FALSE(decode_manifest(duplicate).ok());
    std::string fraction = canonical;
    fraction.replace(fraction.find("\"version\":3"), 11, "\"version\":3.0");
    EXPECT_FALSE(decode_manifest(fraction).ok());
    EXPECT_FALSE(decode_manifest("[]").ok());
    EXPECT_FALSE(decode_manifest("not json").ok());
    EXPECT_FALSE(decode_manifest(std::string(kMaxManifestBytes + 1, ' ')).ok());
}

TEST(PackManifestCodec, RefusesUnsafeOrOversizeEntries) {
    PackManifest m = sample();
    m.files.insert(m.files.begin(), {"../../etc/cron.d/x", 1, hash_of('d')});
    auto traversal = decode_manifest(encode_manifest(m));
    ASSERT_FALSE(traversal.ok());
    EXPECT_EQ(traversal.error().code, "unsafe_path");
    EXPECT_EQ(traversal.error().field, "files[0].path");

    m = sample();
    m.files[1].size = kMaxPackFileBytes + 1;
    auto big = validate_manifest(m);
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error().code, "too_large");
    EXPECT_EQ(big.error().field, "files[1].size");

    m = sample();
    for (auto& file : m.files) {
        file.size = kMaxPackFileBytes;
    }
    for (int i = 0; i < 20; ++i) {
        m.files.push_back({"z/" + std::to_string(100 + i), kMaxPackFileBytes, hash_of('e')});
    }
    auto total = validate_manifest(m);
    ASSERT_FALSE(total.ok());
    EXPECT_EQ(total.error().field, "files");
}

TEST(PackManifestCodec, StructuralRules) {
    auto fails = [](PackManifest m, const std::string& field) {
        auto r = validate_manifest(m);
        return !r.ok() && r.error().field == field;
    };
    PackManifest m = sample();
    m.format = 2;
    EXPECT_TRUE(fails(m, "format"));
    m = sample(0);
    EXPECT_TRUE(fails(m, "version"));
    m = sample(kMaxPackVersion + 1);
    EXPECT_TRUE(fails(m, "version"));
    m = sample();
    m.expires_ms = m.created_ms;
    EXPECT_TRUE(fails(m, "expires"));
    m = sample();
    std::swap(m.files[0], m.files[1]);
    EXPECT_TRUE(fails(m, "files[1].path"));
    m = sample();
    m.files[1].path = m.files[0].path;
    EXPECT_TRUE(fails(m, "files[1].path"));
    m = sample();
    m.files[2].sha256 = std::string(64, 'A');
    EXPECT_TRUE(fails(m, "files[2].sha256"));
    EXPECT_TRUE(validate_manifest(sample()).ok());
}

TEST(PackUpdateCheck, FirstPackAndNewerVersionInstall) {
    PackManifest next = sample(4);
    auto first = check_manifest_update(next, nullptr, kCreated + kDay, 0);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(*first, PackUpdateDecision::Install);
    PackManifest installed = sample(3);
    auto newer = check_manifest_update(next, &installed, kCreated + kDay, kCreated);
    ASSERT_TRUE(newer.ok());
    EXPECT_EQ(*newer, PackUpdateDecision::Install);
}

TEST(PackUpdateCheck, RefusesRollback) {
    PackManifest installed = sample(5);
    auto older = check_manifest_update(sample(4), &installed, kCreated + kDay, kCreated);
    ASSERT_FALSE(older.ok());
    EXPECT_EQ(older.error().code, "rollback");
}

TEST(PackUpdateCheck, SameVersionIsUpToDateOnlyWithTheSameContent) {
    PackManifest installed = sample(5);
    auto same = check_manifest_update(sample(5), &installed, kCreated + kDay, kCreated);
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(*same, PackUpdateDecision::UpToDate);
    PackManifest changed = sample(5);
    changed.files[0].sha256 = hash_of('f');
    auto reused = check_manifest_update(changed, &installed, kCreated + kDay, kCreated);
    ASSERT_FALSE(reused.ok());
    EXPECT_EQ(reused.error().code, "version_reused");
}

TEST(PackUpdateCheck, RefusesExpiredManifestByClock) {
    PackManifest m = sample();
    auto expired = check_manifest_update(m, nullptr, m.expires_ms, 0);
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.error().code, "expired");
    EXPECT_TRUE(check_manifest_update(m, nullptr, m.expires_ms - 1, 0).ok());
}

TEST(PackUpdateCheck, WrongClockCannotReviveAnExpiredManifest) {
    // The kiosk has no real-time clock: after a power cut it believes it is 2000-01-01. It once
    // trusted a time after this manifest's expiry, so the manifest stays refused.
    PackManifest m = sample();
    const int64_t clock_reset_to_2000 = 946684800000;
    auto refused = check_manifest_update(m, nullptr, clock_reset_to_2000, m.expires_ms + kDay);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "expired");
    // A clock running behind does not refuse a manifest that is still valid by trusted time.
    auto fine = check_manifest_update(m, nullptr, clock_reset_to_2000, kCreated);
    ASSERT_TRUE(fine.ok());
    EXPECT_EQ(trusted_now_ms(clock_reset_to_2000, kCreated), kCreated);
}

TEST(PackUpdateCheck, TrustedTimeOnlyMovesForward) {
    PackManifest m = sample();
    EXPECT_EQ(advance_trusted_time(0, m), kCreated);
    EXPECT_EQ(advance_trusted_time(kCreated + kDay, m), kCreated + kDay);
}

TEST(PackUpdatePlanTest, FetchesOnlyMissingContentOnce) {
    PackManifest installed = sample(3);
    PackManifest next = sample(4);
    next.files = {{"articles/rice/rice-blast.md", 10, hash_of('a')},  // unchanged
                  {"articles/rice/rice-new.md", 11, hash_of('1')},    // new
                  {"index.json", 21, hash_of('2')},                   // changed
                  {"media/copy.png", 11, hash_of('1')},               // same bytes as the new article
                  {"media/moved.png", 30, hash_of('c')}};             // x.png renamed
    PackUpdatePlan plan = plan_pack_update(&installed, next);
    ASSERT_EQ(plan.fetch.size(), 2u);
    EXPECT_EQ(plan.fetch[0].path, "articles/rice/rice-new.md");
    EXPECT_EQ(plan.fetch[1].path, "index.json");
    EXPECT_EQ(plan.fetch_bytes, 32u);
    ASSERT_EQ(plan.reuse.size(), 2u);
    EXPECT_EQ(plan.reuse[1].path, "media/moved.png");
    EXPECT_EQ(plan.obsolete, std::vector<std::string>{"media/x.png"});

    PackUpdatePlan fresh = plan_pack_update(nullptr, installed);
    EXPECT_EQ(fresh.fetch.size(), 3u);
    EXPECT_EQ(fresh.fetch_bytes, 60u);
    EXPECT_TRUE(fresh.reuse.empty());
    EXPECT_TRUE(fresh.obsolete.empty());

    PackUpdatePlan none = plan_pack_update(&installed, installed);
    EXPECT_TRUE(none.fetch.empty());
    EXPECT_EQ(none.reuse.size(), 3u);
}

TEST(PackIndexCodec, RoundTripAndChecks) {
    PackIndex index;
    index.version = 7;
    PackArticle a;
    a.id = "rice-blast";
    a.title = "稻瘟病";
    a.topic = "rice";
    a.tags = {"水稻"};
    a.crops = {"水稻"};
    a.season = "全年";
    a.audience = "种粮户";
    a.summary = "摘要";
    a.sources = {"GB/T 15790-2009"};
    a.review = kReviewPending;
    a.path = "articles/rice/rice-blast.md";
    index.articles.push_back(a);
    std::string bytes = encode_pack_index(index);
    EXPECT_EQ(bytes.find(' '), bytes.find("GB/T 15790") + 4);  // no whitespace but inside text
    auto decoded = decode_pack_index(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->version, 7);
    ASSERT_EQ(decoded->articles.size(), 1u);
    EXPECT_EQ(decoded->articles[0].title, "稻瘟病");
    EXPECT_EQ(decoded->articles[0].review, kReviewPending);
    EXPECT_EQ(decoded->articles[0].sources, a.sources);

    index.articles[0].path = "../x.md";
    EXPECT_FALSE(decode_pack_index(encode_pack_index(index)).ok());
}

TEST(GlyphList, DistinctSortedWithoutControlCharacters) {
    EXPECT_EQ(glyph_list({"稻瘟病\n水稻", "ab a\t"}), " ab水病瘟稻");
    std::vector<char32_t> cps;
    EXPECT_FALSE(decode_utf8("\xc0\xaf", cps));      // overlong '/'
    EXPECT_FALSE(decode_utf8("\xed\xa0\x80", cps));  // surrogate
    cps.clear();
    EXPECT_TRUE(decode_utf8("螟😀", cps));
    ASSERT_EQ(cps.size(), 2u);
    EXPECT_EQ(cps[1], U'\U0001F600');
    EXPECT_EQ(encode_utf8(U'\U0001F600'), "😀");
}
