#pragma once
// QR codes (libqrencode) drawn as filled squares: the confirmation screen shows the request's
// public progress page so a family member can open it with a phone.
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "xiangke/core/result.h"

namespace xiangke::kiosk::ui {

struct QrMatrix {
    int size = 0;                // modules per side
    std::vector<bool> dark;      // size × size, row by row
    bool at(int x, int y) const { return dark[static_cast<size_t>(y * size + x)]; }
};

// Error correction level M (15 %): readable from a kiosk screen with a scratched protector.
core::Result<QrMatrix> encode_qr(std::string_view text);

// Draws the matrix with a quiet zone of four modules inside a white square of `side` pixels.
void draw_qr(ImDrawList* draw, const QrMatrix& matrix, ImVec2 min, float side);

}  // namespace xiangke::kiosk::ui
