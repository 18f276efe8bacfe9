#include <string_view>
#include <vector>

namespace farol::store::embedded {
extern const std::string_view postgres_0001_core_sql;
extern const std::string_view postgres_0002_search_sql;
extern const std::string_view postgres_0003_queue_indexes_sql;
extern const std::string_view postgres_0004_status_priority_index_sql;
extern const std::string_view postgres_0005_saved_filters_sql;
extern const std::string_view postgres_0006_sla_alerts_sql;
extern const std::string_view postgres_0007_contracts_escalation_sql;
extern const std::string_view postgres_0008_mail_sql;
extern const std::string_view postgres_0009_monitoring_sql;
extern const std::string_view postgres_0010_magic_links_sql;
extern const std::string_view postgres_0011_chat_sql;
extern const std::string_view postgres_0012_surveys_sql;
extern const std::string_view postgres_0013_survey_followups_sql;
extern const std::string_view postgres_0014_survey_daily_sql;
extern const std::string_view postgres_0015_survey_campaigns_sql;
extern const std::string_view postgres_0016_survey_questions_sql;
extern const std::string_view postgres_0017_problems_sql;
extern const std::string_view postgres_0018_problem_work_sql;
}  // namespace farol::store::embedded

namespace farol::store {

const std::vector<std::string_view>& PostgresMigrations() {
  static const std::vector<std::string_view> kScripts = {
      embedded::postgres_0001_core_sql,
      embedded::postgres_0002_search_sql,
      embedded::postgres_0003_queue_indexes_sql,
      embedded::postgres_0004_status_priority_index_sql,
      embedded::postgres_0005_saved_filters_sql,
      embedded::postgres_0006_sla_alerts_sql,
      embedded::postgres_0007_contracts_escalation_sql,
      embedded::postgres_0008_mail_sql,
      embedded::postgres_0009_monitoring_sql,
      embedded::postgres_0010_magic_links_sql,
      embedded::postgres_0011_chat_sql,
      embedded::postgres_0012_surveys_sql,
      embedded::postgres_0013_survey_followups_sql,
      embedded::postgres_0014_survey_daily_sql,
      embedded::postgres_0015_survey_campaigns_sql,
      embedded::postgres_0016_survey_questions_sql,
      embedded::postgres_0017_problems_sql,
      embedded::postgres_0018_problem_work_sql,
  };
  return kScripts;
}

}  // namespace farol::store
