// A PATCH whose body carries the version its writer last saw (optimistic concurrency): the
// id from the path, `version` and the fields from the body (every problem with them named at
// once), then the use case's answer — 412 when the object moved since that version.
#pragma once

#include "http/json.h"
#include "http/router.h"

namespace farol::http {

// `read(reader)` gives the fields; `save(id, fields, version)` a StatusOr of what to answer with
// `encode(saved)`, as 200.
template <typename Read, typename Save, typename Encode>
HttpResponse PatchWithVersion(RequestContext& c, Read read, Save save, Encode encode) {
  auto id = c.Id();
  if (!id.ok()) return ProblemResponse(id.status());
  auto in = Reader::Parse(c.request.body);
  if (!in.ok()) return ProblemResponse(in.status());
  auto version = in->Int("version");
  if (!version && !in->Has("version")) in->Error("version", "is required: the version you last saw");
  auto fields = read(*in);
  if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
  auto saved = save(*id, fields, *version);
  if (!saved.ok()) return ProblemResponse(saved.status());
  return JsonResponse(200, encode(*saved));
}

}  // namespace farol::http
