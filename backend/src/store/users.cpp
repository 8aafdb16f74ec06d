#include "store/users.h"

#include <array>

#include "crypto.h"
#include "store/regions.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/region_code.h"

namespace xiangke::backend {
namespace {
constexpr std::array<std::string_view, 3> kRoleNames{"agent", "county_admin", "city_admin"};
}

std::string_view role_name(Role role) { return kRoleNames[static_cast<size_t>(role)]; }

std::optional<Role> role_from_name(std::string_view name) {
    for (size_t i = 0; i < kRoleNames.size(); ++i) {
        if (kRoleNames[i] == name) {
            return static_cast<Role>(i);
        }
    }
    return std::nullopt;
}

core::Result<int64_t> add_user(Database& db, const NewUser& user, int64_t now_ms) {
    int64_t name_length = core::utf8_length(user.name);
    if (name_length < 1 || name_length > 40) {
        return core::field_error("name", "name must be 1 to 40 characters");
    }
    auto phone = core::parse_phone(user.phone, "phone");
    if (!phone.ok()) {
        return phone.error();
    }
    if (user.password.size() < kMinPasswordLength || user.password.size() > kMaxPasswordLength) {
        return core::field_error("password", "password must be 8 to 128 bytes");
    }
    auto region = core::RegionCode::parse(user.region_code);
    if (!region.ok() || region->str().size() != user.region_code.size()) {
        return core::field_error("region", "'" + user.region_code + "' is not a region code or prefix");
    }
    if (user.role == Role::CountyAdmin && region->level() != core::RegionLevel::County) {
        return core::field_error("region", "a county admin's region is a 6-digit county code");
    }
    if (user.role == Role::CityAdmin && region->level() != core::RegionLevel::City) {
        return core::field_error("region", "a city admin's region is a 4-digit city code");
    }
    if (!region_exists(db, region->str())) {
        return core::field_error("region", "region " + region->str() + " is not in the database", "unknown_region");
    }
    for (const auto& prefix : user.service_regions) {
        if (!core::is_valid_region_prefix(prefix)) {
            return core::field_error("service-regions", "'" + prefix + "' is not a region-code prefix");
        }
    }
    if (user.capacity < 0 || user.capacity > 100) {
        return core::field_error("capacity", "capacity must be 0 to 100 open requests");
    }
    std::string password_hash = crypto::hash_password(user.password);  // slow: outside the write lock

    return with_write_transaction(db, [&]() -> core::Result<int64_t> {
        auto& exists = db.prepare("SELECT 1 FROM users WHERE phone = ?");
        exists.bind(1, phone->digits);
        if (exists.executeStep()) {
            return core::field_error("phone", "a user with this phone number already exists", "duplicate");
        }
        auto& insert = db.prepare(
            "INSERT INTO users(role, region_code, name, phone, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)");
        insert.bind(1, std::string(role_name(user.role)));
        insert.bind(2, region->str());
        insert.bind(3, user.name);
        insert.bind(4, phone->digits);
        insert.bind(5, password_hash);
        insert.bind(6, now_ms);
        insert.exec();
        int64_t id = db.raw().getLastInsertRowid();
        if (user.role != Role::Agent) {
            return id;
        }
        std::optional<int64_t> team_id;
        if (!user.team.empty()) {
            auto& team = db.prepare("INSERT INTO teams(name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = name "
                                    "RETURNING id");
            team.bind(1, user.team);
            team.executeStep();
            team_id = team.getColumn(0).getInt64();
            team.reset();
        }
        auto& profile = db.prepare("INSERT INTO agent_profiles(user_id, team_id, capacity) VALUES (?, ?, ?)");
        profile.bind(1, id);
        if (team_id) {
            profile.bind(2, *team_id);
        } else {
            profile.bind(2);
        }
        profile.bind(3, user.capacity);
        profile.exec();
        for (const auto& tag : user.expertise) {
            auto& insert_tag = db.prepare("INSERT OR IGNORE INTO agent_expertise(user_id, tag) VALUES (?, ?)");
            insert_tag.bind(1, id);
            insert_tag.bind(2, tag);
            insert_tag.exec();
        }
        std::vector<std::string> regions = user.service_regions;
        if (regions.empty()) {
            regions.push_back(region->str());  // an agent serves at least their home region
        }
        for (const auto& prefix : regions) {
            auto& insert_region = db.prepare("INSERT OR IGNORE INTO agent_service_regions(user_id, prefix) VALUES (?, ?)");
            insert_region.bind(1, id);
            insert_region.bind(2, prefix);
            insert_region.exec();
        }
        return id;
    });
}

}  // namespace xiangke::backend
