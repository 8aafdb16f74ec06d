#include "shell/image_cache.h"

#include <SDL_image.h>

#include "shell/worker.h"

namespace xiangke::kiosk {

ImageCache::ImageCache(SDL_Renderer* renderer, Worker& worker, std::function<void()> wake)
    : m_renderer(renderer), m_worker(worker), m_wake(std::move(wake)) {}

ImageCache::~ImageCache() {
    m_worker.wait_idle();
    for (auto& [path, surface] : m_decoded) {
        SDL_FreeSurface(surface);
    }
    for (auto& [path, image] : m_textures) {
        if (image.texture != nullptr) {
            SDL_DestroyTexture(static_cast<SDL_Texture*>(image.texture));
        }
    }
}

const ui::LoadedImage* ImageCache::image(const std::string& path) {
    auto found = m_textures.find(path);
    if (found != m_textures.end()) {
        return found->second.texture != nullptr ? &found->second : nullptr;
    }
    if (!m_requested[path]) {
        m_requested[path] = true;
        {
            std::lock_guard lock(m_mutex);
            ++m_in_flight;
        }
        m_worker.post([this, path] {
            SDL_Surface* surface = IMG_Load(path.c_str());  // nullptr for a missing or broken file
            {
                std::lock_guard lock(m_mutex);
                m_decoded[path] = surface;
                --m_in_flight;
            }
            m_wake();
        });
    }
    return nullptr;
}

void ImageCache::upload_ready() {
    std::map<std::string, SDL_Surface*> ready;
    {
        std::lock_guard lock(m_mutex);
        ready.swap(m_decoded);
    }
    for (auto& [path, surface] : ready) {
        ui::LoadedImage image;
        if (surface != nullptr) {
            image.texture = SDL_CreateTextureFromSurface(m_renderer, surface);
            image.width = static_cast<float>(surface->w);
            image.height = static_cast<float>(surface->h);
            SDL_FreeSurface(surface);
        }
        m_textures[path] = image;  // a failed load is remembered as "no image"
    }
}

bool ImageCache::loading() const {
    std::lock_guard lock(m_mutex);
    return m_in_flight > 0 || !m_decoded.empty();
}

}  // namespace xiangke::kiosk
