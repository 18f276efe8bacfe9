// Renders a report::Document as an A4 PDF with cairo and pango (DejaVu Sans): text is real text
// (searchable, copyable), tables break across pages repeating their header, charts are vectors.
#pragma once

#include <string>

#include "core/status.h"
#include "report/document.h"

namespace farol::report {

// The PDF's bytes. Thread-safe (each call has its own surface).
StatusOr<std::string> RenderPdf(const Document& doc);

}  // namespace farol::report
