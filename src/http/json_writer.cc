#include "http/json_writer.h"

#include "core/strings.h"

namespace farol::http {

void JsonWriter::Quoted(std::string_view s) { AppendJsonQuoted(out_, s); }

}  // namespace farol::http
