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

std::string_view role_name(Role role) {
    return kRoleNames[static_cast<size_t>(role)];
}

std::optional<Role> role_from_name(std::string_view name) {
    for (size_t i = 0; i < kRoleNames.size(); ++i) {
        if (kRoleNames[i] == name) {
            return static_cast<Role>(i);
        }
    }
    return std::nullopt;
}

core::Result<std::string> validate_user(Database& db, const NewUser& user, PasswordCheck password_check) {
    int64_t name_length = core::utf8_length(user.name);
    if (name_length < 1 || name_length > 40) {
        return core::field_error("name", "name must be 1 to 40 characters");
    }
    auto phone = core::parse_phone(user.phone, "phone");
    if (!phone.ok()) {
        return phone.error();
    }
    if (phone->kind != core::PhoneKind::Mobile) {
        return core::field_error("phone", "a login phone number must be a mobile number");
    }
    if (password_check == PasswordCheck::Required &&
        (user.password.size() < kMinPasswordLength || user.password.size() > kMaxPasswordLength)) {
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
    if (core::utf8_length(user.team) > 60) {
        return core::field_error("team", "a team name is at most 60 characters");
    }
    return phone->digits;
}

void write_agent_profile(Database& db, int64_t user_id, const NewUser& user) {
    std::optional<int64_t> team_id;
    if (!user.team.empty()) {
        auto team =
            db.prepare("INSERT INTO teams(name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = name RETURNING id");
        team.bind(1, user.team);
        team.step();
        team_id = team.column(0).getInt64();
    }
    auto profile = db.prepare(
        "INSERT INTO agent_profiles(user_id, team_id, capacity) VALUES (?, ?, ?) "
        "ON CONFLICT(user_id) DO UPDATE SET team_id = excluded.team_id, capacity = excluded.capacity");
    profile.bind(1, user_id);
    profile.bind_optional(2, team_id);
    profile.bind(3, user.capacity);
    profile.exec();
    for (const char* sql :
         {"DELETE FROM agent_expertise WHERE user_id = ?", "DELETE FROM agent_service_regions WHERE user_id = ?"}) {
        auto clear = db.prepare(sql);
        clear.bind(1, user_id);
        clear.exec();
    }
    for (const auto& tag : user.expertise) {
        auto insert_tag = db.prepare("INSERT OR IGNORE INTO agent_expertise(user_id, tag) VALUES (?, ?)");
        insert_tag.bind(1, user_id);
        insert_tag.bind(2, tag);
        insert_tag.exec();
    }
    std::vector<std::string> regions = user.service_regions;
    if (regions.empty()) {
        regions.push_back(user.region_code);  // an agent serves at least their home region
    }
    for (const auto& prefix : regions) {
        auto insert_region = db.prepare("INSERT OR IGNORE INTO agent_service_regions(user_id, prefix) VALUES (?, ?)");
        insert_region.bind(1, user_id);
        insert_region.bind(2, prefix);
        insert_region.exec();
    }
}

core::Result<int64_t> add_user(Database& db, const NewUser& user, int64_t now_ms) {
    auto phone = validate_user(db, user, PasswordCheck::Required);
    if (!phone.ok()) {
        return phone.error();
    }
    std::string password_hash = crypto::hash_password(user.password);  // slow: outside the write lock

    return with_write_transaction(db, [&]() -> core::Result<int64_t> {
        auto exists = db.prepare("SELECT 1 FROM users WHERE phone = ?");
        exists.bind(1, *phone);
        if (exists.step()) {
            return core::field_error("phone", "a user with this phone number already exists", "duplicate");
        }
        auto insert = db.prepare(
            "INSERT INTO users(role, region_code, name, phone, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)");
        insert.bind(1, std::string(role_name(user.role)));
        insert.bind(2, user.region_code);
        insert.bind(3, user.name);
        insert.bind(4, *phone);
        insert.bind(5, password_hash);
        insert.bind(6, now_ms);
        insert.exec();
        int64_t id = db.raw().getLastInsertRowid();
        if (user.role == Role::Agent) {
            write_agent_profile(db, id, user);
        }
        return id;
    });
}

}  // namespace xiangke::backend
