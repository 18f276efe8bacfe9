#include "app/demo.h"

#include "app/sla_book.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "app/ticket_service.h"
#include "core/crypto.h"
#include "core/strings.h"
#include "domain/ticket.h"

namespace farol::app {

using domain::ActorKind;
using domain::ActorRef;
using domain::EventType;
using domain::TicketEvent;
using domain::TicketStatus;

namespace {

// A small deterministic generator: std::mt19937_64 is specified exactly by the standard; the
// distributions are written out here because std::*_distribution may differ between libraries.
class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}
  uint64_t Next() { return g_(); }
  double Uniform() { return static_cast<double>(g_() >> 11) * (1.0 / 9007199254740992.0); }
  int Int(int lo, int hi) { return lo + static_cast<int>(g_() % static_cast<uint64_t>(hi - lo + 1)); }
  bool Chance(double p) { return Uniform() < p; }
  double Normal() {
    const double u1 = std::max(Uniform(), 1e-12), u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Log-normal with the given median and 90th percentile.
  double LogNormal(double median, double p90) {
    const double sigma = std::log(p90 / median) / 1.2815515655446004;
    return median * std::exp(sigma * Normal());
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[static_cast<size_t>(g_() % v.size())]; }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& v) { return v[static_cast<size_t>(g_() % N)]; }
  // Index drawn with the given weights.
  size_t Weighted(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) total += x;
    double r = Uniform() * total;
    for (size_t i = 0; i < w.size(); ++i) {
      if ((r -= w[i]) < 0) return i;
    }
    return w.size() - 1;
  }

 private:
  std::mt19937_64 g_;
};

struct OrgSpec {
  const char* name;
  const char* domain;
  int employees;
  const char* zone;
};

// Customers of a managed-network provider, across the three segments.
const std::vector<OrgSpec> kOrgs = {
    {"Banco Horizonte", "bancohorizonte.example", 12000, "America/Sao_Paulo"},
    {"Rede Varejo Sol", "varejosol.example", 4800, "America/Sao_Paulo"},
    {"Hospital Santa Clara", "santaclara.example", 2600, "America/Sao_Paulo"},
    {"Logística Atlântico", "atlantico-log.example", 1900, "America/Recife"},
    {"Universidade do Planalto", "uniplanalto.example", 3500, "America/Sao_Paulo"},
    {"Energia Verde SA", "energiaverde.example", 1300, "America/Sao_Paulo"},
    {"Seguradora Âncora", "ancora-seguros.example", 2100, "America/Sao_Paulo"},
    {"Northwind Traders", "northwind.example", 1500, "America/New_York"},
    {"Lusitânia Telecom", "lusitania.example", 1100, "Europe/Lisbon"},
    {"Metalúrgica Ferro Forte", "ferroforte.example", 850, "America/Sao_Paulo"},
    {"Clínica Vida Plena", "vidaplena.example", 320, "America/Sao_Paulo"},
    {"Agro Cerrado", "agrocerrado.example", 640, "America/Cuiaba"},
    {"Escola Nova Geração", "novageracao.example", 210, "America/Sao_Paulo"},
    {"Transportes Rápido Sul", "rapidosul.example", 480, "America/Sao_Paulo"},
    {"Contoso Analytics", "contoso.example", 720, "America/New_York"},
    {"Construtora Alicerce", "alicerce.example", 390, "America/Sao_Paulo"},
    {"Farmácias Bem Estar", "bemestar.example", 950, "America/Sao_Paulo"},
    {"Hotel Maré Alta", "marealta.example", 180, "America/Recife"},
    {"Amazônia Pescados", "amazoniapescados.example", 260, "America/Manaus"},
    {"Café Serra Azul", "serraazul.example", 45, "America/Sao_Paulo"},
    {"Estúdio Pixel", "estudiopixel.example", 18, "America/Sao_Paulo"},
    {"Advocacia Lima & Rocha", "limarocha.example", 60, "America/Sao_Paulo"},
    {"Padaria Trigo de Ouro", "trigodeouro.example", 25, "America/Sao_Paulo"},
    {"Oficina Motor Certo", "motorcerto.example", 12, "America/Sao_Paulo"},
    {"Contabilidade Exata", "exata.example", 35, "America/Sao_Paulo"},
    {"Pousada Recanto Verde", "recantoverde.example", 14, "America/Sao_Paulo"},
    {"Livraria Letra Viva", "letraviva.example", 22, "America/Sao_Paulo"},
    {"Startup Nuvem Clara", "nuvemclara.example", 48, "America/Sao_Paulo"},
    {"Fabrikam Robotics", "fabrikam.example", 90, "America/Chicago"},
    {"Ótica Visão Total", "visaototal.example", 30, "America/Sao_Paulo"},
};

const std::vector<std::string> kFirst = {"Ana",    "Bruno",   "Carla",  "Diego",  "Eduarda", "Felipe", "Gabriela",
                                         "Henrique", "Isabela", "João",   "Karina", "Lucas",   "Mariana", "Nicolas",
                                         "Olívia", "Pedro",   "Rafaela", "Sérgio", "Tatiana", "Vinícius", "Beatriz",
                                         "Caio",   "Débora",  "Emerson", "Fernanda", "Gustavo", "Helena", "Igor",
                                         "Juliana", "Leonardo", "Patrícia", "Renato", "Sofia",   "Thiago", "Valéria"};
const std::vector<std::string> kLast = {"Souza",  "Lima",     "Mendes", "Oliveira", "Santos",  "Costa", "Ferreira",
                                        "Almeida", "Ribeiro", "Carvalho", "Gomes",  "Martins", "Araújo", "Barbosa",
                                        "Rocha",  "Dias",     "Moreira", "Nunes",   "Teixeira", "Cardoso", "Pereira"};

std::string Ascii(std::string s) {
  // e-mail local parts without accents: "João" -> "joao"
  static const std::pair<const char*, const char*> kMap[] = {
      {"á", "a"}, {"à", "a"}, {"â", "a"}, {"ã", "a"}, {"é", "e"}, {"ê", "e"}, {"í", "i"}, {"ó", "o"},
      {"ô", "o"}, {"õ", "o"}, {"ú", "u"}, {"ç", "c"}, {"Á", "a"}, {"É", "e"}, {"Ó", "o"}, {"Ô", "o"}};
  for (const auto& [from, to] : kMap) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from)) s.replace(p, std::string(from).size(), to);
  }
  return AsciiLower(s);
}

struct Category {
  const char* name;
  std::vector<const char*> subs;
};
const std::vector<Category> kCategories = {
    {"Network", {"Link down", "Latency / packet loss", "VPN", "Wi-Fi", "Firewall"}},
    {"Access", {"Password reset", "New account", "Permissions"}},
    {"Hardware", {"Router / switch", "Workstation", "Printer"}},
    {"Software", {"E-mail", "ERP", "Licences"}},
    {"Security", {"Phishing", "Malware", "Vulnerability"}},
    {"Commercial", {"Billing", "Contract", "Upgrade"}},
};

// Subjects per top-level category, in Portuguese and English as a Brazilian NOC sees them.
const std::vector<std::vector<const char*>> kSubjects = {
    {"Link principal fora do ar na filial", "Main link down at branch office", "Alta latência no link MPLS",
     "Perda de pacotes entre matriz e filial", "VPN site-to-site caiu", "VPN client cannot connect",
     "Wi-Fi instável no 3º andar", "Guest Wi-Fi not authenticating", "Regra de firewall bloqueando ERP",
     "BGP session flapping with carrier"},
    {"Reset de senha do usuário", "Password expired for finance team", "Criar conta para novo colaborador",
     "Acesso negado à pasta compartilhada", "Grant admin rights on the CRM"},
    {"Switch do rack 2 reiniciando", "Router CPU at 95%", "Notebook não liga", "Impressora da recepção offline",
     "Access point sem energia PoE"},
    {"E-mails não chegam para o domínio", "Outlook keeps asking for password", "ERP lento no fechamento do mês",
     "Licença do antivírus expirada", "Renew Office licences"},
    {"E-mail suspeito de phishing recebido", "Possible malware on workstation", "Alerta de vulnerabilidade no firewall",
     "Tentativas de login suspeitas na VPN"},
    {"Dúvida sobre a fatura do mês", "Request quote for bandwidth upgrade", "Renovação de contrato",
     "Add 10 new sites to the contract"},
};

const std::vector<const char*> kDescriptions = {
    "Os usuários relatam que o sistema parou de responder por volta das {time}. Já reiniciamos o equipamento local sem sucesso.",
    "Since {time} several users cannot work. We checked cables and power; the problem persists.",
    "Problema intermitente desde ontem. Anexo print do erro. Impacto: equipe inteira da filial parada.",
    "Monitoring shows the interface going down and up every few minutes. Please investigate with the carrier.",
    "Solicito prioridade: temos um evento importante amanhã e precisamos do serviço estável.",
    "Please see the details below and let us know if you need remote access to our network.",
};

const std::vector<const char*> kFirstReplies = {
    "Olá! Recebemos seu chamado e já estamos analisando. Retornamos em breve.",
    "Hello, thanks for reaching out. We are looking into it now.",
    "Identificamos o problema e estamos atuando junto à operadora.",
    "Could you please confirm the affected site and the time the issue started?",
};
const std::vector<const char*> kCustomerReplies = {
    "Segue a informação solicitada. O problema começou às 9h na filial centro.",
    "Thanks, the issue started this morning at the main office.",
    "Ainda está acontecendo, por favor verifiquem novamente.",
    "Confirmado, já está funcionando. Obrigado!",
};
const std::vector<const char*> kNotes = {
    "Verificado com a operadora: protocolo aberto do lado deles.",
    "Checked logs on the core switch; spanning-tree topology change at the time reported.",
    "Aguardando janela de manutenção para aplicar a correção.",
    "Escalating: needs N2 analysis of the BGP configuration.",
};
const std::vector<const char*> kResolutions = {
    "Problema resolvido: a operadora normalizou o link. Favor confirmar.",
    "Resolved: we replaced the faulty SFP module. Please confirm on your side.",
    "Configuração corrigida e testada com o usuário. Encerrando o chamado.",
    "Password reset done and access confirmed with the user.",
};
const std::vector<const char*> kRatingComments = {"Atendimento rápido, obrigado!", "Great support, thanks.",
                                                  "Demorou um pouco, mas resolveram.",
                                                  "Took too long to get an answer.", "Excelente equipe."};
const std::vector<const char*> kTags = {"vip", "carrier", "hardware-swap", "recurring", "after-hours", "rma", "maintenance"};

// Opening hours weights (UTC-3 local hour) and weekday weights (Mon..Sun), from the UCI log.
const std::vector<double> kHourWeights = {1.1, 0.9, 0.6, 0.5, 0.5, 0.5, 1.3, 2.3, 10.2, 12.1, 11.6, 9.9,
                                          5.4, 6.6, 9.0, 8.6, 7.5, 4.3, 1.9, 1.2, 0.9, 1.4, 1.0, 0.7};
const std::vector<double> kWeekdayWeights = {23.9, 19.9, 19.6, 16.5, 15.4, 2.6, 2.3};

struct Staff {
  int64_t id;
  int tier;
};

struct World {
  std::vector<int64_t> org_ids;
  std::vector<double> org_weights;
  std::vector<std::vector<int64_t>> contacts;  // per org
  std::vector<std::vector<int64_t>> sites;
  std::vector<std::vector<int64_t>> areas;
  std::vector<std::pair<int64_t, std::vector<int64_t>>> categories;  // top-level -> subs
  int64_t team_n1 = 0, team_n2 = 0, team_n3 = 0, team_noc = 0;
  std::vector<int64_t> n1, n2, n3, noc;
  // Per organisation (same order as org_ids): the terms its tickets are measured by, recorded in
  // each ticket's created event as TicketService records them (0: the default policy's).
  struct Terms {
    int64_t contract = 0, policy_version = 0, calendar_version = 0;
  };
  std::vector<Terms> terms;
};

Status CreateStaff(store::Tx& tx, Rng& rng, const std::string& hash, Timestamp now, World& w, DemoReport& report) {
  struct Person {
    std::string name;
    domain::Role role;
    int tier;
  };
  std::vector<Person> people = {
      {"Alice Admin", domain::Role::kAdmin, 3},       {"Roberto Diretor", domain::Role::kDirector, 3},
      {"Denise Campos", domain::Role::kDirector, 3},  {"Marcos Lima", domain::Role::kManager, 3},
      {"Paula Noronha", domain::Role::kManager, 3},   {"Carla Mendes", domain::Role::kCsm, 2},
      {"Otávio Reis", domain::Role::kCsm, 2},         {"Lívia Prado", domain::Role::kCsm, 2},
      {"Jorge Salles", domain::Role::kCsm, 2},        {"Glória Guardiã", domain::Role::kGuardian, 2},
      {"Ana Souza", domain::Role::kAgent, 1},
  };
  // Generated agents never take a fixed person's name (and so e-mail).
  std::set<std::string> used;
  for (const Person& p : people) used.insert(p.name);
  auto add_agents = [&](int n, int tier) {
    while (n > 0) {
      std::string name = rng.Pick(kFirst) + " " + rng.Pick(kLast);
      if (!used.insert(name).second) continue;
      people.push_back({name, domain::Role::kAgent, tier});
      --n;
    }
  };
  add_agents(13, 1);  // N1 (with Ana: 14)
  add_agents(8, 2);   // N2
  add_agents(4, 3);   // N3
  add_agents(6, 1);   // NOC
  std::vector<int64_t> ids;
  for (const Person& p : people) {
    domain::User u;
    const size_t space = p.name.find(' ');
    u.email = Ascii(p.name.substr(0, space)) + "." + Ascii(p.name.substr(space + 1)) + "@farolnet.example";
    if (p.role == domain::Role::kAdmin) u.email = "admin@farolnet.example";
    u.name = p.name;
    u.role = p.role;
    u.tier = p.tier;
    u.locale = rng.Chance(0.8) ? "pt-BR" : "en";
    u.time_zone = "America/Sao_Paulo";
    u.created_at = now;
    u.updated_at = now;
    FAROL_ASSIGN_OR_RETURN(int64_t id, tx.users().Insert(u, hash));
    ids.push_back(id);
  }
  report.staff = static_cast<int>(ids.size());
  auto team = [&](const char* name, const char* desc, int64_t manager) -> StatusOr<int64_t> {
    domain::Team t;
    t.name = name;
    t.description = desc;
    t.manager_id = manager;
    t.created_at = now;
    t.updated_at = now;
    return tx.teams().Insert(t);
  };
  FAROL_ASSIGN_OR_RETURN(w.team_n1, team("N1 Service Desk", "First contact: triage and first-line fixes", ids[3]));
  FAROL_ASSIGN_OR_RETURN(w.team_n2, team("N2 Network Engineering", "Routing, switching, carriers", ids[3]));
  FAROL_ASSIGN_OR_RETURN(w.team_n3, team("N3 Specialists", "Architecture, security, vendors", ids[4]));
  FAROL_ASSIGN_OR_RETURN(w.team_noc, team("NOC", "24x7 monitoring and incident response", ids[4]));
  const size_t first_agent = 10;
  for (size_t i = first_agent; i < ids.size(); ++i) {
    const size_t k = i - first_agent;
    int64_t t;
    std::vector<int64_t>* list;
    if (k < 14) {
      t = w.team_n1, list = &w.n1;
    } else if (k < 22) {
      t = w.team_n2, list = &w.n2;
    } else if (k < 26) {
      t = w.team_n3, list = &w.n3;
    } else {
      t = w.team_noc, list = &w.noc;
    }
    FAROL_RETURN_IF_ERROR(tx.teams().AddMember(t, ids[i]));
    list->push_back(ids[i]);
  }
  for (int64_t m : {ids[3], ids[4]}) {
    FAROL_RETURN_IF_ERROR(tx.teams().AddMember(w.team_noc, m));
  }
  w.noc.push_back(ids[4]);  // the NOC manager works NOC tickets too
  return OkStatus();
}

Status CreateCustomers(store::Tx& tx, Rng& rng, const std::string& hash, Timestamp now, World& w,
                       DemoReport& report, const std::vector<int64_t>& csms) {
  static const char* kCities[] = {"São Paulo", "Campinas", "Rio de Janeiro", "Belo Horizonte", "Curitiba",
                                  "Porto Alegre", "Recife", "Salvador", "Brasília", "Manaus"};
  static const char* kAreas[] = {"Core", "WAN", "Wi-Fi corporativo", "Wi-Fi visitantes", "DMZ", "Datacenter", "VoIP"};
  for (const OrgSpec& spec : kOrgs) {
    domain::Organisation o;
    o.name = spec.name;
    o.employee_count = spec.employees;
    o.segment = domain::SegmentFor(spec.employees);
    o.time_zone = spec.zone;
    o.csm_id = csms[w.org_ids.size() % csms.size()];
    o.email_domains = {spec.domain};
    o.created_at = now;
    o.updated_at = now;
    FAROL_ASSIGN_OR_RETURN(int64_t org, tx.organisations().Insert(o));
    w.org_ids.push_back(org);
    w.org_weights.push_back(std::log(10.0 + spec.employees));
    const int n_sites = spec.employees >= 1000 ? rng.Int(3, 6) : spec.employees >= 100 ? rng.Int(2, 3) : 1;
    std::vector<int64_t> sites;
    for (int i = 0; i < n_sites; ++i) {
      domain::Site s;
      s.organisation_id = org;
      s.name = i == 0 ? "Matriz" : std::string("Filial ") + std::to_string(i);
      s.city = kCities[(w.org_ids.size() + static_cast<size_t>(i)) % std::size(kCities)];
      s.address = "Av. Principal, " + std::to_string(100 + 37 * i);
      s.country = "BR";
      FAROL_ASSIGN_OR_RETURN(int64_t id, tx.sites().Insert(s));
      sites.push_back(id);
    }
    w.sites.push_back(std::move(sites));
    std::vector<int64_t> areas;
    const int n_areas = rng.Int(2, 5);
    for (int i = 0; i < n_areas; ++i) {
      domain::NetworkArea a;
      a.organisation_id = org;
      a.name = kAreas[i];
      FAROL_ASSIGN_OR_RETURN(int64_t id, tx.network_areas().Insert(a));
      areas.push_back(id);
    }
    w.areas.push_back(std::move(areas));
    const int n_contacts = spec.employees >= 1000 ? rng.Int(8, 15) : spec.employees >= 100 ? rng.Int(4, 8) : rng.Int(2, 4);
    std::vector<int64_t> contacts;
    std::set<std::string> emails;
    for (int i = 0; i < n_contacts; ++i) {
      domain::Contact c;
      c.organisation_id = org;
      c.name = rng.Pick(kFirst) + " " + rng.Pick(kLast);
      std::string local = Ascii(c.name.substr(0, c.name.find(' ')));
      while (!emails.insert(local).second) local += std::to_string(rng.Int(1, 9));
      c.email = local + "@" + spec.domain;
      c.phone = "+55 11 9" + std::to_string(rng.Int(1000, 9999)) + "-" + std::to_string(rng.Int(1000, 9999));
      c.manager = i == 0;
      c.portal_user = i == 0 || rng.Chance(0.5);
      c.locale = std::string(spec.zone).starts_with("America/Sao") || std::string(spec.zone).starts_with("America/R") ||
                         std::string(spec.zone).starts_with("America/M") || std::string(spec.zone).starts_with("America/Cu")
                     ? "pt-BR"
                     : "en";
      c.created_at = now;
      c.updated_at = now;
      FAROL_ASSIGN_OR_RETURN(int64_t id, tx.contacts().Insert(c, c.portal_user ? hash : std::string()));
      contacts.push_back(id);
    }
    report.contacts += n_contacts;
    w.contacts.push_back(std::move(contacts));
  }
  report.organisations = static_cast<int>(w.org_ids.size());
  for (const Category& c : kCategories) {
    FAROL_ASSIGN_OR_RETURN(int64_t top, tx.categories().Insert({0, 0, c.name, true, 1}));
    std::vector<int64_t> subs;
    for (const char* s : c.subs) {
      FAROL_ASSIGN_OR_RETURN(int64_t id, tx.categories().Insert({0, top, s, true, 1}));
      subs.push_back(id);
    }
    w.categories.emplace_back(top, std::move(subs));
  }
  domain::CustomFieldDef circuit;
  circuit.ticket_type = domain::TicketType::kIncident;
  circuit.key = "circuit_id";
  circuit.label = "Circuit ID";
  FAROL_RETURN_IF_ERROR(tx.custom_fields().Insert(circuit).status());
  domain::CustomFieldDef users;
  users.ticket_type = domain::TicketType::kIncident;
  users.key = "affected_users";
  users.label = "Affected users";
  users.type = domain::CustomFieldType::kNumber;
  users.position = 1;
  FAROL_RETURN_IF_ERROR(tx.custom_fields().Insert(users).status());
  domain::CustomFieldDef risk;
  risk.ticket_type = domain::TicketType::kChange;
  risk.key = "risk";
  risk.label = "Risk";
  risk.type = domain::CustomFieldType::kSelect;
  risk.options = {"low", "medium", "high"};
  FAROL_RETURN_IF_ERROR(tx.custom_fields().Insert(risk).status());
  return OkStatus();
}

std::string Fill(std::string text, Timestamp at) {
  const size_t p = text.find("{time}");
  if (p != std::string::npos) text.replace(p, 6, FormatIso8601(at).substr(11, 5) + " UTC");
  return text;
}

// Builds one ticket's history from its creation until `until`.
class TicketStory {
 public:
  TicketStory(Rng& rng, const World& w, Timestamp created, Timestamp until)
      : rng_(rng), w_(w), now_(created), until_(until) {}

  std::vector<TicketEvent> Build() {
    const size_t org = rng_.Weighted(w_.org_weights);
    const double ch = rng_.Uniform();
    domain::Channel channel = ch < 0.35   ? domain::Channel::kEmail
                              : ch < 0.60 ? domain::Channel::kPhone
                              : ch < 0.80 ? domain::Channel::kPortal
                              : ch < 0.90 ? domain::Channel::kMonitoring
                              : ch < 0.98 ? domain::Channel::kChat
                                          : domain::Channel::kInPerson;
    const double ty = rng_.Uniform();
    domain::TicketType type = channel == domain::Channel::kMonitoring ? domain::TicketType::kIncident
                              : ty < 0.60                              ? domain::TicketType::kIncident
                              : ty < 0.85                              ? domain::TicketType::kServiceRequest
                              : ty < 0.93                              ? domain::TicketType::kChange
                              : ty < 0.95                              ? domain::TicketType::kProblem
                                                                       : domain::TicketType::kCommercial;
    // Priority mix P1 2%, P2 8%, P3 75%, P4 15% through impact x urgency (ITIL default matrix).
    const double pr = rng_.Uniform();
    domain::Level impact = domain::Level::kMedium, urgency = domain::Level::kMedium;
    if (pr < 0.02) {
      impact = urgency = domain::Level::kHigh;
    } else if (pr < 0.10) {
      (rng_.Chance(0.5) ? impact : urgency) = domain::Level::kHigh;
    } else if (pr >= 0.85) {
      (rng_.Chance(0.5) ? impact : urgency) = domain::Level::kLow;
    }
    priority_ = domain::PriorityMatrix{}.PriorityFor(impact, urgency);
    const size_t cat_i = type == domain::TicketType::kCommercial ? kCategories.size() - 1
                                                                  : static_cast<size_t>(rng_.Int(0, static_cast<int>(kCategories.size()) - 2));
    const auto& cat = w_.categories[cat_i];
    const bool staff_logged = channel == domain::Channel::kPhone || channel == domain::Channel::kInPerson;
    const std::vector<int64_t>& contacts = w_.contacts[org];
    requester_ = channel == domain::Channel::kMonitoring ? 0 : rng_.Pick(contacts);

    team_ = channel == domain::Channel::kMonitoring ? w_.team_noc : (rng_.Chance(0.9) ? w_.team_n1 : w_.team_noc);
    const std::vector<int64_t>& first_line = team_ == w_.team_noc ? w_.noc : w_.n1;
    assignee_ = staff_logged ? rng_.Pick(first_line) : 0;

    TicketEvent c;
    c.type = EventType::kCreated;
    c.at = now_;
    c.author = channel == domain::Channel::kMonitoring ? ActorRef{ActorKind::kSystem, 0}
               : staff_logged                           ? ActorRef{ActorKind::kStaff, assignee_}
                                                        : ActorRef{ActorKind::kContact, requester_};
    auto& f = c.fields;
    f["type"] = domain::Name(type);
    f["subject"] = rng_.Pick(kSubjects[cat_i]);
    f["description"] = Fill(rng_.Pick(kDescriptions), now_);
    f["organisation_id"] = std::to_string(w_.org_ids[org]);
    f["requester_id"] = requester_ ? std::to_string(requester_) : "";
    f["channel"] = domain::Name(channel);
    f["impact"] = domain::Name(impact);
    f["urgency"] = domain::Name(urgency);
    f["priority"] = domain::PriorityName(priority_);
    f["priority_manual"] = "false";
    f["status"] = "new";
    f["team_id"] = std::to_string(team_);
    f["assignee_id"] = assignee_ ? std::to_string(assignee_) : "";
    f["tier"] = "N1";
    f["site_id"] = rng_.Chance(0.7) ? std::to_string(rng_.Pick(w_.sites[org])) : "";
    f["network_area_id"] = rng_.Chance(0.5) ? std::to_string(rng_.Pick(w_.areas[org])) : "";
    f["category_id"] = std::to_string(cat.first);
    f["subcategory_id"] = std::to_string(rng_.Pick(cat.second));
    std::vector<std::string> tags;
    if (rng_.Chance(0.2)) tags.push_back(rng_.Pick(kTags));
    f["tags"] = Join(tags, ",");
    if (type == domain::TicketType::kIncident && rng_.Chance(0.4)) {
      f["cf.circuit_id"] = "CIR-" + std::to_string(rng_.Int(10000, 99999));
      f["cf.affected_users"] = std::to_string(rng_.Int(1, 400));
    }
    c.body = f["description"];
    events_.push_back(std::move(c));
    status_ = TicketStatus::kNew;
    Simulate();
    return std::move(events_);
  }

 private:
  // Moves the clock; false once the story reaches the demo's "now".
  bool Wait(double minutes) {
    now_ += std::chrono::seconds(static_cast<long long>(std::max(1.0, minutes * 60)));
    return now_ <= until_;
  }

  TicketEvent Make(EventType type, ActorRef author, bool internal) {
    TicketEvent e;
    e.type = type;
    e.at = now_;
    e.author = author;
    e.internal = internal;
    return e;
  }

  ActorRef Agent() const { return {ActorKind::kStaff, assignee_}; }

  void SetStatus(TicketStatus to, ActorRef by) {
    TicketEvent e = Make(EventType::kStatusChanged, by, false);
    e.from = domain::Name(status_);
    e.to = domain::Name(to);
    events_.push_back(std::move(e));
    status_ = to;
  }

  void Assign(int64_t user) {
    TicketEvent e = Make(EventType::kAssigned, Agent(), true);
    e.from = assignee_ ? std::to_string(assignee_) : "";
    e.to = std::to_string(user);
    e.author = {ActorKind::kStaff, user};
    events_.push_back(std::move(e));
    assignee_ = user;
  }

  void Reply(ActorRef by, const char* text) {
    TicketEvent e = Make(EventType::kPublicReply, by, false);
    e.body = text;
    events_.push_back(std::move(e));
  }

  void Simulate() {
    const bool p1 = priority_ == 1;
    // Pick-up and first response (P1 in minutes; others by the log's shape).
    if (!assignee_) {
      if (!Wait(p1 ? rng_.Int(1, 10) : rng_.LogNormal(20, 180))) return;
      Assign(rng_.Pick(team_ == w_.team_noc ? w_.noc : w_.n1));
    }
    if (!Wait(p1 ? rng_.Int(2, 20) : rng_.LogNormal(30, 240))) return;
    Reply(Agent(), rng_.Pick(kFirstReplies));
    SetStatus(TicketStatus::kOpen, Agent());
    if (rng_.Chance(0.4)) {
      if (!Wait(rng_.LogNormal(30, 300))) return;
      TicketEvent note = Make(EventType::kInternalNote, Agent(), true);
      note.body = rng_.Pick(kNotes);
      events_.push_back(std::move(note));
    }
    // Waiting on the customer.
    if (requester_ && rng_.Chance(0.3)) {
      SetStatus(TicketStatus::kPendingCustomer, Agent());
      if (!Wait(rng_.LogNormal(120, 1440))) return;
      Reply({ActorKind::kContact, requester_}, rng_.Pick(kCustomerReplies));
      SetStatus(TicketStatus::kOpen, {ActorKind::kContact, requester_});
    }
    // Escalation: about 18% to N2, a quarter of those on to N3 (the log's reassignment shape).
    if (rng_.Chance(0.18)) {
      if (!Wait(rng_.LogNormal(60, 600))) return;
      Escalate(2, w_.team_n2, w_.n2, "Needs network engineering analysis");
      if (rng_.Chance(0.25)) {
        if (!Wait(rng_.LogNormal(240, 2880))) return;
        Escalate(3, w_.team_n3, w_.n3, "Vendor / architecture involvement required");
      }
    }
    Resolve();
  }

  void Escalate(int tier, int64_t team, const std::vector<int64_t>& agents, const char* reason) {
    TicketEvent e = Make(EventType::kEscalated, Agent(), true);
    e.from = domain::TierName(tier - 1);
    e.to = domain::TierName(tier);
    e.reason = reason;
    events_.push_back(std::move(e));
    TicketEvent t = Make(EventType::kTeamChanged, Agent(), true);
    t.from = std::to_string(team_);
    t.to = std::to_string(team);
    events_.push_back(std::move(t));
    team_ = team;
    Assign(rng_.Pick(agents));
  }

  void Resolve() {
    // Time to resolve, in hours. P3/P4 follow the UCI log (P3 median 21.6 h, p90 375 h; P4 5 h /
    // 500 h); P1/P2 are faster than in that log, as a managed NOC's contracts demand.
    static const double kMedian[] = {0, 3, 10, 21.6, 5};
    static const double kP90[] = {0, 24, 120, 374.6, 500};
    if (!Wait(60 * rng_.LogNormal(kMedian[priority_], kP90[priority_]))) return;
    Reply(Agent(), rng_.Pick(kResolutions));
    SetStatus(TicketStatus::kResolved, Agent());
    // 1.1% reopen (the log's reopen_count).
    if (requester_ && rng_.Chance(0.011)) {
      if (!Wait(rng_.LogNormal(600, 2880))) return;
      Reply({ActorKind::kContact, requester_}, "O problema voltou a acontecer hoje.");
      SetStatus(TicketStatus::kOpen, {ActorKind::kContact, requester_});
      if (!Wait(60 * rng_.LogNormal(8, 72))) return;
      Reply(Agent(), rng_.Pick(kResolutions));
      SetStatus(TicketStatus::kResolved, Agent());
    }
    if (requester_ && rng_.Chance(0.35)) {
      if (!Wait(rng_.LogNormal(120, 1440))) return;
      const double s = rng_.Uniform();
      const int stars = s < 0.55 ? 5 : s < 0.80 ? 4 : s < 0.90 ? 3 : s < 0.95 ? 2 : 1;
      TicketEvent r = Make(EventType::kRated, {ActorKind::kContact, requester_}, false);
      r.to = std::to_string(stars);
      if (rng_.Chance(0.4)) r.body = rng_.Pick(kRatingComments);
      events_.push_back(std::move(r));
    }
    if (!Wait(72 * 60)) return;  // auto-close three days after resolution
    SetStatus(TicketStatus::kClosed, {ActorKind::kSystem, 0});
  }

  Rng& rng_;
  const World& w_;
  Timestamp now_;
  const Timestamp until_;
  std::vector<TicketEvent> events_;
  TicketStatus status_ = TicketStatus::kNew;
  int priority_ = 3;
  int64_t requester_ = 0;
  int64_t team_ = 0;
  int64_t assignee_ = 0;
};

// Ticket creation instants, oldest first, with the log's weekday and hour-of-day shape.
std::vector<Timestamp> CreationTimes(Rng& rng, int64_t n, int days, Timestamp until) {
  const long long end_day = ToUnixSeconds(until) / 86400;
  const long long start_day = end_day - days;
  std::vector<double> day_weights;
  for (long long d = start_day; d <= end_day; ++d) {
    const int weekday = static_cast<int>(((d % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday (Mon = 0)
    day_weights.push_back(kWeekdayWeights[static_cast<size_t>(weekday)]);
  }
  std::vector<double> cumulative(day_weights.size());
  double total = 0;
  for (size_t i = 0; i < day_weights.size(); ++i) cumulative[i] = (total += day_weights[i]);
  std::vector<double> hour_cum(24);
  double htotal = 0;
  for (size_t i = 0; i < 24; ++i) hour_cum[i] = (htotal += kHourWeights[i]);
  std::vector<Timestamp> out;
  out.reserve(static_cast<size_t>(n));
  while (static_cast<int64_t>(out.size()) < n) {
    const size_t day = static_cast<size_t>(std::lower_bound(cumulative.begin(), cumulative.end(), rng.Uniform() * total) - cumulative.begin());
    const size_t hour = static_cast<size_t>(std::lower_bound(hour_cum.begin(), hour_cum.end(), rng.Uniform() * htotal) - hour_cum.begin());
    // Local hour in UTC-3 -> UTC.
    const long long secs = (start_day + static_cast<long long>(day)) * 86400 + (static_cast<long long>(hour) + 3) * 3600 +
                           static_cast<long long>(rng.Next() % 3600);
    if (secs < ToUnixSeconds(until)) out.push_back(FromUnixSeconds(secs));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The SLA side of Farol Networks: an office-hours calendar of São Paulo with Brazil's national
// holidays, two policies beside the default one (24×7 with the seed escalation matrix), and a
// contract for every customer with more than 300 employees — enterprise customers on "Gold 24×7",
// mid-market ones on "Business hours" — each promising compliance per ticket type.
Status CreateContracts(store::Tx& tx, Timestamp since, Timestamp until, World& w) {
  domain::CalendarSpec office;
  office.timezone = "America/Sao_Paulo";
  for (int d = 0; d < 5; ++d) office.week[size_t(d)] = {{8 * 60, 12 * 60}, {13 * 60, 18 * 60}};
  for (const char* h : {"01-01", "04-21", "05-01", "09-07", "10-12", "11-02", "11-15", "11-20", "12-25"}) {
    office.yearly_holidays.push_back(*domain::ParseYearlyDate(h));
  }
  for (const char* h : {"2026-02-16", "2026-02-17", "2026-04-03", "2026-06-04", "2027-02-08", "2027-02-09", "2027-03-26"}) {
    office.holidays.push_back(*domain::ParseCivilDate(h));
  }
  const domain::ActorRef system{};
  FAROL_ASSIGN_OR_RETURN(auto calendar, tx.calendars().Insert("Horário comercial São Paulo",
                                                              domain::SerializeCalendarSpec(office), since, system));
  auto targets = [](domain::SlaPolicy& p, std::array<std::array<int, 3>, 4> minutes) {
    for (std::string_view type : domain::TicketTypeNames()) {
      for (int pr = 1; pr <= 4; ++pr) {
        const auto& m = minutes[size_t(pr - 1)];
        p.targets[{*domain::ParseTicketType(type), pr}] = {m[0] * 60LL, m[1] * 60LL, m[2] * 60LL};
      }
    }
  };
  domain::SlaPolicy gold = domain::DefaultSlaPolicy();
  gold.calendar_id = 1;  // the default calendar: 24×7
  targets(gold, {{{15, 120, 60}, {30, 240, 120}, {120, 1440, 0}, {480, 4320, 0}}});
  gold.escalation = domain::SeedEscalationMatrix();
  gold.escalation.max_priority = 2;
  gold.pause_statuses.Add(domain::TicketStatus::kPendingVendor);
  FAROL_ASSIGN_OR_RETURN(auto gold_stored, tx.sla_policies().Insert("Gold 24×7", gold.Serialize(), since, system));
  domain::SlaPolicy business = domain::DefaultSlaPolicy();
  business.calendar_id = calendar.id;
  targets(business, {{{60, 480, 0}, {120, 960, 0}, {240, 1440, 0}, {480, 2400, 0}}});
  business.responses.by_channel[domain::Channel::kPhone] =
      domain::ResponseRules::Bit(domain::ResponseKind::kPublicReply) | domain::ResponseRules::Bit(domain::ResponseKind::kPhoneCall);
  FAROL_ASSIGN_OR_RETURN(auto business_stored, tx.sla_policies().Insert("Business hours", business.Serialize(), since, system));
  FAROL_ASSIGN_OR_RETURN(auto default_calendar, tx.calendars().Get(1));
  const std::chrono::year_month_day start{std::chrono::floor<std::chrono::days>(since)};
  const std::chrono::year_month_day renewal{std::chrono::floor<std::chrono::days>(until + std::chrono::days(90))};
  for (size_t i = 0; i < kOrgs.size() && i < w.org_ids.size(); ++i) {
    const OrgSpec& spec = kOrgs[i];
    if (spec.employees <= 300) {
      w.terms.push_back({});
      continue;
    }
    const bool enterprise = spec.employees >= 1000;
    domain::Contract c;
    c.organisation_id = w.org_ids[i];
    c.name = enterprise ? "Managed network 24×7" : "Managed network, business hours";
    c.starts_on = {int(start.year()), unsigned(start.month()), unsigned(start.day())};
    c.renewal_on = domain::CivilDate{int(renewal.year()), unsigned(renewal.month()), unsigned(renewal.day())};
    c.monthly_value_minor = enterprise ? 2'500'000 + spec.employees * 500LL : 650'000 + spec.employees * 800LL;
    c.currency = std::string_view(spec.zone).starts_with("America/New_York") ? "USD"
                 : std::string_view(spec.zone).starts_with("Europe/")       ? "EUR"
                                                                             : "BRL";
    c.policy_id = enterprise ? gold_stored.id : business_stored.id;
    c.compliance = {{domain::TicketType::kIncident, "resolution", enterprise ? 9500 : 9000},
                    {domain::TicketType::kIncident, "first_response", enterprise ? 9800 : 9500},
                    {domain::TicketType::kServiceRequest, "resolution", 9000}};
    c.created_at = c.updated_at = since;
    FAROL_RETURN_IF_ERROR(domain::SetContractPeriod(c, spec.zone));
    FAROL_ASSIGN_OR_RETURN(int64_t id, tx.contracts().Insert(c));
    w.terms.push_back({id, enterprise ? gold_stored.version_id : business_stored.version_id,
                       enterprise ? (default_calendar ? default_calendar->version_id : 0) : calendar.version_id});
  }
  return app::SlaBooks::Changed(tx);
}

// Records in a generated ticket's created event the terms of its organisation's contract.
void RecordTerms(const World& w, std::vector<TicketEvent>& events) {
  if (events.empty()) return;
  TicketEvent& created = events.front();
  const int64_t org = std::atoll(created.fields["organisation_id"].c_str());
  for (size_t i = 0; i < w.org_ids.size() && i < w.terms.size(); ++i) {
    if (w.org_ids[i] != org || !w.terms[i].contract) continue;
    created.fields[std::string(kTermsContractField)] = std::to_string(w.terms[i].contract);
    created.fields[std::string(kTermsPolicyField)] = std::to_string(w.terms[i].policy_version);
    if (w.terms[i].calendar_version) {
      created.fields[std::string(kTermsCalendarField)] = std::to_string(w.terms[i].calendar_version);
    }
  }
}

}  // namespace

// The guardian's log (docs/GUARDIAN.md): customer-facing errors of the last two months, graded
// under the seed's rule, with action plans (some done, one late), and a cause that came back
// (two records in one group).
Status CreateGuardianLog(store::Tx& tx, Timestamp until, const World& w) {
  FAROL_ASSIGN_OR_RETURN(auto guardians, tx.users().List(store::ListOptions::First(1), domain::Role::kGuardian));
  const int64_t guardian = guardians.empty() ? 0 : guardians.front().id;
  struct Seed {
    int days_ago;
    const char* title;
    const char* category;
    const char* cause;
    const char* cause_category;
    int team;  // 0 N1, 1 N2, 2 N3, 3 NOC
    int g, u, t;
    const char* status;
    int group;  // 0 none; records with the same number share a root cause
  };
  static constexpr Seed kSeeds[] = {
      {55, "Técnico chegou 3 horas atrasado na instalação", "delivery delay", "Agenda de visitas sem tempo de deslocamento",
       "process", 1, 2, 3, 2, "reopened", 1},
      {12, "Visita de troca de roteador atrasada", "delivery delay", "Agenda de visitas sem tempo de deslocamento", "process",
       1, 2, 3, 3, "action_plan", 1},
      {40, "Cliente recebeu passos errados de configuração da VPN", "wrong information", "Roteiro de atendimento desatualizado",
       "process", 0, 2, 2, 3, "monitoring", 0},
      {30, "Alerta de queda do link não foi enviado ao cliente", "platform failure", "Webhook de alertas sem nova tentativa",
       "tool", 3, 3, 3, 2, "action_plan", 0},
      {20, "Fatura enviada com valor do contrato antigo", "wrong information", "", "", 0, 1, 2, 1, "analysing", 0},
      {6, "Chamado P1 fechado sem confirmação do cliente", "wrong information", "", "", 0, 0, 0, 0, "new", 0},
      {3, "Backup da configuração do firewall falhou sem aviso", "platform failure", "", "", 2, 0, 0, 0, "new", 0},
  };
  const int64_t teams[] = {w.team_n1, w.team_n2, w.team_n3, w.team_noc};
  const std::vector<int64_t>* people[] = {&w.n1, &w.n2, &w.n3, &w.noc};
  std::map<int, int64_t> groups;
  for (size_t i = 0; i < std::size(kSeeds); ++i) {
    const Seed& s = kSeeds[i];
    store::Problem p;
    p.title = s.title;
    p.description = std::string("Registrado pelo guardião a partir do relato do cliente: ") + s.title + ".";
    p.reported_at = until - std::chrono::days(s.days_ago);
    p.error_category = s.category;
    p.root_cause = s.cause;
    p.cause_category = s.cause_category;
    p.team_id = teams[s.team];
    if (s.g) {
      p.gravity = s.g;
      p.urgency = s.u;
      p.tendency = s.t;
      p.gut_score = s.g + s.u + s.t;
      p.impact = "Clientes sem atendimento no prazo combinado.";
      p.solution_immediate = "Contato com o cliente e correção do caso.";
      if (p.gut_score >= 5) p.solution_long_term = "Revisar o processo com a equipe.";
      if (p.gut_score >= 7) p.solution_preventive = "Checagem automática antes de repetir o erro.";
    }
    p.status = s.status;
    p.organisation_ids = {w.org_ids[(i * 7) % w.org_ids.size()]};
    p.reporter_user_id = guardian;
    p.created_by = guardian;
    p.created_at = p.updated_at = p.reported_at;
    if (s.group) {
      auto [it, first] = groups.try_emplace(s.group, 0);
      p.group_id = it->second;  // 0 for the first: set once its id is known
    }
    FAROL_ASSIGN_OR_RETURN(p.id, tx.problems().Insert(p));
    if (s.group && p.group_id == 0) {
      groups[s.group] = p.id;
      p.group_id = p.id;
      FAROL_RETURN_IF_ERROR(tx.problems().Update(p, 1));
    }
    FAROL_RETURN_IF_ERROR(tx.problems().IndexText(p.id, "", p.title + "\n" + p.description + "\n" + p.root_cause));
    store::ProblemEvent created;
    created.problem_id = p.id;
    created.type = "created";
    created.at = p.reported_at;
    created.author_user_id = guardian;
    FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(created).status());
    if (!s.g || p.status == "analysing") continue;
    // The plan: the immediate action done two days in; the others due later, some done.
    const auto& team = *people[s.team];
    const int64_t owner = team.empty() ? guardian : team[i % team.size()];
    auto action = [&](const char* kind, const char* title, int due_days, bool done) -> Status {
      store::ProblemAction a;
      a.problem_id = p.id;
      a.kind = kind;
      a.title = title;
      a.owner_user_id = owner;
      a.team_id = p.team_id;
      a.due_at = p.reported_at + std::chrono::days(due_days);
      a.created_at = a.updated_at = p.reported_at;
      if (done) {
        a.status = "done";
        a.evidence = "Concluída; registro no chamado de mudança.";
        a.done_at = p.reported_at + std::chrono::days(due_days - 1);
        a.done_by = owner;
      }
      return tx.problems().InsertAction(a).status();
    };
    FAROL_RETURN_IF_ERROR(action("immediate", "Corrigir o caso do cliente", 2, true));
    if (!p.solution_long_term.empty()) {
      FAROL_RETURN_IF_ERROR(action("long_term", "Revisar o processo com a equipe", 10, s.days_ago > 20));
    }
    if (!p.solution_preventive.empty()) {
      // Late while the record is still being worked on.
      FAROL_RETURN_IF_ERROR(action("preventive", "Checagem automática antes de repetir", 8, p.status == "reopened"));
    }
  }
  // The first record of group 1 was prevented, then its cause came back: reopened, and it says so.
  if (auto it = groups.find(1); it != groups.end()) {
    store::ProblemEvent e;
    e.problem_id = it->second;
    e.type = "recurred";
    e.at = until - std::chrono::days(12);
    e.field = "status";
    e.from = "closed";
    e.to = "reopened";
    e.body = "The cause came back: a new record in this group was reported after its preventive action was done.";
    FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(e).status());
  }
  return OkStatus();
}

StatusOr<DemoReport> GenerateDemo(store::Store& store, const DemoOptions& options,
                                  const std::function<void(int64_t, int64_t)>& progress) {
  if (options.tickets < 0 || options.tickets > 100'000'000) {
    return FieldInvalidError("tickets", "must be between 0 and 100000000");
  }
  if (options.days < 1 || options.days > 3650) return FieldInvalidError("days", "must be between 1 and 3650");
  Rng rng(options.seed);
  FAROL_ASSIGN_OR_RETURN(const std::string hash, crypto::HashPassword(kDemoPassword));
  const Timestamp setup_time = options.until - std::chrono::days(options.days + 1);
  World w;
  DemoReport report;
  FAROL_RETURN_IF_ERROR(store.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto orgs, tx.organisations().List(store::ListOptions::First(1)));
    if (!orgs.empty()) {
      return FailedPreconditionError("The database already holds organisations; demo data goes into an empty database.");
    }
    FAROL_ASSIGN_OR_RETURN(auto admin, tx.users().GetByEmail("admin@farolnet.example"));
    if (admin) return FailedPreconditionError("The database already holds the demo staff.");
    FAROL_RETURN_IF_ERROR(CreateStaff(tx, rng, hash, setup_time, w, report));
    FAROL_ASSIGN_OR_RETURN(auto csms, tx.users().List(store::ListOptions::First(500), domain::Role::kCsm));
    std::vector<int64_t> csm_ids;
    for (const auto& u : csms) csm_ids.push_back(u.id);
    FAROL_RETURN_IF_ERROR(CreateCustomers(tx, rng, hash, setup_time, w, report, csm_ids));
    FAROL_RETURN_IF_ERROR(CreateContracts(tx, setup_time, options.until, w));
    return CreateGuardianLog(tx, options.until, w);
  }));

  const std::vector<Timestamp> times = CreationTimes(rng, options.tickets, options.days, options.until);
  int64_t done = 0;
  while (done < options.tickets) {
    const int64_t n = std::min<int64_t>(options.batch, options.tickets - done);
    std::vector<std::vector<TicketEvent>> batch;
    batch.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      batch.push_back(TicketStory(rng, w, times[static_cast<size_t>(done + i)], options.until).Build());
      RecordTerms(w, batch.back());
      report.events += static_cast<int64_t>(batch.back().size());
    }
    FAROL_RETURN_IF_ERROR(store.Write([&](store::Tx& tx) -> Status {
      for (auto& events : batch) FAROL_RETURN_IF_ERROR(TicketService::ImportInTx(tx, events).status());
      return OkStatus();
    }));
    done += n;
    report.tickets = done;
    if (progress) progress(done, options.tickets);
  }
  // Fresh statistics, so the first queue pages use the right indexes.
  FAROL_RETURN_IF_ERROR(store.Analyze(/*full=*/true));
  return report;
}

}  // namespace farol::app
