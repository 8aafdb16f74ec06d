// Kiosk API v1: enrollment, push, pull, content delivery.
#include "crypto.h"
#include "http/byte_range.h"
#include "http/handlers.h"
#include "log.h"
#include "store/change_feed.h"
#include "store/content.h"
#include "store/requests.h"
#include "store/sync_ops.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/protocol.h"

namespace xiangke::backend::handlers {
namespace {

namespace protocol = core::protocol;

constexpr int64_t kBlobChunk = 64 * 1024;

// True when the kiosk speaks our protocol version; otherwise answers 400 version_mismatch.
bool accept_protocol_version(RequestContext& ctx, int64_t version) {
    if (version == protocol::kProtocolVersion) {
        return true;
    }
    send_error(ctx.response, 400,
               {"version_mismatch",
                "protocol version " + std::to_string(version) + " is not supported; this server speaks " +
                    std::to_string(protocol::kProtocolVersion),
                "protocol_version"});
    return false;
}

// A non-negative integer query parameter; nullopt (and a 400 answer) when malformed.
std::optional<int64_t> integer_param(RequestContext& ctx, const char* name, int64_t fallback) {
    if (!ctx.request.has_param(name)) {
        return fallback;
    }
    const std::string text = ctx.request.get_param_value(name);
    int64_t value = 0;
    bool ok = !text.empty() && text.size() <= 18;
    for (char c : text) {
        ok = ok && c >= '0' && c <= '9';
        value = ok ? value * 10 + (c - '0') : 0;
    }
    if (!ok) {
        send_error(ctx.response, 400, {"invalid_field", std::string(name) + " must be a non-negative integer", name});
        return std::nullopt;
    }
    return value;
}

}  // namespace

void enroll(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    auto request = protocol::decode_enroll_request(*body);
    if (!request.ok()) {
        send_error(ctx.response, 400, request.error());
        return;
    }
    auto enrolled = context.store.write([&](Database& db) { return enroll_kiosk(db, *request, ctx.now_ms); });
    if (!enrolled.ok()) {
        log::warn("enroll_refused", {{"reason", enrolled.error().code}});
        send_error(ctx.response, 401, enrolled.error());
        return;
    }
    log::info("kiosk_enrolled", {{"kiosk_id", enrolled->kiosk_id}, {"village_code", enrolled->village_code}});
    send_json(ctx.response, 201, protocol::to_json(*enrolled));
}

void push(BackendContext& context, RequestContext& ctx) {
    if (ctx.request.body.size() > protocol::limits::kBatchBytes) {
        send_error(ctx.response, 413,
                   {"payload_too_large",
                    "a batch carries at most " + std::to_string(protocol::limits::kBatchBytes) + " bytes", ""});
        return;
    }
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    core::JsonReader reader(*body, "");
    int64_t version = reader.integer("protocol_version", 0, 1'000'000);
    const nlohmann::json* ops = reader.child("ops", nlohmann::json::value_t::array);
    if (!reader.ok()) {
        send_error(ctx.response, 400, reader.error());
        return;
    }
    if (!accept_protocol_version(ctx, version)) {
        return;
    }
    if (ops->size() > protocol::limits::kOpsPerBatch) {
        send_error(ctx.response, 413,
                   {"too_many_ops",
                    "a batch carries at most " + std::to_string(protocol::limits::kOpsPerBatch) + " ops", "ops"});
        return;
    }
    auto client = protocol::decode_client_status(*body);
    if (!client.ok()) {
        send_error(ctx.response, 400, client.error());
        return;
    }
    PushPolicy policy{context.config.max_open_requests_per_phone};
    auto pushed = context.store.write([&](Database& db) {
        if (*client) {
            record_client_status(db, ctx.kiosk->kiosk_id, **client, ops->size(), ctx.now_ms);
        }
        return apply_ops(db, *ctx.kiosk, *ops, policy, ctx.now_ms);
    });

    protocol::PushResponse response;
    int counts[3] = {0, 0, 0};
    for (auto& op : pushed) {
        context.metrics.count_op(op.type, std::string(protocol::op_status_name(op.result.status)));
        ++counts[static_cast<int>(op.result.status)];
        response.results.push_back(std::move(op.result));
    }
    log::info(
        "push",
        {{"kiosk_id", ctx.kiosk->kiosk_id}, {"applied", counts[0]}, {"duplicate", counts[1]}, {"rejected", counts[2]}});
    send_json(ctx.response, 200, protocol::to_json(response));
}

void pull(BackendContext& context, RequestContext& ctx) {
    auto cursor = integer_param(ctx, "cursor", 0);
    if (!cursor) {
        return;
    }
    auto limit = integer_param(ctx, "limit", protocol::limits::kPullDefaultLimit);
    if (!limit) {
        return;
    }
    if (*limit < 1) {
        send_error(ctx.response, 400, {"invalid_field", "limit must be at least 1", "limit"});
        return;
    }
    auto version = integer_param(ctx, "protocol_version", protocol::kProtocolVersion);
    if (!version) {
        return;
    }
    if (!accept_protocol_version(ctx, *version)) {
        return;
    }
    int64_t clamped = *limit < protocol::limits::kPullMaxLimit ? *limit : protocol::limits::kPullMaxLimit;
    auto changes = pull_changes(context.store.reader(), ctx.kiosk->kiosk_id, *cursor, clamped);
    if (!changes.ok()) {
        send_error(ctx.response, 410, changes.error());
        return;
    }
    send_json(ctx.response, 200, protocol::to_json(*changes));
}

void phone_check(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    core::JsonReader reader(*body, "");
    int64_t version = reader.integer("protocol_version", 0, 1'000'000);
    std::string phone_text = reader.string("farmer_phone", protocol::limits::kPhone);
    if (!reader.ok()) {
        send_error(ctx.response, 400, reader.error());
        return;
    }
    if (!accept_protocol_version(ctx, version)) {
        return;
    }
    auto phone = core::parse_phone(phone_text, "farmer_phone");
    if (!phone.ok()) {
        send_error(ctx.response, 400, phone.error());
        return;
    }
    // Only yes or no: how many requests a number has is not the kiosk's business.
    const int limit = context.config.max_open_requests_per_phone;
    bool allowed = count_open_requests_for_phone(context.store.reader(), phone->digits) < limit;
    send_json(ctx.response, 200, {{"allowed", allowed}, {"max_open_requests_per_phone", limit}});
}

void content_manifest(BackendContext& context, RequestContext& ctx) {
    auto manifest = current_manifest(context.store.reader());
    if (!manifest) {
        send_error(ctx.response, 404, {"no_content", "no content pack has been published yet", ""});
        return;
    }
    const std::string etag = "\"v" + std::to_string(manifest->version) + "\"";
    ctx.response.set_header("ETag", etag);
    ctx.response.set_header("X-Xiangke-Content-Version", std::to_string(manifest->version));
    if (ctx.request.get_header_value("If-None-Match") == etag) {
        ctx.response.status = 304;
        return;
    }
    ctx.response.set_header("X-Xiangke-Signature", crypto::base64_encode(manifest->signature));
    ctx.response.status = 200;
    ctx.response.set_content(manifest->manifest, "application/json");
}

void content_blob(BackendContext& context, RequestContext& ctx) {
    const std::string sha256 = ctx.request.matches[1].str();
    auto blob = find_blob(context.store.reader(), sha256);
    if (!blob) {
        send_error(ctx.response, 404, {"not_found", "no file with this sha256 is published", "sha256"});
        return;
    }
    ctx.response.set_header("Accept-Ranges", "bytes");
    ctx.response.set_header("ETag", "\"" + sha256 + "\"");
    ctx.response.set_header("Cache-Control", "public, max-age=31536000, immutable");
    ByteRange range = parse_byte_range(ctx.request.get_header_value("Range"), blob->size);
    if (ctx.request.has_header("If-Range") && ctx.request.get_header_value("If-Range") != "\"" + sha256 + "\"") {
        range = {ByteRange::Kind::Whole, 0, blob->size};
    }
    if (range.kind == ByteRange::Kind::Unsatisfiable) {
        ctx.response.set_header("Content-Range", "bytes */" + std::to_string(blob->size));
        send_error(ctx.response, 416, {"range_not_satisfiable", "the range starts past the end of the file", "Range"});
        return;
    }
    if (range.kind == ByteRange::Kind::Part) {
        ctx.response.status = 206;
        ctx.response.set_header("Content-Range", "bytes " + std::to_string(range.offset) + "-" +
                                                     std::to_string(range.offset + range.length - 1) + "/" +
                                                     std::to_string(blob->size));
    } else {
        ctx.response.status = 200;
    }
    // Streamed in chunks on this thread's connection: a large file never sits in memory whole.
    Store* store = &context.store;
    const int64_t rowid = blob->rowid;
    const int64_t base = range.offset;
    ctx.response.set_content_provider(
        static_cast<size_t>(range.length), "application/octet-stream",
        [store, rowid, base](size_t offset, size_t length, httplib::DataSink& sink) {
            int64_t chunk = static_cast<int64_t>(length) < kBlobChunk ? static_cast<int64_t>(length) : kBlobChunk;
            std::string data;
            if (!read_blob(store->reader(), rowid, base + static_cast<int64_t>(offset), chunk, data)) {
                return false;  // the blob went away (a newer publish collected it): drop the connection
            }
            return sink.write(data.data(), data.size());
        });
}

}  // namespace xiangke::backend::handlers
