// USB bundles: a kiosk's outbox imported from a file (idempotent, authenticated), and the file a
// kiosk without a network gets back (its changes, op results, the content pack).
#include <gtest/gtest.h>
#include <sodium.h>

#include <fstream>

#include "backend_fixture.h"
#include "crypto.h"
#include "store/database.h"
#include "xiangke/core/content_pack.h"
#include "xiangke/platform/signing.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

// The documented scheme, computed here independently of the backend's code: HMAC-SHA256 keyed
// with the raw SHA-256 of the kiosk token, over dump() of the bundle without "mac".
std::string mac_for(const std::string& token, json bundle) {
    bundle.erase("mac");
    unsigned char key[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(key, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    std::string message = bundle.dump();
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(), key);
    char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

class Bundles : public BackendTest {
protected:
    void SetUp() override {
        ASSERT_GE(sodium_init(), 0);
        BackendTest::SetUp();
        kiosk = enroll();
    }

    json kiosk_bundle(const json& ops) {
        json bundle = {{"format", 1},       {"kind", "xiangke-kiosk-bundle"}, {"kiosk_id", kiosk.id},
                       {"created_at", 1},   {"protocol_version", 1},          {"ops", ops}};
        bundle["mac"] = mac_for(kiosk.token, bundle);
        return bundle;
    }

    CommandResult import(const json& bundle) {
        auto path = dir.path() / ("outbox-" + std::to_string(++files) + ".json");
        std::ofstream(path) << bundle.dump(2);  // whitespace is not part of what the MAC covers
        return run_command({backend_executable(), "bundle", "import", "--db", db_path, path.string()});
    }

    json export_bundle() {
        auto path = dir.path() / "to-kiosk.json";
        auto result = run_command(
            {backend_executable(), "bundle", "export", "--db", db_path, "--kiosk", kiosk.id, "--out", path.string()});
        EXPECT_EQ(result.exit_code, 0) << result.err;
        std::ifstream in(path);
        return json::parse(in);
    }

    Kiosk kiosk;
    int files = 0;
};

}  // namespace

TEST_F(Bundles, OutboxImportIsIdempotentAndAuthenticated) {
    json ops = json::array({op("request.create", create_payload(new_id(), kiosk.village, "13800000081")),
                            op("request.create", create_payload(new_id(), kiosk.village, "13800000082"))});
    auto first = import(kiosk_bundle(ops));
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("2 applied, 0 duplicate, 0 rejected"), std::string::npos) << first.out;
    auto again = import(kiosk_bundle(ops));
    EXPECT_NE(again.out.find("0 applied, 2 duplicate"), std::string::npos) << again.out;
    // The same ops over the network are duplicates too: one idempotency for both paths.
    auto pushed = push_ok(kiosk, ops);
    EXPECT_EQ(pushed[0]["status"], "duplicate");

    json altered = kiosk_bundle(ops);
    altered["ops"][0]["payload"]["description"] = "改过的";
    auto forged = import(altered);
    EXPECT_EQ(forged.exit_code, 1);
    EXPECT_NE(forged.err.find("MAC"), std::string::npos) << forged.err;
    json stranger = kiosk_bundle(ops);
    stranger["mac"] = mac_for(std::string(64, 'f'), stranger);  // not this kiosk's token
    EXPECT_EQ(import(stranger).exit_code, 1);

    ASSERT_EQ(run_command({backend_executable(), "kiosk", "revoke", "--db", db_path, "--kiosk", kiosk.id}).exit_code, 0);
    auto revoked = import(kiosk_bundle(ops));
    EXPECT_EQ(revoked.exit_code, 1);
    EXPECT_NE(revoked.err.find("kiosk"), std::string::npos);
    backend::Database db(db_path);
    EXPECT_EQ(db.raw().execAndGet("SELECT COUNT(*) FROM requests").getInt(), 2);
}

TEST_F(Bundles, ExportCarriesChangesResultsAndContent) {
    std::string id = new_id();
    json create = op("request.create", create_payload(id, kiosk.village, "13800000091"));
    json bad = op("request.cancel", {{"request_id", new_id()}, {"reason", ""}});
    ASSERT_EQ(import(kiosk_bundle(json::array({create, bad}))).exit_code, 0);

    json empty = export_bundle();
    EXPECT_EQ(empty["mac"], mac_for(kiosk.token, empty));
    EXPECT_EQ(empty["kind"], "xiangke-backend-bundle");
    ASSERT_EQ(empty["changes"].size(), 1u);
    EXPECT_EQ(empty["changes"][0]["request_id"], id);
    EXPECT_EQ(empty["changes"][0]["status"], "received");
    EXPECT_EQ(empty["next_cursor"], empty["changes"][0]["seq"]);
    ASSERT_EQ(empty["results"].size(), 2u);
    for (const auto& result : empty["results"]) {
        EXPECT_EQ(result["status"], result["op_id"] == create["op_id"] ? "applied" : "rejected");
    }
    EXPECT_TRUE(empty["content"].is_null());

    // With a published pack, its manifest, signature and files travel too.
    platform::SecretKey key = platform::SecretKey::generate();
    auto pack = dir.path() / "pack";
    std::string index = "{\"articles\":[]}";
    core::PackManifest manifest{1, 4, 1, 2, {{"index.json", index.size(), platform::sha256_hex(index)}}};
    std::filesystem::create_directories(pack / "files");
    std::ofstream(pack / "files" / "index.json") << index;
    std::ofstream(pack / "manifest.json") << core::encode_manifest(manifest);
    std::ofstream(pack / "manifest.sig") << key.sign_hex(core::encode_manifest(manifest)) << "\n";
    ASSERT_EQ(run_command({backend_executable(), "content", "publish", "--db", db_path, pack.string()}).exit_code, 0);
    json full = export_bundle();
    EXPECT_EQ(full["mac"], mac_for(kiosk.token, full));
    EXPECT_EQ(full["content"]["version"], 4);
    EXPECT_EQ(backend::crypto::base64_decode(full["content"]["manifest"].get<std::string>()),
              core::encode_manifest(manifest));
    EXPECT_EQ(backend::crypto::base64_decode(full["content"]["blobs"][platform::sha256_hex(index)].get<std::string>()),
              index);
    EXPECT_EQ(full["changes"].back()["type"], "content.version");

    auto unknown = run_command({backend_executable(), "bundle", "export", "--db", db_path, "--kiosk", "nope", "--out",
                                (dir.path() / "x.json").string()});
    EXPECT_EQ(unknown.exit_code, 1);
}
