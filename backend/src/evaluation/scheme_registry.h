#pragma once
// The evaluation schemes (考核方案) the server offers: data/evaluation/*.json from the project's
// data directory, then any [evaluation] schemes_dir of the config (a file there with the same id
// replaces the shipped one). Every file is parsed and validated at load; the first invalid one
// stops the load with an error naming the file and the key.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "xiangke/core/evaluation.h"
#include "xiangke/core/result.h"

namespace xiangke::backend::evaluation {

inline constexpr const char* kDefaultSchemeId = "default";

class SchemeRegistry {
public:
    // Loads every *.json of the directories in order (a missing directory is an error, except
    // the project's own data directory when it has no evaluation/ folder).
    static core::Result<SchemeRegistry> load(const std::vector<std::filesystem::path>& dirs);
    // The shipped schemes plus `extra_dir` when not empty.
    static core::Result<SchemeRegistry> load_default(const std::string& extra_dir);
    // load_default, or no schemes when it fails (serve and init check load_default first and stop).
    static SchemeRegistry load_or_empty(const std::string& extra_dir);

    // nullptr when unknown.
    std::shared_ptr<const core::evaluation::Scheme> find(const std::string& id) const;
    std::vector<std::shared_ptr<const core::evaluation::Scheme>> all() const;  // by id
    bool empty() const { return m_schemes.empty(); }

private:
    std::map<std::string, std::shared_ptr<const core::evaluation::Scheme>> m_schemes;
};

}  // namespace xiangke::backend::evaluation
