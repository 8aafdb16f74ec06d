#include "store/notices.h"

#include "store/audit.h"
#include "store/change_feed.h"
#include "store/regions.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/region_code.h"

namespace xiangke::backend {

core::Result<NoticeReport> add_notice(Database& db, const NewNotice& notice, int64_t now_ms) {
    return with_write_transaction(db, [&] { return add_notice_in_write(db, notice, now_ms, NoticeActor{}); });
}

core::Result<NoticeReport> add_notice_in_write(Database& db, const NewNotice& notice, int64_t now_ms,
                                               const NoticeActor& actor) {
    if (!core::is_valid_region_prefix(notice.region_prefix) || !region_exists(db, notice.region_prefix)) {
        return core::field_error("region", "'" + notice.region_prefix + "' is not a known region code or prefix");
    }
    int64_t title_length = core::utf8_length(notice.title);
    if (title_length < 1 || title_length > 60) {
        return core::field_error("title", "the title must be 1 to 60 characters");
    }
    int64_t body_length = core::utf8_length(notice.body);
    if (body_length < 1 || body_length > 2000) {
        return core::field_error("body", "the body must be 1 to 2000 characters");
    }
    if (notice.until <= now_ms) {
        return core::field_error("until", "the notice must run until a date in the future");
    }
    {
        auto insert =
            db.prepare("INSERT INTO notices(region_prefix, title, body, created_at, until) VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, notice.region_prefix);
        insert.bind(2, notice.title);
        insert.bind(3, notice.body);
        insert.bind(4, now_ms);
        insert.bind(5, notice.until);
        insert.exec();
        NoticeReport report;
        report.notice_id = db.raw().getLastInsertRowid();
        report.kiosks = append_change_to_kiosks(
            db, notice.region_prefix, "notice", "notice:" + std::to_string(report.notice_id), now_ms,
            {{"title", notice.title}, {"body", notice.body}, {"until", notice.until}, {"notice_id", report.notice_id}});
        write_audit(db,
                    {actor.actor_type,
                     actor.actor_id,
                     "notice.add",
                     "notice",
                     std::to_string(report.notice_id),
                     actor.address,
                     {{"region", notice.region_prefix}, {"kiosks", report.kiosks}}},
                    now_ms, notice.region_prefix);
        return report;
    }
}

core::Result<NoticeReport> end_notice(Database& db, int64_t notice_id, int64_t now_ms, const NoticeActor& actor) {
    auto query = db.prepare("SELECT region_prefix, title, body, until FROM notices WHERE id = ?");
    query.bind(1, notice_id);
    if (!query.step()) {
        return core::Error{"not_found", "no notice with this id", "id"};
    }
    const std::string region = query.column(0).getString();
    const std::string title = query.column(1).getString();
    const std::string body = query.column(2).getString();
    const int64_t until = query.column(3).getInt64();
    query.reset();
    if (until <= now_ms) {
        return core::Error{"already_ended", "this notice has already ended", "id"};
    }
    auto update = db.prepare("UPDATE notices SET until = ? WHERE id = ?");
    update.bind(1, now_ms);
    update.bind(2, notice_id);
    update.exec();
    NoticeReport report;
    report.notice_id = notice_id;
    // Same subject as the notice itself: the new end supersedes the old change when the feed is pruned.
    report.kiosks =
        append_change_to_kiosks(db, region, "notice", "notice:" + std::to_string(notice_id), now_ms,
                                {{"title", title}, {"body", body}, {"until", now_ms}, {"notice_id", notice_id}});
    write_audit(db,
                {actor.actor_type,
                 actor.actor_id,
                 "notice.end",
                 "notice",
                 std::to_string(notice_id),
                 actor.address,
                 {{"region", region}, {"kiosks", report.kiosks}}},
                now_ms, region);
    return report;
}

}  // namespace xiangke::backend
