#pragma once
// The one read of a request and its timeline, shared by the JSON detail (http/people_api.cpp),
// the agent's page, the administrator's page and the public progress page: each takes what it
// may show from the same rows. Personal data (farmer's name and phone) is in RequestDetail; the
// caller decides whether to show it and audits when it does.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.h"

namespace xiangke::backend {

// A service record (服务记录) made with a `visited` event.
struct TimelineVisit {
    std::string date;    // YYYY-MM-DD
    std::string method;  // onsite, phone, video, training
    std::string summary;
    std::optional<int64_t> attendees;
    bool follow_up = false;
};

// The farmer's word at a kiosk that became this event (confirmed, reopened, complaint, rated).
struct TimelineFeedback {
    std::string outcome;  // solved, partly, not_solved
    int rating = 0;       // 1..5
    std::string comment;
};

struct TimelineEvent {
    int64_t event_id = 0;
    std::string kind;   // core::lifecycle::EventKind name
    std::string actor;  // kiosk, agent, admin, system
    std::string actor_id;
    std::string actor_name;  // the person who acted (an agent or an admin), when one did
    std::optional<int64_t> agent_id;
    std::string agent_name;
    std::optional<int64_t> device_at;
    int64_t server_at = 0;
    std::optional<std::string> reason;
    nlohmann::json data;  // null when the event has no details
    std::optional<TimelineVisit> visit;
    std::optional<TimelineFeedback> feedback;
};

struct RequestDetail {
    std::string id;
    std::string kiosk_id;
    std::string code;
    std::string village_code;
    std::string village_name;
    std::string category;
    std::string crop;
    nlohmann::json symptoms;  // array of text
    std::string description;
    std::string farmer_name;
    std::string farmer_phone;  // digits: show only through an audited path
    std::string preferred_time;
    int64_t created_at = 0;
    int64_t received_at = 0;
    std::string status;
    std::optional<int64_t> holder_id;
    std::string holder_name;
    std::optional<std::string> visit_date;
    int complaints = 0;
    std::optional<int64_t> voice_duration_ms;
    int64_t photos = 0;
};

std::optional<RequestDetail> read_request_detail(Database& db, const std::string& request_id);
// The public progress page's key: the request behind a status token.
std::optional<RequestDetail> read_request_by_status_token(Database& db, const std::string& token);
// Every event of the request, oldest first, with the visit record and farmer feedback it carries.
std::vector<TimelineEvent> read_request_timeline(Database& db, const std::string& request_id);

// The farmer's recorded voice note (Ogg Opus) and its SHA-256, hex: the HTTP entity tag.
struct VoiceNote {
    std::string bytes;
    std::string sha256;
};
std::optional<VoiceNote> read_voice_note(Database& db, const std::string& request_id);

// One line of the administrator's JSON request list.
struct RegionRequestItem {
    std::string request_id, code, village_code, village_name, category, crop, status;
    std::optional<std::string> agent_name;  // the holder, when one holds it
    int64_t received_at = 0;
    std::string farmer_phone;  // digits: the list shows them masked
    int complaints = 0;
};
// Requests of villages under the region prefix, newest first; `status` empty for any status.
std::vector<RegionRequestItem> read_region_requests(Database& db, const std::string& region_prefix,
                                                    const std::string& status, size_t limit);

}  // namespace xiangke::backend
