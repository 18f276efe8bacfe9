#include "domain/priority.h"

#include "core/strings.h"

namespace farol::domain {

Status PriorityMatrix::Validate() const {
  FieldErrors errors;
  for (int i = 0; i < 3; ++i) {
    for (int u = 0; u < 3; ++u) {
      const int p = cells[i][u];
      if (p < kMinPriority || p > kMaxPriority) {
        errors.Add(std::string("cells.") + std::string(LevelNames()[i]) + "." +
                       std::string(LevelNames()[u]),
                   "must be a priority from P1 to P4");
      }
    }
  }
  return errors.ToStatus("The priority matrix is invalid");
}

std::string PriorityMatrix::Serialize() const {
  std::string s;
  for (int i = 0; i < 3; ++i) {
    if (i) s += ';';
    for (int u = 0; u < 3; ++u) {
      if (u) s += ',';
      s += std::to_string(cells[i][u]);
    }
  }
  return s;
}

StatusOr<PriorityMatrix> PriorityMatrix::Parse(std::string_view text) {
  PriorityMatrix m;
  const auto rows = Split(text, ';');
  if (rows.size() != 3) return InvalidArgumentError("priority matrix needs 3 rows");
  for (int i = 0; i < 3; ++i) {
    const auto cols = Split(rows[i], ',');
    if (cols.size() != 3) return InvalidArgumentError("priority matrix needs 3 columns");
    for (int u = 0; u < 3; ++u) {
      if (cols[u].size() != 1 || cols[u][0] < '1' || cols[u][0] > '4') {
        return InvalidArgumentError("priority matrix cell is not 1..4");
      }
      m.cells[i][u] = cols[u][0] - '0';
    }
  }
  return m;
}

}  // namespace farol::domain
