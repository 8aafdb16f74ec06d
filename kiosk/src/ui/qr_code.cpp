#include "ui/qr_code.h"

#include <qrencode.h>

#include <cmath>
#include <memory>

namespace xiangke::kiosk::ui {

core::Result<QrMatrix> encode_qr(std::string_view text) {
    std::string owned(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(owned.c_str(), 0, QR_ECLEVEL_M),
                                                          &QRcode_free);
    if (!code) {
        return core::Error{"qr_failed", "libqrencode could not encode " + std::to_string(text.size()) + " bytes", ""};
    }
    QrMatrix matrix;
    matrix.size = code->width;
    matrix.dark.resize(static_cast<size_t>(code->width) * static_cast<size_t>(code->width));
    for (size_t i = 0; i < matrix.dark.size(); ++i) {
        matrix.dark[i] = (code->data[i] & 1) != 0;  // bit 0: dark module
    }
    return matrix;
}

void draw_qr(ImDrawList* draw, const QrMatrix& matrix, ImVec2 min, float side) {
    constexpr int kQuietZone = 4;
    draw->AddRectFilled(min, ImVec2(min.x + side, min.y + side), IM_COL32(255, 255, 255, 255));
    if (matrix.size == 0) {
        return;
    }
    // Whole pixels per module keep the edges sharp for phone cameras.
    float module = std::floor(side / static_cast<float>(matrix.size + 2 * kQuietZone));
    float offset = std::floor((side - module * static_cast<float>(matrix.size)) * 0.5f);
    for (int y = 0; y < matrix.size; ++y) {
        for (int x = 0; x < matrix.size; ++x) {
            if (matrix.at(x, y)) {
                ImVec2 a(min.x + offset + static_cast<float>(x) * module, min.y + offset + static_cast<float>(y) * module);
                draw->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
            }
        }
    }
}

}  // namespace xiangke::kiosk::ui
