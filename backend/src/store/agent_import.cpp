#include "store/agent_import.h"

#include <map>
#include <optional>

#include "crypto.h"
#include "csv.h"
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

struct Row {
    size_t line = 0;
    NewUser user;
    std::string phone_digits;
    bool has_password = false;
    std::optional<int64_t> existing_id;
};

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

std::string generate_password() {
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

}  // namespace

core::Result<AgentImportReport> import_agents(Database& db, const std::string& csv_text, const std::string& source_name,
                                              const core::Vocabulary& vocabulary, PasswordSource passwords,
                                              int64_t now_ms) {
    std::string text = csv_text.rfind("\xEF\xBB\xBF", 0) == 0 ? csv_text.substr(3) : csv_text;  // Excel's BOM
    auto rows = parse_csv(text);
    if (!rows.ok()) {
        return core::Error{"bad_csv", source_name + ": " + rows.error().message, ""};
    }
    if (rows->empty()) {
        return core::Error{"bad_csv", source_name + ": the file is empty; the first line names the columns", ""};
    }
    std::vector<std::string> problems;
    auto problem = [&](size_t line, const std::string& field, const std::string& reason) {
        problems.push_back(source_name + ":" + std::to_string(line) + ": " + field + ": " + reason);
    };

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
        return core::Error{"bad_csv", problems.front(), ""};
    }

    std::vector<Row> parsed;
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
        Row row;
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
        std::string message = problems.front();
        if (problems.size() > 1) {
            message += " (and " + std::to_string(problems.size() - 1) + " more problems)";
        }
        return core::Error{"bad_csv", message, ""};
    }

    AgentImportReport report;
    std::vector<std::string> hashes(parsed.size());
    for (size_t i = 0; i < parsed.size(); ++i) {  // slow (Argon2id): before the write lock
        auto& row = parsed[i];
        if (!row.has_password && !row.existing_id) {
            row.user.password = generate_password();
            report.generated.push_back({row.user.name, row.phone_digits, row.user.password});
        }
        if (!row.user.password.empty()) {
            hashes[i] = crypto::hash_password(row.user.password);
        }
    }
    with_write_transaction(db, [&] {
        for (size_t i = 0; i < parsed.size(); ++i) {
            const auto& row = parsed[i];
            int64_t id = 0;
            if (row.existing_id) {
                id = *row.existing_id;
                auto update = db.prepare(
                    "UPDATE users SET name = ?, region_code = ?, password_hash = COALESCE(?, password_hash) "
                    "WHERE id = ?");
                update.bind(1, row.user.name);
                update.bind(2, row.user.region_code);
                update.bind_optional(3, hashes[i].empty() ? std::nullopt : std::optional<std::string>(hashes[i]));
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
                insert.bind(4, hashes[i]);
                insert.bind(5, now_ms);
                insert.exec();
                id = db.raw().getLastInsertRowid();
                ++report.created;
            }
            write_agent_profile(db, id, row.user);
        }
        write_audit(db,
                    {"operator",
                     "",
                     "agents.import",
                     "users",
                     "",
                     "",
                     {{"created", report.created}, {"updated", report.updated}}},
                    now_ms);
    });
    return report;
}

}  // namespace xiangke::backend
