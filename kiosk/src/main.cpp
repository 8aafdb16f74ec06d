#include "cli/kiosk_cli.h"

int main(int argc, char** argv) { return xiangke::kiosk::run_cli(argc, argv); }
