#include "report/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace farol::report {

namespace {

// A4 in points, and the page's margins.
constexpr double kPageWidth = 595.28, kPageHeight = 841.89;
constexpr double kLeft = 48, kRight = kPageWidth - 48, kTop = 52, kBottom = kPageHeight - 64;
constexpr double kWidth = kRight - kLeft;

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.13, 0.15, 0.18}, kMuted{0.38, 0.41, 0.45}, kRule{0.80, 0.82, 0.85}, kShade{0.94, 0.95, 0.96};
constexpr Rgb kSeries[] = {{0.12, 0.37, 0.55}, {0.88, 0.48, 0.22}, {0.30, 0.60, 0.16}, {0.55, 0.33, 0.62}};

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

std::string Number(double v) {
  char buf[32];
  if (std::fabs(v - std::round(v)) < 1e-9) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  }
  return buf;
}

class Writer {
 public:
  Writer(cairo_t* cr, const Document& doc) : cr_(cr), doc_(doc), context_(pango_cairo_create_context(cr)) {
    // Points are the PDF's units: font sizes in points, not at a screen's 96 dots per inch.
    pango_cairo_context_set_resolution(context_, 72);
  }
  ~Writer() { g_object_unref(context_); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void Run() {
    y_ = kTop;
    Paragraph(doc_.title, "DejaVu Sans Bold 18", kInk, 4);
    if (!doc_.subtitle.empty()) Paragraph(doc_.subtitle, "DejaVu Sans 10", kMuted, 10);
    Rule();
    for (const Block& b : doc_.blocks) {
      switch (b.kind) {
        case Block::Kind::kHeading:
          Ensure(60);  // never a heading alone at the foot of a page
          y_ += 8;
          Paragraph(b.text, "DejaVu Sans Bold 13", kInk, 6);
          break;
        case Block::Kind::kText: Paragraph(b.text, "DejaVu Sans 10", kInk, 8); break;
        case Block::Kind::kFigures: Figures(b.figures); break;
        case Block::Kind::kTable: DrawTable(b.table); break;
        case Block::Kind::kBars: DrawBars(b.bars); break;
      }
    }
    Footer();
  }

 private:
  Layout Make(const std::string& text, const char* font, double width, PangoAlignment align = PANGO_ALIGN_LEFT) {
    Layout l(pango_layout_new(context_));
    PangoFontDescription* f = pango_font_description_from_string(font);
    pango_layout_set_font_description(l.get(), f);
    pango_font_description_free(f);
    pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l.get(), align);
    pango_layout_set_text(l.get(), text.c_str(), static_cast<int>(text.size()));
    return l;
  }
  static double Height(const Layout& l) {
    int w = 0, h = 0;
    pango_layout_get_size(l.get(), &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }
  static double NaturalWidth(const Layout& l) {
    PangoRectangle ink, logical;
    pango_layout_get_extents(l.get(), &ink, &logical);
    return static_cast<double>(logical.width) / PANGO_SCALE;
  }
  void Color(Rgb c) { cairo_set_source_rgb(cr_, c.r, c.g, c.b); }
  void Show(const Layout& l, double x, double y, Rgb c) {
    Color(c);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, l.get());
  }

  void Ensure(double h) {
    if (y_ + h <= kBottom) return;
    Footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kTop;
  }
  void Footer() {
    const std::string text = doc_.footer.empty() ? std::to_string(page_) : doc_.footer + " · " + std::to_string(page_);
    Layout l = Make(text, "DejaVu Sans 8", kWidth, PANGO_ALIGN_CENTER);
    Show(l, kLeft, kPageHeight - 40, kMuted);
  }
  void Rule() {
    Color(kRule);
    cairo_set_line_width(cr_, 0.8);
    cairo_move_to(cr_, kLeft, y_);
    cairo_line_to(cr_, kRight, y_);
    cairo_stroke(cr_);
    y_ += 10;
  }
  void Paragraph(const std::string& text, const char* font, Rgb c, double after) {
    Layout l = Make(text, font, kWidth);
    Ensure(Height(l));
    Show(l, kLeft, y_, c);
    y_ += Height(l) + after;
  }

  // Up to four boxes a row: the value large, its label under it.
  void Figures(const std::vector<Figure>& figures) {
    constexpr int kPerRow = 4;
    constexpr double kGap = 8;
    const double w = (kWidth - kGap * (kPerRow - 1)) / kPerRow;
    for (size_t start = 0; start < figures.size(); start += kPerRow) {
      double h = 0;
      std::vector<std::pair<Layout, Layout>> row;
      for (size_t i = start; i < std::min(figures.size(), start + kPerRow); ++i) {
        row.emplace_back(Make(figures[i].value, "DejaVu Sans Bold 16", w - 16),
                         Make(figures[i].label, "DejaVu Sans 8", w - 16));
        h = std::max(h, Height(row.back().first) + Height(row.back().second) + 16);
      }
      Ensure(h);
      for (size_t i = 0; i < row.size(); ++i) {
        const double x = kLeft + static_cast<double>(i) * (w + kGap);
        Color(kShade);
        cairo_rectangle(cr_, x, y_, w, h);
        cairo_fill(cr_);
        Show(row[i].first, x + 8, y_ + 6, kInk);
        Show(row[i].second, x + 8, y_ + 8 + Height(row[i].first), kMuted);
      }
      y_ += h + kGap;
    }
    y_ += 4;
  }

  void DrawTable(const Table& t) {
    if (!t.caption.empty()) {
      Ensure(40);
      Paragraph(t.caption, "DejaVu Sans Bold 10", kInk, 4);
    }
    const size_t cols = t.header.size();
    if (cols == 0) return;
    // Column widths: each column's widest text (capped), scaled to fill the page's width.
    std::vector<double> natural(cols, 20);
    auto measure = [&](const std::vector<std::string>& cells, const char* font) {
      for (size_t c = 0; c < cols && c < cells.size(); ++c) {
        natural[c] = std::max(natural[c], std::min(220.0, NaturalWidth(Make(cells[c], font, -1)) + 12));
      }
    };
    measure(t.header, "DejaVu Sans Bold 8.5");
    for (const auto& r : t.rows) measure(r, "DejaVu Sans 8.5");
    double total = 0;
    for (double w : natural) total += w;
    std::vector<double> widths;
    for (double w : natural) widths.push_back(w * kWidth / total);
    auto draw_row = [&](const std::vector<std::string>& cells, bool header) {
      std::vector<Layout> ls;
      double h = 0;
      for (size_t c = 0; c < cols; ++c) {
        const bool right = c < t.numeric.size() && t.numeric[c];
        ls.push_back(Make(c < cells.size() ? cells[c] : "", header ? "DejaVu Sans Bold 8.5" : "DejaVu Sans 8.5",
                          widths[c] - 12, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT));
        h = std::max(h, Height(ls.back()) + 8);
      }
      return std::make_pair(std::move(ls), h);
    };
    auto show_row = [&](std::pair<std::vector<Layout>, double>& row, bool header) {
      if (header) {
        Color(kShade);
        cairo_rectangle(cr_, kLeft, y_, kWidth, row.second);
        cairo_fill(cr_);
      }
      double x = kLeft;
      for (size_t c = 0; c < cols; ++c) {
        Show(row.first[c], x + 6, y_ + 4, header ? kInk : kInk);
        x += widths[c];
      }
      y_ += row.second;
      Color(kRule);
      cairo_set_line_width(cr_, 0.5);
      cairo_move_to(cr_, kLeft, y_);
      cairo_line_to(cr_, kRight, y_);
      cairo_stroke(cr_);
    };
    auto head = draw_row(t.header, true);
    Ensure(head.second * 2);
    show_row(head, true);
    for (const auto& r : t.rows) {
      auto row = draw_row(r, false);
      if (y_ + row.second > kBottom) {  // a new page repeats the header
        Ensure(kPageHeight);
        auto again = draw_row(t.header, true);
        show_row(again, true);
      }
      show_row(row, false);
    }
    y_ += 12;
  }

  void DrawBars(const Bars& b) {
    constexpr double kChart = 150, kAxis = 28;
    Ensure((b.caption.empty() ? 0 : 18) + kChart + kAxis + 24);
    if (!b.caption.empty()) Paragraph(b.caption, "DejaVu Sans Bold 10", kInk, 6);
    double max = 0;
    for (const auto& s : b.series) {
      for (double v : s) max = std::max(max, v);
    }
    // A round top for the scale: 1, 2 or 5 times a power of ten.
    double top = 1;
    while (top < max) {
      for (double f : {2.0, 2.5, 2.0}) {
        if (top >= max) break;
        top *= f;
      }
    }
    const double x0 = kLeft + 28, y0 = y_ + kChart, w = kWidth - 28;
    // The scale: 0, half, top.
    for (double v : {0.0, top / 2, top}) {
      const double y = y0 - kChart * v / top;
      Color(kRule);
      cairo_set_line_width(cr_, 0.5);
      cairo_move_to(cr_, x0, y);
      cairo_line_to(cr_, x0 + w, y);
      cairo_stroke(cr_);
      Layout l = Make(Number(v), "DejaVu Sans 7", 24, PANGO_ALIGN_RIGHT);
      Show(l, kLeft, y - Height(l) / 2, kMuted);
    }
    const size_t groups = b.labels.size(), series = b.series.size();
    if (groups > 0 && series > 0) {
      const double gw = w / static_cast<double>(groups);
      const double bw = std::min(18.0, (gw - 6) / static_cast<double>(series));
      for (size_t g = 0; g < groups; ++g) {
        const double gx = x0 + gw * static_cast<double>(g) + (gw - bw * static_cast<double>(series)) / 2;
        for (size_t s = 0; s < series; ++s) {
          const double v = g < b.series[s].size() ? b.series[s][g] : 0;
          const double h = kChart * v / top;
          Color(kSeries[s % std::size(kSeries)]);
          cairo_rectangle(cr_, gx + bw * static_cast<double>(s), y0 - h, bw - 1, h);
          cairo_fill(cr_);
          if (v > 0) {
            Layout l = Make(Number(v), "DejaVu Sans 6", bw + 8, PANGO_ALIGN_CENTER);
            Show(l, gx + bw * static_cast<double>(s) - 4, y0 - h - Height(l), kMuted);
          }
        }
        Layout label = Make(b.labels[g], "DejaVu Sans 7", gw, PANGO_ALIGN_CENTER);
        Show(label, x0 + gw * static_cast<double>(g), y0 + 4, kMuted);
      }
    }
    y_ = y0 + kAxis;
    // The legend.
    double x = x0;
    for (size_t s = 0; s < b.series_names.size(); ++s) {
      Color(kSeries[s % std::size(kSeries)]);
      cairo_rectangle(cr_, x, y_ + 2, 8, 8);
      cairo_fill(cr_);
      Layout l = Make(b.series_names[s], "DejaVu Sans 8", -1);
      Show(l, x + 12, y_, kInk);
      x += 24 + NaturalWidth(l);
    }
    y_ += 22;
  }

  cairo_t* cr_;
  const Document& doc_;
  double y_ = kTop;
  int page_ = 1;
  PangoContext* context_;
};

}  // namespace

StatusOr<std::string> RenderPdf(const Document& doc) {
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &bytes, kPageWidth, kPageHeight);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return InternalError("cannot start a PDF");
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "farol");
  cairo_t* cr = cairo_create(surface);
  Writer(cr, doc).Run();
  cairo_show_page(cr);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) return InternalError(std::string("PDF drawing failed: ") + cairo_status_to_string(status));
  return bytes;
}

}  // namespace farol::report
