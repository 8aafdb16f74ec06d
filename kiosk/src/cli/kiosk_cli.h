#pragma once
namespace xiangke::kiosk {
// xiangke-kiosk's command line (CONTRACT.md): the app, headless screenshot and scenario runs, and
// the installer commands. Exit status 0 ok, 2 bad usage, 1 failure with a one-line reason.
int run_cli(int argc, char** argv);
}  // namespace xiangke::kiosk
