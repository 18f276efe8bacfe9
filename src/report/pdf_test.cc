// The PDF renderer: a real PDF whose text reads back (pdftotext, from poppler-utils) as written,
// tables that run over a page repeating their header, and text in Portuguese kept whole.
#include "report/pdf.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>

namespace farol::report {
namespace pdf_test {  // named: unity builds put several tests in one unit

// The text of `pdf` as pdftotext reads it (layout kept), page by page (form feeds between).
std::string TextOf(const std::string& pdf) {
  char path[] = "/tmp/farol-pdf-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return "";
  ::close(fd);
  std::ofstream(path, std::ios::binary) << pdf;
  std::string text;
  if (FILE* p = popen(("pdftotext -layout " + std::string(path) + " - 2>/dev/null").c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
    pclose(p);
  }
  std::remove(path);
  return text;
}

TEST(Pdf, ItsTextReadsBackAsWritten) {
  Document d;
  d.title = "Guardião do cliente — relatório mensal";
  d.subtitle = "março de 2026 · toda a empresa";
  d.footer = "farol";
  d.Figures({{"Registrados", "12"}, {"Encerrados", "7"}, {"Ações no prazo", "66,7%"}});
  d.Heading("Por categoria de erro");
  Table t;
  t.header = {"Categoria", "Registros"};
  t.numeric = {false, true};
  t.rows = {{"atraso na entrega", "5"}, {"informação errada", "4"}, {"falha de plataforma", "3"}};
  d.Add(t);
  Bars b;
  b.caption = "Últimos 12 meses";
  b.labels = {"jan", "fev", "mar"};
  b.series_names = {"Registrados", "Encerrados"};
  b.series = {{3, 8, 12}, {1, 4, 7}};
  d.Add(b);
  auto pdf = RenderPdf(d);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string text = TextOf(*pdf);
  ASSERT_FALSE(text.empty()) << "pdftotext (poppler-utils) is missing: scripts/install-deps.sh installs it";
  for (const char* s : {"Guardião do cliente — relatório mensal", "março de 2026", "Registrados", "66,7%",
                        "Por categoria de erro", "informação errada", "Últimos 12 meses", "farol · 1"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s << " in\n" << text;
  }
}

TEST(Pdf, ALongTableRunsOnRepeatingItsHeader) {
  Document d;
  d.title = "Long";
  Table t;
  t.header = {"Root cause", "Records"};
  t.numeric = {false, true};
  for (int i = 1; i <= 120; ++i) t.rows.push_back({"Cause number " + std::to_string(i), std::to_string(i)});
  d.Add(t);
  auto pdf = RenderPdf(d);
  ASSERT_TRUE(pdf.ok());
  const std::string text = TextOf(*pdf);
  size_t pages = 1, headers = 0;
  for (char c : text) pages += c == '\f';
  for (size_t at = text.find("Root cause"); at != std::string::npos; at = text.find("Root cause", at + 1)) ++headers;
  EXPECT_GE(pages, 3u);  // pdftotext ends each page with a form feed
  EXPECT_GE(headers, 2u);
  EXPECT_NE(text.find("Cause number 120"), std::string::npos);
  EXPECT_NE(text.find("Cause number 1 "), std::string::npos) << text.substr(0, 400);
}

}  // namespace pdf_test
}  // namespace farol::report
