#include "store/agent_import.h"

#include <map>
#include <optional>

#include "crypto.h"
#include "csv.h"
#include "store/admin_directory.h"
#include "store/audit.h"
#include "store/users.h"
#include "xiangke/platform/random.h"

namespace xiangke::backend {
namespace {

constexpr size_t kPasswordAlphabetSize = 31;
constexpr const char* kPasswordAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";  // no look-alikes

const std::vector<std::string> kRequiredColumns = {"name", "phone", "region"};
const std::vector<std::string> kOptionalColumns = {"expertise", "service_regions", "capacity", "team", "password",
                                                  "type"};

std::string trim(const std::string& text) {
    size_t start = text.find_first_not_of(" \t\r");
    size_t end = text.find_last_not_of(" \t\r");
    return start == std::string::npos ? "" : text.substr(start, end - start + 1);
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::string item;
    for (char c : text + ";") {
        if (c == ';') {
            if (!trim(item).empty()) {
                items.push_back(trim(item));
            }
            item.clear();
        } else {
            item.push_back(c);
        }
    }
    return items;
}

}  // namespace

std::string new_initial_password() {
    std::string password;
    while (password.size() < 12) {
        uint8_t byte = 0;
        platform::random_bytes(&byte, 1);
        if (byte < 256 - 256 % kPasswordAlphabetSize) {
            password.push_back(kPasswordAlphabet[byte % kPasswordAlphabetSize]);
        }
    }
    return password;
}

AgentImportPlan plan_agent_import(Database& db, const std::string& csv_text, const core::Vocabulary& vocabulary,
                                  PasswordSource passwords, const std::string& scope_prefix) {
    AgentImportPlan plan;
    auto& problems = plan.problems;
    auto problem = [&](size_t line, const std::string& field, const std::string& reason) {
        problems.push_back({line, field, reason});
    };
    std::string text = csv_text.rfind("\xEF\xBB\xBF", 0) == 0 ? csv_text.substr(3) : csv_text;  // Excel's BOM
    auto rows = parse_csv(text);
    if (!rows.ok()) {
        problem(0, "", rows.error().message);
        return plan;
    }
    if (rows->empty()) {
        problem(0, "", "the file is empty; the first line names the columns");
        return plan;
    }

    std::map<std::string, size_t> column;
    const auto& header = rows->front();
    for (size_t i = 0; i < header.fields.size(); ++i) {
        std::string name = trim(header.fields[i]);
        bool known = false;
        for (const auto* list : {&kRequiredColumns, &kOptionalColumns}) {
            for (const auto& candidate : *list) {
                known = known || candidate == name;
            }
        }
        if (!known) {
            problem(header.line, name,
                    "unknown column (known: name, phone, region, expertise, service_regions, "
                    "capacity, team, password, type)");
        } else if (!column.emplace(name, i).second) {
            problem(header.line, name, "column appears twice");
        }
    }
    for (const auto& name : kRequiredColumns) {
        if (column.count(name) == 0) {
            problem(header.line, name, "required column is missing");
        }
    }
    if (!problems.empty()) {
        return plan;  // the rows cannot be read without their columns
    }

    auto& parsed = plan.rows;
    std::map<std::string, size_t> line_of_phone;
    for (size_t r = 1; r < rows->size(); ++r) {
        const auto& csv_row = (*rows)[r];
        if (csv_row.fields.size() == 1 && trim(csv_row.fields[0]).empty()) {
            continue;  // blank line
        }
        if (csv_row.fields.size() != header.fields.size()) {
            problem(csv_row.line, "row",
                    "expected " + std::to_string(header.fields.size()) + " fields, found " +
                        std::to_string(csv_row.fields.size()));
            continue;
        }
        auto field = [&](const std::string& name) {
            auto it = column.find(name);
            return it == column.end() ? std::string() : trim(csv_row.fields[it->second]);
        };
        AgentImportRow row;
        row.line = csv_row.line;
        row.user.role = Role::Agent;
        row.user.name = field("name");
        row.user.phone = field("phone");
        row.user.region_code = field("region");
        row.user.team = field("team");
        row.user.password = field("password");
        row.has_password = !row.user.password.empty();
        row.user.service_regions = split_list(field("service_regions"));
        std::string capacity = field("capacity");
        if (!capacity.empty()) {
            try {
                size_t used = 0;
                row.user.capacity = std::stoi(capacity, &used);
                if (used != capacity.size()) {
                    throw std::invalid_argument("trailing text");
                }
            } catch (const std::exception&) {
                problem(row.line, "capacity", "not a whole number");
                continue;
            }
        }
        std::string type = field("type");
        if (!type.empty()) {
            row.user.type = agent_type_from_name(type);
            if (!row.user.type) {
                problem(row.line, "type", "must be individual, team or organisation");
                continue;
            }
        }
        auto tags = vocabulary.expand_expertise(split_list(field("expertise")));
        if (!tags.ok()) {
            problem(row.line, "expertise", tags.error().message);
            continue;
        }
        row.user.expertise = *tags;
        auto digits = validate_user(db, row.user, row.has_password ? PasswordCheck::Required : PasswordCheck::Skip);
        if (!digits.ok()) {
            std::string name = digits.error().field == "service-regions" ? "service_regions" : digits.error().field;
            problem(row.line, name, digits.error().message);
            continue;
        }
        if (!scope_prefix.empty()) {
            auto scoped = check_agent_in_scope(row.user, scope_prefix);
            if (!scoped.ok()) {
                problem(row.line, scoped.error().field == "service-regions" ? "service_regions" : "region",
                        scoped.error().message);
                continue;
            }
            if (!row.user.team.empty()) {
                auto team = db.prepare("SELECT COALESCE(region_code, '') FROM teams WHERE name = ?");
                team.bind(1, row.user.team);
                if (team.step() && !in_region(scope_prefix, team.column(0).getString())) {
                    problem(row.line, "team", "this team belongs to another region");
                    continue;
                }
            }
        }
        row.phone_digits = *digits;
        if (auto [it, fresh] = line_of_phone.emplace(row.phone_digits, row.line); !fresh) {
            problem(row.line, "phone", "the same phone number is already on line " + std::to_string(it->second));
            continue;
        }
        auto existing = db.prepare("SELECT id, role FROM users WHERE phone = ?");
        existing.bind(1, row.phone_digits);
        if (existing.step()) {
            if (existing.column(1).getString() != "agent") {
                problem(row.line, "phone",
                        "this phone number belongs to a " + existing.column(1).getString() + " account");
                continue;
            }
            row.existing_id = existing.column(0).getInt64();
            existing.reset();
            if (!scope_prefix.empty() && !in_region(scope_prefix, agent_region(db, *row.existing_id).value_or(""))) {
                problem(row.line, "phone", "this phone number belongs to an agent of another region");
                continue;
            }
        }
        if (!row.existing_id && !row.has_password && passwords == PasswordSource::FromFile) {
            problem(
                row.line, "password",
                "empty for a new agent; fill the column or pass --passwords-out FILE to generate initial passwords");
            continue;
        }
        parsed.push_back(std::move(row));
    }
    if (!problems.empty()) {
        parsed.clear();
        return plan;
    }
    for (auto& row : parsed) {  // slow (Argon2id): before the write lock
        if (!row.has_password && !row.existing_id) {
            row.user.password = new_initial_password();
            plan.generated.push_back({row.user.name, row.phone_digits, row.user.password});
        }
        if (!row.user.password.empty()) {
            row.password_hash = crypto::hash_password(row.user.password);
        }
    }
    return plan;
}

AgentImportReport apply_agent_import(Database& db, const AgentImportPlan& plan, const AuditEntry& actor,
                                     int64_t now_ms, const std::string& audit_region) {
    AgentImportReport report;
    report.generated = plan.generated;
    {
        for (const auto& row : plan.rows) {
            const std::string& hash = row.password_hash;
            int64_t id = 0;
            if (row.existing_id) {
                id = *row.existing_id;
                auto update = db.prepare(
                    "UPDATE users SET name = ?, region_code = ?, password_hash = COALESCE(?, password_hash) "
                    "WHERE id = ?");
                update.bind(1, row.user.name);
                update.bind(2, row.user.region_code);
                update.bind_optional(3, hash.empty() ? std::nullopt : std::optional<std::string>(hash));
                update.bind(4, id);
                update.exec();
                ++report.updated;
            } else {
                auto insert = db.prepare(
                    "INSERT INTO users(role, region_code, name, phone, password_hash, created_at) "
                    "VALUES ('agent', ?, ?, ?, ?, ?)");
                insert.bind(1, row.user.region_code);
                insert.bind(2, row.user.name);
                insert.bind(3, row.phone_digits);
                insert.bind(4, hash);
                insert.bind(5, now_ms);
                insert.exec();
                id = db.raw().getLastInsertRowid();
                ++report.created;
            }
            write_agent_profile(db, id, row.user);
        }
        AuditEntry entry = actor;
        entry.action = "agents.import";
        entry.object_type = "users";
        entry.detail = {{"created", report.created}, {"updated", report.updated}};
        write_audit(db, entry, now_ms, audit_region);
    }
    return report;
}

core::Result<AgentImportReport> import_agents(Database& db, const std::string& csv_text, const std::string& source_name,
                                              const core::Vocabulary& vocabulary, PasswordSource passwords,
                                              int64_t now_ms) {
    auto plan = plan_agent_import(db, csv_text, vocabulary, passwords, "");
    if (!plan.problems.empty()) {
        const auto& first = plan.problems.front();
        std::string message = first.line == 0 && first.field.empty()
                                  ? source_name + ": " + first.reason
                                  : source_name + ":" + std::to_string(first.line) + ": " + first.field + ": " +
                                        first.reason;
        if (plan.problems.size() > 1) {
            message += " (and " + std::to_string(plan.problems.size() - 1) + " more problems)";
        }
        return core::Error{"bad_csv", message, ""};
    }
    return with_write_transaction(
        db, [&] { return apply_agent_import(db, plan, {"operator", "", "", "", "", "", nullptr}, now_ms); });
}

}  // namespace xiangke::backend
