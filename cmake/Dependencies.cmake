# Every third-party dependency, all from Debian 12 packages (see scripts/setup for the list).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(SDL2 REQUIRED)
find_package(Freetype REQUIRED)
find_package(ZLIB REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(MD4C REQUIRED IMPORTED_TARGET md4c)

# Debian's libimgui.a lacks the SDL_Renderer backend; compile it from the shipped example source.
set(XIANGKE_IMGUI_SDLRENDERER_SRC
    /usr/share/doc/libimgui-dev/examples/backends/imgui_impl_sdlrenderer.cpp)
if(NOT EXISTS ${XIANGKE_IMGUI_SDLRENDERER_SRC})
  message(FATAL_ERROR "libimgui-dev is missing ${XIANGKE_IMGUI_SDLRENDERER_SRC}")
endif()
add_library(imgui_sdlrenderer STATIC ${XIANGKE_IMGUI_SDLRENDERER_SRC})
target_include_directories(imgui_sdlrenderer PUBLIC /usr/include/imgui /usr/include/imgui/backends)
target_link_libraries(imgui_sdlrenderer PUBLIC PkgConfig::IMGUI SDL2::SDL2)

if(XIANGKE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
