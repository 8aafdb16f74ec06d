# Every third-party dependency, all from Debian 12 packages (see scripts/setup for the list).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(SDL2 REQUIRED)
find_package(SDL2_image REQUIRED)
find_package(Freetype REQUIRED)
find_package(ZLIB REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(MD4C REQUIRED IMPORTED_TARGET md4c)
pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)
# On-screen keyboard engines (kiosk/src/input): handwriting and pinyin.
pkg_check_modules(ZINNIA REQUIRED IMPORTED_TARGET zinnia)
pkg_check_modules(RIME REQUIRED IMPORTED_TARGET rime)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo)
# QR codes of the request progress page on the kiosk's confirmation screen.
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
# Voice notes (kiosk/src/audio): Opus in Ogg, decoded again for playback by opusfile.
pkg_check_modules(OPUS REQUIRED IMPORTED_TARGET opus)
pkg_check_modules(OGG REQUIRED IMPORTED_TARGET ogg)
pkg_check_modules(OPUSFILE REQUIRED IMPORTED_TARGET opusfile)
# Excel exports of evaluations (backend/src/reports).
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)

# Debian's libimgui.a lacks the SDL_Renderer backend; compile it from the shipped example source.
set(XIANGKE_IMGUI_SDLRENDERER_SRC
    /usr/share/doc/libimgui-dev/examples/backends/imgui_impl_sdlrenderer.cpp)
if(NOT EXISTS ${XIANGKE_IMGUI_SDLRENDERER_SRC})
  message(FATAL_ERROR "libimgui-dev is missing ${XIANGKE_IMGUI_SDLRENDERER_SRC}")
endif()
add_library(imgui_sdlrenderer STATIC ${XIANGKE_IMGUI_SDLRENDERER_SRC})
target_include_directories(imgui_sdlrenderer PUBLIC /usr/include/imgui /usr/include/imgui/backends)
target_link_libraries(imgui_sdlrenderer PUBLIC PkgConfig::IMGUI SDL2::SDL2)

# The run command installs only the build packages: without GoogleTest the tests are left out.
if(XIANGKE_BUILD_TESTS)
  find_package(GTest QUIET)
  if(NOT GTest_FOUND)
    message(WARNING "GoogleTest is not installed (scripts/setup test): building without tests")
    set(XIANGKE_BUILD_TESTS OFF)
  endif()
endif()
