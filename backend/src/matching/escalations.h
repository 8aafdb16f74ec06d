#pragma once
// Escalations (督办): requests nobody contacted within the escalation SLA, handed to the county
// administrators by the matching scheduler.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "store/database.h"

namespace xiangke::backend {

// Escalations of requests whose village starts with `region_prefix`, newest first, as JSON
// objects (no personal data): escalation_id, request_id, code, village_code, village_name,
// category, crop, escalated_at, status_then, holder_then, status (now), holder (now),
// open (nobody has contacted the farmer yet), admin_ids.
nlohmann::json escalations_in_region(Database& db, const std::string& region_prefix, size_t limit);

}  // namespace xiangke::backend
