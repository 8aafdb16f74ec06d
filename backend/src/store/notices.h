#pragma once
// Notices (通知) shown on the kiosks of a region until a date, e.g. a training day or a pest alert.
#include <cstdint>
#include <string>

#include "store/database.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

struct NewNotice {
    std::string region_prefix;  // kiosks whose village code starts with it
    std::string title;          // at most 60 characters
    std::string body;           // at most 2000 characters
    int64_t until = 0;          // UTC ms
};

struct NoticeReport {
    int64_t notice_id = 0;
    int64_t kiosks = 0;
};

// Runs its own transaction; the error names the field.
core::Result<NoticeReport> add_notice(Database& db, const NewNotice& notice, int64_t now_ms);

}  // namespace xiangke::backend
