#pragma once
// Article illustrations: decoded from PNG on the worker (SDL2_image), turned into textures on
// the UI thread when the frame that needs them is drawn. Screens ask by path and get nothing
// until the image is ready (the loop is woken when it is).
#include <SDL.h>

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ui/ui_context.h"

namespace xiangke::kiosk {

class Worker;

class ImageCache : public ui::ImageSource {
public:
    ImageCache(SDL_Renderer* renderer, Worker& worker, std::function<void()> wake);
    ~ImageCache() override;

    const ui::LoadedImage* image(const std::string& path) override;
    // Called once per frame on the UI thread: uploads decoded images as textures.
    void upload_ready();
    bool loading() const;

private:
    SDL_Renderer* m_renderer;
    Worker& m_worker;
    std::function<void()> m_wake;
    std::map<std::string, ui::LoadedImage> m_textures;  // UI thread only
    mutable std::mutex m_mutex;
    std::map<std::string, SDL_Surface*> m_decoded;       // worker → UI thread
    std::map<std::string, bool> m_requested;             // UI thread only
    int m_in_flight = 0;                                 // guarded by m_mutex
};

}  // namespace xiangke::kiosk
