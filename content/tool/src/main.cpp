#include "cli.h"

int main(int argc, char** argv) {
    return xiangke::content::run_cli(argc, argv);
}
