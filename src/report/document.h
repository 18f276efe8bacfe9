// A report as one model (shared/DESIGN.md, "report/"): headings, text, key figures, tables and
// bar charts, in the reader's language already. Renderers turn it into a PDF (report/pdf.h); the
// same model is what the JSON and the web page show. Plain data: no I/O.
#pragma once

#include <string>
#include <vector>

namespace farol::report {

// A key figure: "Recorded" "12".
struct Figure {
  std::string label;
  std::string value;
};

struct Table {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: right-aligned (missing: left)
};

// Grouped vertical bars: one group per label, one bar per series.
struct Bars {
  std::string caption;
  std::vector<std::string> labels;        // e.g. the months
  std::vector<std::string> series_names;  // the legend
  std::vector<std::vector<double>> series;  // series[s][label]
};

struct Block {
  enum class Kind { kHeading, kText, kFigures, kTable, kBars };
  Kind kind = Kind::kText;
  std::string text;  // heading, text
  std::vector<Figure> figures;
  Table table;
  Bars bars;
};

struct Document {
  std::string title;
  std::string subtitle;
  std::string footer;  // on every page, with the page number
  std::vector<Block> blocks;

  Document& Heading(std::string t) {
    blocks.push_back({Block::Kind::kHeading, std::move(t), {}, {}, {}});
    return *this;
  }
  Document& Text(std::string t) {
    blocks.push_back({Block::Kind::kText, std::move(t), {}, {}, {}});
    return *this;
  }
  Document& Figures(std::vector<Figure> f) {
    blocks.push_back({Block::Kind::kFigures, {}, std::move(f), {}, {}});
    return *this;
  }
  Document& Add(Table t) {
    blocks.push_back({Block::Kind::kTable, {}, {}, std::move(t), {}});
    return *this;
  }
  Document& Add(Bars b) {
    blocks.push_back({Block::Kind::kBars, {}, {}, {}, std::move(b)});
    return *this;
  }
};

}  // namespace farol::report
