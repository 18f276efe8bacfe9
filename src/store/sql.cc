#include "store/sql.h"

#include <charconv>
#include <cstdlib>

namespace farol::store::sql {
namespace {
const std::string kEmpty;
}

int64_t Rows::Int(size_t row, int col) const {
  const auto& c = At(row, col);
  if (!c) return 0;
  int64_t v = 0;
  std::from_chars(c->data(), c->data() + c->size(), v);
  return v;
}

double Rows::Real(size_t row, int col) const {
  const auto& c = At(row, col);
  return c ? std::strtod(c->c_str(), nullptr) : 0.0;
}

const std::string& Rows::Text(size_t row, int col) const {
  const auto& c = At(row, col);
  return c ? *c : kEmpty;
}

std::optional<int64_t> Rows::OptInt(size_t row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

std::optional<Timestamp> Rows::OptTime(size_t row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Time(row, col);
}

StatusOr<int64_t> Connection::QueryInt(std::string_view sql, std::initializer_list<Param> params) {
  FAROL_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty() || rows.columns() < 1) return NotFoundError("no row");
  return rows.Int(0, 0);
}

}  // namespace farol::store::sql
