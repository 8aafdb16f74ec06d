#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "scenario/scenario.h"
#include "shell/app_runner.h"

namespace xiangke::kiosk {

struct ScenarioOptions {
    std::string script_name;                 // for error messages: "NAME:LINE: ..."
    std::filesystem::path screenshots_dir;   // empty: screenshot steps are checked but not saved
};

// Plays the steps against a started app (headless, manual clock). Stops at the first failing
// step; the error reads "NAME:LINE: step: reason".
core::Result<bool> run_scenario(AppRunner& app, const std::vector<Step>& steps, const ScenarioOptions& options);

}  // namespace xiangke::kiosk
