#include "cli.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <vector>

#include "diagrams.h"
#include "font_coverage.h"
#include "pack_builder.h"
#include "validator.h"
#include "xiangke/core/content_index.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/pack_directory.h"
#include "xiangke/platform/signing.h"

namespace xiangke::content {
namespace fs = std::filesystem;
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const char* const kUsage =
    "usage:\n"
    "  xiangke-content validate DIR [--font FILE]\n"
    "  xiangke-content build DIR --out PACKDIR --key KEYFILE [--version N] [--valid-days D] [--font FILE]\n"
    "  xiangke-content keygen --out KEYFILE\n"
    "  xiangke-content pubkey --key KEYFILE\n"
    "  xiangke-content verify PACKDIR --pubkey PUBLIC\n"
    "  xiangke-content inspect PACKDIR [--pubkey PUBLIC]\n"
    "  xiangke-content diagrams --out DIR [--font FILE]\n"
    "SOURCE_DATE_EPOCH (seconds) sets the pack's creation time; see docs/content-pack.md.\n";

int usage(const std::string& reason) {
    std::fprintf(stderr, "xiangke-content: %s\n%s", reason.c_str(), kUsage);
    return kExitUsage;
}

int fail(const std::string& reason) {
    std::fprintf(stderr, "xiangke-content: %s\n", reason.c_str());
    return kExitFailure;
}

// One positional argument and named options, each given once; anything else is bad usage.
struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
};

std::optional<Arguments> parse_arguments(int argc, char** argv, const std::vector<std::string>& known,
                                         std::string& problem) {
    Arguments args;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) == 0) {
            std::string value;
            auto eq = arg.find('=');
            if (eq != std::string::npos) {
                value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                problem = arg + " needs a value";
                return std::nullopt;
            }
            if (std::find(known.begin(), known.end(), arg) == known.end()) {
                problem = "unknown option " + arg;
                return std::nullopt;
            }
            if (!args.options.emplace(arg, value).second) {
                problem = arg + " given twice";
                return std::nullopt;
            }
        } else {
            args.positional.push_back(arg);
        }
    }
    return args;
}

std::optional<int64_t> parse_integer(const std::string& text, int64_t min, int64_t max) {
    if (text.empty() || text.size() > 16 || text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    int64_t value = std::stoll(text);
    if (value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

std::string font_path(const Arguments& args) {
    if (auto it = args.options.find("--font"); it != args.options.end()) {
        return it->second;
    }
    const char* env = std::getenv("XIANGKE_FONT");
    return env != nullptr && *env != '\0' ? env : kKioskFontPath;
}

// Prints every diagnostic, sorted by file and line; true when there was no error.
bool report(Validation& validation) {
    auto by_place = [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    };
    std::stable_sort(validation.diagnostics.warnings.begin(), validation.diagnostics.warnings.end(), by_place);
    std::stable_sort(validation.diagnostics.errors.begin(), validation.diagnostics.errors.end(), by_place);
    for (const auto& w : validation.diagnostics.warnings) {
        std::fprintf(stderr, "%s (warning)\n", format_diagnostic(w).c_str());
    }
    for (const auto& e : validation.diagnostics.errors) {
        std::fprintf(stderr, "%s\n", format_diagnostic(e).c_str());
    }
    return validation.ok();
}

int run_validate(const Arguments& args) {
    if (args.positional.size() != 1) {
        return usage("validate takes one content directory");
    }
    const std::string dir = args.positional[0];
    if (!fs::is_directory(dir)) {
        return fail(dir + " is not a directory");
    }
    Validation validation = validate_content(dir, dir, font_path(args));
    if (!report(validation)) {
        return fail(std::to_string(validation.diagnostics.errors.size()) + " error(s) in " + dir);
    }
    std::printf("ok: %zu articles, %zu topics, %zu media files\n", validation.corpus.articles.size(),
                validation.corpus.topics.size(), validation.corpus.media.size());
    return kExitOk;
}

int run_build(const Arguments& args) {
    if (args.positional.size() != 1) {
        return usage("build takes one content directory");
    }
    if (args.options.count("--out") == 0 || args.options.count("--key") == 0) {
        return usage("build needs --out PACKDIR and --key KEYFILE");
    }
    int64_t version = 1;
    if (auto it = args.options.find("--version"); it != args.options.end()) {
        auto parsed = parse_integer(it->second, 1, core::kMaxPackVersion);
        if (!parsed) {
            return usage("--version must be a whole number from 1 to 2^53-1");
        }
        version = *parsed;
    }
    int64_t valid_days = 365;
    if (auto it = args.options.find("--valid-days"); it != args.options.end()) {
        auto parsed = parse_integer(it->second, 1, 3650);
        if (!parsed) {
            return usage("--valid-days must be a whole number from 1 to 3650");
        }
        valid_days = *parsed;
    }
    const int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto times = pack_times(std::getenv("SOURCE_DATE_EPOCH"), now_ms, valid_days);
    if (!times.ok()) {
        return usage(times.error().message);
    }
    auto key = platform::read_secret_key(args.options.at("--key"));
    if (!key.ok()) {
        return fail(key.error().message);
    }
    const std::string dir = args.positional[0];
    if (!fs::is_directory(dir)) {
        return fail(dir + " is not a directory");
    }
    const std::string font = font_path(args);
    Validation validation = validate_content(dir, dir, font);
    if (!report(validation)) {
        return fail(std::to_string(validation.diagnostics.errors.size()) + " error(s) in " + dir +
                    "; nothing was built");
    }
    auto files = assemble_pack_files(validation, version, font);
    if (!files.ok()) {
        return fail(files.error().message);
    }
    core::PackManifest manifest = make_manifest(*files, version, *times);
    auto written = write_pack(args.options.at("--out"), *files, manifest, *key);
    if (!written.ok()) {
        return fail(written.error().message);
    }
    uint64_t bytes = 0;
    for (const auto& file : manifest.files) {
        bytes += file.size;
    }
    std::printf("built %s: version %lld, %zu articles, %zu files, %llu bytes, signed by %s\n",
                args.options.at("--out").c_str(), static_cast<long long>(version), validation.corpus.articles.size(),
                manifest.files.size(), static_cast<unsigned long long>(bytes), key->public_key().hex().c_str());
    return kExitOk;
}

int run_keygen(const Arguments& args) {
    if (!args.positional.empty() || args.options.count("--out") == 0) {
        return usage("keygen needs --out KEYFILE and nothing else");
    }
    const fs::path out = args.options.at("--out");
    if (fs::exists(out)) {
        return fail(out.string() + " exists; refusing to overwrite a signing key");
    }
    platform::SecretKey key = platform::SecretKey::generate();
    auto written = platform::write_secret_key(out, key);
    if (!written.ok()) {
        return fail(written.error().message);
    }
    std::printf("%s\n", key.public_key().hex().c_str());
    return kExitOk;
}

int run_pubkey(const Arguments& args) {
    if (!args.positional.empty() || args.options.count("--key") == 0) {
        return usage("pubkey needs --key KEYFILE and nothing else");
    }
    auto key = platform::read_secret_key(args.options.at("--key"));
    if (!key.ok()) {
        return fail(key.error().message);
    }
    std::printf("%s\n", key->public_key().hex().c_str());
    return kExitOk;
}

int run_verify(const Arguments& args) {
    if (args.positional.size() != 1 || args.options.count("--pubkey") == 0) {
        return usage("verify takes one pack directory and --pubkey PUBLIC");
    }
    auto key = platform::load_public_key(args.options.at("--pubkey"));
    if (!key.ok()) {
        return usage(key.error().message);
    }
    auto pack = platform::verify_pack_directory(args.positional[0], *key);
    if (!pack.ok()) {
        return fail(pack.error().message);
    }
    std::printf("ok: version %lld, %zu files, signed by %s\n", static_cast<long long>(pack->manifest.version),
                pack->manifest.files.size(), key->hex().c_str());
    return kExitOk;
}

// What a pack holds, for an editor or an operator: version, dates (Asia/Shanghai), files, articles
// per topic. With --pubkey the pack is verified first.
int run_inspect(const Arguments& args) {
    if (args.positional.size() != 1) {
        return usage("inspect takes one pack directory");
    }
    const fs::path pack = args.positional[0];
    std::string manifest_bytes;
    if (auto it = args.options.find("--pubkey"); it != args.options.end()) {
        auto key = platform::load_public_key(it->second);
        if (!key.ok()) {
            return usage(key.error().message);
        }
        auto verified = platform::verify_pack_directory(pack, *key);
        if (!verified.ok()) {
            return fail(verified.error().message);
        }
        manifest_bytes = verified->manifest_bytes;
    } else {
        std::ifstream in(pack / "manifest.json", std::ios::binary);
        if (!in) {
            return fail((pack / "manifest.json").string() + ": cannot read");
        }
        manifest_bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    auto manifest = core::decode_manifest(manifest_bytes);
    if (!manifest.ok()) {
        return fail("manifest.json: " + manifest.error().message);
    }
    uint64_t bytes = 0;
    for (const auto& file : manifest->files) {
        bytes += file.size;
    }
    std::printf("version  %lld\n", static_cast<long long>(manifest->version));
    std::printf("created  %s (Asia/Shanghai)\n", core::format_shanghai_datetime(manifest->created_ms).c_str());
    std::printf("expires  %s (Asia/Shanghai)\n", core::format_shanghai_datetime(manifest->expires_ms).c_str());
    std::printf("files    %zu, %llu bytes\n", manifest->files.size(), static_cast<unsigned long long>(bytes));
    std::ifstream index_file(pack / "files" / "index.json", std::ios::binary);
    std::string index_bytes((std::istreambuf_iterator<char>(index_file)), std::istreambuf_iterator<char>());
    auto index = core::decode_pack_index(index_bytes);
    if (!index.ok()) {
        return fail("files/index.json: " + index.error().message);
    }
    std::map<std::string, std::pair<int, int>> per_topic;  // topic -> (articles, pending review)
    for (const auto& article : index->articles) {
        auto& counts = per_topic[article.topic];
        ++counts.first;
        counts.second += article.review == core::kReviewPending ? 1 : 0;
    }
    std::printf("articles %zu\n", index->articles.size());
    for (const auto& [topic, counts] : per_topic) {
        std::printf("  %-12s %3d (%d 待专家审核)\n", topic.c_str(), counts.first, counts.second);
    }
    return kExitOk;
}

int run_diagrams(const Arguments& args) {
    if (!args.positional.empty() || args.options.count("--out") == 0) {
        return usage("diagrams needs --out DIR");
    }
    const fs::path out = args.options.at("--out");
    std::error_code ec;
    fs::create_directories(out, ec);
    for (const auto& diagram : diagram_catalogue()) {
        auto png = render_diagram(diagram.name, font_path(args));
        if (!png.ok()) {
            return fail(png.error().message);
        }
        std::ofstream file(out / diagram.name, std::ios::binary | std::ios::trunc);
        file.write(png->data(), static_cast<std::streamsize>(png->size()));
        if (!file) {
            return fail("cannot write " + (out / diagram.name).string());
        }
        std::printf("media/%s\t%s\n", diagram.name.c_str(), diagram.caption.c_str());
    }
    return kExitOk;
}

}  // namespace

int run_cli(int argc, char** argv) {
    if (argc < 2) {
        return usage("a command is required");
    }
    const std::string command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
        std::fputs(kUsage, stdout);
        return kExitOk;
    }
    struct Command {
        std::vector<std::string> options;
        int (*run)(const Arguments&);
    };
    const std::map<std::string, Command> commands = {
        {"validate", {{"--font"}, run_validate}},
        {"build", {{"--out", "--key", "--version", "--valid-days", "--font"}, run_build}},
        {"keygen", {{"--out"}, run_keygen}},
        {"pubkey", {{"--key"}, run_pubkey}},
        {"verify", {{"--pubkey"}, run_verify}},
        {"inspect", {{"--pubkey"}, run_inspect}},
        {"diagrams", {{"--out", "--font"}, run_diagrams}},
    };
    auto it = commands.find(command);
    if (it == commands.end()) {
        return usage("unknown command '" + command + "'");
    }
    std::string problem;
    auto args = parse_arguments(argc, argv, it->second.options, problem);
    if (!args) {
        return usage(problem);
    }
    try {
        return it->second.run(*args);
    } catch (const std::exception& e) {
        return fail(e.what());
    }
}

}  // namespace xiangke::content
