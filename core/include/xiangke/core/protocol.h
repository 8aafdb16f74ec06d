#pragma once
// Protocol v1 between kiosk and backend (CONTRACT.md): the wire messages and their JSON codec.
// Decoders reject unknown protocol versions, missing fields, wrong types and oversize strings
// with an Error naming the field. Encoders produce exactly what the decoders accept.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "xiangke/core/category.h"
#include "xiangke/core/result.h"

namespace xiangke::core::protocol {

inline constexpr int kProtocolVersion = 1;

// Limits on every input (characters unless said otherwise).
namespace limits {
inline constexpr size_t kEnrollmentCode = 64;
inline constexpr size_t kDeviceName = 64;
inline constexpr size_t kOpsPerBatch = 200;
inline constexpr size_t kBatchBytes = 1024 * 1024;
inline constexpr size_t kRequestCode = 16;
inline constexpr size_t kCrop = 40;
inline constexpr size_t kSymptoms = 20;
inline constexpr size_t kSymptom = 40;
inline constexpr size_t kDescription = 2000;
inline constexpr size_t kFarmerName = 40;
inline constexpr size_t kPhone = 24;
inline constexpr size_t kPreferredTime = 40;
inline constexpr size_t kReason = 500;
inline constexpr size_t kComment = 500;
inline constexpr size_t kVoiceNoteBase64 = 256 * 1024;  // 60 s of 16 kbit/s Opus is about 160 KiB
inline constexpr int64_t kVoiceNoteMaxMs = 60'000;
inline constexpr size_t kUsageEntries = 2000;
inline constexpr size_t kArticleId = 64;
inline constexpr int64_t kPullMaxLimit = 500;
inline constexpr int64_t kPullDefaultLimit = 100;
inline constexpr size_t kAppVersion = 40;
}  // namespace limits

// ---- enrollment ----
struct EnrollRequest {
    std::string enrollment_code;
    std::string device_name;
    int protocol_version = kProtocolVersion;
};
struct EnrollResponse {
    std::string kiosk_id;
    std::string token;
    std::string village_code;
    std::string village_name;
};

// ---- push ----
enum class OpType { RequestCreate, RequestCancel, FeedbackCreate, UsageReport };
std::string_view op_type_name(OpType type);
std::optional<OpType> op_type_from_name(std::string_view name);

struct Op {
    std::string op_id;  // ULID
    OpType type = OpType::RequestCreate;
    int64_t created_at = 0;  // the kiosk's clock: recorded, never trusted
    nlohmann::json payload;  // decoded per type with the decoders below
};
// What a kiosk may say about itself with a push (optional; older kiosks send nothing): shown to
// administrators on the 触摸屏 page.
struct ClientStatus {
    std::string app_version;                // e.g. "0.9.0"
    std::optional<int64_t> content_version;  // the installed content pack
    int64_t outbox = 0;                      // ops waiting in the outbox, this batch included
};
struct PushRequest {
    int protocol_version = kProtocolVersion;
    std::vector<Op> ops;
    std::optional<ClientStatus> client;
};

enum class OpStatus { Applied, Duplicate, Rejected };
std::string_view op_status_name(OpStatus status);
struct OpResult {
    std::string op_id;
    OpStatus status = OpStatus::Applied;
    std::optional<Error> error;  // for rejected ops
};
struct PushResponse {
    std::vector<OpResult> results;
};

struct VoiceNote {
    std::string format;      // "ogg-opus"
    int64_t duration_ms = 0;
    std::string data_base64;
};

// 求助 (TechRequest) as registered at the kiosk.
struct RequestCreate {
    std::string request_id;  // ULID made by the kiosk
    std::string code;        // 求助码, unique per kiosk; format not enforced by the backend
    std::string village_code;
    Category category = Category::Other;
    std::string crop;
    std::vector<std::string> symptoms;
    std::string description;
    std::string farmer_name;
    std::string farmer_phone;
    std::string preferred_time;
    std::optional<VoiceNote> voice_note;
    // The key of the public progress page /s/TOKEN, made by the kiosk so it can show the QR code
    // offline: 16 random bytes as 26 Crockford base32 characters (make_status_token).
    std::optional<std::string> status_token;
};
// A status token from 16 random bytes: 128 bits, big-endian, as 26 characters of the ULID
// alphabet (the first character carries 3 bits: 0-7).
std::string make_status_token(const std::array<uint8_t, 16>& random);
bool is_valid_status_token(std::string_view text);
struct RequestCancel {
    std::string request_id;
    std::string reason;
};
enum class FeedbackOutcome { Solved, Partly, NotSolved };
std::string_view feedback_outcome_name(FeedbackOutcome outcome);
struct FeedbackCreate {
    std::string request_id;
    FeedbackOutcome outcome = FeedbackOutcome::Solved;
    int rating = 5;  // 1..5
    std::string comment;
};
struct ArticleViews {
    std::string article_id;
    int64_t views = 0;
};
struct UsageReport {
    int64_t period_start = 0;
    int64_t period_end = 0;
    std::vector<ArticleViews> articles;
};

// ---- pull ----
struct RequestStatusChange {
    std::string request_id;
    std::string code;
    std::string status;
    std::optional<std::string> agent_name;
    std::optional<std::string> visit_date;  // YYYY-MM-DD
    std::optional<std::string> reason;      // for "rejected"
};
struct NoticeChange {
    std::string title;
    std::string body;
    int64_t until = 0;
    // The backend's notice id: a later change with the same id replaces the earlier one (an
    // administrator ended it early or corrected it). Absent from older backends.
    std::optional<int64_t> notice_id = std::nullopt;
};
struct ContentVersionChange {
    int64_t version = 0;
};
struct Change {
    int64_t seq = 0;
    std::string type;  // "request.status", "notice", "content.version"
    int64_t at = 0;
    nlohmann::json fields;  // the type's fields, flattened into the change object on the wire
};
struct PullResponse {
    std::vector<Change> changes;
    int64_t next_cursor = 0;
    bool has_more = false;
};

// Statuses a request.status change may carry (CONTRACT.md).
bool is_kiosk_visible_status(std::string_view status);

// ---- codec ----
nlohmann::json to_json(const EnrollRequest& value);
nlohmann::json to_json(const EnrollResponse& value);
nlohmann::json to_json(const Op& value);
nlohmann::json to_json(const PushRequest& value);
nlohmann::json to_json(const PushResponse& value);
nlohmann::json to_json(const RequestCreate& value);
nlohmann::json to_json(const RequestCancel& value);
nlohmann::json to_json(const FeedbackCreate& value);
nlohmann::json to_json(const UsageReport& value);
nlohmann::json to_json(const Change& value);
nlohmann::json to_json(const PullResponse& value);
nlohmann::json to_json(const RequestStatusChange& value);
nlohmann::json to_json(const NoticeChange& value);
nlohmann::json to_json(const ContentVersionChange& value);
nlohmann::json error_json(const Error& error);

Result<EnrollRequest> decode_enroll_request(const nlohmann::json& json);
Result<EnrollResponse> decode_enroll_response(const nlohmann::json& json);
// Checks the envelope (version, batch size, each op's id, type and created_at); payloads are
// decoded one by one so a bad op never blocks the rest of its batch.
Result<PushRequest> decode_push_request(const nlohmann::json& json);
// One op's envelope (op_id, type, created_at, payload object); field names in errors start
// with `path` (e.g. "ops[3]"). The backend decodes a batch op by op with this, so that an op of
// a type it does not know is rejected alone instead of failing its whole batch.
Result<Op> decode_op(const nlohmann::json& item, const std::string& path);
// The optional `client` object of a push body: nullopt when absent, an error when malformed.
Result<std::optional<ClientStatus>> decode_client_status(const nlohmann::json& push_body);
Result<PushResponse> decode_push_response(const nlohmann::json& json);
Result<RequestCreate> decode_request_create(const nlohmann::json& payload);
Result<RequestCancel> decode_request_cancel(const nlohmann::json& payload);
Result<FeedbackCreate> decode_feedback_create(const nlohmann::json& payload);
Result<UsageReport> decode_usage_report(const nlohmann::json& payload);
Result<PullResponse> decode_pull_response(const nlohmann::json& json);
Result<RequestStatusChange> decode_request_status(const Change& change);
Result<NoticeChange> decode_notice(const Change& change);
Result<ContentVersionChange> decode_content_version(const Change& change);

}  // namespace xiangke::core::protocol
