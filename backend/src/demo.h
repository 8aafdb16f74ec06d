#pragma once
// Demo data: one Ningbo county (余姚市) with its villages, a dozen field agents in two teams, a
// county and a city admin, and a kiosk enrollment code.
#include <string>

#include "store/database.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

struct DemoResult {
    std::string village_code;
    std::string village_name;
    std::string enrollment_code;
    size_t agents_created = 0;
};

inline constexpr const char* kDemoPassword = "xiangke-demo-2026";

// Re-runnable: people that already exist are kept; a fresh enrollment code is issued each time.
core::Result<DemoResult> load_demo_data(Database& db, int64_t now_ms, int64_t code_ttl_ms);

}  // namespace xiangke::backend
