// A streaming JSON writer for hot responses (tickets, ticket pages): appends straight to a
// string instead of building a boost::json::object (about 4x faster for a ticket, which a
// 50-row queue page encodes 50 times). Produces compact RFC 8259 JSON; strings are escaped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace farol::http {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // Starts a member; the next value call writes its value.
  void Key(std::string_view k) {
    Separate();
    Quoted(k);
    out_ += ':';
    after_key_ = true;
  }
  void String(std::string_view v) {
    Separate();
    Quoted(v);
  }
  void Int(int64_t v) {
    Separate();
    out_ += std::to_string(v);
  }
  void Bool(bool v) {
    Separate();
    out_ += v ? "true" : "false";
  }
  void Null() {
    Separate();
    out_ += "null";
  }
  void Time(Timestamp t) { String(FormatIso8601(t)); }
  // Writes `raw`, which must be valid JSON.
  void Raw(std::string_view raw) {
    Separate();
    out_ += raw;
  }

  // Members by type.
  void Member(std::string_view k, std::string_view v) { Key(k), String(v); }
  void Member(std::string_view k, const char* v) { Key(k), String(v); }
  void Member(std::string_view k, const std::string& v) { Key(k), String(v); }
  void Member(std::string_view k, int64_t v) { Key(k), Int(v); }
  void Member(std::string_view k, int v) { Key(k), Int(v); }
  void Member(std::string_view k, bool v) { Key(k), Bool(v); }
  // An id that is 0 for "none" is written as null.
  void IdOrNull(std::string_view k, int64_t id) {
    Key(k);
    if (id == 0) {
      Null();
    } else {
      Int(id);
    }
  }
  void TextOrNull(std::string_view k, std::string_view v) {
    Key(k);
    if (v.empty()) {
      Null();
    } else {
      String(v);
    }
  }
  void TimeOrNull(std::string_view k, const std::optional<Timestamp>& t) {
    Key(k);
    if (t) {
      Time(*t);
    } else {
      Null();
    }
  }

 private:
  void Open(char c) {
    Separate();
    out_ += c;
    first_ = true;
  }
  void Close(char c) {
    out_ += c;
    first_ = false;
  }
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_) out_ += ',';
    first_ = false;
  }
  void Quoted(std::string_view s);

  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace farol::http
