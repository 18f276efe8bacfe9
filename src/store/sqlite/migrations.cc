#include <string_view>
#include <vector>

namespace farol::store::embedded {
extern const std::string_view sqlite_0001_core_sql;
extern const std::string_view sqlite_0002_search_sql;
extern const std::string_view sqlite_0003_queue_indexes_sql;
extern const std::string_view sqlite_0004_status_priority_index_sql;
extern const std::string_view sqlite_0005_saved_filters_sql;
extern const std::string_view sqlite_0006_sla_alerts_sql;
extern const std::string_view sqlite_0007_contracts_escalation_sql;
extern const std::string_view sqlite_0008_mail_sql;
extern const std::string_view sqlite_0009_monitoring_sql;
extern const std::string_view sqlite_0010_magic_links_sql;
extern const std::string_view sqlite_0011_chat_sql;
extern const std::string_view sqlite_0012_surveys_sql;
extern const std::string_view sqlite_0013_survey_followups_sql;
extern const std::string_view sqlite_0014_survey_daily_sql;
extern const std::string_view sqlite_0015_survey_campaigns_sql;
extern const std::string_view sqlite_0016_survey_questions_sql;
extern const std::string_view sqlite_0017_problems_sql;
extern const std::string_view sqlite_0018_problem_work_sql;
}  // namespace farol::store::embedded

namespace farol::store {

const std::vector<std::string_view>& SqliteMigrations() {
  static const std::vector<std::string_view> kScripts = {
      embedded::sqlite_0001_core_sql,
      embedded::sqlite_0002_search_sql,
      embedded::sqlite_0003_queue_indexes_sql,
      embedded::sqlite_0004_status_priority_index_sql,
      embedded::sqlite_0005_saved_filters_sql,
      embedded::sqlite_0006_sla_alerts_sql,
      embedded::sqlite_0007_contracts_escalation_sql,
      embedded::sqlite_0008_mail_sql,
      embedded::sqlite_0009_monitoring_sql,
      embedded::sqlite_0010_magic_links_sql,
      embedded::sqlite_0011_chat_sql,
      embedded::sqlite_0012_surveys_sql,
      embedded::sqlite_0013_survey_followups_sql,
      embedded::sqlite_0014_survey_daily_sql,
      embedded::sqlite_0015_survey_campaigns_sql,
      embedded::sqlite_0016_survey_questions_sql,
      embedded::sqlite_0017_problems_sql,
      embedded::sqlite_0018_problem_work_sql,
  };
  return kScripts;
}

}  // namespace farol::store
