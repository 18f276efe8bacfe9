#include "core/time.h"

#include <cstdio>

namespace farol {

long long DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

namespace {

void CivilFromDays(long long z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long yy = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

unsigned DaysInMonth(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

}  // namespace

std::string FormatIso8601(Timestamp t) {
  const long long secs = ToUnixSeconds(t);
  long long days = secs / 86400;
  long long rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  if (y < 0 || y > 9999) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", y, m, d, rem / 3600,
                  (rem / 60) % 60, rem % 60);
    return buf;
  }
  // Hand-formatted: every ticket carries several instants and snprintf showed in profiles.
  char buf[20] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
  const auto put = [&](int pos, unsigned value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10) buf[pos + i] = static_cast<char>('0' + value % 10);
  };
  put(0, static_cast<unsigned>(y), 4);
  put(5, m, 2);
  put(8, d, 2);
  put(11, static_cast<unsigned>(rem / 3600), 2);
  put(14, static_cast<unsigned>((rem / 60) % 60), 2);
  put(17, static_cast<unsigned>(rem % 60), 2);
  return std::string(buf, sizeof buf);
}

StatusOr<Timestamp> ParseIso8601(std::string_view s) {
  const auto bad = [&] {
    return InvalidArgumentError("'" + std::string(s.substr(0, 64)) +
                                "' is not a date-time like 2026-11-22T10:00:00Z");
  };
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, mo) ||
      s[7] != '-' || !Digits(s, 8, 2, d)) {
    return bad();
  }
  if (mo < 1 || mo > 12 || d < 1 || d > static_cast<int>(DaysInMonth(y, mo))) return bad();
  size_t pos = 10;
  long long offset = 0;
  if (pos < s.size()) {
    const char sep = s[pos];
    if (sep != 'T' && sep != 't' && sep != ' ') return bad();
    if (!Digits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, mi)) {
      return bad();
    }
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!Digits(s, pos + 1, 2, se)) return bad();
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        const size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start) return bad();
      }
    }
    if (h > 23 || mi > 59 || se > 60) return bad();
    if (se == 60) se = 59;  // a leap second is reported as the second before it
    if (pos >= s.size()) return bad();  // a time needs its offset: no guessing the zone
    const char z = s[pos];
    if (z == 'Z' || z == 'z') {
      ++pos;
    } else if (z == '+' || z == '-') {
      int oh, om;
      if (!Digits(s, pos + 1, 2, oh)) return bad();
      size_t mpos = pos + 3;
      if (mpos < s.size() && s[mpos] == ':') ++mpos;
      if (!Digits(s, mpos, 2, om) || oh > 23 || om > 59) return bad();
      offset = (oh * 3600LL + om * 60LL) * (z == '-' ? -1 : 1);
      pos = mpos + 2;
    } else {
      return bad();
    }
    if (pos != s.size()) return bad();
  }
  const long long secs = DaysFromCivil(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + se - offset;
  return FromUnixSeconds(secs);
}

}  // namespace farol
