#pragma once
// The operator commands of xiangke-backend (CONTRACT.md). Exit status 0 on success, 2 on bad
// usage, 1 on failure with a one-line reason on stderr.
namespace xiangke::backend {

int run_cli(int argc, char** argv);

}  // namespace xiangke::backend
