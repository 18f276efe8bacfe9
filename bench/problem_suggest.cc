// Recurrence suggestion speed (docs/PERFORMANCE.md, issue 7): COUNT (default 100,000) problem
// records in the guardian's log on BACKEND (sqlite, the default, or postgres with FAROL_PG_URL as
// the tests use), then the suggestions for QUERIES (default 50) new texts, each asked RUNS
// (default 5) times through the HTTP layer (POST /api/v1/guardian/suggest), as the record form
// asks while the guardian types. Prints the median and the 95th percentile of all asks.
//
// The records are made of a service desk's words drawn with a Zipf distribution (common words
// such as "customer" or "invoice" are in tens of thousands of records: the full-text ranking must
// rank them all) plus rarer names, in English and Portuguese. Each query is a reworded copy of one
// planted record; the bench checks that record comes first (a wrong answer fails the run).
// Loading is not timed.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "testing/test_env.h"

using namespace farol;
using Steady = std::chrono::steady_clock;

namespace {

constexpr const char* kWords[] = {
    "customer", "invoice", "billing", "sent", "twice", "wrong", "late", "delivery", "technician", "visit",
    "installation", "router", "firewall", "backup", "database", "failed", "overnight", "alert", "password", "reset",
    "email", "portal", "login", "timeout", "network", "link", "down", "outage", "latency", "vpn", "configuration",
    "steps", "agent", "phone", "call", "ticket", "escalation", "manager", "contract", "renewal", "quote", "price",
    "discount", "report", "monthly", "dashboard", "sla", "breach", "response", "resolution", "priority", "server",
    "storage", "disk", "full", "certificate", "expired", "dns", "record", "domain", "migration", "upgrade",
    "release", "deploy", "rollback", "bug", "feature", "integration", "api", "webhook", "slack", "telegram",
    "notification", "missing", "duplicate", "order", "payment", "refund", "charge", "credit", "card", "bank",
    "branch", "address", "shipment", "equipment", "replacement", "warranty", "license", "expiry", "account",
    "user", "permission", "access", "denied", "security", "incident", "change", "window", "maintenance",
    "schedule", "weekend", "holiday", "calendar", "training", "documentation", "runbook", "outdated", "process",
    "tool", "human", "error", "mistake", "typo", "template", "language", "translation", "portuguese", "english",
    "cliente", "fatura", "cobranca", "enviada", "duas", "vezes", "errada", "atraso", "entrega", "tecnico",
    "visita", "instalacao", "roteador", "senha", "acesso", "chamado", "contrato", "renovacao", "preco", "relatorio",
    "mensal", "servidor", "disco", "certificado", "vencido", "atualizacao", "pagamento", "reembolso", "cartao",
    "banco", "agencia", "endereco", "equipamento", "troca", "garantia", "licenca", "conta", "usuario", "permissao",
    "negado", "seguranca", "incidente", "mudanca", "janela", "manutencao", "agenda", "feriado", "treinamento",
    "documentacao", "processo", "ferramenta", "humano", "erro", "modelo", "idioma", "traducao", "sistema", "rede"};

// A vocabulary of `size` words: the service desk's words first (the most frequent), then names.
std::vector<std::string> Vocabulary(size_t size) {
  std::vector<std::string> v(std::begin(kWords), std::end(kWords));
  static constexpr const char* kSyllables[] = {"ka", "lo", "mi", "ra", "te", "zu", "bo", "ne", "sa", "vi", "do", "pe"};
  for (size_t i = 0; v.size() < size; ++i) {
    std::string w;
    for (size_t n = i; w.size() < 6 || n > 0; n /= 12) w += kSyllables[n % 12];
    v.push_back(w + std::to_string(i % 97));
  }
  return v;
}

class Zipf {
 public:
  Zipf(size_t n, double s) {
    double sum = 0;
    for (size_t k = 1; k <= n; ++k) cdf_.push_back(sum += 1.0 / std::pow(static_cast<double>(k), s));
    for (double& c : cdf_) c /= sum;
  }
  size_t operator()(std::mt19937& rng) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin();
  }

 private:
  std::vector<double> cdf_;
};

std::string Sentence(std::mt19937& rng, Zipf& zipf, const std::vector<std::string>& vocab, int words) {
  std::string out;
  for (int i = 0; i < words; ++i) out += (out.empty() ? "" : " ") + vocab[zipf(rng)];
  return out;
}

}  // namespace

int main() {
  const long count = std::getenv("COUNT") ? std::atol(std::getenv("COUNT")) : 100'000;
  const int queries = std::getenv("QUERIES") ? std::atoi(std::getenv("QUERIES")) : 50;
  const int runs = std::getenv("RUNS") ? std::atoi(std::getenv("RUNS")) : 5;
  const std::string backend = std::getenv("BACKEND") ? std::getenv("BACKEND") : "sqlite";
  testing::TestApp app(backend);
  if (!app.ok()) {
    std::fprintf(stderr, "no %s server here\n", backend.c_str());
    return 1;
  }
  auto guardian = app.Staff("gina.guardian@farol.test", domain::Role::kGuardian);
  const std::vector<std::string> vocab = Vocabulary(20000);
  Zipf zipf(vocab.size(), 1.0);
  std::mt19937 rng(7);
  const char* categories[] = {"delivery delay", "wrong information", "platform failure"};

  // The records, written straight to the tables the API writes (and indexed as it indexes them).
  struct Planted {
    std::string text, category;
    int64_t id = 0;
  };
  std::vector<Planted> planted;
  const auto t0 = Steady::now();
  // In transactions of 1,000 records, as records are written one by one in use: one transaction
  // rewriting a word's count 100,000 times would make PostgreSQL walk ever longer version chains.
  Status s;
  for (long batch = 1; batch <= count && s.ok(); batch += 1000) {
    s = app.store().Write([&](store::Tx& tx) -> Status {
    for (long i = batch; i <= std::min(count, batch + 999); ++i) {
      const std::string title = Sentence(rng, zipf, vocab, 6 + static_cast<int>(rng() % 5));
      const std::string description = Sentence(rng, zipf, vocab, 20 + static_cast<int>(rng() % 21));
      const std::string cause = Sentence(rng, zipf, vocab, 5 + static_cast<int>(rng() % 6));
      store::Problem p;
      p.title = title;
      p.description = description;
      p.root_cause = cause;
      p.error_category = categories[i % 3];
      p.reported_at = p.created_at = p.updated_at = testing::TestEpoch() - std::chrono::seconds(count - i);
      FAROL_ASSIGN_OR_RETURN(p.id, tx.problems().Insert(p));
      FAROL_RETURN_IF_ERROR(tx.problems().IndexText(p.id, "", title + "\n" + description + "\n" + cause));
      if (static_cast<long>(planted.size()) < queries && i % (count / std::max(1, queries)) == 0) {
        planted.push_back({title + " " + cause, p.error_category, p.id});
      }
      if (i % 20000 == 0) std::fprintf(stderr, "  %ld records\n", i);
    }
    return OkStatus();
    });
  }
  if (!s.ok()) {
    std::fprintf(stderr, "loading: %s\n", s.ToString().c_str());
    return 1;
  }
  (void)app.store().Analyze(true);
  std::printf("loaded %ld records on %s in %.1f s (not timed)\n", count, backend.c_str(),
              std::chrono::duration<double>(Steady::now() - t0).count());

  // Each query rewords a planted record: its title and root cause, two words dropped, the rest
  // shuffled, one word of its own added.
  std::vector<double> ms;
  int wrong = 0;
  for (const Planted& p : planted) {
    std::vector<std::string> words;
    for (size_t at = 0, next; at < p.text.size(); at = next + 1) {
      next = p.text.find(' ', at);
      if (next == std::string::npos) next = p.text.size();
      words.push_back(p.text.substr(at, next - at));
    }
    std::shuffle(words.begin(), words.end(), rng);
    if (words.size() > 6) words.resize(words.size() - 2);
    words.push_back("again");
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
    const std::string body = boost::json::serialize(boost::json::object{{"text", text}, {"error_category", p.category}});
    for (int r = 0; r < runs; ++r) {
      const auto a = Steady::now();
      auto res = app.Call("POST", "/api/v1/guardian/suggest", body, &guardian);
      ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - a).count());
      if (res.status != 200) {
        std::fprintf(stderr, "suggest: %d %s\n", res.status, res.body.c_str());
        return 1;
      }
      if (r == 0) {
        const auto items = boost::json::parse(res.body).at("items").as_array();
        if (items.empty() || items[0].at("problem").at("id").as_int64() != p.id) ++wrong;
      }
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%zu suggestions among %ld records: median %.1f ms, p95 %.1f ms, max %.1f ms\n", ms.size(), count,
              ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)], ms.back());
  std::printf("the reworded record came first for %d of %zu texts\n", static_cast<int>(planted.size()) - wrong,
              planted.size());
  return wrong == 0 ? 0 : 2;
}
