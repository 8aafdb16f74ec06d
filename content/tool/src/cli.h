#pragma once
// The `xiangke-content` commands (CONTRACT.md): validate, build, keygen, verify, plus `diagrams`
// to look at the illustrations. Exit 0 on success, 1 on failure, 2 on bad usage.
namespace xiangke::content {

int run_cli(int argc, char** argv);

}  // namespace xiangke::content
