#include "cli/commands.h"

int main(int argc, char** argv) {
    return xiangke::backend::run_cli(argc, argv);
}
